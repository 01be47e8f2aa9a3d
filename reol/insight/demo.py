"""Demo door counts: each demo house's visitors per day, at the scale of the lending the demo
holds (the event log's checkouts, made by circulation's demo month and Randers' simulated year),
so that visitors and loans agree in every library and month: DEMO_VISITS_PER_LOAN (rules.py)
visitors per loan, spread over the month's days by weekday and over the days the house lends.
The people who came to the house's events that month are among those visitors, on their
days (a month in which the house lent nothing counts only them), so no library has more
participants than visitors. Loaded after the simulation (reol/demo.py)."""

import random
from collections import Counter
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from reol.core.models import Event
from reol.events.models import Attendance
from reol.libraries.models import Branch

from .models import DoorCount
from .rules import DEMO_VISITS_PER_LOAN, draw

SEED = 2026
WEEKDAY = (1.15, 1.1, 1.05, 1.1, 1.0, 0.65, 0.0)  # Monday … Sunday (closed)
MONTH = (1.1, 1.1, 1.05, 1.0, 0.95, 0.85, 0.7, 0.9, 1.05, 1.1, 1.1, 0.95)


def _event_goers() -> dict[tuple[int, date], int]:
    """(house, day) → the people recorded at its events that day."""
    came: dict[tuple[int, date], int] = {}
    rows = (Attendance.objects.filter(occurrence__branch__isnull=False)
            .values_list("occurrence__branch_id", "occurrence__start")
            .annotate(n=Sum(F("registered") + F("walk_ins"))).order_by())
    for branch_id, start, n in rows:
        key = (branch_id, timezone.localdate(start))
        came[key] = came.get(key, 0) + (n or 0)
    return came


def _lent() -> Counter[tuple[int, int, int]]:
    """(house, year, month) → checkouts there, by the Copenhagen month."""
    lent: Counter[tuple[int, int, int]] = Counter()
    for branch_id, moment in Event.objects.filter(
            kind=Event.Kind.CHECKOUT, branch__isnull=False).values_list("branch_id", "time"):
        day = timezone.localdate(moment)
        lent[(branch_id, day.year, day.month)] += 1
    return lent


def _month_days(year: int, month: int, today: date) -> list[date]:
    """The month's days before today: door counts are known for days gone by."""
    first = date(year, month, 1)
    after = date(year + month // 12, month % 12 + 1, 1)
    return [first + timedelta(days=n) for n in range((min(after, today) - first).days)]


def _weight(branch: Branch, day: date) -> float:
    if branch.kind == Branch.Kind.BOOKMOBILE and day.weekday() >= 5:
        return 0.0  # the bookmobile keeps to weekdays
    return WEEKDAY[day.weekday()] * MONTH[day.month - 1]


def _house_month(branch: Branch, days: list[date], loans: int, people: dict[date, int],
                 rng: random.Random) -> dict[date, int]:
    """One house's month: loans × DEMO_VISITS_PER_LOAN visitors in all, of whom the people at
    its events came on their days; the rest spread over the days by weekday."""
    rest = max(0.0, loans * DEMO_VISITS_PER_LOAN - sum(people.values()))
    weights = [_weight(branch, day) for day in days]
    whole = sum(weights)
    counts = {}
    for day, weight in zip(days, weights, strict=True):
        drawn = draw(rng, rest * weight / whole * rng.uniform(0.85, 1.15)) if weight else 0
        counts[day] = people.get(day, 0) + drawn
    return counts


def load_demo(console=None) -> dict[str, int]:
    """Door counts for the demo's houses from their lending; does nothing when any exist.
    Deterministic."""
    if DoorCount.objects.exists():
        return {"door_counts": 0}
    rng = random.Random(SEED)
    today = timezone.localdate()
    came = {key: n for key, n in _event_goers().items() if key[1] < today}
    lent = _lent()
    houses = {b.pk: b for b in Branch.objects.exclude(kind=Branch.Kind.DEPOSIT)}
    months = set(lent) | {(branch_id, day.year, day.month) for branch_id, day in came}
    rows = []
    for branch_id, year, month in sorted(months):
        if branch_id not in houses:
            continue
        days = _month_days(year, month, today)
        people = {day: came.get((branch_id, day), 0) for day in days}
        counts = _house_month(houses[branch_id], days, lent.get((branch_id, year, month), 0),
                              people, rng)
        rows += [DoorCount(branch_id=branch_id, date=day, visitors=n)
                 for day, n in counts.items() if n]
    with transaction.atomic():
        DoorCount.objects.bulk_create(rows, batch_size=2000)
    if console is not None:
        console.print(f"door counts: {len(rows)} days of houses")
    return {"door_counts": len(rows)}
