"""The acts of a simulated day (simulate.py): visits that borrow, reservations from home,
open-library entries, returns, pickups, renewals and the staff's morning round.

Each act is one real service call at its moment, through Simulation.call, which counts it and
counts a refusal instead of failing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.db import connection
from django.utils import timezone

from reol import sql
from reol.catalogue.models import Item
from reol.circulation import accounts, reservations, services
from reol.circulation.models import Loan, Patron, Reservation, Transit
from reol.libraries.models import Branch
from reol.selfservice import access

from . import rules

if TYPE_CHECKING:
    from .simulate import Simulation

RETURN_WHERE_BORROWED = 0.85
COLLECTS = 0.93  # of reservations on the hold shelf; the rest expire there
RENEWS_ONLINE = 0.3  # of loans kept past the due date: renewed by the borrower first


def plan_day(sim: Simulation, day: date) -> None:
    """The day's new activity: its share of the year's loans (in visits of a few loans),
    reservations and open-library entries."""
    rng = sim.rng
    open_houses = [h for h in sim.plan.houses if sim.plan.hours[h.pk][day].is_open]
    if not open_houses:
        return
    weights = [rules.HOUSE_WEIGHT.get(h.kind, 1) for h in open_houses]
    for group, volume in sim.volume.items():
        loans = rules.draw(rng, volume[day])
        while loans > 0:
            size = min(loans, rng.choices(rules.TRIP, rules.TRIP_WEIGHTS)[0])
            loans -= size
            house = rng.choices(open_houses, weights)[0]
            when = rules.moment(rng, sim.plan.hours[house.pk][day].intervals)
            if when:
                sim.at(sim.moment(day, when[0]), visit_and_borrow, sim, house, group, size,
                       when[1])
    for _ in range(rules.draw(rng, sim.reserving[day])):
        group = rules.CHILDREN if rng.random() < rules.CHILDREN_SHARE / 2 else rules.ADULT
        minute = rng.randrange(7 * 60, 23 * 60)  # from home, the website or the app
        sim.at(sim.moment(day, datetime.min.time()) + timedelta(minutes=minute), reserve, sim,
               group)
    for _ in range(rules.draw(rng, sim.entering[day])):
        house = rng.choices(open_houses, weights)[0]
        when = rules.moment(rng, sim.plan.hours[house.pk][day].intervals,
                            self_service_only=True)
        if when and sim.groups.get("door"):
            sim.at(sim.moment(day, when[0]), enter, sim, house, rng.choice(sim.groups["door"]))


def enter(when: datetime, sim: Simulation, house: Branch, patron: Patron) -> bool:
    """Card and PIN at the open library's door."""
    sim.summary.calls += 1
    decision = access.decide(house, patron.card, "1234", via="simulation",
                             source="terminal:simulation", now=when)
    if decision.allowed:
        sim.summary.done["open_library_entries"] += 1
    else:
        sim.summary.refusals[decision.code] += 1
    return decision.allowed


def visit_and_borrow(when: datetime, sim: Simulation, house: Branch, group: str, size: int,
                     unstaffed: bool) -> None:
    patron = sim.patron_for(group)
    if unstaffed and not enter(when, sim, house, sim.door_opener(patron, when)):
        return
    for n in range(size):
        item_id = sim.pick(house.pk, group)
        if item_id is None:
            sim.summary.done["nothing_on_the_shelf"] += 1
            continue
        moment = when + timedelta(seconds=40 * n)
        loan = sim.call("loans", services.check_out, patron, sim.barcodes[item_id], house,
                        self_service=unstaffed, now=moment)
        sim.on_shelf.pop(item_id, None)
        if loan:
            lent(sim, loan, patron, item_id, moment)


def lent(sim: Simulation, loan: Loan, patron: Patron, item_id: int, when: datetime) -> None:
    """Decide the loan's future now: when it comes back and where, and whether the borrower
    renews it online before the due date."""
    rng, today = sim.rng, timezone.localdate(when)
    loan_days = max((loan.due - today).days, 1)
    keep = rules.keep_days(rng, loan_days)
    house = sim.houses.get(loan.branch_id) or sim.plan.houses[0]
    if rng.random() > RETURN_WHERE_BORROWED:
        house = rng.choice(sim.plan.houses)
    back = next_open(sim, house, today + timedelta(days=keep))
    if back:
        sim.at(back, give_back, sim, item_id, house)
    if keep > loan_days and rng.random() < RENEWS_ONLINE:
        renew_on = sim.moment(loan.due - timedelta(days=2), datetime.min.time()) + timedelta(
            hours=rng.uniform(18, 22.5))
        if renew_on > when:
            sim.at(renew_on, renew, sim, loan.pk, patron)


def next_open(sim: Simulation, house: Branch, day: date) -> datetime | None:
    """A moment in the first day from `day` on that the house is open (before the end)."""
    hours = sim.plan.hours[house.pk]
    while day <= sim.plan.until:
        if day in hours and hours[day].is_open:
            when = rules.moment(sim.rng, hours[day].intervals)
            if when:
                return sim.moment(day, when[0])
        day += timedelta(days=1)
    return None


def give_back(when: datetime, sim: Simulation, item_id: int, house: Branch) -> None:
    result = sim.call(None, services.check_in, sim.barcodes[item_id], house, now=when)
    if result is None:
        return
    if result.loan:
        sim.summary.done["returns"] += 1
    if result.charge is not None and result.charge.patron is not None:
        # Where fees are charged, a late borrower pays at the return, as most do: a simulated
        # year does not pile up fees until the fee block stops its patrons borrowing.
        sim.call("fees_paid", accounts.pay, result.charge.patron, result.charge.amount, "cash",
                 library_id=house.library_id, now=when)
    follow(sim, when, result.routing, item_id)


def renew(when: datetime, sim: Simulation, loan_id: int, patron: Patron) -> None:
    if Loan.objects.filter(pk=loan_id, returned__isnull=True).exists():
        sim.call("renewals", services.renew, loan_id, patron=patron, now=when)


def reserve(when: datetime, sim: Simulation, group: str) -> None:
    pid = sim.wanted(group)
    patron = sim.patron_for(group)
    if pid is None or patron.pickup_branch_id is None:
        return
    sim.call("reservations", reservations.place_reservation, patron, pid,
             sim.houses[patron.pickup_branch_id], now=when)


def follow(sim: Simulation, when: datetime, routing: reservations.Routing, item_id: int) -> None:
    """Where a copy in hand went: back on the shelf (and free to borrow), or to the hold
    shelf, where a simulated patron comes for it within a few days."""
    if routing.action == "shelf" and routing.to_branch and routing.to_branch.pk in sim.houses:
        record_id = sim.record_of_item.get(item_id)
        if record_id:
            sim.shelve(item_id, routing.to_branch.pk, record_id)
    elif routing.action == "hold_shelf" and routing.reservation is not None:
        patron = sim.patrons.get(routing.reservation.patron_id)
        pickup = sim.houses.get(routing.reservation.pickup_branch_id)
        if patron and pickup and sim.rng.random() < COLLECTS:
            day = timezone.localdate(when) + timedelta(days=sim.rng.randint(0, 4))
            at = next_open(sim, pickup, day)
            if at and at > when:
                sim.at(at, collect, sim, item_id, patron, pickup)


def collect(when: datetime, sim: Simulation, item_id: int, patron: Patron, house: Branch
            ) -> None:
    unstaffed = _unstaffed(sim, house, when)
    loan = sim.call("loans", services.check_out, patron, sim.barcodes[item_id], house,
                    self_service=unstaffed, now=when)
    if loan:
        sim.summary.done["reservations_collected"] += 1
        lent(sim, loan, patron, item_id, when)


def _unstaffed(sim: Simulation, house: Branch, when: datetime) -> bool:
    local = timezone.localtime(when)
    day = sim.plan.hours[house.pk].get(local.date())
    return not day or not any(i.service == "staffed" and i.opens <= local.time() < i.closes
                              for i in day.intervals)


# The morning round's two reads, by hand (reol/sql.py): every house, every open day.
_ARRIVED = sql.Statement(lambda: (
    f"SELECT t.item_id, i.barcode FROM {sql.table(Transit)} t"
    f" JOIN {sql.table(Item)} i ON i.id = t.item_id"
    " WHERE t.to_branch_id = %s AND t.received IS NULL AND t.sent < %s"
    " ORDER BY t.sent, t.id"
))
_PULL_LIST = sql.Statement(lambda: (
    f"SELECT r.item_id, i.barcode FROM {sql.table(Reservation)} r"
    f" JOIN {sql.table(Item)} i ON i.id = r.item_id"
    " WHERE r.status = %s AND i.current_branch_id = %s AND i.status = %s"
    " ORDER BY r.id"
))


def morning(when: datetime, sim: Simulation, house: Branch) -> None:
    """Staff open the house: copies that arrived in transit are scanned in, and the copies on
    the pull list are taken off the shelves for their reservations."""
    arrived = sql.fetch(_ARRIVED, [house.pk, connection.ops.adapt_datetimefield_value(when)])
    for n, (item_id, barcode) in enumerate(arrived):
        sim.barcodes.setdefault(item_id, barcode)  # a copy of another library, for a pickup
        result = sim.call("transits_received", services.check_in, barcode, house,
                          now=when + timedelta(seconds=20 * n))
        if result:
            follow(sim, when, result.routing, item_id)
    pulls = sql.fetch(_PULL_LIST, [Reservation.Status.ALLOCATED, house.pk,
                                   Item.Status.AVAILABLE])
    later = when + timedelta(minutes=15)
    for n, (item_id, barcode) in enumerate(pulls):
        sim.barcodes.setdefault(item_id, barcode)
        routing = sim.call("pulled", reservations.pull, barcode, house,
                           now=later + timedelta(seconds=20 * n))
        if routing:
            sim.on_shelf.pop(item_id, None)
            follow(sim, later, routing, item_id)
