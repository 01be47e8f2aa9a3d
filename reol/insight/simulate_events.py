"""Events in a simulated year (simulate.py): one series per kind of activity, its dates on
the main house's staffed days, registrations by simulated patrons and attendance recorded by
staff after each occurrence — all through the events services.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from reol.circulation import rules as lending
from reol.events import registration
from reol.events import services as event_services
from reol.events.models import Occurrence, Registration

from . import rules

if TYPE_CHECKING:
    from .simulate import Simulation

CAME = 0.85  # of those registered


def plan(sim: Simulation, open_days: dict[date, bool]) -> None:
    """Create the year's series now (as a library plans its season) and schedule the
    registrations and the attendance of each occurrence."""
    plan_, rng = sim.plan, sim.rng
    house = next((h for h in plan_.houses if h.kind == "main"), plan_.houses[0])
    staffed = {d: plan_.hours[house.pk][d].is_staffed
               for d in open_days if plan_.first <= d <= plan_.last}
    total = sim.figures.events * plan_.scale
    for activity in rules.ACTIVITIES:
        audience = rules.CHILDREN if activity.children else rules.ADULT
        share = rules.expected(total * activity.share, open_days, audience)
        count = rules.draw(rng, sum(share[d] for d in staffed))
        days = [d for d, yes in staffed.items() if yes]
        chosen = _sample(rng, days, [rules.day_weight(d, True, audience) for d in days], count)
        if not chosen:
            continue
        first = sim.moment(chosen[0], time(activity.hour))
        data = event_services.SeriesData(
            library=plan_.library.agency, title=activity.title, category=activity.category,
            first_start=first, duration_minutes=activity.minutes,
            audiences=list(activity.audiences), branch=house.code,
            capacity=activity.capacity, registration_required=activity.capacity is not None,
            extra_dates=chosen[1:],
        )
        series = sim.call("event_series", event_services.create_series, data,
                          now=sim.moment(plan_.first, time()) - timedelta(days=1))
        if series is None:
            continue
        for occurrence in series.occurrences.filter(status="scheduled").order_by("start"):
            _schedule(sim, occurrence, activity)


def _sample(rng, days: list[date], weights: list[float], count: int) -> list[date]:
    """`count` different days, busier days likelier, in date order."""
    chosen: list[date]
    days, weights, chosen = list(days), list(weights), []
    while days and len(chosen) < count and sum(weights):
        index = rng.choices(range(len(days)), weights)[0]
        chosen.append(days.pop(index))
        weights.pop(index)
    return sorted(chosen)


def _schedule(sim: Simulation, occurrence: Occurrence, activity: rules.Activity) -> None:
    rng = sim.rng
    size = rules.event_size(rng, activity)
    if activity.capacity:
        grown = sim.groups.get("adult", [])
        party = 2 if activity.children else 1
        wanted = min(len(grown), round(size * 0.7 / party))
        start = sim.moment(sim.plan.first, time(8))
        for patron in rng.sample(grown, wanted):
            when = max(start, occurrence.start - timedelta(days=rng.uniform(1, 12)))
            if when < occurrence.start:
                sim.at(when, register, sim, occurrence.pk, patron, party)
    sim.at(occurrence.end + timedelta(minutes=5), attend, sim, occurrence.pk, activity, size)


def register(when: datetime, sim: Simulation, occurrence_id: int, patron, party: int) -> None:
    sim.call("event_registrations", registration.register, occurrence_id, patron=patron,
             party_size=party, now=when)


def attend(when: datetime, sim: Simulation, occurrence_id: int, activity: rules.Activity,
           size: int) -> None:
    """Staff count who came, per age band: registered patrons (a child with each grown-up at
    children's events), then the walk-ins."""
    rng = sim.rng
    counts: dict[str, registration.Count] = {}
    came = set()
    confirmed = (Registration.objects.filter(occurrence_id=occurrence_id, status="confirmed")
                 .select_related("patron").order_by("id"))
    for row in confirmed:
        if row.patron is None or rng.random() > CAME:
            continue
        came.add(row.pk)
        band = lending.age_group(row.patron.birth_date, when.date())
        counts.setdefault(band, registration.Count()).registered += 1
        if row.party_size > 1:
            counts.setdefault("0-13", registration.Count()).registered += row.party_size - 1
    present = sum(c.registered for c in counts.values())
    bands, shares = zip(*rules.walk_in_groups(activity), strict=True)
    for band in rng.choices(bands, shares, k=max(size - present, 0)):
        counts.setdefault(band, registration.Count()).walk_ins += 1
    occurrence = Occurrence.objects.get(pk=occurrence_id)
    people = sim.call("events_held", registration.record_attendance, occurrence, counts,
                      came=came, now=when)
    if people:
        sim.summary.done["participants"] += people
