"""Reservations: placing and changing them, allocating copies, the hold shelf and transit."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from reol import sql
from reol.catalogue.models import Item, LoanCategory, Record, Work
from reol.core import outbox
from reol.core.models import Event
from reol.libraries import calendar
from reol.libraries.models import BookmobileStop, Branch
from reol.refusals import refuse

from . import editions, facts, log, notices, rules
from .models import Loan, Patron, Reservation, Transit

# Copies that circulate, now or soon: a copy in repair comes back (a damaged one may not).
LENDABLE = (Item.Status.AVAILABLE, Item.Status.ON_LOAN, Item.Status.IN_TRANSIT,
            Item.Status.ON_HOLD_SHELF, Item.Status.IN_REPAIR)


def _place(branch: Branch) -> rules.Place:
    return rules.Place(branch.pk, branch.library_id, branch.library.region_id)


def waiting_now(today: date) -> Q:
    """Reservations that may receive a copy today: waiting, not paused, still wanted."""
    return (
        Q(status=Reservation.Status.WAITING, interest_until__gte=today)
        & ~Q(pause_from__lte=today, pause_to__gte=today)
        & ~Q(patron__pause_from__lte=today, patron__pause_to__gte=today)
    )


def place_reservation(
    patron: Patron,
    record: Record | str,
    pickup_branch: Branch | str,
    *,
    pickup_stop: BookmobileStop | int | None = None,
    wanted_item: Item | str | None = None,
    interest_until: date | None = None,
    any_edition: bool = False,
    now: datetime | None = None,
) -> Reservation:
    """Reserve a record, or with `any_edition` its work in its format: then any copy of any
    edition of that format fills the reservation, whichever comes first."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        patron = Patron.objects.select_for_update().get(pk=patron.pk)
        if isinstance(record, str):
            record = Record.objects.filter(pid=record).first()
            if record is None:
                raise refuse("unknown_record")
        if isinstance(wanted_item, str):
            wanted_item = Item.objects.filter(barcode=wanted_item, record=record).first()
            if wanted_item is None:
                raise refuse("unknown_barcode.copy")
        branch = facts.branch_by_code(pickup_branch)
        stop = _stop(branch, pickup_stop)
        terms = facts.patron_terms(patron, today)
        pool = editions.editions([record.pk])[record.pk]
        wanted = pool if any_edition and not wanted_item else {record.pk}
        copies = Item.objects.filter(record__in=wanted, status__in=LENDABLE).exclude(
            loan_category=LoanCategory.REFERENCE
        )
        if wanted_item:
            copies = copies.filter(pk=wanted_item.pk)
        refusal = rules.reservation_refusal(
            has_copies=copies.exists(),
            # One reservation per work and format: an "any edition" one covers every edition.
            already_reserved=Reservation.objects.filter(
                Q(record__in=wanted) | Q(record__in=pool, any_edition=True),
                patron=patron, status__in=Reservation.ACTIVE,
            ).exists(),
            already_on_loan=Loan.objects.filter(
                patron=patron, item__record__in=wanted, returned__isnull=True
            ).exists(),
            open_reservations=Reservation.objects.filter(
                patron=patron, status__in=Reservation.ACTIVE
            ).count(),
            max_reservations=terms.max_reservations,
            pickup_ok=_pickup_ok(patron, branch, stop),
            block=facts.block(patron),
        )
        if refusal:
            raise refusal
        if interest_until is not None and interest_until < today:
            raise refuse("bad_interest.passed")
        reservation = Reservation.objects.create(
            patron=patron,
            record=record,
            any_edition=any_edition and not wanted_item,
            wanted_item=wanted_item,
            pickup_branch=branch,
            pickup_stop=stop,
            placed=now,
            interest_until=interest_until
            or rules.interest_until(today, patron.interest_days or terms.interest_days),
        )
        log.event(Event.Kind.RESERVATION_PLACED, now, branch=branch, record=record,
                  patron=patron, library_id=patron.library_id)
        allocate(now=now, records=[record.pk])
        reservation.refresh_from_db()
    return reservation


def reserve_work(
    patron: Patron,
    work: Work | int,
    material_type: str,
    pickup_branch: Branch | str,
    **options,
) -> Reservation:
    """Reserve a work in a format, any edition: the reservation stands on the edition with
    the most copies, and any copy of any edition of that format fills it."""
    work_id = work.pk if isinstance(work, Work) else work
    if not Work.objects.filter(pk=work_id).exists():
        raise refuse("unknown_work")
    record = (
        Record.objects.filter(work_id=work_id, material_type=material_type)
        .annotate(copies=Count("items", filter=Q(items__status__in=LENDABLE)
                               & ~Q(items__loan_category=LoanCategory.REFERENCE)))
        .order_by("-copies", "pk").first()
    )
    if record is None:
        raise refuse("no_such_format")
    return place_reservation(patron, record, pickup_branch, any_edition=True, **options)


def _stop(branch: Branch, stop: BookmobileStop | int | None) -> BookmobileStop | None:
    if stop is None:
        return None
    found = BookmobileStop.objects.filter(
        branch=branch, pk=stop.pk if isinstance(stop, BookmobileStop) else stop
    ).first()
    if found is None:
        raise refuse("bad_pickup.stop")
    return found


def _pickup_ok(patron: Patron, branch: Branch, stop: BookmobileStop | None) -> bool:
    """Patrons collect at a staffed or open house of their own library, or a bookmobile stop;
    a deposit collection (at a school, a care home) has no hold shelf."""
    if branch.library_id != patron.library_id or branch.kind == Branch.Kind.DEPOSIT:
        return False
    return branch.kind != Branch.Kind.BOOKMOBILE or stop is not None


def _mine(reservation: Reservation | int, patron: Patron | None) -> Reservation:
    rid = reservation.pk if isinstance(reservation, Reservation) else reservation
    found = (
        Reservation.objects.select_for_update(of=("self",))
        .select_related("item", "pickup_branch__library", "patron", "record")
        .filter(pk=rid, status__in=Reservation.ACTIVE)
        .first()
    )
    if found is None or (patron is not None and found.patron_id != patron.pk):
        raise refuse("unknown_reservation")
    return found


def cancel_reservation(
    reservation: Reservation | int,
    *,
    patron: Patron | None = None,
    reason: str = "cancelled",
    now: datetime | None = None,
) -> Reservation:
    now = now or timezone.now()
    with transaction.atomic():
        reservation = _mine(reservation, patron)
        _close(reservation, Reservation.Status.CANCELLED, reason, now)
    return reservation


def _close(reservation: Reservation, status: str, reason: str, now: datetime) -> None:
    """End a reservation; a copy it held goes on to the next in the queue or home."""
    item, was_shelved = reservation.item, reservation.status == Reservation.Status.ON_HOLD_SHELF
    reservation.status = status
    reservation.closed = now
    reservation.closed_reason = reason
    reservation.save(update_fields=["status", "closed", "closed_reason"])
    kind = (Event.Kind.RESERVATION_CANCELLED if status == Reservation.Status.CANCELLED
            else Event.Kind.RESERVATION_EXPIRED)
    log.event(kind, now, branch=reservation.pickup_branch, record=reservation.record,
              patron=reservation.patron, reason=reason)
    if item is not None and was_shelved:
        # The copy sits on this hold shelf. If the next in line collects here too, it stays
        # on the shelf with a new pickup number; otherwise it waits on the shelf's "to clear"
        # list until staff take it off and scan it, and check-in sends it on.
        item = Item.objects.select_for_update(of=("self",)).select_related(
            "record", "home_branch", "current_branch").get(pk=item.pk)
        today = timezone.localdate(now)
        following = _capture(item, item.current_branch, today, now, only_here=True)
        if following is not None:
            _shelve(item, following, today, now)


def pause_reservation(
    reservation: Reservation | int,
    pause_from: date | None,
    pause_to: date | None,
    *,
    patron: Patron | None = None,
) -> Reservation:
    if pause_from and pause_to and pause_to < pause_from:
        raise refuse("bad_pause")
    with transaction.atomic():
        reservation = _mine(reservation, patron)
        if reservation.status != Reservation.Status.WAITING and pause_from:
            raise refuse("already_allocated")
        reservation.pause_from, reservation.pause_to = pause_from, pause_to
        reservation.save(update_fields=["pause_from", "pause_to"])
    return reservation


def change_interest(
    reservation: Reservation | int,
    interest_until: date,
    *,
    patron: Patron | None = None,
    now: datetime | None = None,
) -> Reservation:
    """Move the day after which the patron no longer wants it; never into the past."""
    if interest_until < timezone.localdate(now or timezone.now()):
        raise refuse("bad_interest.passed")
    with transaction.atomic():
        reservation = _mine(reservation, patron)
        reservation.interest_until = interest_until
        reservation.save(update_fields=["interest_until"])
    return reservation


def change_pickup(
    reservation: Reservation | int,
    branch: Branch | str,
    *,
    stop: BookmobileStop | int | None = None,
    patron: Patron | None = None,
    now: datetime | None = None,
) -> Reservation:
    now = now or timezone.now()
    with transaction.atomic():
        reservation = _mine(reservation, patron)
        branch = facts.branch_by_code(branch)
        stop = _stop(branch, stop)
        if not _pickup_ok(reservation.patron, branch, stop):
            raise rules.reservation_refusal(
                has_copies=True, already_reserved=False, already_on_loan=False,
                open_reservations=0, max_reservations=1, pickup_ok=False, block=None)
        item = reservation.item
        if reservation.status == Reservation.Status.ON_HOLD_SHELF or (
            item is not None and item.status != Item.Status.AVAILABLE
        ):
            raise refuse("already_on_its_way")
        reservation.pickup_branch, reservation.pickup_stop = branch, stop
        reservation.status, reservation.item = Reservation.Status.WAITING, None
        reservation.save(update_fields=["pickup_branch", "pickup_stop", "status", "item"])
        allocate(now=now, records=[reservation.record_id])
        reservation.refresh_from_db()
    return reservation


def others_waiting(item: Item, patron: Patron, today: date) -> bool:
    """Would renewing keep a copy from someone? Only when waiting reservations outnumber the
    copies on the shelf that could fill them."""
    waiting = Reservation.objects.filter(
        waiting_now(today), editions.reserving(item.record),
        pickup_branch__library=item.library_id,
    ).exclude(patron=patron).filter(Q(wanted_item__isnull=True) | Q(wanted_item=item))
    count = waiting.count()
    if not count:
        return False
    free = Item.objects.filter(record=item.record_id, status=Item.Status.AVAILABLE,
                               library=item.library_id).exclude(
        loan_category=LoanCategory.REFERENCE
    ).exclude(reservations__status__in=Reservation.HOLDING).count()
    return count > free


# --- where a copy goes next -----------------------------------------------------------------


@dataclass
class Routing:
    """What to do with a copy in hand: shelve it, put it on the hold shelf, or send it."""

    action: str  # "shelf", "hold_shelf", "transit", "lender"
    to_branch: Branch | None = None
    reservation: Reservation | None = None
    transit: Transit | None = None
    to_library: str = ""  # "lender": the library a borrowed copy goes back to


# Apps that own some copies say where those go when they are checked in: sharing sends a
# borrowed copy back to its lender. Each is asked with (item, branch, now) and answers a
# Routing, having moved the copy itself, or None to leave it to the rules below.
_DESTINATIONS: list[Callable[[Item, Branch, datetime], "Routing | None"]] = []


def register_destination(decide: Callable[[Item, Branch, datetime], "Routing | None"]) -> None:
    _DESTINATIONS.append(decide)


def route(item: Item, branch: Branch, now: datetime) -> Routing:
    """A copy is in hand at `branch` (checked in, pulled, or left on an expired hold shelf)."""
    today = timezone.localdate(now)
    was = item.status  # a copy that was on loan is neither in transit nor held by anyone
    open_transit = (
        Transit.objects.filter(item=item, received__isnull=True).first()
        if was == Item.Status.IN_TRANSIT else None
    )
    if open_transit:
        open_transit.received = now
        open_transit.save(update_fields=["received"])
        log.event(Event.Kind.TRANSIT_RECEIVED, now, branch=branch, item=item,
                  from_branch=open_transit.from_branch.code)
    item.current_branch = branch
    for decide in _DESTINATIONS:
        if routing := decide(item, branch, now):
            return routing
    holding = None
    if was in (Item.Status.AVAILABLE, Item.Status.IN_TRANSIT, Item.Status.ON_HOLD_SHELF):
        holding = (
            Reservation.objects.select_related("pickup_branch__library", "patron")
            .filter(item=item, status__in=Reservation.HOLDING)
            .first()
        )
    reservation = holding or _capture(item, branch, today, now)
    if reservation is not None:
        if reservation.pickup_branch_id == branch.pk:
            return _shelve(item, reservation, today, now)
        return _send(item, branch, reservation.pickup_branch, Transit.Reason.RESERVATION, now,
                     reservation)
    if branch.pk != item.home_branch_id:
        return _send(item, branch, item.home_branch, Transit.Reason.HOME, now)
    item.status = Item.Status.AVAILABLE
    sql.update(item, ["status", "current_branch"])  # most returns end here: by hand
    return Routing("shelf", branch)


def route_new(items: list[Item], branch: Branch, now: datetime) -> list[Routing]:
    """New copies of one title in hand at `branch` (just received from a vendor): each goes
    where a returned copy would. Most titles have nobody waiting at their library, and a new
    copy at its home branch is already on the shelf: one statement says so for the lot,
    instead of routing copy by copy."""
    today = timezone.localdate(now)
    routings: list[Routing] = []
    waiting = True
    for item in items:
        waiting = waiting and _anyone_waiting(item, today)
        if waiting or branch.pk != item.home_branch_id:
            routings.append(route(item, branch, now))
        else:
            routings.append(Routing("shelf", branch))
    return routings


_ANYONE_WAITING = sql.Statement(lambda: (
    f"SELECT 1 FROM {sql.table(Reservation)} v"
    f" JOIN {sql.table(Branch)} b ON b.id = v.pickup_branch_id"
    # The copy's record and the records of its work in its format ("any edition").
    f" WHERE v.record_id IN (SELECT o.id FROM {sql.table(Record)} o, {sql.table(Record)} r"
    "  WHERE r.id = %s AND (o.id = r.id OR (o.work_id = r.work_id"
    "  AND o.material_type = r.material_type)))"
    " AND (v.record_id = %s OR v.any_edition = %s)"
    " AND v.status = %s AND b.library_id = %s AND v.interest_until >= %s"
    " LIMIT 1"
))


def _anyone_waiting(item: Item, today: date) -> bool:
    """Most returned copies have no queue at their library: one hand-written statement says
    so (_capture's own query then decides among those who wait)."""
    return bool(sql.fetch(_ANYONE_WAITING, [item.record_id, item.record_id, True,
                                            Reservation.Status.WAITING, item.library_id, today]))


def _capture(item: Item, branch: Branch, today: date, now: datetime,
             only_here: bool = False) -> Reservation | None:
    """The waiting reservation that this copy serves best, by queue order then transport.
    With `only_here`, it captures only when that reservation is picked up at `branch`."""
    if item.loan_category == LoanCategory.REFERENCE or not _anyone_waiting(item, today):
        return None
    # Locked: two copies checked in at once must not both capture the same reservation (on
    # PostgreSQL the second waits, then no longer sees it as waiting).
    queue = list(
        Reservation.objects.select_for_update(of=("self",))
        .select_related("pickup_branch__library", "patron")
        .filter(waiting_now(today), editions.reserving(item.record),
                pickup_branch__library=item.library_id)
        .filter(Q(wanted_item__isnull=True) | Q(wanted_item=item))
        .order_by("placed", "id")[:50]
    )
    if not queue:
        return None
    copy = rules.Copy(item.pk, item.record_id, _place(branch))
    pools = editions.editions({r.record_id for r in queue if r.any_edition})
    waiting = [
        rules.Waiting(r.pk, r.record_id, _place(r.pickup_branch), r.wanted_item_id,
                      rules.patron_group(r.patron.birth_date, today),
                      pools.get(r.record_id, frozenset()) if r.any_edition else frozenset())
        for r in queue
    ]
    pairs = rules.allocate(waiting, [copy])
    if not pairs:
        return None
    chosen, _, cost = pairs[0]
    reservation = next(r for r in queue if r.pk == chosen.id)
    if only_here and reservation.pickup_branch_id != branch.pk:
        return None
    reservation.item = item
    reservation.status = Reservation.Status.ALLOCATED
    reservation.allocation = _why(copy, chosen, queue.index(reservation) + 1, cost, branch,
                                  "check_in")
    reservation.save(update_fields=["item", "status", "allocation"])
    log.event(Event.Kind.RESERVATION_ALLOCATED, now, branch=branch, item=item,
              patron=reservation.patron)
    return reservation


def _why(copy: rules.Copy, waiting: rules.Waiting, position: int, cost: int, branch: Branch,
         how: str) -> dict:
    return {
        "how": how,
        "from_branch": branch.code,
        "queue_position": position,
        "transport_days": rules.transport_days(copy.at, waiting.pickup),
        "cost": cost,
    }


def _shelve(item: Item, reservation: Reservation, today: date, now: datetime) -> Routing:
    branch = reservation.pickup_branch
    terms = facts.terms(reservation.patron, item, today)
    taken = Reservation.objects.filter(
        pickup_branch=branch, status=Reservation.Status.ON_HOLD_SHELF
    ).values_list("pickup_number", flat=True)
    reservation.pickup_number = rules.pickup_number(taken)
    reservation.shelf_deadline = calendar.add_open_days(branch, today, terms.hold_shelf_days)
    reservation.status = Reservation.Status.ON_HOLD_SHELF
    reservation.save(update_fields=["pickup_number", "shelf_deadline", "status"])
    item.status = Item.Status.ON_HOLD_SHELF
    item.save(update_fields=["status", "current_branch"])
    log.event(Event.Kind.RESERVATION_SHELVED, now, branch=branch, item=item,
              patron=reservation.patron, pickup_number=reservation.pickup_number)
    notices.queue(reservation.patron, "ready", f"ready:{reservation.pk}:{today}",
                  reservation=reservation)
    return Routing("hold_shelf", branch, reservation)


@outbox.holds_while("ready")
def _still_on_the_shelf(key: str, today: date) -> bool:
    """A pickup notice holds while its reservation waits on the hold shelf, within the
    deadline: not once it is collected, cancelled or expired."""
    return Reservation.objects.filter(pk=outbox.key_id(key), shelf_deadline__gte=today,
                                      status=Reservation.Status.ON_HOLD_SHELF).exists()


def _send(item: Item, here: Branch, to: Branch, reason: str, now: datetime,
          reservation: Reservation | None = None) -> Routing:
    transit = Transit.objects.create(item=item, from_branch=here, to_branch=to, reason=reason,
                                     reservation=reservation, sent=now)
    item.status = Item.Status.IN_TRANSIT
    item.save(update_fields=["status", "current_branch"])
    log.event(Event.Kind.TRANSIT_SENT, now, branch=here, item=item, to_branch=to.code,
              reason=reason)
    return Routing("transit", to, reservation, transit)


# --- allocation ---------------------------------------------------------------------------


@dataclass
class Allocation:
    reservations: int
    copies: int
    allocated: int


def allocate(now: datetime | None = None, records: list[int] | None = None) -> Allocation:
    """Give copies on the shelves to waiting reservations: one minimum-cost assignment over all
    of them (rules.allocate). An allocated copy appears on its branch's pull list."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        waiting_rows = Reservation.objects.filter(waiting_now(today))
        if records is not None:
            # A copy of one edition may fill an "any edition" reservation placed on another.
            waiting_rows = waiting_rows.filter(
                record__in=set().union(*editions.editions(records).values()))
        waiting_rows = list(
            waiting_rows.select_for_update(of=("self",)).order_by("placed", "id").values_list(
                "pk", "record_id", "wanted_item_id", "patron__birth_date", "pickup_branch_id",
                "pickup_branch__library_id", "pickup_branch__library__region_id",
                "any_edition",
            )
        )
        if not waiting_rows:
            return Allocation(0, 0, 0)
        pools = editions.editions({row[1] for row in waiting_rows if row[7]})
        wanted_records = {row[1] for row in waiting_rows}.union(*pools.values())
        copy_rows = (
            Item.objects.filter(status=Item.Status.AVAILABLE)
            .exclude(loan_category=LoanCategory.REFERENCE)
            # Uncorrelated, so no planner turns it into a scan of reservations per copy.
            .exclude(pk__in=Reservation.objects.filter(
                status__in=Reservation.HOLDING, item__isnull=False).values("item_id"))
            .order_by()  # the items' default ordering would join three more tables
            .values_list("pk", "record_id", "current_branch_id", "current_branch__library_id",
                         "current_branch__library__region_id")
        )
        if records is not None or len(wanted_records) < 500:
            copy_rows = copy_rows.filter(record__in=wanted_records)
        waiting = [
            rules.Waiting(pk, record, rules.Place(b, lib, reg), wanted,
                          rules.patron_group(born, today),
                          pools.get(record, frozenset()) if any_edition else frozenset())
            for pk, record, wanted, born, b, lib, reg, any_edition in waiting_rows
        ]
        copies = [
            rules.Copy(pk, record, rules.Place(b, lib, reg))
            for pk, record, b, lib, reg in copy_rows
            if record in wanted_records
        ]
        pairs = rules.allocate(waiting, copies)
        if not pairs:
            return Allocation(len(waiting), len(copies), 0)
        positions = _positions(waiting)
        branches = {b.pk: b for b in Branch.objects.filter(
            pk__in={c.at.branch for _, c, _ in pairs})}
        rows = [
            (c.id, Reservation.Status.ALLOCATED,
             json.dumps(_why(c, w, positions[w.id], cost, branches[c.at.branch], "allocation")),
             w.id)
            for w, c, cost in pairs
        ]
        try:
            # One prepared UPDATE for every pair: bulk_update's CASE per column took seconds.
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {Reservation._meta.db_table} SET item_id = %s, status = %s, "
                    "allocation = %s WHERE id = %s",
                    rows,
                )
        except IntegrityError:
            # Another run allocated one of these copies first; the next run starts afresh.
            return Allocation(len(waiting), len(copies), 0)
        Event.objects.bulk_create(
            Event(time=now, kind=Event.Kind.RESERVATION_ALLOCATED,
                  library_id=c.at.library, branch_id=c.at.branch,
                  record_id=c.record, item_id=c.id,
                  detail={"reservation": w.id, "cost": cost})
            for w, c, cost in pairs
        )
    return Allocation(len(waiting), len(copies), len(pairs))


def _positions(waiting: list[rules.Waiting]) -> dict[int, int]:
    counters: dict[int, int] = {}
    positions = {}
    for w in waiting:
        counters[w.record] = counters.get(w.record, 0) + 1
        positions[w.id] = counters[w.record]
    return positions


def with_queue(rows: QuerySet[Reservation]) -> QuerySet[Reservation]:
    """`rows` with what `queue_position` and `estimated_wait_days` need read in the same
    query: a list of reservations then costs no query per reservation."""
    waiting = Reservation.Status.WAITING
    ahead = (Reservation.objects.filter(record=OuterRef("record"), status=waiting)
             .filter(Q(placed__lt=OuterRef("placed"))
                     | Q(placed=OuterRef("placed"), pk__lt=OuterRef("pk")))
             .order_by().values("record").annotate(n=Count("pk")).values("n"))
    copies = (_circulating(Item.objects.filter(record=OuterRef("record")))
              .order_by().values("record").annotate(n=Count("pk")).values("n"))
    return rows.annotate(queue_ahead=Coalesce(Subquery(ahead), 0),
                         circulating_copies=Coalesce(Subquery(copies), 0))


def _circulating(items: QuerySet[Item]) -> QuerySet[Item]:
    return items.filter(status__in=LENDABLE).exclude(loan_category=LoanCategory.REFERENCE)


def queue_position(reservation: Reservation) -> int:
    """1 for the first in line; copies already on their way or on the shelf are not in line."""
    if reservation.status != Reservation.Status.WAITING:
        return 0
    ahead = getattr(reservation, "queue_ahead", None)  # read with the row (with_queue)
    if ahead is None or reservation.any_edition:
        ahead = Reservation.objects.filter(
            editions.reserving(reservation.record), status=Reservation.Status.WAITING
        ).filter(Q(placed__lt=reservation.placed) | Q(placed=reservation.placed,
                                                       pk__lt=reservation.pk)).count()
    return ahead + 1


def estimated_wait_days(reservation: Reservation, position: int) -> int | None:
    """A rough wait: every copy that circulates serves one patron per loan period, so the
    queue ahead moves one round per loan period. None when no copy circulates at all."""
    copies = getattr(reservation, "circulating_copies", None)  # read with the row (with_queue)
    if copies is None or reservation.any_edition:
        records = (editions.editions([reservation.record_id])[reservation.record_id]
                   if reservation.any_edition else {reservation.record_id})
        copies = _circulating(Item.objects.filter(record__in=records)).count()
    if not copies:
        return None
    if position == 0:
        return 0
    library = reservation.pickup_branch.library_id
    terms = rules.terms(facts.cells(library), library, "adult", LoanCategory.STANDARD,
                        reservation.record.material_type)
    return -(-position // copies) * terms.loan_days


def pull(barcode: str, branch: Branch | str, *, now: datetime | None = None) -> Routing:
    """Staff take an allocated copy off the open shelf: it goes to the hold shelf or in
    transit to the pickup branch."""
    now = now or timezone.now()
    branch = facts.branch_by_code(branch)
    with transaction.atomic():
        item = facts.item_by_barcode(barcode)
        if not Reservation.objects.filter(item=item, status=Reservation.Status.ALLOCATED).exists():
            raise refuse("not_on_pull_list")
        return route(item, branch, now)


def release(items: "QuerySet[Item, Any] | list[int]") -> list[int]:
    """Copies that can no longer fill the reservations they were allocated to (gone missing,
    damaged, withdrawn): those reservations wait again, keeping their place in the queue,
    and lose their pickup number. Set-based, in the caller's transaction; the records whose
    reservations wait again, for `allocate(records=...)` to find them another copy once the
    copies' new status is written."""
    held = Reservation.objects.filter(item__in=items, status__in=Reservation.HOLDING)
    records = list(held.order_by().values_list("record_id", flat=True).distinct())
    if records:
        held.update(status=Reservation.Status.WAITING, item=None, allocation={},
                    pickup_number="", shelf_deadline=None)
    return records


def expire(now: datetime | None = None) -> tuple[int, int]:
    """Close reservations whose interest period ran out, and hold-shelf reservations nobody
    collected in time (their copy goes on to the next in the queue)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    interest = shelf = 0
    ids = list(Reservation.objects.filter(
        status=Reservation.Status.WAITING, interest_until__lt=today).values_list("pk", flat=True))
    for rid in ids:
        with transaction.atomic():
            reservation = _mine(rid, None)
            _close(reservation, Reservation.Status.EXPIRED, "interest_period", now)
            notices.queue(reservation.patron, "reservation_expired", f"expired:{rid}",
                          reservation=reservation)
            interest += 1
    ids = list(Reservation.objects.filter(
        status=Reservation.Status.ON_HOLD_SHELF, shelf_deadline__lt=today
    ).values_list("pk", flat=True))
    for rid in ids:
        with transaction.atomic():
            reservation = _mine(rid, None)
            _close(reservation, Reservation.Status.EXPIRED, "not_collected", now)
            notices.queue(reservation.patron, "reservation_expired", f"expired:{rid}",
                          reservation=reservation)
            shelf += 1
    return interest, shelf
