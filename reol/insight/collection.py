"""Collection advice from the event log and the shelves: what to buy (holds ratio), what to
weed (not lent for N years), and what the collection is and how it is used (profile).

Read-only. Reservations and copies are live state by nature (a queue is now); loans, asks
and "last lent" come only from the event log.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Max, Q
from django.utils import timezone

from reol.catalogue.models import Item, LoanCategory, Record
from reol.circulation.models import Reservation
from reol.collection import rules, services
from reol.collection.models import CollectionPolicy
from reol.core.models import Event
from reol.digital.models import DigitalReservation
from reol.libraries.models import Branch, Library

GONE = Item.GONE


def policy(library: Library | None) -> CollectionPolicy:
    """The library's policy, or the defaults (unsaved) where it has none."""
    found = CollectionPolicy.objects.filter(library=library).first() if library else None
    return found or CollectionPolicy(library=library)


# --- buying by demand ----------------------------------------------------------------------


@dataclass
class HoldsRow:
    record: Record
    waiting: int
    copies: int
    on_order: int
    ratio: float | None  # None: no loanable copy at all
    to_buy: int


def holds_ratio(library: Library | None = None,
                threshold: Decimal | None = None) -> tuple[Decimal, list[HoldsRow]]:
    """Titles with more waiting reservations per loanable copy than the threshold, in one
    library (reservations picked up there, its copies and orders) or the whole network."""
    if threshold is None:
        threshold = policy(library).holds_ratio_threshold if library else rules.DEFAULT_THRESHOLD
    waiting_q = Reservation.objects.filter(status=Reservation.Status.WAITING)
    items = Item.objects.exclude(status__in=GONE).exclude(loan_category=LoanCategory.REFERENCE)
    if library is not None:
        waiting_q = waiting_q.filter(pickup_branch__library=library)
        items = items.filter(library=library)
    waiting = dict(waiting_q.values_list("record_id").annotate(n=Count("id")))
    copies = dict(items.filter(record_id__in=waiting).values_list("record_id")
                  .annotate(n=Count("id")))
    # Digital reservations wait for a one-copy licence's copies: buy more licences.
    digital = DigitalReservation.objects.all()
    if library is not None:
        digital = digital.filter(patron__library=library)
    for record_id, licences, n in (digital.values_list("title__record_id", "title__copies")
                                   .annotate(n=Count("id"))):
        waiting[record_id], copies[record_id] = n, licences
    candidates = [r for r, n in waiting.items()
                  if rules.over_threshold(n, copies.get(r, 0), threshold)]
    on_order = services.on_order(library, candidates)
    records = Record.objects.in_bulk(candidates)
    rows = [HoldsRow(records[r], waiting[r], copies.get(r, 0), on_order.get(r, 0),
                     rules.holds_ratio(waiting[r], copies.get(r, 0)),
                     rules.copies_to_buy(waiting[r], copies.get(r, 0), on_order.get(r, 0),
                                         threshold))
            for r in candidates]
    rows.sort(key=lambda row: (-row.to_buy, -(row.ratio or row.waiting), row.record.title))
    return threshold, rows


# --- weeding -------------------------------------------------------------------------------


@dataclass
class WeedingItem:
    item: Item
    last_loan: datetime | None  # None: never lent as far as the log reaches


@dataclass
class Shelf:
    name: str
    copies: int  # all copies of the branch on this shelf
    items: list[WeedingItem] = field(default_factory=list)


def weeding(branch: Branch, years: int | None = None,
            now: datetime | None = None) -> tuple[int, list[Shelf]]:
    """Copies at home in the branch that no one has borrowed for `years` (the library's
    policy by default), shelf by shelf. Titles published within those years are spared: a
    new book is not dead stock, and the log cannot tell when a copy was bought."""
    now = now or timezone.now()
    years = years or policy(branch.library).weeding_years
    cutoff = now - timedelta(days=round(365.25 * years))
    checkouts = Event.objects.filter(kind=Event.Kind.CHECKOUT, item__home_branch=branch)
    lent = checkouts.filter(time__gte=cutoff).values("item_id")
    stock = Item.objects.filter(home_branch=branch).exclude(status=Item.Status.WITHDRAWN)
    candidates = (stock.exclude(pk__in=lent).exclude(status=Item.Status.ON_LOAN)
                  .exclude(record__year__gt=timezone.localdate(now).year - years)
                  .select_related("record").order_by("shelf_location", "record__title", "pk"))
    last = dict(checkouts.filter(time__lt=cutoff).values_list("item_id")
                .annotate(last=Max("time")))
    totals = dict(stock.values_list("shelf_location").annotate(n=Count("id")))
    shelves: dict[str, Shelf] = {}
    for item in candidates:
        shelf = shelves.setdefault(item.shelf_location,
                                   Shelf(item.shelf_location, totals[item.shelf_location]))
        shelf.items.append(WeedingItem(item, last.get(item.pk)))
    return years, list(shelves.values())


# --- collection profile --------------------------------------------------------------------


@dataclass
class Slice:
    key: str
    titles: int = 0
    copies: int = 0
    loans: int = 0

    @property
    def loans_per_copy(self) -> float | None:
        return self.loans / self.copies if self.copies else None


@dataclass
class TitleUse:
    record: Record
    copies: int
    loans: int

    @property
    def loans_per_copy(self) -> float:
        return self.loans / self.copies


@dataclass
class LanguageDemand:
    code: str
    copies: int
    held_share: float
    reservations: int
    interlibrary: int
    asked_share: float


@dataclass
class Profile:
    library: Library
    start: datetime
    end: datetime
    copies: int
    titles: int
    loans: int
    by: dict[str, list[Slice]]  # material_type, audience, language, subject
    highest: list[TitleUse]
    lowest: list[TitleUse]
    languages: list[LanguageDemand]

    @property
    def loans_per_copy(self) -> float | None:
        return self.loans / self.copies if self.copies else None


DIMENSIONS = ("material_type", "audience", "language", "subject")
SUBJECTS_SHOWN = 25
TITLES_SHOWN = 10


def profile(library: Library, start: datetime | None = None,
            end: datetime | None = None) -> Profile:
    """The library's collection (copies not withdrawn) and its loans in [start, end), by
    material type, audience, language and subject (a title counts under each subject)."""
    end = end or timezone.now()
    start = start or end - timedelta(days=365)
    copies = dict(Item.objects.filter(library=library).exclude(status=Item.Status.WITHDRAWN)
                  .values_list("record_id").annotate(n=Count("id")))
    loans = dict(Event.objects.filter(kind=Event.Kind.CHECKOUT, library=library,
                                      time__gte=start, time__lt=end, record__isnull=False)
                 .values_list("record_id").annotate(n=Count("id")))
    records = Record.objects.in_bulk(set(copies) | set(loans))
    slices: dict[str, dict[str, Slice]] = {d: {} for d in DIMENSIONS}
    for pk, record in records.items():
        keys = {"material_type": [record.material_type], "audience": [record.audience],
                "language": [record.language or "und"],
                "subject": [*(record.subjects or []), *(record.genres or [])]}
        for dimension, values in keys.items():
            for value in values:
                s = slices[dimension].setdefault(value, Slice(value))
                s.titles += pk in copies
                s.copies += copies.get(pk, 0)
                s.loans += loans.get(pk, 0)
    by = {d: sorted(v.values(), key=lambda s: (-s.copies, -s.loans, s.key))
          for d, v in slices.items()}
    by["subject"] = by["subject"][:SUBJECTS_SHOWN]
    used = [TitleUse(records[pk], n, loans.get(pk, 0)) for pk, n in copies.items()]
    highest = sorted(used, key=lambda t: (-t.loans_per_copy, -t.loans, t.record.title))
    lowest = sorted(used, key=lambda t: (t.loans_per_copy, -t.copies, t.record.title))
    return Profile(library, start, end, sum(copies.values()), len(copies),
                   sum(loans.values()), by, highest[:TITLES_SHOWN], lowest[:TITLES_SHOWN],
                   languages(library, start, end, copies, records))


def languages(library: Library, start: datetime, end: datetime, copies: dict[int, int],
              records: dict[int, Record]) -> list[LanguageDemand]:
    """Languages held (copies) against languages asked for: reservations placed by the
    library's patrons, and of those the interlibrary requests it sent, by the title's
    language. An interlibrary request begins as a reservation, so it is not added twice."""
    held: Counter = Counter()
    for pk, n in copies.items():
        held[records[pk].language or "und"] += n
    period = Q(library=library, time__gte=start, time__lt=end, record__isnull=False)
    asked = Counter(dict(Event.objects.filter(period, kind=Event.Kind.RESERVATION_PLACED)
                         .values_list("record__language").annotate(n=Count("id"))))
    asked = Counter({(k or "und"): v for k, v in asked.items()})
    requests: dict[str, set] = defaultdict(set)
    for language, request in (Event.objects.filter(period, kind=Event.Kind.INTERLIBRARY,
                                                   detail__ill="requested",
                                                   detail__role="requester")
                              .values_list("record__language", "detail__request")):
        requests[language or "und"].add(request)
    held_total, asked_total = sum(held.values()) or 1, sum(asked.values()) or 1
    rows = [LanguageDemand(code, held[code], held[code] / held_total, asked[code],
                           len(requests[code]), asked[code] / asked_total)
            for code in set(held) | set(asked)]
    return sorted(rows, key=lambda r: (-r.copies, -r.reservations, r.code))
