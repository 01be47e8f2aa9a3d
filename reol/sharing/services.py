"""Interlibrary loans: the use cases of both sides, one transaction each.

Each library's side of a loan is its own IllRequest row (role requester or supplier). The sides
change each other's state only through ISO 18626 messages: `send` writes a message to the
outbox and `peers.flush` delivers it after the commit — in-process to a library of this
database, by HTTP POST to a peer's /iso18626 otherwise — where `inbox.handle_message` applies it.
"""

import logging
from datetime import date, datetime, timedelta
from typing import TypedDict, Unpack, cast

from django.db import transaction
from django.db.models import Count, Model, QuerySet
from django.utils import timezone

from reol import refusals
from reol.catalogue.models import Item, LoanCategory, Record
from reol.circulation import log, notices
from reol.circulation import rules as circulation_rules
from reol.circulation.models import Loan, Reservation, Transit
from reol.circulation.reservations import Routing
from reol.core.models import Event
from reol.libraries import calendar
from reol.libraries.models import Branch, Library

from . import iso18626 as iso
from . import peers, rules
from .models import IllMessage, IllRequest, LendingPolicy

logger = logging.getLogger(__name__)

# Until Event.Kind has its own member for it, interlibrary steps are logged under this kind;
# detail says the step ("ill"), the lender and the borrower (ISILs).
ILL_KIND = "interlibrary"
# Lent to another library: the patron's loan period plus the trips both ways.
ILL_LOAN_DAYS = 35
RENEWAL_DAYS = 30
ROLE = IllRequest.Role


def now_or(now: datetime | None) -> datetime:
    return now or timezone.now()


def library_by_isil(isil: str) -> Library | None:
    if not isil.upper().startswith("DK-"):
        return None
    return Library.objects.filter(agency=isil[3:]).select_related("region").first()


def policy(library_id: int) -> rules.Policy:
    found = LendingPolicy.objects.filter(library_id=library_id).first()
    return policy_of(found) if found else rules.DEFAULT_POLICY


def _pickup(req: IllRequest) -> Branch:
    """The pickup branch of a request that has one (a requester's: its reservation's)."""
    return cast(Branch, req.pickup_branch)


def _record(req: IllRequest) -> Record:
    """The record of a request that has one (a requester's: its reservation's)."""
    return cast(Record, req.record)


def policy_of(found: LendingPolicy) -> rules.Policy:
    return rules.Policy(found.lends, found.newest_years, found.reference_works,
                        frozenset(found.excluded_types or ()), found.max_queue_per_copy,
                        found.answer_days)


def step(req: IllRequest, state: str, **detail: object) -> dict[str, object]:
    """What the event log keeps of an interlibrary step, beside the library and the record."""
    return {"ill": state, "role": req.role, "request": req.request_id,
            "lender": req.supplier_isil or None, "borrower": req.requester_isil, **detail}


def log_step(req: IllRequest, state: str, now: datetime, *, branch: Branch | None = None,
         item: Item | None = None, kind: str = ILL_KIND, **detail: object) -> None:
    log.event(kind, now, branch=branch, item=item, record=req.record if req.record_id else None,
              library_id=req.library_id, **step(req, state, **detail))


def move(req: IllRequest, to: str, now: datetime, *, branch: Branch | None = None,
          item: Item | None = None, **detail: object) -> None:
    rules.check_move(req.state, to)
    req.state = to
    req.updated = now
    req.save()
    log_step(req, to, now, branch=branch, item=item, kind=ILL_KIND, **detail)


def send(req: IllRequest, message: iso.Message) -> IllMessage:
    """Queue a message to the other side; it goes out after this transaction commits."""
    row = outgoing(req, message, local=None)
    row.save()
    transaction.on_commit(peers.flush)
    return row


def outgoing(req: IllRequest, message: iso.Message, *, local: bool | None) -> IllMessage:
    """The outbox row of a message to the other side, not saved. A message to a library of
    this database is not validated on its way (iso18626.ALWAYS_VALIDATE)."""
    message.supplier = message.supplier or req.supplier_isil
    message.requester = req.requester_isil
    message.request_id = req.request_id
    message.supplier_request_id = message.supplier_request_id or req.supplier_request_id
    message.timestamp = timezone.now()
    to = message.requester if req.role == ROLE.SUPPLIER else message.supplier
    if local is None:
        local = library_by_isil(to) is not None
    kind = message.kind + ":" + (message.action or message.status or "")
    return IllMessage(direction=IllMessage.Direction.OUT, request=req, kind=kind, to_isil=to,
                      body=iso.build(message, validate=not local).decode(),
                      status=IllMessage.Status.PENDING)


class _Supplied(TypedDict, total=False):
    """What a supplying agency message may say beside its status and reason."""

    answer: str
    reason_unfilled: str
    item_id: str
    due: date | None
    note: str


def supplying(status: str, reason: str = "StatusChange",
               **fields: Unpack[_Supplied]) -> iso.Message:
    return iso.Message(kind=iso.SUPPLYING, status=status, reason=reason, **fields)


def requesting(action: str, note: str = "") -> iso.Message:
    return iso.Message(kind=iso.REQUESTING, action=action, note=note)


def get_request(pk: int, *, role: str | None = None) -> IllRequest:
    rows = IllRequest.objects.select_for_update(of=("self",)).filter(pk=pk)
    if role:
        rows = rows.filter(role=role)
    found = rows.first()
    if found is None:
        raise refusals.refuse("unknown_ill_request")
    return found


# --- the requester: reservations become requests ---------------------------------------------


def request_for_reservation(reservation: Reservation, now: datetime | None = None) -> IllRequest:
    """An interlibrary request for a waiting reservation; route_pending finds its supplier."""
    now = now_or(now)
    with transaction.atomic():
        library = reservation.pickup_branch.library
        record = reservation.record
        earlier = IllRequest.objects.filter(role=ROLE.REQUESTER, reservation=reservation)
        if earlier.filter(state__in=rules.OPEN).exists():
            raise refusals.refuse("ill_exists")
        isbn = next(iter(record.isbns or []), "")
        req = IllRequest.objects.create(
            role=ROLE.REQUESTER, library=library, requester_isil=library.isil,
            request_id=f"{reservation.pk}-{earlier.count() + 1}", reservation=reservation,
            record=record, pickup_branch=reservation.pickup_branch, title=record.title[:500],
            author=", ".join(record.creators or [])[:300], pid=record.pid, faust=record.faust,
            isbn=str(isbn)[:13], patron_ref=str(reservation.patron.reference),
            pickup_name=reservation.pickup_branch.name, created=now, updated=now)
        log_step(req, rules.REQUESTED, now, branch=reservation.pickup_branch)
    return req


def request_for_unfillable(now: datetime | None = None) -> int:
    """Waiting reservations that their own library cannot fill in reasonable time — it owns no
    copy, or too many wait per copy (LendingPolicy.max_queue_per_copy) — become requests."""
    now = now_or(now)
    waiting = list(
        Reservation.objects.filter(status=Reservation.Status.WAITING)
        .exclude(ill_requests__state__in=rules.OPEN)
        .exclude(ill_requests__role=ROLE.REQUESTER, ill_requests__state=rules.UNFILLED)
        .select_related("pickup_branch__library", "record", "patron")
    )
    if not waiting:
        return 0
    records = {r.record_id for r in waiting}
    owned = Counter2.of(Item.objects.filter(record__in=records).exclude(
        status__in=Item.GONE).exclude(
        loan_category=LoanCategory.REFERENCE), "record_id", "library_id")
    queued = Counter2.of(Reservation.objects.filter(
        record__in=records, status=Reservation.Status.WAITING),
        "record_id", "pickup_branch__library_id")
    made = 0
    for reservation in waiting:
        library = reservation.pickup_branch.library_id
        key = (reservation.record_id, library)
        if rules.needs_request(own_copies=owned.get(key, 0), waiting=queued.get(key, 0),
                               policy=policy(library)):
            request_for_reservation(reservation, now)
            made += 1
    return made


class Counter2(dict[tuple[int, int], int]):
    @classmethod
    def of(cls, rows: QuerySet[Model], a: str, b: str) -> "Counter2":
        return cls(((x, y), n) for x, y, n in
                   rows.values_list(a, b).annotate(n=Count("pk")).values_list(a, b, "n"))


# --- the requester: the copy arrives, is lent, comes back -------------------------------------


def receive(pk: int, now: datetime | None = None) -> IllRequest:
    """The copy has arrived at the pickup branch: it goes on the hold shelf for the patron."""
    now = now_or(now)
    today = timezone.localdate(now)
    with transaction.atomic():
        req = get_request(pk, role=ROLE.REQUESTER)
        rules.check_move(req.state, rules.RECEIVED)
        branch = _pickup(req)
        item = _arrived_copy(req, branch, now)
        req.item = item
        move(req, rules.RECEIVED, now, branch=branch, item=item)
        send(req, requesting("Received"))
        reservation = req.reservation
        if reservation is None or reservation.status not in Reservation.ACTIVE:
            return req  # nobody waits any more: staff send it back
        taken = Reservation.objects.filter(pickup_branch=branch, status=Reservation.Status.
                                           ON_HOLD_SHELF).values_list("pickup_number", flat=True)
        reservation.item = item
        reservation.status = Reservation.Status.ON_HOLD_SHELF
        reservation.pickup_number = circulation_rules.pickup_number(taken)
        reservation.shelf_deadline = calendar.add_open_days(
            branch, today, circulation_rules.DEFAULTS[0].values["hold_shelf_days"])
        reservation.save(update_fields=["item", "status", "pickup_number", "shelf_deadline"])
        item.status = Item.Status.ON_HOLD_SHELF
        item.current_branch = branch
        item.save(update_fields=["status", "current_branch"])
        log.event(Event.Kind.RESERVATION_SHELVED, now, branch=branch, item=item,
                  patron=reservation.patron, pickup_number=reservation.pickup_number)
        notices.queue(reservation.patron, "ready", f"ready:{reservation.pk}:{today}",
                      reservation=reservation)
        move(req, rules.ON_HOLD_SHELF, now, branch=branch, item=item)
    return req


def _arrived_copy(req: IllRequest, branch: Branch, now: datetime) -> Item:
    """The lender's own copy when the lender is in this database; otherwise a stand-in copy
    of this library, marked as borrowed, that lives only as long as the loan."""
    item = Item.objects.filter(barcode=req.item_barcode).first() if req.item_barcode else None
    if item is not None and library_by_isil(req.supplier_isil) is not None:
        transit = Transit.objects.filter(item=item, received__isnull=True).first()
        if transit:
            transit.received = now
            transit.save(update_fields=["received"])
            log.event(Event.Kind.TRANSIT_RECEIVED, now, branch=branch, item=item,
                      from_branch=transit.from_branch.code, reason=transit.reason)
        return item
    barcode = f"ILL-{req.supplier_isil}-{req.item_barcode or req.request_id}"[:40]
    item, _ = Item.objects.update_or_create(barcode=barcode, defaults={
        "record": _record(req), "library": req.library, "home_branch": branch,
        "current_branch": branch,
        "shelf_location": f"Fjernlån fra {req.supplier_isil}"[:100],
        "status": Item.Status.IN_TRANSIT})
    return item


def ship_back(pk: int, now: datetime | None = None) -> IllRequest:
    """Staff send the copy back to the lender (returned by the patron, or never collected)."""
    now = now_or(now)
    with transaction.atomic():
        req = get_request(pk, role=ROLE.REQUESTER)
        rules.check_move(req.state, rules.SHIPPED_BACK)
        item = req.item
        if item is not None and item.library_id == req.library_id:
            item.status = Item.Status.WITHDRAWN  # the stand-in copy leaves with the book
            item.save(update_fields=["status"])
        elif item is not None and not Transit.objects.filter(
                item=item, received__isnull=True).exists():
            Transit.objects.create(item=item, from_branch=item.current_branch,
                                   to_branch=item.home_branch, reason=Transit.Reason.HOME,
                                   sent=now)
            item.status = Item.Status.IN_TRANSIT
            item.save(update_fields=["status"])
            log.event(Event.Kind.TRANSIT_SENT, now, branch=item.current_branch, item=item,
                      to_branch=item.home_branch.code, reason=Transit.Reason.HOME)
        move(req, rules.SHIPPED_BACK, now, item=item)
        send(req, requesting("ShippedReturn"))
    return req


def cancel(pk: int, now: datetime | None = None, reason: str = "cancelled") -> IllRequest:
    now = now_or(now)
    with transaction.atomic():
        req = get_request(pk, role=ROLE.REQUESTER)
        rules.check_move(req.state, rules.CANCELLED)
        req.reason = reason
        move(req, rules.CANCELLED, now)
        if req.supplier_isil:
            send(req, requesting("Cancel", reason))
    return req


def renew(pk: int, now: datetime | None = None) -> IllRequest:
    """Ask the lender for more time; the loan's due date moves when the lender says yes."""
    now = now_or(now)
    with transaction.atomic():
        req = get_request(pk, role=ROLE.REQUESTER)
        if req.state != rules.ON_LOAN or req.renewal_pending:
            raise refusals.refuse("ill_no_renewal")
        req.renewal_pending = True
        req.save(update_fields=["renewal_pending"])
        log_step(req, "renewal_asked", now)
        send(req, requesting("Renew"))
    return req


def sync(now: datetime | None = None) -> int:
    """Follow what happened at the desks: a copy shelved or lent by the normal check-in and
    checkout, returned, sent home; a reservation filled locally or cancelled. Idempotent."""
    now = now_or(now)
    changed = 0
    with transaction.atomic():
        rows = IllRequest.objects.select_for_update(of=("self",)).select_related(
            "reservation", "item")
        for req in rows.filter(role=ROLE.REQUESTER, state__in=rules.SUPPLYING):
            reservation = req.reservation
            if reservation is None or reservation.status != Reservation.Status.WAITING:
                if reservation is not None and reservation.item_id and reservation.item_id == \
                        _local_item_id(req):
                    continue  # the lender's copy is already on its way to this reservation
                req.reason = "filled_or_cancelled"
                move(req, rules.CANCELLED, now)
                if req.supplier_isil:
                    send(req, requesting("Cancel", "Filled elsewhere"))
                changed += 1
        for req in rows.filter(role=ROLE.REQUESTER, state=rules.SHIPPED):
            reservation = req.reservation
            if reservation and reservation.status == Reservation.Status.ON_HOLD_SHELF \
                    and reservation.item_id and reservation.item_id == _local_item_id(req):
                req.item_id = reservation.item_id
                move(req, rules.RECEIVED, now)
                send(req, requesting("Received"))
                move(req, rules.ON_HOLD_SHELF, now)
                changed += 1
        for req in rows.filter(role=ROLE.REQUESTER, state=rules.ON_HOLD_SHELF):
            reservation = req.reservation
            if reservation is None or reservation.status in (Reservation.Status.CANCELLED,
                                                              Reservation.Status.EXPIRED):
                move(req, rules.RETURNED, now, not_collected=True)
                changed += 1
            elif reservation.status == Reservation.Status.FULFILLED:
                move(req, rules.ON_LOAN, now)
                changed += 1
        for req in rows.filter(role=ROLE.REQUESTER, state=rules.ON_LOAN):
            if req.item_id and not Loan.objects.filter(item_id=req.item_id,
                                                       returned__isnull=True).exists():
                move(req, rules.RETURNED, now)
                changed += 1
        for req in rows.filter(role=ROLE.REQUESTER, state=rules.RETURNED):
            # The lender's own copy was checked in here and sent home by the normal transit.
            copy = req.item
            if copy is not None and copy.library_id != req.library_id and Transit.objects.filter(
                    item=copy, received__isnull=True, reason=Transit.Reason.HOME).exists():
                move(req, rules.SHIPPED_BACK, now)
                send(req, requesting("ShippedReturn"))
                changed += 1
        for req in rows.filter(role=ROLE.SUPPLIER, state=rules.SHIPPED_BACK):
            item = req.item
            if item is not None and item.library_id == req.library_id and not \
                    Transit.objects.filter(item=item, received__isnull=True).exists() and \
                    item.status != Item.Status.IN_TRANSIT:
                _close_supply(req, now)
                changed += 1
    return changed


STAND_IN = "ILL-"  # the barcode prefix of a stand-in copy (_arrived_copy)


def returned_copy(item: Item, branch: Branch, now: datetime) -> Routing | None:
    """A borrowed stand-in copy checked in goes back to its lender, never onto the open shelf:
    returned by the patron, or left on the hold shelf when the reservation ended. It waits,
    in transit, for staff to ship it back (ship_back)."""
    if not item.barcode.startswith(STAND_IN):
        return None  # the desk's usual copy: no question asked
    req = (IllRequest.objects.select_for_update(of=("self",)).select_related("reservation")
           .filter(role=ROLE.REQUESTER, item=item,
                   state__in=(rules.ON_HOLD_SHELF, rules.ON_LOAN, rules.RETURNED)).first())
    if req is None:
        return None
    if req.state == rules.ON_HOLD_SHELF:
        if req.reservation and req.reservation.status in Reservation.HOLDING:
            return None  # still waiting for its patron
        move(req, rules.RETURNED, now, branch=branch, item=item, not_collected=True)
    elif req.state == rules.ON_LOAN:
        move(req, rules.RETURNED, now, branch=branch, item=item)
    item.status = Item.Status.IN_TRANSIT
    item.save(update_fields=["status", "current_branch"])
    lender = library_by_isil(req.supplier_isil)
    name = f"{lender.name} ({req.supplier_isil})" if lender else req.supplier_isil
    return Routing("lender", to_library=name)


def _local_item_id(req: IllRequest) -> int | None:
    if not req.item_barcode:
        return None
    return Item.objects.filter(barcode=req.item_barcode).values_list("pk", flat=True).first()


# --- the supplier -----------------------------------------------------------------------------


def copy_to_lend(library: Library, record: Record | None) -> tuple[Item | None, str]:
    """An available copy this library lends to others, or the ISO reason why not."""
    if record is None:
        return None, "NotHeld"
    copies = Item.objects.filter(record=record, library=library)
    if not copies.exists():
        return None, "NotHeld"
    rule = policy(library.pk)
    refusal = rules.lending_refusal(rule, year=record.year, material_type=record.material_type,
                                    reference=False, this_year=timezone.localdate().year)
    if refusal:
        return None, refusal
    shelf = copies.filter(status=Item.Status.AVAILABLE).exclude(
        reservations__status__in=Reservation.HOLDING)
    if not rule.reference_works:
        shelf = shelf.exclude(loan_category=LoanCategory.REFERENCE)
    item = shelf.order_by("pk").first()
    if item is None:
        on_loan = copies.filter(status=Item.Status.ON_LOAN).exists()
        return None, "OnLoan" if on_loan else "NotOnShelf"
    return item, ""


def accept(pk: int, now: datetime | None = None) -> IllRequest:
    now = now_or(now)
    with transaction.atomic():
        req = get_request(pk, role=ROLE.SUPPLIER)
        move(req, rules.WILL_SUPPLY, now)
        send(req, supplying("WillSupply", "RequestResponse"))
    return req


def refuse(pk: int, reason: str, now: datetime | None = None, note: str = "") -> IllRequest:
    now = now_or(now)
    if reason not in rules.REFUSALS:
        raise refusals.refuse("bad_reason")
    with transaction.atomic():
        req = get_request(pk, role=ROLE.SUPPLIER)
        req.reason = reason
        move(req, rules.UNFILLED, now, reason=reason)
        send(req, supplying("Unfilled", "RequestResponse", reason_unfilled=reason,
                              note=note[:300]))
    return req


def ship(pk: int, barcode: str | None = None, now: datetime | None = None) -> IllRequest:
    """The lender sends a copy: in transit to the requester's pickup branch when that is in
    this database, otherwise out of the house with the van."""
    now = now_or(now)
    with transaction.atomic():
        req = get_request(pk, role=ROLE.SUPPLIER)
        rules.check_move(req.state, rules.SHIPPED)
        library = req.library
        if barcode:
            item = Item.objects.filter(barcode=barcode, library=library).first()
            if item is None or item.status != Item.Status.AVAILABLE:
                raise refusals.refuse("ill_bad_copy")
        else:
            item, _reason = copy_to_lend(library, req.record)
            if item is None:
                raise refusals.refuse("ill_no_copy")
        today = timezone.localdate(now)
        req.item = item
        req.item_barcode = item.barcode
        req.due = today + timedelta(days=ILL_LOAN_DAYS)
        here = item.current_branch
        if req.pickup_branch_id:
            Transit.objects.create(item=item, from_branch=here, to_branch=_pickup(req),
                                   reason=Transit.Reason.INTERLIBRARY, sent=now)
            log.event(Event.Kind.TRANSIT_SENT, now, branch=here, item=item,
                      to_branch=_pickup(req).code, reason=Transit.Reason.INTERLIBRARY,
                      borrower=req.requester_isil)
        item.status = Item.Status.IN_TRANSIT
        item.save(update_fields=["status"])
        move(req, rules.SHIPPED, now, branch=here, item=item)
        send(req, supplying("Loaned", item_id=item.barcode, due=req.due))
    return req


def receive_back(pk: int, now: datetime | None = None) -> IllRequest:
    """The lender has its copy back: it is checked in at home, the loan is closed."""
    from reol.circulation.services import check_in

    now = now_or(now)
    with transaction.atomic():
        req = get_request(pk, role=ROLE.SUPPLIER)
        rules.check_move(req.state, rules.RECEIVED_BY_LENDER)
        if req.item_id:
            item = Item.objects.select_related("home_branch").get(pk=req.item_id)
            if item.status == Item.Status.IN_TRANSIT:
                check_in(item.barcode, item.home_branch, now=now)
        _close_supply(req, now)
    return req


def _close_supply(req: IllRequest, now: datetime) -> None:
    move(req, rules.RECEIVED_BY_LENDER, now, item=req.item)
    move(req, rules.CLOSED, now)
    send(req, supplying("LoanCompleted"))


def run_jobs(now: datetime | None = None) -> dict[str, int]:
    """The interlibrary jobs in order: new requests, routing and deadlines, the desks' news,
    and the outbox. Each is idempotent."""
    from .routing import route_pending  # routing builds on this module

    now = now_or(now)
    done = {"requested": request_for_unfillable(now), "routed": route_pending(now),
            "synced": sync(now)}
    done["sent"] = peers.flush()
    return done

