"""Demo door counts: each demo house's visitors per day since 1 January last year, shaped
like the libraries' published yearly figures (domain.md), with weekdays and seasons, at the
scale of the demo's simulated lending (simulate.DEMO_SCALE, a thousandth of the real traffic):
400 visitors beside Randers' 600 loans, as 400,000 stand beside 610,000 in its figures. The
people who came to the demo's events (loaded before) came through the door too: a house's
count for a day includes them, so no library has more participants than visitors."""

import random
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from reol.events.models import Attendance
from reol.libraries.models import Branch

from .models import DoorCount
from .rules import draw
from .simulate import DEMO_SCALE

SEED = 2026
# Visitors a year in all the library's houses (Glostrup and Randers from their figures).
YEARLY = {"716100": 180_316, "715100": 300_000, "773000": 400_000, "746100": 700_000}
WEEKDAY = (1.15, 1.1, 1.05, 1.1, 1.0, 0.65, 0.0)  # Monday … Sunday (closed)
MONTH = (1.1, 1.1, 1.05, 1.0, 0.95, 0.85, 0.7, 0.9, 1.05, 1.1, 1.1, 0.95)


def _shares(branches: list[Branch]) -> dict[int, float]:
    """The main library takes the most; the bookmobile a twentieth; branches share the rest."""
    bus = [b for b in branches if b.kind == Branch.Kind.BOOKMOBILE]
    others = [b for b in branches if b.kind == Branch.Kind.BRANCH]
    main = [b for b in branches if b.kind == Branch.Kind.MAIN]
    shares = {b.pk: 0.05 / len(bus) for b in bus}
    rest = 1 - sum(shares.values())
    if others:
        shares.update({b.pk: rest * 0.4 / len(others) for b in others})
        rest *= 0.6
    shares.update({b.pk: rest / len(main) for b in main})
    return shares


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


def load_demo(console=None) -> dict[str, int]:
    """Door counts for the demo libraries; does nothing when any exist. Deterministic."""
    if DoorCount.objects.exists():
        return {"door_counts": 0}
    rng = random.Random(SEED)
    today = timezone.localdate()
    came = _event_goers()
    first = date(today.year - 1, 1, 1)
    days = [first + timedelta(days=n) for n in range((today - first).days)]
    rows = []
    branches = Branch.objects.filter(library__agency__in=YEARLY).exclude(
        kind=Branch.Kind.DEPOSIT).select_related("library").order_by("code")
    by_library: dict[str, list[Branch]] = {}
    for branch in branches:
        by_library.setdefault(branch.library.agency, []).append(branch)
    for agency, houses in by_library.items():
        per_day = YEARLY[agency] * DEMO_SCALE / (52 * sum(WEEKDAY) * sum(MONTH) / 12)
        for branch in houses:
            share = _shares(houses)[branch.pk]
            for day in days:
                weight = WEEKDAY[day.weekday()] * MONTH[day.month - 1]
                if branch.kind == Branch.Kind.BOOKMOBILE and day.weekday() >= 5:
                    weight = 0
                visitors = came.pop((branch.pk, day), 0)  # a Sunday event opens the door too
                if weight:
                    visitors += draw(rng, per_day * share * weight * rng.uniform(0.85, 1.15))
                if weight or visitors:
                    rows.append(DoorCount(branch=branch, date=day, visitors=visitors))
    with transaction.atomic():
        DoorCount.objects.bulk_create(rows, batch_size=2000)
    if console is not None:
        console.print(f"door counts: {len(rows)} days of houses")
    return {"door_counts": len(rows)}
