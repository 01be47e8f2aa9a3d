"""The circulation benchmark's data: a network, a catalogue, patrons, loans and reservation
queues, written in bulk (no services: building 100,000 items one checkout at a time would
take longer than the benchmark) but in the shapes the services would leave.

- 3 regions, 6 libraries, 3 houses each (a main library and two branches), every house with
  weekly opening hours (staffed, self-service) and a few closed days, so due dates and
  hold-shelf deadlines go through the calendar;
- 20,000 records; the 2,000 most popular have more copies (5–25) and long reservation
  queues, the rest 1–7 copies; 100,000 items in all, spread over the houses;
- items on the shelf, on loan (with an open Loan for a random patron), in transit, missing;
  a few reference copies and short loans;
- 20,000 patrons (a fifth children);
- 10,000 waiting reservations: Zipf-like queues on the popular titles, some for one wanted
  copy, some paused; plus reservations on the desk's titles that no copy may fill (paused,
  or for a copy that is on loan), so a check-in's queue lookup finds rows and turns them down;
- the search index rows for every record, as `reol demo` would leave them.

Deterministic (random.Random(SEED)). Needs a configured Django.
"""

import random
from dataclasses import dataclass
from datetime import date, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from rich.console import Console

from reol.catalogue.models import Item, LoanCategory, MaterialType, Record
from reol.circulation.models import Loan, LoanRule, Patron, Reservation
from reol.libraries.models import Branch, Library, OpeningException, OpeningPattern, Region
from reol.search.indexing import index_records

SEED = 2026
PID_PREFIX = "999999-circ:"
AGENCY_PREFIX = "99"  # 99xx00: never a real municipality's agency number
RECORDS = 20_000
POPULAR = 2_000  # the titles that reservations queue for
ITEMS = 100_000
PATRONS = 20_000
RESERVATIONS = 10_000
DESK_DECOYS = 400  # of RESERVATIONS: on the desk's own titles, never fillable
DESK_ITEMS = 2_000  # copies the checkout/check-in pairs cycle through
DESK_PATRONS = 1_000
BATCH = 5_000
VALID_FROM = date(2026, 1, 1)


@dataclass(frozen=True)
class Desk:
    """Where the pairs run: one house, its copies on the shelf, its library's patrons."""

    branch: Branch
    barcodes: list[str]
    cards: list[str]


def built() -> bool:
    return Library.objects.filter(agency__startswith=AGENCY_PREFIX).exists()


def build(console: Console) -> None:
    rng = random.Random(SEED)
    steps = [("network and opening hours", _network), ("records", _records),
             ("items", _items), ("patrons", _patrons), ("open loans", _loans),
             ("reservations", _reservations)]
    for label, step in steps:
        with console.status(f"Building {label}…"), transaction.atomic():
            step(rng)
        console.print(f"Built {label}.")
    with console.status("Indexing records for search…"):
        index_records(Record.objects.filter(pid__startswith=PID_PREFIX)
                      .order_by("pk").values_list("pk", flat=True))


def desk() -> Desk:
    """The first library's main house, the copies on its shelf whose title no reservation
    could take (so every pair leaves the data as it found it), and that library's patrons."""
    branch = Branch.objects.select_related("library").get(code="circ-1-main")
    fillable = {
        record_id
        for record_id, paused, wanted_status in Reservation.objects.filter(
            status=Reservation.Status.WAITING).values_list(
                "record_id", "pause_from", "wanted_item__status")
        if paused is None and wanted_status in (None, Item.Status.AVAILABLE)
    }
    barcodes = [
        barcode
        for barcode, record_id in Item.objects.filter(
            home_branch=branch, current_branch=branch, status=Item.Status.AVAILABLE,
            loan_category=LoanCategory.STANDARD, record__pid__startswith=PID_PREFIX,
        ).order_by("pk").values_list("barcode", "record_id")
        if record_id not in fillable
    ][:DESK_ITEMS]
    cards = list(Patron.objects.filter(library=branch.library).order_by("pk")
                 .values_list("card", flat=True)[:DESK_PATRONS])
    return Desk(branch, barcodes, cards)


# --- the steps ------------------------------------------------------------------------------


def _network(rng: random.Random) -> None:
    regions = [Region.objects.create(name=f"Bench region {n}", municipalities=10)
               for n in range(1, 4)]
    for n in range(1, 7):
        library = Library.objects.create(
            agency=f"{AGENCY_PREFIX}{n:02d}00", name=f"Bench Bibliotek {n}",
            municipality=f"Bench {n}", region=regions[(n - 1) // 2])
        Branch.objects.create(library=library, code=f"circ-{n}-main", name=f"Hovedbibliotek {n}",
                              kind=Branch.Kind.MAIN)
        for b in (1, 2):
            Branch.objects.create(library=library, code=f"circ-{n}-b{b}",
                                  name=f"Filial {n}.{b}", kind=Branch.Kind.BRANCH)
        # The library's own rules, so the rule lookup has cells to weigh.
        LoanRule.objects.create(library=library, max_loans=50, note="bench")
        LoanRule.objects.create(library=library, material_type=MaterialType.FILM, loan_days=14)
    LoanRule.objects.get_or_create(library=None, patron_group="", loan_category="",
                                   material_type=MaterialType.GAME, defaults={"loan_days": 21})
    _hours()


def _hours() -> None:
    """Staffed 10–18 on weekdays (the branches 13–18) and 10–14 on Saturdays, self-service
    7–22 every day; closed on four dates around Christmas."""
    patterns, exceptions = [], []
    for branch in Branch.objects.filter(code__startswith="circ-"):
        staffed_from = time(10) if branch.kind == Branch.Kind.MAIN else time(13)
        for weekday in range(7):
            patterns.append(OpeningPattern(branch=branch, valid_from=VALID_FROM, weekday=weekday,
                                           opens=time(7), closes=time(22),
                                           service="self_service"))
            if weekday < 5:
                patterns.append(OpeningPattern(branch=branch, valid_from=VALID_FROM,
                                               weekday=weekday, opens=staffed_from,
                                               closes=time(18)))
            elif weekday == 5:
                patterns.append(OpeningPattern(branch=branch, valid_from=VALID_FROM,
                                               weekday=weekday, opens=time(10),
                                               closes=time(14)))
        exceptions += [OpeningException(branch=branch, date=date(2026, 12, day), reason="Jul")
                       for day in (23, 24, 25, 31)]
    OpeningPattern.objects.bulk_create(patterns)
    OpeningException.objects.bulk_create(exceptions)


def _records(rng: random.Random) -> None:
    kinds = [MaterialType.BOOK, MaterialType.AUDIOBOOK, MaterialType.FILM, MaterialType.GAME,
             MaterialType.PERIODICAL]
    rows = (
        Record(pid=f"{PID_PREFIX}{n:06d}", title=f"Bench titel {n}", creators=[f"Forfatter {n}"],
               subjects=["bench"], language="dan",
               material_type=rng.choices(kinds, (80, 8, 7, 2, 3))[0],
               audience=rng.choices(["adult", "children"], (70, 30))[0], year=2000 + n % 26)
        for n in range(RECORDS)
    )
    Record.objects.bulk_create(rows, batch_size=BATCH)


def _copies(rng: random.Random) -> list[int]:
    """Copies per record, most popular first, adding up to ITEMS."""
    counts = [rng.randint(5, 25) if n < POPULAR else rng.randint(1, 7) for n in range(RECORDS)]
    n = POPULAR
    while sum(counts) != ITEMS:  # adjust the long tail by one copy at a time
        step = 1 if sum(counts) < ITEMS else -1
        if counts[n] + step >= 1:
            counts[n] += step
        n = POPULAR + (n - POPULAR + 1) % (RECORDS - POPULAR)
    return counts


def _items(rng: random.Random) -> None:
    records = list(Record.objects.filter(pid__startswith=PID_PREFIX).order_by("pid")
                   .values_list("pk", flat=True))
    branches = list(Branch.objects.filter(code__startswith="circ-").select_related("library"))
    statuses = [Item.Status.AVAILABLE, Item.Status.ON_LOAN, Item.Status.IN_TRANSIT,
                Item.Status.MISSING]
    rows, serial = [], 0
    for rank, (record_id, copies) in enumerate(zip(records, _copies(rng), strict=True)):
        # Popular titles are mostly out; the tail mostly on the shelf.
        weights = (25, 70, 3, 2) if rank < POPULAR else (65, 30, 3, 2)
        for _ in range(copies):
            serial += 1
            home = rng.choice(branches)
            status = rng.choices(statuses, weights)[0]
            current = rng.choice(branches) if status == Item.Status.IN_TRANSIT else home
            category = rng.choices([LoanCategory.STANDARD, LoanCategory.SHORT,
                                    LoanCategory.REFERENCE], (92, 5, 3))[0]
            if category == LoanCategory.REFERENCE:
                status = Item.Status.AVAILABLE
            rows.append(Item(barcode=f"59{serial:08d}", record_id=record_id,
                             library_id=home.library_id, home_branch=home, current_branch=current,
                             loan_category=category, status=status))
            if len(rows) == BATCH:
                Item.objects.bulk_create(rows)
                rows = []
    Item.objects.bulk_create(rows)


def _patrons(rng: random.Random) -> None:
    pin = make_password("1234")
    libraries = list(Library.objects.filter(agency__startswith=AGENCY_PREFIX).order_by("agency"))
    today = timezone.localdate()
    rows = []
    for n in range(PATRONS):
        child = rng.random() < 0.2
        years = rng.randint(4, 17) if child else rng.randint(18, 90)
        rows.append(Patron(
            card=f"88{n:08d}", pin=pin, name=f"Låner {n}",
            birth_date=today - timedelta(days=years * 365 + rng.randint(0, 364)),
            library=libraries[n % len(libraries)], email=f"laaner{n}@example.dk"))
    Patron.objects.bulk_create(rows, batch_size=BATCH)


def _loans(rng: random.Random) -> None:
    patrons = list(Patron.objects.filter(card__startswith="88").values_list("pk", flat=True))
    now = timezone.now()
    rows = []
    for pk, branch_id in Item.objects.filter(
        status=Item.Status.ON_LOAN, record__pid__startswith=PID_PREFIX
    ).values_list("pk", "home_branch_id"):
        out = now - timedelta(days=rng.randint(0, 40), minutes=rng.randint(0, 600))
        rows.append(Loan(item_id=pk, patron_id=rng.choice(patrons), branch_id=branch_id,
                         checked_out=out, due=(out + timedelta(days=30)).date()))
    Loan.objects.bulk_create(rows, batch_size=BATCH)


def _reservations(rng: random.Random) -> None:
    records = list(Record.objects.filter(pid__startswith=PID_PREFIX).order_by("pid")
                   .values_list("pk", flat=True))
    copies: dict[int, list[tuple[int, str]]] = {}
    for pk, record_id, status in Item.objects.filter(record_id__in=records).values_list(
            "pk", "record_id", "status"):
        copies.setdefault(record_id, []).append((pk, status))
    patrons = list(Patron.objects.filter(card__startswith="88").values_list("pk", "library_id"))
    pickups: dict[int, list[int]] = {}
    for pk, library_id in Branch.objects.filter(code__startswith="circ-").values_list(
            "pk", "library_id"):
        pickups.setdefault(library_id, []).append(pk)
    now = timezone.now()
    today = timezone.localdate(now)
    rows = []

    def reserve(record_id: int, patron: tuple[int, int], **fields) -> None:
        placed = now - timedelta(days=rng.randint(0, 120), minutes=rng.randint(0, 1440))
        rows.append(Reservation(
            patron_id=patron[0], record_id=record_id, pickup_branch_id=rng.choice(
                pickups[patron[1]]), placed=placed,
            interest_until=placed.date() + timedelta(days=180), **fields))

    # Zipf-like queue lengths on the popular titles (the first has a few hundred in line).
    weights = [1 / (rank + 1) ** 0.9 for rank in range(POPULAR)]
    queued = rng.choices(range(POPULAR), weights, k=RESERVATIONS - DESK_DECOYS)
    queues: dict[int, int] = {}
    for rank in queued:
        queues[rank] = queues.get(rank, 0) + 1
    for rank, length in queues.items():
        record_id = records[rank]
        for patron in rng.sample(patrons, length):
            fields: dict = {}
            roll = rng.random()
            if roll < 0.05:  # this one copy, say the large-print edition
                fields["wanted_item_id"] = rng.choice(copies[record_id])[0]
            elif roll < 0.08:  # away on holiday
                fields.update(pause_from=today - timedelta(days=3),
                              pause_to=today + timedelta(days=10))
            reserve(record_id, patron, **fields)
    _desk_decoys(rng, copies, patrons, reserve, today)
    Reservation.objects.bulk_create(rows, batch_size=BATCH)


def _desk_decoys(rng, copies, patrons, reserve, today: date) -> None:
    """Reservations on titles the desk lends that no copy may take: paused ones, and ones
    for a copy that is out on loan. They sit in the check-in's queue lookup all the same."""
    desk = Branch.objects.get(code="circ-1-main")
    titles = list(Item.objects.filter(
        home_branch=desk, status=Item.Status.AVAILABLE, loan_category=LoanCategory.STANDARD,
    ).order_by("record_id").values_list("record_id", flat=True).distinct())
    for made, record_id in enumerate(rng.sample(titles, len(titles))):
        if made == DESK_DECOYS:
            return
        out = [pk for pk, status in copies[record_id] if status == Item.Status.ON_LOAN]
        patron = rng.choice(patrons)
        if out and made % 2:
            reserve(record_id, patron, wanted_item_id=out[0])
        else:
            reserve(record_id, patron, pause_from=today - timedelta(days=1),
                    pause_to=today + timedelta(days=60))
