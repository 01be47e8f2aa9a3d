"""Importing door counts: a CSV with the columns branch,date,visitors, one row per house and
day. Importing a day again replaces its count, so a corrected file can simply be re-imported."""

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from reol.libraries.models import Branch
from reol.refusals import refuse

from .models import DoorCount

COLUMNS = ("branch", "date", "visitors")


@dataclass
class Imported:
    created: int
    updated: int


def parse(lines: Iterable[str]) -> list[tuple[int, str, date, int]]:
    """(line, branch code, date, visitors) per row; the first problem is refused by line."""
    reader = csv.DictReader(lines)
    if tuple(name.strip() for name in reader.fieldnames or ()) != COLUMNS:
        raise refuse("bad_visitors_csv.columns", line=1)
    rows, seen = [], set()
    for row in reader:
        line = reader.line_num
        code, day, count = (str(row.get(c) or "").strip() for c in COLUMNS)
        try:
            when = date.fromisoformat(day)
        except ValueError:
            raise refuse("bad_visitors_csv.date", line=line, day=day) from None
        if not count.isdigit():
            raise refuse("bad_visitors_csv.count", line=line, count=count)
        if (code, when) in seen:
            raise refuse("bad_visitors_csv.twice", line=line, code=code, when=when)
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
            raise refuse("bad_visitors_csv.branch", line=line, code=code)
        _row, made = DoorCount.objects.update_or_create(
            branch=branches[code], date=when, defaults={"visitors": count})
        created, updated = created + made, updated + (not made)
    return Imported(created, updated)
