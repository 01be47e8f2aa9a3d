"""A year of a library's traffic through the real services: `reol simulate`.

Patrons register (circulation.patrons), borrow at the desk and the self-service machines
(services.check_out), come back (check_in), renew online (renew) or are renewed by the job,
reserve from home (reservations.place_reservation); staff receive transits and pull the copies
that allocation gave to reservations each morning; patrons let themselves into the open
library (selfservice.access.decide) and come to events (simulate_events.py). Every act is the
real service called with `now=` at its simulated moment, so the event log, the statistics and
the co-loan counts hold what a real year leaves behind. Refusals (DomainError) are counted.

How much happens is rules.py: the library's published figures × --scale, spread by season and
weekday over the days its houses are open (the branch calendars), at the hours they keep.
Deterministic by seed: the same seed on the same database gives the same acts.

What runs each night at 23:00 (simulated): the lending jobs that are safe at a past moment —
expire, allocate, auto_renew — and recommend.aggregate (co-loans) and forget_old_visits. Not
`core.jobs.run_all`: its outbox would mail the demo's real-looking patrons about a past
day, and events' job re-plans every open-ended series from that past day (cancelling later
occurrences). Simulated patrons have no email or phone, so their notices are never queued.

Safe beside other data: only copies on the shelf are lent, only days before today are
simulated (the jobs must not run ahead of the world), and a year already simulated for the
library is refused unless --force, which adds another cohort of patrons (a second "run").
Simulated patrons are recognisable by their cards: S + agency + year + run + number.
After the year's last day, returns, transits and pickups of its loans go on for up to
TAIL_DAYS (never past yesterday), so a past year does not leave a year of overdue loans.
"""

import heapq
import random
import time as clock
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property

from django.db.models import Count
from django.utils import timezone

from reol import hashers, sql
from reol.catalogue.models import Item, LoanCategory, Record
from reol.circulation import patrons as patron_service
from reol.circulation import reservations, services
from reol.circulation import rules as lending
from reol.circulation.models import Patron, Reservation
from reol.core.models import Event
from reol.errors import DomainError
from reol.libraries import calendar
from reol.libraries.models import Branch, Library
from reol.libraries.rules import DayHours
from reol.refusals import refuse
from reol.selfservice.jobs import forget_old_visits

from . import recommend, rules, simulate_acts, simulate_digital, simulate_events

PIN = "1234"
FIRST_YEAR = 2000
MAX_SCALE = 10.0
TAIL_DAYS = 45
MIN_PATRONS = 8
NIGHT = time(23)  # the nightly jobs; every house has closed by then
FIRST_NAMES = ("Anna", "Mads", "Sofie", "Frederik", "Ida", "Emil", "Freja", "Oliver", "Karen",
               "Jens", "Mette", "Lars", "Aya", "Noah", "Ella", "Hassan", "Birgit", "Ahmed")
LAST_NAMES = ("Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
              "Sørensen", "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen")


@dataclass
class Plan:
    """What will be simulated; made by prepare(), which checks everything and writes nothing."""

    library: Library
    year: int
    first: date
    last: date  # the last day with new activity
    until: date  # the last day of follow-ups (returns, transits, pickups)
    scale: float
    run: int
    houses: list[Branch]
    hours: dict[int, dict[date, DayHours]]  # per house, every day of the year and the tail
    copies: int

    def open_days(self) -> dict[date, bool]:
        """Every day of the year: is any house open?"""
        days = [date(self.year, 1, 1) + timedelta(days=n)
                for n in range((date(self.year, 12, 31) - date(self.year, 1, 1)).days + 1)]
        return {d: any(self.hours[h.pk][d].is_open for h in self.houses) for d in days}

    def card_prefix(self) -> str:
        return f"S{self.library.agency}{self.year}{self.run}"


@dataclass
class Summary:
    agency: str
    year: int
    first: date
    last: date
    until: date
    scale: float
    seed: int
    done: Counter = field(default_factory=Counter)  # successful acts by kind
    refusals: Counter = field(default_factory=Counter)  # DomainError codes
    calls: int = 0  # service calls, refused ones included
    elapsed: float = 0.0
    log: dict[str, int] = field(default_factory=dict)  # the event log of the period by kind

    @property
    def rate(self) -> float:
        return self.calls / self.elapsed if self.elapsed else 0.0


def prepare(agency: str, year: int, *, scale: float = 1.0, days: int | None = None,
            force: bool = False, today: date | None = None) -> Plan:
    today = today or timezone.localdate()
    library = Library.objects.filter(agency=agency).first()
    if library is None:
        raise refuse("unknown_library.agency", agency=agency)
    if not FIRST_YEAR <= year <= today.year:
        raise refuse("bad_year", first_year=FIRST_YEAR, year=today.year)
    if not 0 < scale <= MAX_SCALE:
        raise refuse("bad_scale", max_scale=MAX_SCALE)
    if days is not None and days < 1:
        raise refuse("bad_days")
    first, yesterday = date(year, 1, 1), today - timedelta(days=1)
    last = min(date(year, 12, 31), yesterday)
    if days is not None:
        last = min(last, first + timedelta(days=days - 1))
    if last < first:
        raise refuse("nothing_before_today", year=year)
    until = min(last + timedelta(days=TAIL_DAYS), yesterday) if last.month == 12 and \
        last.day == 31 else last
    houses = list(library.branches.exclude(kind=Branch.Kind.DEPOSIT).order_by("kind", "code"))
    hours = {h.pk: {d.day: d for d in calendar.hours(h, first, max(until, date(year, 12, 31)))}
             for h in houses}
    if not any(day.is_open for by_day in hours.values() for day in by_day.values()
               if first <= day.day <= last):
        raise refuse("no_hours", name=library.name, year=year)
    earlier = sorted({card[12] for card in Patron.objects.filter(
        card__startswith=f"S{agency}{year}", library=library).values_list("card", flat=True)})
    if earlier and not force:
        raise refuse("already_simulated", name=library.name, year=year, runs=", ".join(earlier))
    run = int(earlier[-1]) + 1 if earlier else 0
    if run > 9:
        raise refuse("too_many_runs")
    copies = Item.objects.filter(library=library, home_branch__in=houses).exclude(
        loan_category=LoanCategory.REFERENCE).count()
    return Plan(library, year, first, last, until, scale, run, houses, hours, copies)


def run(plan: Plan, *, seed: int = 0,
        progress: Callable[[date, Summary], None] | None = None) -> Summary:
    return Simulation(plan, seed, progress).run()


class Simulation:
    """A timeline of acts, each a service call at its own simulated moment (like the demo's
    month of lending, circulation/demo.py, over a year and shaped by rules.py)."""

    def __init__(self, plan: Plan, seed: int,
                 progress: Callable[[date, Summary], None] | None) -> None:
        self.plan, self.rng, self.progress = plan, random.Random(seed), progress
        self.figures = rules.figures(plan.library.agency, plan.copies)
        self.summary = Summary(plan.library.agency, plan.year, plan.first, plan.last,
                               plan.until, plan.scale, seed)
        self.queue: list[tuple[datetime, int, Callable, tuple]] = []
        self.serial = 0
        self.end = self.moment(plan.until, NIGHT) + timedelta(minutes=1)
        self.houses = {h.pk: h for h in plan.houses}
        self.patrons: dict[int, Patron] = {}
        self.groups: dict[str, list[Patron]] = {}

    # time and calls

    def moment(self, day: date, at: time) -> datetime:
        return timezone.make_aware(datetime.combine(day, at))

    def at(self, when: datetime, act: Callable, *args) -> None:
        if when < self.end:
            self.serial += 1
            heapq.heappush(self.queue, (when, self.serial, act, args))

    def call(self, kind: str | None, service: Callable, *args, **kwargs):
        """One service call; a refusal is counted and the year goes on."""
        self.summary.calls += 1
        try:
            result = service(*args, **kwargs)
        except DomainError as error:
            self.summary.refusals[error.code] += 1
            return None
        if kind:
            self.summary.done[kind] += 1
        return result

    def run(self) -> Summary:
        # The cohort's PIN is no secret (PIN, above): hashed and checked at the demo's cost, or
        # every door entry would cost a full Argon2 run (reol/hashers.py).
        with hashers.demo_cost():
            return self._run()

    def _run(self) -> Summary:
        started = clock.perf_counter()
        self.register_patrons()
        self.load_catalogue()
        open_days = self.plan.open_days()
        shelf = self.figures.from_the_shelf * self.plan.scale
        self.volume = {group: rules.expected(total * shelf, open_days, group)
                       for group, total in ((rules.ADULT, self.figures.loans
                                             - self.figures.children_loans),
                                            (rules.CHILDREN, self.figures.children_loans))}
        self.reserving = rules.expected(self.figures.reservations * self.plan.scale, open_days)
        self.digital_titles = simulate_digital.titles()
        self.digital = simulate_digital.expected(self.figures.loans * self.plan.scale,
                                                 open_days)
        self.entering = rules.expected(self.figures.open_library_entries * self.plan.scale,
                                       open_days)
        simulate_events.plan(self, open_days)
        day = self.plan.first
        while day <= self.plan.until:
            self.day(day)
            if self.progress and (day.day == 1 or day == self.plan.until):
                self.summary.elapsed = clock.perf_counter() - started
                self.progress(day, self.summary)
            day += timedelta(days=1)
        self.summary.elapsed = clock.perf_counter() - started
        self.summary.log = self.log_counts()
        return self.summary

    # the cohort and the catalogue

    def register_patrons(self) -> None:
        """Grown-ups first, so children under 14 can name a guardian."""
        plan, rng = self.plan, self.rng
        count = max(MIN_PATRONS, round(self.figures.patrons * plan.scale))
        ages = sorted((rules.age(rng) for _ in range(count)), reverse=True)
        pickups = [h for h in plan.houses if h.kind != Branch.Kind.BOOKMOBILE] or plan.houses
        parents: list[Patron] = []
        for number, years in enumerate(ages, start=1):
            data = patron_service.PatronData(
                card=f"{plan.card_prefix()}{number:06d}", pin=PIN,
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                birth_date=rules.birth_date(rng, years, plan.first),
                library=plan.library.agency,
                pickup_branch=(pickups[0] if rng.random() < 0.6 else rng.choice(pickups)).code,
                guardian_card=rng.choice(parents).card if years < 14 and parents else "",
            )
            patron = self.call("patrons", patron_service.register, data, today=plan.first)
            if patron is None:
                continue
            if rng.random() < rules.KEEP_HISTORY_SHARE:
                self.call("loan_history", patron_service.update, patron, {"keep_history": True})
            if 30 <= years <= 49:
                parents.append(patron)
            self.patrons[patron.pk] = patron
            group = "child" if years < 14 else "teen" if years < 18 else "adult"
            self.groups.setdefault(group, []).append(patron)
            if years >= 15:
                self.groups.setdefault("door", []).append(patron)

    def patron_for(self, audience: str) -> Patron:
        """Children's material: mostly a child, else a parent. Everything else: 14 and over."""
        rng = self.rng
        if audience == rules.CHILDREN and self.groups.get("child") and rng.random() < 0.65:
            return rng.choice(self.groups["child"])
        grown = self.groups.get("adult", []) + self.groups.get("teen", [])
        return rng.choice(grown or list(self.patrons.values()))

    def door_opener(self, patron: Patron, when: datetime) -> Patron:
        """Who swipes the card at the open library's door: a child comes with a grown-up."""
        if lending.age(patron.birth_date, timezone.localdate(when)) >= 15:
            return patron
        guardian = self.patrons.get(patron.guardian_id) if patron.guardian_id else None
        return guardian or self.rng.choice(self.groups.get("door") or [patron])

    def load_catalogue(self) -> None:
        """The library's titles, most popular first (the demo stores records most-loaned
        first), and its copies."""
        rows = list(Item.objects.filter(library=self.plan.library, home_branch__in=self.houses)
                    .exclude(loan_category=LoanCategory.REFERENCE).order_by("pk")
                    .values_list("pk", "barcode", "record_id", "record__audience"))
        self.barcodes = {pk: barcode for pk, barcode, _, _ in rows}
        self.group_of = {pk: self._group(aud) for pk, _, _, aud in rows}
        self.record_of_item = {pk: record_id for pk, _, record_id, _ in rows}
        pids = dict(Record.objects.filter(pk__in={r for _, _, r, _ in rows}).values_list(
            "pk", "pid"))
        by_record = {r: self._group(a) for _, _, r, a in rows}
        self.titles: dict[str, list[str]] = {rules.ADULT: [], rules.CHILDREN: []}
        for record_id in sorted(by_record):
            self.titles[by_record[record_id]].append(pids[record_id])
        self.record_of_pid = {pid: pk for pk, pid in pids.items()}
        self.popular = {g: rules.popularity(len(t)) for g, t in self.titles.items()}

    @staticmethod
    def _group(audience: str) -> str:
        return rules.CHILDREN if audience == "children" else rules.ADULT

    def wanted(self, group: str) -> str | None:
        titles = self.titles[group] or self.titles[rules.ADULT] or self.titles[rules.CHILDREN]
        if not titles:
            return None
        weights = self.popular[group] if self.titles[group] else rules.popularity(len(titles))
        return self.rng.choices(titles, cum_weights=weights)[0]

    def refresh_shelves(self) -> None:
        """What stands on each house's open shelves this morning (copies held for a
        reservation are on the pull list, not for the taking)."""
        houses = list(self.houses)
        rows = sql.fetch(self.shelf_query, [
            self.plan.library.pk, *houses, Item.Status.AVAILABLE, *houses,
            LoanCategory.REFERENCE, *Reservation.HOLDING])
        self.on_shelf: dict[int, int] = {}
        self.shelf: dict[tuple[int, int], list[int]] = {}
        self.browse: dict[tuple[int, str], list[int]] = {}
        # What shelve() does for each copy, inline: thousands of copies every morning.
        on_shelf, shelf, browse, group_of = self.on_shelf, self.shelf, self.browse, self.group_of
        for pk, branch_id, record_id in rows:
            on_shelf[pk] = branch_id
            if (same := shelf.get((branch_id, record_id))) is None:
                shelf[branch_id, record_id] = [pk]
            else:
                same.append(pk)
            if (alike := browse.get((branch_id, group_of[pk]))) is None:
                browse[branch_id, group_of[pk]] = [pk]
            else:
                alike.append(pk)

    @cached_property
    def shelf_query(self) -> sql.Statement:
        """The copies on the houses' open shelves, by hand (reol/sql.py): every morning."""
        houses, holding = (", ".join(["%s"] * n) for n in (len(self.houses),
                                                           len(Reservation.HOLDING)))
        return sql.Statement(lambda: (
            f"SELECT i.id, i.current_branch_id, i.record_id FROM {sql.table(Item)} i"
            f" WHERE i.library_id = %s AND i.home_branch_id IN ({houses}) AND i.status = %s"
            f" AND i.current_branch_id IN ({houses}) AND NOT (i.loan_category = %s)"
            f" AND i.id NOT IN (SELECT v.item_id FROM {sql.table(Reservation)} v"
            f"  WHERE v.status IN ({holding}) AND v.item_id IS NOT NULL)"
            " ORDER BY i.id"
        ))

    def shelve(self, item_id: int, branch_id: int, record_id: int) -> None:
        self.on_shelf[item_id] = branch_id
        self.shelf.setdefault((branch_id, record_id), []).append(item_id)
        self.browse.setdefault((branch_id, self.group_of[item_id]), []).append(item_id)

    def pick(self, branch_id: int, group: str) -> int | None:
        """The title the patron came for, if a copy stands here; otherwise something found
        on the shelves of the same audience."""
        pid = self.wanted(group)
        if pid is not None:
            for item_id in self.shelf.get((branch_id, self.record_of_pid[pid]), []):
                if self.on_shelf.get(item_id) == branch_id:
                    return item_id
        shelf = self.browse.get((branch_id, group), [])
        while shelf:  # copies lent since the morning are dropped as they are met
            index = self.rng.randrange(len(shelf))
            item_id = shelf[index]
            if self.on_shelf.get(item_id) == branch_id:
                return item_id
            shelf[index] = shelf[-1]
            shelf.pop()
        return None

    # a day

    def day(self, day: date) -> None:
        self.refresh_shelves()
        if day <= self.plan.last:
            simulate_acts.plan_day(self, day)
            simulate_digital.plan_day(self, day)
        for house in self.plan.houses:
            staffed = [i for i in self.plan.hours[house.pk][day].intervals
                       if i.service == "staffed"]
            if staffed:
                opens = datetime.combine(day, staffed[0].opens) + timedelta(minutes=10)
                self.at(timezone.make_aware(opens), simulate_acts.morning, self, house)
        night = self.moment(day, NIGHT)
        while self.queue and self.queue[0][0] < night:
            when, _, act, args = heapq.heappop(self.queue)
            act(when, *args)
        self.jobs(night)

    def jobs(self, now: datetime) -> None:
        self.call(None, reservations.expire, now=now)
        self.call(None, reservations.allocate, now=now)
        renewed = self.call(None, services.auto_renew, now=now)
        if renewed:
            self.summary.done["auto_renewals"] += renewed[0]
            self.summary.done["auto_renewals_refused"] += renewed[1]
        self.call(None, recommend.aggregate, now=now)
        self.call(None, forget_old_visits, now)

    def log_counts(self) -> dict[str, int]:
        start, end = self.moment(self.plan.first, time()), self.end
        rows = (Event.objects.filter(library=self.plan.library, time__gte=start, time__lt=end)
                .values("kind").annotate(n=Count("id")).order_by("kind"))
        return {row["kind"]: row["n"] for row in rows}



DEMO_LIBRARY, DEMO_SCALE, DEMO_SEED = "773000", 0.001, 2026


def load_demo(today: date | None = None) -> dict[str, int]:
    """The demo's Randers, this year until yesterday at a thousandth of its real traffic, so
    the statistics, the yearly report and the dashboard show the shape of a real year. On 1
    January, with no day of the year behind it, last year instead."""
    today = today or timezone.localdate()
    year = today.year if today > date(today.year, 1, 1) else today.year - 1
    summary = run(prepare(DEMO_LIBRARY, year, scale=DEMO_SCALE, today=today), seed=DEMO_SEED)
    return {"service_calls": summary.calls}
