"""A library moves onto reol with all its data, and can leave with it: the two use cases.

A folder holds one library in the layout of docs/migration.md: library.csv and the other
CSV files of registry.KINDS, and the records as MARC (records.xml or records.mrc). Import
reads the files present in registry.ORDER; export writes every one of them."""

import csv
from collections.abc import Callable
from pathlib import Path

from django.db import transaction
from django.db.models import Q

from reol import memo
from reol.catalogue import changes
from reol.catalogue.marc_export import export_records
from reol.catalogue.marc_import import import_records
from reol.catalogue.models import Record
from reol.libraries.models import Library
from reol.refusals import refuse

from . import engine
from .holdings import holdings_rows
from .registry import KINDS, MARC, ORDER, Context
from .report import Report

# (file name, rows or bytes to come or None) → a function told how many more were done.
Progress = Callable[[str, int | None], engine.Tick]
MARC_NAMES = ("records.xml", "records.mrc")


def _quiet(name: str, total: int | None) -> engine.Tick:
    return lambda done: None


class _Undo(Exception):
    """Leaves the outer transaction of a dry run, or of an all-or-nothing import that met a
    refusal, without its changes."""


def import_library(folder: Path, *, agency: str = "", dry_run: bool = False,
                   all_or_nothing: bool = False, progress: Progress = _quiet) -> Report:
    """Take every file of the folder into reol, in one transaction. Good rows are taken even
    when others are refused; `all_or_nothing` takes nothing when any row is refused, and a dry
    run takes nothing at all (its report says what an import would do).

    A folder of folders, one per library, is a network moving together: each kind of file
    is taken for every library before the next kind, so a loan may name another library's
    branch and a reservation another library's copy."""
    report = Report(dry_run=dry_run)
    places = _libraries(folder)
    contexts = [(path, _context(path, agency, prefix)) for path, prefix in places]
    try:
        with transaction.atomic():
            with changes.batch():
                for name in ORDER:
                    for path, ctx in contexts:
                        _take(name, path, ctx, report, progress)
            memo.changed()  # bulk writes send no signals: running processes compute afresh
            if dry_run or (all_or_nothing and report.refused):
                raise _Undo
    except _Undo:
        report.rolled_back = not dry_run
    return report


def _libraries(folder: Path) -> list[tuple[Path, str]]:
    """The folders that hold a library, with the prefix their files have in the report."""
    if any((folder / n).exists() for n in ("library.csv", "patrons.csv", *MARC_NAMES)):
        return [(folder, "")]
    inner = sorted(p for p in folder.iterdir() if p.is_dir() and (p / "library.csv").exists())
    if not inner:
        raise refuse("import_no_library")
    return [(p, f"{p.name}/") for p in inner]


def _context(path: Path, agency: str, prefix: str) -> Context:
    library = Library.objects.filter(agency=agency).first() if agency else None
    if agency and library is None and not (path / "library.csv").exists():
        raise refuse("unknown_library", library=agency)
    return Context(library=library, agency=agency, prefix=prefix)


def _take(name: str, folder: Path, ctx: Context, report: Report, progress: Progress) -> None:
    if name == MARC:
        _take_marc(folder, ctx, report, progress)
        return
    path = folder / KINDS[name].filename
    if not path.exists():
        return
    if ctx.library is None and name != "library":
        raise refuse("import_no_library")
    tick = progress(ctx.prefix + path.name, _lines(path))
    engine.take(KINDS[name], engine.read_rows(path), ctx, report, tick)


def _lines(path: Path) -> int:
    with path.open("rb") as handle:
        return max(0, sum(1 for _ in handle) - 1)


def _marc_file(folder: Path) -> Path | None:
    return next((folder / n for n in MARC_NAMES if (folder / n).exists()), None)


def _take_marc(folder: Path, ctx: Context, report: Report, progress: Progress) -> None:
    """The records through the catalogue's own reader (a record with a pid reol has is
    updated, so a second import changes nothing); copies in their 852 fields after them."""
    path = _marc_file(folder)
    if path is None:
        return
    name = ctx.prefix + path.name
    count = report.count(name)
    tick = progress(name, None)
    with path.open("rb") as handle:
        for outcome in import_records(handle):
            count.read += 1
            tick(1)
            if outcome.status == "rejected":
                report.refuse(name, outcome.position,
                              refuse("import_record", reason=outcome.reason))
            elif outcome.status == "created":
                count.taken += 1
            else:
                count.updated += 1
    ctx.forget()
    holdings = list(holdings_rows(path))
    if holdings:
        if ctx.library is None:
            raise refuse("import_no_library")
        engine.take(KINDS["copies"], holdings, ctx, report, progress(f"{name} 852", None),
                    file=f"{path.name} 852")


def export_library(agency: str, folder: Path, progress: Progress = _quiet) -> dict[str, int]:
    """Write the library in the import's layout into `folder`; returns rows per file."""
    library = Library.objects.select_related("region").filter(agency=agency).first()
    if library is None:
        raise refuse("unknown_library", library=agency)
    # Patrons, PIN hashes and histories: readable by the exporting user alone.
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    written = {"records.xml": _export_marc(library, folder / "records.xml")}
    for name in ORDER:
        if name == MARC:
            continue
        kind = KINDS[name]
        tick = progress(kind.filename, None)
        path = folder / kind.filename
        path.touch(mode=0o600)
        path.chmod(0o600)  # also when the file was there before
        with path.open("w", newline="", encoding="utf-8") as handle:
            out = csv.DictWriter(handle, fieldnames=kind.header)
            out.writeheader()
            rows = 0
            for row in kind.rows(library):
                out.writerow(row)
                rows += 1
                tick(1)
        written[kind.filename] = rows
    return written


def _export_marc(library: Library, path: Path) -> int:
    """The records the library's copies carry and its patrons reserve, as MARCXML."""
    held = Record.objects.filter(items__library=library).values("pk")
    reserved = Record.objects.filter(reservations__patron__library=library).values("pk")
    # By pid: the order is the same in any database the library is imported into.
    records = Record.objects.filter(Q(pk__in=held) | Q(pk__in=reserved)).order_by("pid")
    with path.open("wb") as handle:
        return sum(1 for _, problem in export_records(handle, "xml", records) if not problem)
