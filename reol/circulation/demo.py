"""The demo's lending: patrons, staff, loan rules and a month of lending in the demo network.

Patrons, staff and loan rules are seed rows. Everything that happens to them — loans, returns,
renewals, reservations, pulls, transits, pickups — is replayed in time order through the same
services the desk uses (services.py, reservations.py), each with `now=` in the past month, so
the event log, the hold shelves, the pull lists and the transit lists hold what real use leaves
behind. Deterministic: random.Random(SEED), and every act happens on a day before today, at an
hour of its own, so two loads on the same day give the same rows.
"""

import heapq
import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.utils import timezone

from reol.catalogue.models import Item, LoanCategory, Record
from reol.core import roles
from reol.errors import DomainError
from reol.hashers import demo_hash
from reol.libraries.models import Branch, Library

from . import patrons, reservations, rules, services
from .models import Block, Loan, LoanRule, Patron, Reservation, Transit

SEED = 2026
PASSWORD = "reol-demo"  # every demo staff log-in; demo only
# The libraries the demo shows closest: named cards and staff log-ins.
DEMO_LIBRARIES = ("716100", "715100", "773000", "746100")
GENERATED_PIN = "1234"


@dataclass(frozen=True)
class Volume:
    """How much happened. Each act is a service call of 10–15 ms (a checkout is 16 queries),
    so these numbers set how long `reol demo` takes: about 1,300 acts by default."""

    patrons_per_library: int = 300
    loan_share: float = 0.025  # of the items, on loan now, beyond the bestsellers
    bestsellers: int = 3  # the most popular titles: every copy out, a queue for each
    queue: tuple[int, int] = (5, 15)  # reservations per bestseller
    reservations: int = 90  # other reservations placed in the past three weeks
    last_night: int = 20  # placed last night: allocated, on this morning's pull lists
    returned: int = 60  # loans taken and returned in the past month
    returned_elsewhere: int = 25  # returned yesterday at another house: on their way home


# --- the named demo cards ---------------------------------------------------------------


@dataclass(frozen=True)
class Role:
    number: int  # the card is the agency number and this, e.g. 7161000001
    pin: str
    age: int
    language: str = "da"
    keep_history: bool = False
    what: str = ""


ROLES = {
    "adult": Role(1, "1234", 44, what="loans (one overdue, one due in 2 days), a reservation "
                  "on the hold shelf and one in a queue"),
    "child": Role(2, "1111", 9, what="a 9-year-old with card 1 as guardian, two loans"),
    "blocked": Role(3, "6666", 36, what="suspended card: checkouts and reservations refused"),
    "history": Role(4, "2222", 68, keep_history=True, what="keeps a loan history: three "
                    "returned loans and one current"),
    "english": Role(5, "3333", 29, language="en", what="English-speaking: pages and notices "
                    "in English, a loan and a reservation in a queue; in Randers an overdue "
                    "fee to pay"),
}

NAMES = {
    "716100": ("Mette Kjær Hansen", "Ida Kjær Hansen", "Bent Sørensen", "Else Marie Holm",
               "Oliver Bennett"),
    "715100": ("Lars Pedersen", "Freja Pedersen", "Jannik Olsen", "Inger Mikkelsen",
               "Sarah Thompson"),
    "773000": ("Susanne Mortensen", "Malthe Mortensen", "Kim Laursen", "Poul Erik Kristensen",
               "James Walker"),
    "746100": ("Fatima Hussein", "Yusuf Hussein", "Jesper Thomsen", "Grethe Rasmussen",
               "Emily Clarke"),
}


def card_number(agency: str, number: int) -> str:
    return f"{agency}{number:04d}"


# --- generated patrons ------------------------------------------------------------------

FIRST_NAMES = (
    "Anne", "Mette", "Kirsten", "Hanne", "Helle", "Susanne", "Lene", "Maria", "Marianne",
    "Camilla", "Louise", "Julie", "Sofie", "Emma", "Ida", "Freja", "Clara", "Alma", "Ella",
    "Laura", "Karen", "Inge", "Birgitte", "Nanna", "Amalie", "Peter", "Jens", "Lars", "Michael",
    "Henrik", "Søren", "Thomas", "Jan", "Niels", "Anders", "Rasmus", "Mads", "Frederik", "Emil",
    "Oliver", "William", "Noah", "Lucas", "Victor", "Karl", "Aksel", "Malthe", "Bjørn", "Ole",
    "Morten", "Ahmed", "Fatima", "Ali", "Zainab", "Mohammad", "Aya", "Omar", "Leyla",
)
LAST_NAMES = (
    "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
    "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen",
    "Christiansen", "Poulsen", "Johansen", "Møller", "Mortensen", "Knudsen", "Jakobsen",
    "Mikkelsen", "Frederiksen", "Laursen", "Holm", "Schmidt", "Eriksen", "Kjær", "Bach",
    "Dahl", "Lund", "Nguyen", "Yilmaz", "Hussein", "Ali",
)
# Ages of a library's cardholders, by the event log's age groups: (youngest, oldest, share).
AGES = ((3, 13, 0.22), (14, 17, 0.07), (18, 29, 0.13), (30, 49, 0.25), (50, 66, 0.20),
        (67, 90, 0.13))

# --- loan rules -------------------------------------------------------------------------

# Per-library cells on top of rules.DEFAULTS: (agency, group, category, material, values).
LOAN_RULES = (
    ("716100", "", "", "", {
        "fee_policy": "free", "renewals": 5,
        "note": "Glostrup kalder sig landets første gebyrfri bibliotek: ingen gebyrer for "
                "nogen; op til fem fornyelser"}),
    ("716100", "child", "", "", {
        "max_reservations": 10, "note": "Børn kan have 10 reserveringer ad gangen"}),
    ("715100", "", "", "", {
        "hold_shelf_days": 10, "note": "Reserveringer står 10 åbningsdage på hylden"}),
    ("715100", "child", "", "", {
        "max_reservations": 10, "note": "Børn kan have 10 reserveringer ad gangen"}),
    ("715100", "", "", "game", {
        "loan_days": 7, "renewals": 0, "note": "Spil lånes en uge uden fornyelse: lange køer"}),
    ("773000", "", "", "", {
        "fee_policy": "overdue", "overdue_fee_per_day": Decimal("5"),
        "max_overdue_fee": Decimal("100"), "max_owed": Decimal("200"),
        "note": "Voksne betaler 5 kr. pr. dag for overskredet lånetid, højst 100 kr.; "
                "skranken advarer ved gæld over 200 kr."}),
    ("773000", "child", "", "", {
        "fee_policy": "free", "max_reservations": 10,
        "note": "Børn under 18 betaler ikke gebyr og kan have 10 reserveringer"}),
    ("773000", "", "", "film", {
        "loan_days": 14, "note": "Film lånes i 14 dage i Randers"}),
    ("746100", "", "", "", {
        "max_loans": 100, "note": "Op til 100 lån ad gangen"}),
    ("746100", "child", "", "", {
        "max_reservations": 15, "note": "Børn kan have 15 reserveringer ad gangen"}),
    ("746100", "", "", "audiobook", {
        "loan_days": 30, "renewals": 2, "note": "Lydbøger: 30 dage, to fornyelser"}),
)


@dataclass
class Summary:
    patrons: int = 0
    staff: int = 0
    loan_rules: int = 0
    loans: int = 0
    overdue: int = 0
    waiting: int = 0
    allocated: int = 0
    on_hold_shelf: int = 0
    in_transit: int = 0
    refused: dict[str, int] = field(default_factory=dict)


def load(libraries: list[Library], now: datetime | None = None, volume: Volume | None = None,
         step: Callable[[int, int], None] | None = None) -> Summary:
    """Patrons, staff, loan rules and the past month's lending. Runs inside the caller's
    transaction; `step(done, planned)` is told of progress in acts."""
    now = now or timezone.now()
    volume = volume or Volume()
    rng = random.Random(SEED)
    summary = Summary()
    summary.loan_rules = load_loan_rules()
    summary.staff = load_staff()
    today = timezone.localdate(now)
    named = load_named_patrons(today)
    generated = load_generated_patrons(libraries, today, rng, volume.patrons_per_library)
    summary.patrons = Patron.objects.count()
    lending = Lending(rng, today, named, generated, volume, step)
    lending.run()
    summary.refused = lending.refused
    for patron in named["blocked"].values():  # blocked after their loans, as in real life
        patrons.add_block(patron, Block.Code.SUSPENDED,
                          "Demo: kortet er spærret efter aftale med låneren")
    _count(summary, today)
    return summary


def _count(summary: Summary, today: date) -> None:
    open_loans = Loan.objects.filter(returned__isnull=True)
    summary.loans = open_loans.count()
    summary.overdue = open_loans.filter(due__lt=today).count()
    for status in ("waiting", "allocated", "on_hold_shelf"):
        setattr(summary, status, Reservation.objects.filter(status=status).count())
    summary.in_transit = Transit.objects.filter(received__isnull=True).count()


def load_loan_rules() -> int:
    agencies = dict(Library.objects.values_list("agency", "pk"))
    rows = [
        LoanRule(library_id=agencies[agency], patron_group=group, loan_category=category,
                 material_type=material, **values)
        for agency, group, category, material, values in LOAN_RULES
        if agency in agencies
    ]
    LoanRule.objects.bulk_create(rows)
    return len(rows)


# The demo's staff log-ins per library, one per role (README lists them): prefix → role.
STAFF_LOGINS = (("skranke", "desk"), ("leder", "leader"), ("katalog", "cataloguing"),
                ("indkob", "acquisitions"), ("arrangement", "events"), ("redaktor", "editor"))
# The network administrator: held in one library, acting for all.
NETWORK_LOGIN = ("netvaerk", "716100")


def load_staff() -> int:
    """A log-in per role per demo library, the network administrator, and `admin`; each its
    own salt, at the demo's cost like the demo cards' PINs (the password is in the README; the
    first right log-in hashes it anew at full cost)."""
    User = get_user_model()
    roles.ensure_groups()
    User.objects.get_or_create(username="admin", defaults={
        "is_staff": True, "is_superuser": True, "password": demo_hash(PASSWORD)})
    count = 1
    for library in Library.objects.filter(agency__in=DEMO_LIBRARIES).order_by("agency"):
        for prefix, role in STAFF_LOGINS:
            _staff_login(f"{prefix}-{library.agency}", library, role, prefix)
            count += 1
        if library.agency == NETWORK_LOGIN[1]:
            _staff_login(NETWORK_LOGIN[0], library, "network", NETWORK_LOGIN[0])
            count += 1
    return count


def _staff_login(username: str, library: Library, role: str, title: str) -> None:
    user, _ = get_user_model().objects.get_or_create(
        username=username,
        defaults={"is_staff": True, "password": demo_hash(PASSWORD),
                  "first_name": library.municipality, "last_name": title},
    )
    roles.grant(user, library, role)


def _born(today: date, age: int, rng: random.Random) -> date:
    """A birth date that makes someone `age` today."""
    birthday = today - relativedelta(years=age) - timedelta(days=rng.randint(0, 360))
    while rules.age(birthday, today) > age:  # a leap day can tip it over
        birthday += timedelta(days=1)
    return birthday


def load_named_patrons(today: date) -> dict[str, dict[str, Patron]]:
    """The demo cards the README lists: {role: {agency: patron}}."""
    rng = random.Random(SEED + 1)
    named: dict[str, dict[str, Patron]] = {role: {} for role in ROLES}
    for library in Library.objects.filter(agency__in=DEMO_LIBRARIES).order_by("agency"):
        main = library.branches.filter(kind=Branch.Kind.MAIN).first()
        for (role_name, role), name in zip(ROLES.items(), NAMES[library.agency], strict=True):
            card = card_number(library.agency, role.number)
            patron = Patron.objects.create(
                card=card, pin=demo_hash(role.pin), name=name,
                birth_date=_born(today, role.age, rng), library=library, pickup_branch=main,
                email="" if role_name == "child" else f"{_ascii(name)}@example.dk",
                phone="+4520" + card[-6:] if role_name in ("adult", "english") else "",
                notify_sms=role_name in ("adult", "english"), language=role.language,
                keep_history=role.keep_history,
                guardian=named["adult"].get(library.agency) if role_name == "child" else None,
            )
            named[role_name][library.agency] = patron
    return named


def _ascii(name: str) -> str:
    folded = name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return ".".join(folded.split())


def load_generated_patrons(
    libraries: list[Library], today: date, rng: random.Random, count: int
) -> dict[int, list[Patron]]:
    """A few hundred cardholders per library, over the age groups; children under 14 have a
    guardian among the adults. {library id: patrons}."""
    houses = {
        lib.pk: list(lib.branches.filter(kind__in=(Branch.Kind.MAIN, Branch.Kind.BRANCH))
                     .order_by("kind", "code"))
        for lib in libraries
    }
    rows: list[Patron] = []
    for library in sorted(libraries, key=lambda lib: lib.agency):
        for number in range(1001, 1001 + count):
            low, high, _ = rng.choices(AGES, [a[2] for a in AGES])[0]
            age = rng.randint(low, high)
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            phone = f"+45{rng.randint(20000000, 61999999)}" if rng.random() < 0.4 else ""
            branches = houses[library.pk]
            rows.append(Patron(
                card=card_number(library.agency, number), pin=demo_hash(GENERATED_PIN),
                name=f"{first} {last}",
                birth_date=_born(today, age, rng), library=library,
                pickup_branch=branches[0] if rng.random() < 0.6 else rng.choice(branches),
                email=f"{_ascii(first)}.{_ascii(last)}{number}@example.dk" if age >= 14 else "",
                phone=phone if age >= 14 else "", notify_sms=bool(phone) and age >= 14,
                language="en" if rng.random() < 0.04 else "da",
                keep_history=rng.random() < 0.12,
            ))
    Patron.objects.bulk_create(rows, batch_size=1000)
    stored = dict(Patron.objects.values_list("card", "pk"))
    for patron in rows:
        patron.pk = stored[patron.card]
    by_library: dict[int, list[Patron]] = {}
    for patron in rows:
        by_library.setdefault(patron.library_id, []).append(patron)
    wards = []
    for members in by_library.values():
        parents = [p for p in members if 30 <= rules.age(p.birth_date, today) <= 49]
        for child in members:
            if rules.age(child.birth_date, today) < 14 and parents:
                child.guardian = rng.choice(parents)
                wards.append(child)
    Patron.objects.bulk_update(wards, ["guardian"], batch_size=1000)
    return by_library


# --- a month of lending, replayed through the services -------------------------------------


class Lending:
    """A timeline of acts, each a service call at its own past moment. Acts may schedule
    what follows from them (a pulled copy goes in transit, arrives, is picked up), but only
    before today: what would happen today is left for the library to do."""

    def __init__(self, rng: random.Random, today: date, named: dict[str, dict[str, Patron]],
                 generated: dict[int, list[Patron]], volume: Volume,
                 step: Callable[[int, int], None] | None) -> None:
        self.rng, self.today, self.named, self.generated = rng, today, named, generated
        self.volume = volume
        self.cutoff = self.moment(today, 0)
        self.step = step or (lambda done, planned: None)
        self.keep = {p.pk for cards in named.values() for p in cards.values()}
        self.queue: list[tuple[datetime, int, Callable, tuple]] = []
        self.serial = 0
        self.refused: dict[str, int] = {}
        self.branches = {b.pk: b for b in Branch.objects.select_related("library")}

    # time

    def moment(self, day: date, hour: float) -> datetime:
        return timezone.make_aware(datetime.combine(day, time()) + timedelta(hours=hour))

    def during_opening(self, days_ago: int) -> datetime:
        return self.moment(self.today - timedelta(days=days_ago), self.rng.uniform(10, 18.5))

    def at(self, when: datetime, act: Callable, *args) -> None:
        if when < self.cutoff:
            self.serial += 1
            heapq.heappush(self.queue, (when, self.serial, act, args))

    def run(self) -> None:
        self.plan()
        done = 0
        while self.queue:
            when, _, act, args = heapq.heappop(self.queue)
            try:
                act(when, *args)
            except DomainError as error:  # a refusal is part of real lending too
                self.refused[error.code] = self.refused.get(error.code, 0) + 1
            done += 1
            if done % 50 == 0 or not self.queue:
                self.step(done, self.serial)

    # choosing who and what

    def patron_for(self, item: Item, audience: str) -> Patron:
        members = self.generated[item.library_id]
        child = self.rng.random() < (0.75 if audience == "children" else 0.08)
        for _ in range(50):
            patron = self.rng.choice(members)
            if (rules.age(patron.birth_date, self.today) < 18) == child:
                break
        return patron

    def plan(self) -> None:
        items = list(
            Item.objects.filter(status=Item.Status.AVAILABLE)
            .exclude(loan_category=LoanCategory.REFERENCE)
            .exclude(home_branch__kind=Branch.Kind.DEPOSIT)
            .filter(library_id__in=self.generated)
            .select_related("record", "home_branch").order_by("pk")
        )
        bestsellers = self.bestsellers(items)
        hot = [i for i in items if i.record_id in bestsellers]
        rest = [i for i in items if i.record_id not in bestsellers]
        # Popular titles are more often out: weighted sampling without replacement (the
        # catalogue demo stores records most-loaned first, so a lower id is more popular).
        keyed = sorted(rest, key=lambda i: self.rng.random() ** (1 + i.record_id / 400))
        n_loans = round(len(items) * self.volume.loan_share)
        current, keyed = keyed[-n_loans:], keyed[:-n_loans]
        returns = self.volume.returned + self.volume.returned_elsewhere
        churn, spare = keyed[-returns:], keyed[:-returns]
        for item in hot:
            self.at(self.during_opening(self.rng.randint(20, 33)), self.lend, item, None)
        for item in current:
            days = 16 if item.loan_category == LoanCategory.SHORT else 33
            self.at(self.during_opening(self.rng.randint(1, days)), self.lend, item, None)
        for n, item in enumerate(churn):
            elsewhere = n < self.volume.returned_elsewhere
            out = self.rng.randint(8, 30) if not elsewhere else self.rng.randint(10, 25)
            back = 1 if elsewhere else self.rng.randint(2, out - 1)
            self.at(self.during_opening(out), self.lend, item, None)
            self.at(self.during_opening(back), self.give_back, item, elsewhere)
        spare = self.plan_named(spare, bestsellers)
        self.plan_reservations(bestsellers, spare)

    def bestsellers(self, items: list[Item]) -> list[int]:
        counts: dict[int, int] = {}
        for item in items:
            if item.record.material_type == "book":
                counts[item.record_id] = counts.get(item.record_id, 0) + 1
        return sorted(r for r, n in counts.items() if n >= 15)[: self.volume.bestsellers]

    def plan_reservations(self, bestsellers: list[int], spare: list[Item]) -> None:
        records = {r.pk: r for r in Record.objects.filter(pk__in=bestsellers)}
        everyone = [p for members in self.generated.values() for p in members]
        for record_id in bestsellers:
            for _ in range(self.rng.randint(*self.volume.queue)):
                patron = self.rng.choice(everyone)
                self.at(self.during_opening(self.rng.randint(1, 19)), self.reserve, patron,
                        records[record_id])
        wanted = self.rng.sample(spare, min(len(spare), self.volume.reservations
                                             + self.volume.last_night))
        for n, item in enumerate(wanted):
            patron = self.patron_for(item, item.record.audience)
            if n < self.volume.last_night:
                when = self.moment(self.today - timedelta(days=1), self.rng.uniform(19, 23.9))
            else:
                when = self.during_opening(self.rng.randint(1, 20))
            self.at(when, self.reserve, patron, item.record)

    def plan_named(self, spare: list[Item], bestsellers: list[int]) -> list[Item]:
        """The situations the README promises for each demo card; returns the spare items
        they left."""
        used: set[int] = set()
        for agency, adult in self.named["adult"].items():
            # One copy per title: a patron never has two copies of the same title.
            own = list({i.record_id: i for i in spare
                        if i.home_branch_id == adult.pickup_branch_id
                        and i.record_id not in used}.values())
            adult_books = [i for i in own if i.record.audience != "children"
                           and i.record.material_type == "book"]
            children_books = [i for i in own if i.record.audience == "children"]
            take = self.rng.sample(adult_books, 10) + self.rng.sample(children_books, 2)
            used |= {i.record_id for i in take}
            days = (35, 28, 12, 6)  # overdue; due in 2 days; then two more
            for item, ago in zip(take, days, strict=False):
                self.at(self.during_opening(ago), self.lend, item, adult)
            shelf = take[4]
            self.at(self.during_opening(2), self.reserve, adult, shelf.record)
            self.at(self.during_opening(3), self.reserve, adult, _record(bestsellers[0]))
            child = self.named["child"][agency]
            for item, ago in zip(take[-2:], (9, 4), strict=True):
                self.at(self.during_opening(ago), self.lend, item, child)
            blocked = self.named["blocked"][agency]
            self.at(self.during_opening(50), self.lend, take[5], blocked)
            history = self.named["history"][agency]
            for item, ago in zip(take[6:9], (90, 75, 60), strict=True):
                self.at(self.during_opening(ago), self.lend, item, history)
                self.at(self.during_opening(ago - 14), self.give_back, item, False)
            self.at(self.during_opening(8), self.lend, take[8], history)
            english = self.named["english"][agency]
            self.at(self.during_opening(10), self.lend, take[7], english)
            # Returned ten days late: where the library charges fees (Randers), one to pay.
            self.at(self.during_opening(60), self.lend, take[9], english)
            self.at(self.during_opening(20), self.give_back, take[9], False)
            self.at(self.during_opening(4), self.reserve, english,
                    _record(bestsellers[-1]))
        return [i for i in spare if i.record_id not in used]

    # the acts

    def lend(self, when: datetime, item: Item, patron: Patron | None) -> None:
        patron = patron or self.patron_for(item, item.record.audience)
        loan = services.check_out(patron, item.barcode, self.branches[item.current_branch_id],
                                  now=when)
        item.current_branch_id = loan.branch_id
        # Some borrowers renew a week before the due date.
        renew_on = self.moment(loan.due - timedelta(days=7), self.rng.uniform(8, 22))
        if (loan.due - timedelta(days=7) > timezone.localdate(when) and self.rng.random() < 0.1
                and patron.pk not in self.keep):
            self.at(renew_on, self.renew, loan)

    def renew(self, when: datetime, loan: Loan) -> None:
        services.renew(loan.pk, now=when)

    def give_back(self, when: datetime, item: Item, elsewhere: bool) -> None:
        home = self.branches[item.home_branch_id]
        here = home
        if elsewhere:
            others = [b for b in self.branches.values() if b.library_id == home.library_id
                      and b.pk != home.pk and b.kind in (Branch.Kind.MAIN, Branch.Kind.BRANCH)]
            here = self.rng.choice(others) if others else home
        self.follow(when, services.check_in(item.barcode, here, now=when).routing, item)

    def reserve(self, when: datetime, patron: Patron, record: Record) -> None:
        pickup = self.branches[patron.pickup_branch_id]
        reservation = reservations.place_reservation(patron, record, pickup, now=when)
        if reservation.status == Reservation.Status.ALLOCATED:
            item = Item.objects.get(pk=reservation.item_id)
            self.at(self.next_morning(when), self.pull, item)

    def pull(self, when: datetime, item: Item) -> None:
        branch = self.branches[item.current_branch_id]
        self.follow(when, reservations.pull(item.barcode, branch, now=when), item)

    def arrive(self, when: datetime, item: Item, branch: Branch) -> None:
        self.follow(when, services.check_in(item.barcode, branch, now=when).routing, item)

    def collect(self, when: datetime, item: Item, patron: Patron, branch: Branch) -> None:
        services.check_out(patron, item.barcode, branch, now=when)

    def follow(self, when: datetime, routing: reservations.Routing, item: Item) -> None:
        """What happens next to a copy in hand: it arrives where it was sent, or the patron
        comes for it (most within a few days; some are still on the shelf)."""
        item.refresh_from_db(fields=["current_branch", "status"])
        if routing.action == "transit":
            here, there = self.branches[item.current_branch_id], routing.to_branch
            days = rules.transport_days(_place(here), _place(there))
            self.at(self.next_morning(when + timedelta(days=days - 1)), self.arrive, item, there)
        elif routing.action == "hold_shelf" and routing.reservation.patron_id not in self.keep:
            wait = timedelta(days=self.rng.uniform(0.3, 5))
            self.at(when + wait, self.collect, item, routing.reservation.patron,
                    routing.to_branch)

    def next_morning(self, when: datetime) -> datetime:
        day = timezone.localdate(when) + timedelta(days=1)
        return self.moment(day, self.rng.uniform(9, 10.5))


def _record(pk: int) -> Record:
    return Record.objects.get(pk=pk)


def _place(branch: Branch) -> rules.Place:
    return rules.Place(branch.pk, branch.library_id, branch.library.region_id)
