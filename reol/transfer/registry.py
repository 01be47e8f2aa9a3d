"""One definition per kind of file: its columns and what they mean, the model fields a row
becomes, and the rows reol writes back. Import (engine.py) and export (services.py) read the
same definition, so a column is defined once and docs/migration.md lists these very columns.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils import timezone

from reol.libraries.models import Branch, Library, Region
from reol.refusals import refuse

Row = dict[str, str]
Values = dict[str, Any]


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str
    required: bool = False


@dataclass
class Context:
    """What the rows of an import share: the library they belong to, the clock, and the
    names in the files (codes, cards, barcodes, pids) turned into ids, read once per file."""

    library: Library | None
    agency: str = ""  # the library the operator named (--library): other rows are refused
    prefix: str = ""  # the library's folder in a network's folder, for the report
    now: datetime = field(default_factory=timezone.now)
    _maps: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The rows of the file being taken that were created or changed (an `after` hook sees
    # the unchanged rows too: their blocks or guardian may have changed).
    touched: set[int] = field(default_factory=set)

    @property
    def today(self) -> date:
        return timezone.localdate(self.now)

    @property
    def library_id(self) -> int:
        assert self.library is not None, "the engine checks a library is known first"
        return self.library.pk

    def forget(self) -> None:
        """Rows were taken: the next file looks its names up afresh."""
        self._maps.clear()
        self.touched = set()

    def _map(self, name: str, load: Callable[[], Iterable[tuple[str, Any]]]) -> dict[str, Any]:
        if name not in self._maps:
            self._maps[name] = dict(load())
        return self._maps[name]

    def branch_id(self, code: str, column: str = "branch", *, any_library: bool = False) -> int:
        found = self._map("branch", lambda: (
            (c, (i, lib)) for c, i, lib in Branch.objects.values_list("code", "id",
                                                                       "library_id")))
        hit = found.get(code.strip())
        if hit is None or (not any_library and hit[1] != self.library_id):
            raise refuse("import_unknown", column=column, value=code)
        return int(hit[0])

    def patron(self, card: str, column: str = "card", *, own: bool = True
               ) -> tuple[int, bool]:
        """The patron's id and whether they keep a loan history; `own`: of this library."""
        from reol.circulation.models import Patron
        found = self._map("patron", lambda: (
            (c, (i, h, lib)) for c, i, h, lib in Patron.objects.values_list(
                "card", "id", "keep_history", "library_id")))
        hit = found.get(card.strip())
        if hit is None or (own and hit[2] != self.library_id):
            raise refuse("import_unknown", column=column, value=card)
        return hit[0], hit[1]

    def item_id(self, barcode: str, column: str = "barcode", *, own: bool = True) -> int:
        """The copy's id; `own`: a copy of this library (a reservation or a history may name
        another library's copy)."""
        from reol.catalogue.models import Item
        found = self._map("item", lambda: (
            (b, (i, lib)) for b, i, lib in Item.objects.values_list("barcode", "id",
                                                                     "library_id")))
        hit = found.get(barcode.strip())
        if hit is None or (own and hit[1] != self.library_id):
            raise refuse("import_unknown", column=column, value=barcode)
        return int(hit[0])

    def record_id(self, pid: str, column: str = "pid") -> int:
        from reol.catalogue.models import Record
        found = self._map("record", lambda: Record.objects.values_list("pid", "id"))
        hit = found.get(pid.strip())
        if hit is None:
            raise refuse("import_unknown", column=column, value=pid)
        return int(hit)

    def region_id(self, name: str) -> int:
        region, _ = Region.objects.get_or_create(name=name.strip() or "—")
        return region.pk


@dataclass(frozen=True)
class Kind:
    """A kind of file. `build` turns a row into model values (or raises a refusal); `key`
    names the values that say which row of reol it is; `scope` is the library's rows of the
    model, to find those already there; `rows` writes them back for an export."""

    name: str
    meaning: str
    model: type[models.Model]
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    fields: tuple[str, ...]  # the values build returns besides the key, compared for updates
    build: Callable[[Row, Context], Values]
    scope: Callable[[Context], models.QuerySet]
    rows: Callable[[Library], Iterable[Row]]
    # What follows from the rows (copy statuses, blocks, guardians): every accepted row as
    # (pk, row), new, changed or not (ctx.touched names the new and changed).
    after: Callable[[list[tuple[int, Row]], Context], None] | None = None
    # Rows of reol no longer in the file: the former system ended them (a return, a
    # cancellation). None: they stay.
    vanish: Callable[[list[int], Context], None] | None = None
    # Rows whose values changed: how to bring them up to date when an UPDATE will not do
    # (the fee ledger is append-only). None: bulk_update of `fields`.
    change: Callable[[list[tuple[int, Values]], Context], None] | None = None
    # The current values of the library's rows as (pk, *key, *fields), when not columns.
    current: Callable[[Context], Iterable[tuple]] | None = None

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]


KINDS: dict[str, Kind] = {}
# The catalogue's records come as MARC, read by the catalogue's own reader: this name stands
# for it in the order of files and in the report.
MARC = "records"
ORDER = ["library", "branches", "opening_hours", "loan_rules", MARC, "copies", "patrons",
         "loans", "reservations", "charges", "histories", "figures"]


def register(kind: Kind) -> Kind:
    KINDS[kind.name] = kind
    return kind
