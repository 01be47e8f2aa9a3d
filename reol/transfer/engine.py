"""The one mechanism that takes a file of any kind: each row is built and checked by its
kind (registry.Kind), compared with what reol has under the same key, and then created,
updated or left alone, in batches of bulk inserts and updates. A batch the database refuses
(a card another library has, say) is taken again row by row, each in a savepoint, so one bad
row costs only itself and is reported with the database's reason."""

import csv
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from django.db import DatabaseError, IntegrityError, transaction

from reol.errors import DomainError
from reol.refusals import refuse

from .registry import Context, Kind, Row, Values
from .report import Report

BATCH = 2000
Tick = Callable[[int], None]


def read_rows(path: Path) -> Iterator[tuple[int, Row]]:
    """Each row of a CSV file (UTF-8, a byte-order mark allowed) with its line number."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            yield reader.line_num, row


def _current(kind: Kind, ctx: Context) -> dict[tuple, tuple[int, tuple]]:
    width = len(kind.key)
    rows = (kind.current(ctx) if kind.current else
            kind.scope(ctx).values_list("pk", *kind.key, *kind.fields).iterator(chunk_size=BATCH))
    return {tuple(r[1:1 + width]): (r[0], tuple(r[1 + width:])) for r in rows}


class _Batch:
    def __init__(self, kind: Kind, ctx: Context, report: Report, file: str) -> None:
        self.kind, self.ctx, self.report, self.file = kind, ctx, report, file
        self.count = report.count(file)
        self.new: list[tuple[int, Row, Values]] = []
        self.changed: list[tuple[int, Row, int, Values]] = []
        self.taken: list[tuple[int, Row]] = []

    def flush(self) -> None:
        if self.new:
            self._create()
        if self.changed:
            self._update()
        self.new, self.changed = [], []

    def _create(self) -> None:
        model: Any = self.kind.model  # a concrete model: it has objects
        try:
            with transaction.atomic():
                made = model.objects.bulk_create([model(**v) for _, _, v in self.new])
            rows = [(obj.pk, row) for obj, (_, row, _) in zip(made, self.new, strict=True)]
        except (IntegrityError, DatabaseError):
            rows = []
            for line, row, values in self.new:  # again one by one: only the bad rows fail
                try:
                    with transaction.atomic():
                        rows.append((model.objects.create(**values).pk, row))
                except (IntegrityError, DatabaseError) as error:
                    self._refused(line, refuse("import_clash", detail=_first_line(error)))
        self.count.taken += len(rows)
        self._accept(rows)

    def _update(self) -> None:
        kind = self.kind
        if kind.change is not None:
            kind.change([(pk, values) for _, _, pk, values in self.changed], self.ctx)
        else:
            model: Any = kind.model
            objects = [model(pk=pk, **values) for _, _, pk, values in self.changed]
            with transaction.atomic():
                model.objects.bulk_update(objects, list(kind.fields), batch_size=500)
        self.count.updated += len(self.changed)
        self._accept([(pk, row) for _, row, pk, _ in self.changed])

    def _accept(self, rows: list[tuple[int, Row]], touched: bool = True) -> None:
        if touched:
            self.ctx.touched.update(pk for pk, _ in rows)
        if self.kind.after:  # kept only for a hook: a file of copies holds 300,000 rows
            self.taken += rows

    def _refused(self, line: int, error: DomainError) -> None:
        self.report.refuse(self.file, line, error)


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:200]


def take(kind: Kind, rows: Iterable[tuple[int, Row]], ctx: Context, report: Report,
         tick: Tick, file: str = "") -> None:
    """Take the rows of one file of `kind` into reol (`file`: its name in the report, when
    not the kind's own)."""
    current = _current(kind, ctx)
    seen: set[tuple] = set()
    batch = _Batch(kind, ctx, report, ctx.prefix + (file or kind.filename))
    for line, row in rows:
        batch.count.read += 1
        tick(1)
        try:
            values = kind.build(row, ctx)
        except DomainError as error:
            batch._refused(line, error)
            continue
        key = tuple(values[k] for k in kind.key)
        if key in seen:
            batch._refused(line, refuse("import_twice"))
            continue
        seen.add(key)
        _sort(batch, line, row, values, current.get(key))
        if len(batch.new) + len(batch.changed) >= BATCH:
            batch.flush()
    batch.flush()
    if kind.after and batch.taken:
        kind.after(batch.taken, ctx)
    gone = [pk for key, (pk, _) in current.items() if key not in seen]
    if kind.vanish and gone:
        kind.vanish(gone, ctx)
        batch.count.closed += len(gone)
    ctx.forget()


def _sort(batch: _Batch, line: int, row: Row, values: Values,
          found: tuple[int, tuple] | None) -> None:
    if found is None:
        batch.new.append((line, row, values))
        return
    pk, stored = found
    wanted = tuple(values[f] for f in batch.kind.fields)
    if _same(stored, wanted):
        batch.count.unchanged += 1
        batch._accept([(pk, row)], touched=False)
    else:
        batch.changed.append((line, row, pk, values))


def _same(stored: tuple, wanted: tuple) -> bool:
    return all(a == b or (a in (None, "") and b in (None, "")) for a, b in zip(
        stored, wanted, strict=True))
