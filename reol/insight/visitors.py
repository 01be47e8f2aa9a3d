"""Importing door counts: a CSV with the columns branch,date,visitors, one row per house and
day. Importing a day again replaces its count, so a corrected file can simply be re-imported."""

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from reol.errors import DomainError
from reol.libraries.models import Branch

from .models import DoorCount

COLUMNS = ("branch", "date", "visitors")


@dataclass
class Imported:
    created: int
    updated: int


def _bad(line: int, da: str, en: str) -> DomainError:
    return DomainError("bad_visitors_csv", f"Linje {line}: {da}", f"Line {line}: {en}")


def parse(lines: Iterable[str]) -> list[tuple[int, str, date, int]]:
    """(line, branch code, date, visitors) per row; the first problem is refused by line."""
    reader = csv.DictReader(lines)
    if tuple(name.strip() for name in reader.fieldnames or ()) != COLUMNS:
        raise _bad(1, "kolonnerne skal være branch,date,visitors.",
                   "the columns must be branch,date,visitors.")
    rows, seen = [], set()
    for row in reader:
        line = reader.line_num
        code, day, count = (str(row.get(c) or "").strip() for c in COLUMNS)
        try:
            when = date.fromisoformat(day)
        except ValueError:
            raise _bad(line, f"datoen «{day}» skal skrives ÅÅÅÅ-MM-DD.",
                       f"the date '{day}' must be written YYYY-MM-DD.") from None
        if not count.isdigit():
            raise _bad(line, f"«{count}» er ikke et helt tal besøgende.",
                       f"'{count}' is not a whole number of visitors.")
        if (code, when) in seen:
            raise _bad(line, f"{code} {when} står der to gange.",
                       f"{code} {when} appears twice.")
        seen.add((code, when))
        rows.append((line, code, when, int(count)))
    return rows


@transaction.atomic
def import_counts(lines: Iterable[str]) -> Imported:
    """All rows or none: an unknown branch or a bad row refuses the whole file."""
    rows = parse(lines)
    branches = {b.code: b for b in Branch.objects.filter(code__in={r[1] for r in rows})}
    created = updated = 0
    for line, code, when, count in rows:
        if code not in branches:
            raise _bad(line, f"filialen «{code}» kendes ikke.",
                       f"the branch '{code}' is not known.")
        _row, made = DoorCount.objects.update_or_create(
            branch=branches[code], date=when, defaults={"visitors": count})
        created, updated = created + made, updated + (not made)
    return Imported(created, updated)
