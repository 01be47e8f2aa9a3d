"""Each day's money per library, for the municipality's accounts: charges, payments by
method, waivers and refunds, summed from the account entries by the Danish calendar day."""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Sum

from reol.libraries.models import Library

from .models import AccountEntry

METHODS = [m.value for m in AccountEntry.Method]
HEADER = ["date", "library", "agency", "charges",
          *(f"payments_{m}" for m in METHODS), "waivers", "refunds"]


@dataclass
class Day:
    day: date
    library: Library
    charges: Decimal = Decimal("0")
    payments: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(
        METHODS, Decimal("0")))
    waivers: Decimal = Decimal("0")
    refunds: Decimal = Decimal("0")

    def cells(self) -> list[str]:
        return [self.day.isoformat(), self.library.name, self.library.agency,
                f"{self.charges:.2f}", *(f"{self.payments[m]:.2f}" for m in METHODS),
                f"{self.waivers:.2f}", f"{self.refunds:.2f}"]


def daily(libraries: Iterable[Library], start: date, end: date) -> list[Day]:
    """One row per library and day from `start` to `end` (both included) with any entry;
    amounts as positive sums of money."""
    by_id = {library.pk: library for library in libraries}
    days: dict[tuple[date, int], Day] = {}
    for row in _sums(list(by_id), start, end):
        entry = days.setdefault((row["day"], row["library_id"]),
                                Day(row["day"], by_id[row["library_id"]]))
        total = abs(Decimal(row["total"] or 0))
        if row["kind"] in ("charge", "manual"):
            entry.charges += total
        elif row["kind"] == "payment":
            entry.payments[row["method"] or "cash"] += total
        elif row["kind"] == "waiver":
            entry.waivers += total
        else:
            entry.refunds += total
    return sorted(days.values(), key=lambda d: (d.day, d.library.name))


def _sums(library_ids: list[int], start: date, end: date) -> Iterator[dict[str, Any]]:
    """The sums per library, kind and method, one GROUP BY per Danish day: each day's
    bounds are found once here, where a day of each row's own would be worked out row by row
    (SQLite has no time zones of its own)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    day = start
    while day <= end:
        since = datetime.combine(day, time.min, tzinfo=zone)
        until = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
        rows = (AccountEntry.objects
                .filter(library_id__in=library_ids, created__gte=since, created__lt=until)
                .values("library_id", "kind", "method").annotate(total=Sum("amount"))
                .order_by("library_id", "kind", "method"))
        for row in rows:
            yield {**row, "day": day}
        day += timedelta(days=1)


def as_csv(rows: Iterable[Day]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow(row.cells())
    return out.getvalue()
