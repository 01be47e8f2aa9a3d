"""The simulated year's digital lending: e-audiobooks, e-books and podcasts borrowed from home
at any hour of any day (digital material 24/7), at the Danish proportion to physical loans,
through the real digital services, so caps and budgets refuse as they would."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from reol.digital import services
from reol.digital.models import DigitalTitle

from . import rules

if TYPE_CHECKING:
    from .simulate import Simulation


def titles() -> dict[str, list[DigitalTitle]]:
    """The network's digital titles by format, as the year borrows them."""
    found: dict[str, list[DigitalTitle]] = {}
    for title in DigitalTitle.objects.select_related("record").order_by("pk"):
        found.setdefault(title.record.material_type, []).append(title)
    return found


def expected(physical: float, days: dict[date, bool]) -> dict[date, float]:
    """The year's digital loans spread over every day, open or closed."""
    return rules.expected(physical * rules.DIGITAL_PER_PHYSICAL, dict.fromkeys(days, True))


def plan_day(sim: Simulation, day: date) -> None:
    formats = [kind for kind in rules.DIGITAL_FORMATS if sim.digital_titles.get(kind)]
    if not formats:
        return
    weights = [rules.DIGITAL_FORMATS[kind] for kind in formats]
    for _ in range(rules.draw(sim.rng, sim.digital[day])):
        kind = sim.rng.choices(formats, weights)[0]
        minute = sim.rng.randrange(24 * 60)
        sim.at(sim.moment(day, datetime.min.time()) + timedelta(minutes=minute), borrow, sim,
               kind)


def borrow(when: datetime, sim: Simulation, kind: str) -> None:
    """Borrow now; a one-copy title with no copy free is reserved instead."""
    patron = sim.patron_for(rules.ADULT)
    title = sim.rng.choice(sim.digital_titles[kind])
    if sim.call("digital_loans", services.lend, patron, title, now=when) is None \
            and title.licence == "one_copy":
        sim.call("digital_reservations", services.reserve, patron, title, now=when)
