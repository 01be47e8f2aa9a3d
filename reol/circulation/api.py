"""The lending API: patrons see and change their own loans and reservations; staff lend, take
back and look after patrons of their own libraries. Handlers only translate between JSON and the
services (services.py, reservations.py, patrons.py); every refusal is a DomainError, answered
as {"detail", "code"} in the caller's language (reol/api.py), never half-done.
"""

import re

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.middleware.csrf import get_token, rotate_token
from django.utils import timezone
from ninja import Query, Router, Status

from reol.catalogue.models import Work
from reol.core import access, staff_record
from reol.core.api_auth import STAFF, not_found, require_staff, with_status
from reol.errors import DomainError
from reol.libraries.models import Branch, Library
from reol.refusals import refuse
from reol.requests import PatronRequest, StaffRequest
from reol.throttle.services import web_source

from . import facts, patrons, reservations, rules, services, session
from .api_auth import PATRON
from .api_schemas import (
    ERRORS,
    MAX_ID,
    BlockIn,
    BlockOut,
    CheckinIn,
    CheckinOut,
    CheckoutIn,
    ExplainOut,
    ExplainQuery,
    HistoryOut,
    HoldShelfOut,
    LoanOut,
    PatronChangesIn,
    PatronDataOut,
    PatronIn,
    PatronOut,
    PullOut,
    RenewalOut,
    ReservationChangeIn,
    ReservationIn,
    ReservationOut,
    SessionIn,
    SessionOut,
    StaffPatronChangesIn,
    TransitOut,
    WorkReservationIn,
)
from .models import Block, Loan, Patron, Reservation, Transit
from .outlook import Outlook, outlooks

router = Router(tags=["lending"])
PATRON_TAGS = ["lending: patron"]
STAFF_TAGS = ["lending: staff"]
CODE = re.compile(r"[\w-]{1,40}")


# --- lookups: unknown things are 404 --------------------------------------------------------


def _id(value: int) -> int | None:
    return value if 1 <= value <= MAX_ID else None


def _loan(id: int, **where) -> Loan:
    loan = (
        Loan.objects.select_related("item__record", "branch", "patron")
        .filter(pk=_id(id), returned__isnull=True, **where)
        .first()
    )
    if loan is None:
        raise not_found("unknown_loan")
    return loan


def _reservation(id: int, patron: Patron) -> Reservation:
    found = Reservation.objects.filter(
        pk=_id(id), patron=patron, status__in=Reservation.ACTIVE
    ).first()
    if found is None:
        raise not_found("unknown_reservation")
    return found


def _patron(request: StaffRequest, card: str) -> Patron:
    """A patron of one of the caller's libraries (404 unknown, 403 someone else's)."""
    patron = None
    if card.isalnum() and len(card) <= 20:
        patron = Patron.objects.select_related("library", "pickup_branch", "guardian").filter(
            card=card).first()
    if patron is None:
        raise not_found("unknown_card")
    require_staff(request.auth, patron.library_id)
    return patron


def _looked_up(request: StaffRequest, card: str) -> Patron:
    """_patron, for reading: the look is on the staff record (who looked at whom)."""
    patron = _patron(request, card)
    staff_record.lookup(patron)
    return patron


def _branch(request: StaffRequest, code: str) -> Branch:
    branch = Branch.objects.filter(code=code).first() if CODE.fullmatch(code) else None
    if branch is None:
        shown = "".join(c for c in code[:40] if c.isprintable())
        raise not_found("unknown_branch", branch=shown)
    require_staff(request.auth, branch.library_id)
    return branch


# --- JSON out ------------------------------------------------------------------------------


def _local(moment):
    return timezone.localtime(moment) if moment else None


def _money(amount) -> str:
    return f"{amount:.2f}"


def patron_out(patron: Patron) -> dict:
    return {
        **{f: getattr(patron, f) for f in (
            "card", "name", "birth_date", "email", "phone", "notify_email", "notify_sms",
            "language", "interest_days", "pause_from", "pause_to", "keep_history")},
        "library": patron.library.agency,
        "pickup_branch": patron.pickup_branch.code if patron.pickup_branch else None,
        "guardian": patron.guardian.card if patron.guardian_id else None,
        "blocks": [block_out(b) for b in patron.blocks.filter(lifted__isnull=True)],
    }


def block_out(block: Block) -> dict:
    return {"id": block.pk, "code": block.code, "reason": block.reason,
            "created": _local(block.created), "lifted": _local(block.lifted)}


def loan_out(loan: Loan, outlook: Outlook | None = None) -> dict:
    """`outlook` when the caller asked for many loans at once (outlook.outlooks)."""
    if outlook is None and loan.returned is None and loan.patron_id:
        outlook = outlooks([loan], timezone.localdate()).get(loan.pk)
    return {
        "id": loan.pk,
        "card": loan.patron.card if loan.patron_id else None,
        "pid": loan.item.record.pid,
        "title": loan.item.record.title,
        "barcode": loan.item.barcode,
        "branch": loan.branch.code,
        "checked_out": _local(loan.checked_out),
        "due": loan.due,
        "renewals": loan.renewals,
        "overdue": loan.returned is None and loan.due < timezone.localdate(),
        "returned": _local(loan.returned),
        "lost": _local(loan.lost),
        "fee": _money(loan.fee),
        "renewable_from": outlook.renewable_from if outlook else None,
        "renewable": outlook.renewable if outlook else False,
    }


def reservation_out(r: Reservation) -> dict:
    position = reservations.queue_position(r)
    copy = r.item or r.wanted_item
    return {
        "id": r.pk,
        "card": r.patron.card,
        "pid": r.record.pid,
        "title": r.record.title,
        "status": r.status,
        "placed": _local(r.placed),
        "queue_position": position,
        "estimated_wait_days": reservations.estimated_wait_days(r, position),
        "pickup_branch": r.pickup_branch.code,
        "pickup_stop": r.pickup_stop_id,
        "pickup_number": r.pickup_number or None,
        "shelf_deadline": r.shelf_deadline,
        "interest_until": r.interest_until,
        "pause_from": r.pause_from,
        "pause_to": r.pause_to,
        "barcode": copy.barcode if copy else None,
        "any_edition": r.any_edition,
    }


def _loans(**where) -> list[dict]:
    rows = list(Loan.objects.select_related("item__record", "branch", "patron").filter(**where))
    ahead = outlooks(rows, timezone.localdate())
    return [loan_out(loan, ahead.get(loan.pk)) for loan in rows]


def _reservations(**where) -> list[dict]:
    rows = Reservation.objects.select_related(
        "patron", "record", "pickup_branch", "item", "wanted_item").filter(**where)
    return [reservation_out(r) for r in reservations.with_queue(rows)]


def _fresh_reservation(pk: int) -> dict:
    return _reservations(pk=pk)[0]


# --- patrons: log-in ------------------------------------------------------------------------


@router.post("/patron/session", response={200: SessionOut, **ERRORS}, tags=PATRON_TAGS,
             summary="Log in with card and PIN")
def patron_log_in(request: HttpRequest, payload: SessionIn) -> dict:
    """Starts a session (the session cookie). POST, PATCH and DELETE with it need the
    `X-CSRFToken` header: the returned `csrf_token`, also set as the `csrftoken` cookie.
    Wrong card or PIN: 401, the same answer for an unknown card and while guessing is paused."""
    try:
        patron = patrons.authenticate(payload.card, payload.pin, source=web_source(request))
    except DomainError as error:
        raise with_status(401, error) from None
    session.log_in(request, patron)
    rotate_token(request)
    return {"patron": patron_out(patron), "csrf_token": get_token(request)}


@router.delete("/patron/session", response={204: None, **ERRORS}, auth=PATRON[1:],
               tags=PATRON_TAGS, summary="Log out")
def patron_log_out(request: HttpRequest):
    session.log_out(request)
    return Status(204, None)


# --- patrons: their own data --------------------------------------------------------------


@router.get("/patron", response={200: PatronOut, **ERRORS}, auth=PATRON, tags=PATRON_TAGS,
            summary="My profile")
def my_profile(request: PatronRequest) -> dict:
    return patron_out(request.auth)


@router.patch("/patron", response={200: PatronOut, **ERRORS}, auth=PATRON, tags=PATRON_TAGS,
              summary="Change my profile")
def change_my_profile(request: PatronRequest, payload: PatronChangesIn) -> dict:
    """Send only the fields to change. Name and birth date are changed by staff."""
    patron = patrons.update(request.auth, payload.dict(exclude_unset=True))
    return patron_out(patron)


@router.get("/patron/loans", response={200: list[LoanOut], **ERRORS}, auth=PATRON,
            tags=PATRON_TAGS, summary="My loans")
def my_loans(request: PatronRequest) -> list[dict]:
    return _loans(patron=request.auth, returned__isnull=True)


@router.post("/patron/loans/renew", response={200: list[RenewalOut], **ERRORS}, auth=PATRON,
             tags=PATRON_TAGS, summary="Renew all my loans")
def renew_my_loans(request: PatronRequest) -> list[dict]:
    """The loans whose renewal window has opened (the loan rules' `renewal_window_days`
    before the due date), each on its own: one refusal does not stop the rest. `renewed` says
    which were; `code` and `reason` say why not. Loans not yet in their window are left out."""
    return [
        {
            "id": r.loan.pk,
            "title": r.loan.item.record.title,
            "renewed": r.error is None,
            "due": r.loan.due,
            "code": r.error.code if r.error else None,
            "reason": r.error.message() if r.error else None,
        }
        for r in services.renew_all(request.auth)
    ]


@router.post("/patron/loans/{id}/renew", response={200: LoanOut, **ERRORS}, auth=PATRON,
             tags=PATRON_TAGS, summary="Renew one of my loans")
def renew_my_loan(request: PatronRequest, id: int) -> dict:
    loan = _loan(id, patron=request.auth)
    return loan_out(services.renew(loan.pk, patron=request.auth))


@router.get("/patron/history", response={200: HistoryOut, **ERRORS}, auth=PATRON,
            tags=PATRON_TAGS, summary="My loan history")
def my_history(request: PatronRequest) -> dict:
    """Returned loans, newest first (up to 500), only while the patron keeps a history
    (`keep_history`, changed with PATCH /api/v1/patron). Without it the list is empty: a
    returned loan forgets its borrower."""
    patron = request.auth
    if not patron.keep_history:
        return {"keep_history": False, "loans": []}
    rows = Loan.objects.select_related("item__record", "branch", "patron").filter(
        patron=patron, returned__isnull=False).order_by("-returned", "-id")[:500]
    return {"keep_history": True, "loans": [loan_out(loan) for loan in rows]}


@router.get("/patron/data", response={200: PatronDataOut, **ERRORS}, auth=PATRON,
            tags=PATRON_TAGS, summary="Everything reol holds about me")
def my_data(request: PatronRequest) -> dict:
    """The patron's details and every row that points at them — loans, reservations, notices,
    blocks, changes, event registrations, room bookings, interlibrary requests and the log rows
    that still carry their reference — as the page "My data" downloads it."""
    return services.patron_data(request.auth)


@router.get("/patron/reservations", response={200: list[ReservationOut], **ERRORS},
            auth=PATRON, tags=PATRON_TAGS, summary="My reservations")
def my_reservations(request: PatronRequest) -> list[dict]:
    return _reservations(patron=request.auth, status__in=Reservation.ACTIVE)


def _place(patron: Patron, payload: ReservationIn) -> dict:
    reservation = reservations.place_reservation(
        patron, payload.pid, payload.pickup_branch, pickup_stop=payload.pickup_stop,
        wanted_item=payload.barcode, interest_until=payload.interest_until,
        any_edition=payload.any_edition,
    )
    return _fresh_reservation(reservation.pk)


@router.post("/patron/reservations", response={201: ReservationOut, **ERRORS}, auth=PATRON,
             tags=PATRON_TAGS, summary="Reserve a title")
def reserve(request: PatronRequest, payload: ReservationIn):
    """Any copy of the record, or only the copy `barcode`; with `any_edition`, any copy of
    any edition of the record's work in its format. A bookmobile needs `pickup_stop`.
    `interest_until` (default: the loan rules' interest period) is the day after which the
    patron no longer wants it."""
    return Status(201, _place(request.auth, payload))


def _place_work(patron: Patron, work_id: int, payload: WorkReservationIn) -> dict:
    if not Work.objects.filter(pk=_id(work_id)).exists():
        raise not_found("unknown_work")
    reservation = reservations.reserve_work(
        patron, work_id, payload.material_type.value, payload.pickup_branch,
        pickup_stop=payload.pickup_stop, interest_until=payload.interest_until,
    )
    return _fresh_reservation(reservation.pk)


@router.post("/patron/works/{work_id}/reservations", response={201: ReservationOut, **ERRORS},
             auth=PATRON, tags=PATRON_TAGS, summary="Reserve a work in a format (any edition)")
def reserve_work(request: PatronRequest, work_id: int, payload: WorkReservationIn):
    """Any copy of any edition of the work (`/api/v1/works/{work_id}`) in `material_type`
    fills the reservation, whichever comes first; the optimal allocation weighs them all.
    For one edition only, reserve its record with POST /api/v1/patron/reservations.
    Refusals as for a title, and `no_such_format` when the work has no edition in that
    format."""
    return Status(201, _place_work(request.auth, work_id, payload))


def _change(reservation: Reservation, patron: Patron, changes: dict) -> None:
    """Pause and pickup place together, in one transaction: all or nothing. The pause goes
    first, so that a copy is not allocated to a reservation that is about to rest."""
    with transaction.atomic():
        if {"pause_from", "pause_to"} & set(changes):
            reservations.pause_reservation(
                reservation.pk,
                changes.get("pause_from", reservation.pause_from),
                changes.get("pause_to", reservation.pause_to),
                patron=patron,
            )
        if {"pickup_branch", "pickup_stop"} & set(changes):
            branch = changes.get("pickup_branch") or reservation.pickup_branch
            reservations.change_pickup(reservation.pk, branch, stop=changes.get("pickup_stop"),
                                       patron=patron)


@router.patch("/patron/reservations/{id}", response={200: ReservationOut, **ERRORS},
              auth=PATRON, tags=PATRON_TAGS, summary="Pause a reservation or change its pickup")
def change_reservation(request: PatronRequest, id: int, payload: ReservationChangeIn) -> dict:
    """`pause_from`/`pause_to`: no copy is allocated in between (null clears the pause).
    `pickup_branch` (and `pickup_stop` for the bookmobile): until a copy is on its way."""
    reservation = _reservation(id, request.auth)
    _change(reservation, request.auth, payload.dict(exclude_unset=True))
    return _fresh_reservation(reservation.pk)


@router.delete("/patron/reservations/{id}", response={200: ReservationOut, **ERRORS},
               auth=PATRON, tags=PATRON_TAGS, summary="Cancel a reservation")
def cancel_my_reservation(request: PatronRequest, id: int) -> dict:
    reservation = _reservation(id, request.auth)
    reservations.cancel_reservation(reservation.pk, patron=request.auth)
    return _fresh_reservation(reservation.pk)


# --- staff: the desk ------------------------------------------------------------------------


@router.post("/circulation/checkout", response={201: LoanOut, **ERRORS}, auth=STAFF,
             tags=STAFF_TAGS, summary="Lend an item to a patron")
def checkout(request: StaffRequest, payload: CheckoutIn):
    branch = facts.branch_by_code(payload.branch)
    require_staff(request.auth, branch.library_id)
    loan = services.check_out(payload.card, payload.barcode, branch)
    return Status(201, loan_out(loan))


@router.post("/circulation/checkin", response={200: CheckinOut, **ERRORS}, auth=STAFF,
             tags=STAFF_TAGS, summary="Take an item back, or receive it from transit")
def checkin(request: StaffRequest, payload: CheckinIn) -> dict:
    """`action` says what to do with the copy in hand: `shelf`, `hold_shelf` (with its
    `pickup_number`, for `reservation`), `transit` to `to_branch`, or `lender`: a borrowed
    copy to be sent back to `to_library`."""
    branch = facts.branch_by_code(payload.branch)
    require_staff(request.auth, branch.library_id)
    result = services.check_in(payload.barcode, branch)
    routing, held = result.routing, result.routing.reservation
    if held is not None and not rules.may_see_patron(branch.library_id, held.patron.library_id):
        held = None  # for another library's patron: where it goes is enough
    if result.loan is not None:
        result.loan.item = result.item
    loan = loan_out(result.loan) if result.loan else None
    if loan and result.loan.patron and not rules.may_see_patron(
            branch.library_id, result.loan.patron.library_id):
        loan["card"] = None  # returned here by another library's patron (fri aflevering)
    return {
        "barcode": result.item.barcode,
        "title": result.item.record.title,
        "action": routing.action,
        "to_branch": routing.to_branch.code if routing.to_branch else None,
        "to_library": routing.to_library or None,
        "pickup_number": (held.pickup_number or None) if held else None,
        "reservation": {
            "id": held.pk, "card": held.patron.card, "name": held.patron.name,
            "pickup_branch": held.pickup_branch.code, "pickup_number": held.pickup_number or None,
            "status": held.status,
        } if held else None,
        "fee": _money(result.fee),
        "found": result.found,
        "loan": loan,
    }


def _staff_loan(request: StaffRequest, id: int) -> Loan:
    loan = _loan(id)
    libraries = [loan.item.library_id, loan.branch.library_id]
    require_staff(request.auth, *([loan.patron.library_id] if loan.patron else []), *libraries)
    return loan


@router.post("/loans/{id}/renew", response={200: LoanOut, **ERRORS}, auth=STAFF,
             tags=STAFF_TAGS, summary="Renew a loan")
def renew_loan(request: StaffRequest, id: int) -> dict:
    return loan_out(services.renew(_staff_loan(request, id).pk))


@router.post("/loans/{id}/lost", response={200: LoanOut, **ERRORS}, auth=STAFF,
             tags=STAFF_TAGS, summary="Declare a loan lost")
def declare_lost(request: StaffRequest, id: int) -> dict:
    """The loan ends with the replacement charge as `fee`; the copy is missing until a
    check-in finds it (which cancels the charge)."""
    return loan_out(services.declare_lost(_staff_loan(request, id).pk))


# --- staff: patrons ---------------------------------------------------------------------------


@router.get("/patrons", response={200: list[PatronOut], **ERRORS}, auth=STAFF,
            tags=STAFF_TAGS, summary="Find patrons")
def find_patrons(request: StaffRequest, q: str) -> list[dict]:
    """By card, phone or email (exactly) or part of the name; only patrons of the caller's
    libraries; at most 50."""
    q = q.strip()[:100]
    if not q or any(ord(c) < 32 for c in q):
        return []
    rows = Patron.objects.select_related("library", "pickup_branch", "guardian").filter(
        Q(card=q) | Q(phone=q) | Q(email__iexact=q) | Q(name__icontains=q))
    allowed = access.staff_libraries(request.auth)
    if allowed is not None:
        rows = rows.filter(library__in=allowed)
    return [patron_out(p) for p in rows[:50]]


@router.post("/patrons", response={201: PatronOut, **ERRORS}, auth=STAFF, tags=STAFF_TAGS,
             summary="Register a patron")
def register_patron(request: StaffRequest, payload: PatronIn):
    patron = patrons.register(patrons.PatronData(**payload.dict()), by=request.auth)
    return Status(201, patron_out(patron))


@router.get("/patrons/{card}", response={200: PatronOut, **ERRORS}, auth=STAFF,
            tags=STAFF_TAGS, summary="A patron")
def get_patron(request: StaffRequest, card: str) -> dict:
    return patron_out(_looked_up(request, card))


@router.patch("/patrons/{card}", response={200: PatronOut, **ERRORS}, auth=STAFF,
              tags=STAFF_TAGS, summary="Change a patron's details")
def change_patron(request: StaffRequest, card: str, payload: StaffPatronChangesIn) -> dict:
    patron = _patron(request, card)
    changes = payload.dict(exclude_unset=True)
    if "guardian_card" in changes:
        guardian_card = changes.pop("guardian_card")
        changes["guardian"] = None
        if guardian_card:
            changes["guardian"] = Patron.objects.filter(card=guardian_card).first()
            if changes["guardian"] is None:
                raise refuse("unknown_guardian")
    return patron_out(patrons.update(patron, changes, by=request.auth))


@router.post("/patrons/{card}/blocks", response={201: BlockOut, **ERRORS}, auth=STAFF,
             tags=STAFF_TAGS, summary="Block a patron")
def block_patron(request: StaffRequest, card: str, payload: BlockIn):
    patron = _patron(request, card)
    block = patrons.add_block(patron, payload.code.value, payload.reason, by=request.auth)
    return Status(201, block_out(block))


@router.delete("/patrons/{card}/blocks/{id}", response={200: BlockOut, **ERRORS}, auth=STAFF,
               tags=STAFF_TAGS, summary="Lift a block")
def lift_block(request: StaffRequest, card: str, id: int) -> dict:
    patron = _patron(request, card)
    block = Block.objects.filter(pk=_id(id), patron=patron, lifted__isnull=True).first()
    if block is None:
        raise not_found("unknown_block")
    return block_out(patrons.lift_block(block, by=request.auth))


@router.get("/patrons/{card}/loans", response={200: list[LoanOut], **ERRORS}, auth=STAFF,
            tags=STAFF_TAGS, summary="A patron's loans")
def patron_loans(request: StaffRequest, card: str) -> list[dict]:
    return _loans(patron=_looked_up(request, card), returned__isnull=True)


@router.get("/patrons/{card}/reservations", response={200: list[ReservationOut], **ERRORS},
            auth=STAFF, tags=STAFF_TAGS, summary="A patron's reservations")
def patron_reservations(request: StaffRequest, card: str) -> list[dict]:
    return _reservations(patron=_looked_up(request, card), status__in=Reservation.ACTIVE)


@router.post("/patrons/{card}/reservations", response={201: ReservationOut, **ERRORS},
             auth=STAFF, tags=STAFF_TAGS, summary="Reserve a title for a patron")
def reserve_for_patron(request: StaffRequest, card: str, payload: ReservationIn):
    return Status(201, _place(_patron(request, card), payload))


@router.post("/patrons/{card}/works/{work_id}/reservations",
             response={201: ReservationOut, **ERRORS}, auth=STAFF, tags=STAFF_TAGS,
             summary="Reserve a work in a format (any edition) for a patron")
def reserve_work_for_patron(request: StaffRequest, card: str, work_id: int,
                            payload: WorkReservationIn):
    return Status(201, _place_work(_patron(request, card), work_id, payload))


@router.delete("/patrons/{card}/reservations/{id}", response={200: ReservationOut, **ERRORS},
               auth=STAFF, tags=STAFF_TAGS, summary="Cancel a patron's reservation")
def cancel_for_patron(request: StaffRequest, card: str, id: int) -> dict:
    patron = _patron(request, card)
    reservation = _reservation(id, patron)
    reservations.cancel_reservation(reservation.pk, patron=patron)
    return _fresh_reservation(reservation.pk)


# --- staff: a branch's lists -----------------------------------------------------------------


@router.get("/branches/{code}/holdshelf", response={200: list[HoldShelfOut], **ERRORS},
            auth=STAFF, tags=STAFF_TAGS, summary="The hold shelf")
def hold_shelf(request: StaffRequest, code: str) -> list[dict]:
    """By pickup number. `expired`: the deadline has passed; the copy goes on to the next
    in line at the next check-in or expiry run."""
    branch = _branch(request, code)
    today = timezone.localdate()
    rows = Reservation.objects.select_related("patron", "record", "item").filter(
        pickup_branch=branch, status=Reservation.Status.ON_HOLD_SHELF).order_by("pickup_number")
    return [
        {
            "reservation": r.pk, "pickup_number": r.pickup_number, "card": r.patron.card,
            "name": r.patron.name, "pid": r.record.pid, "title": r.record.title,
            "barcode": r.item.barcode if r.item else None, "shelf_deadline": r.shelf_deadline,
            "expired": r.shelf_deadline is not None and r.shelf_deadline < today,
        }
        for r in rows
    ]


@router.get("/branches/{code}/pulllist", response={200: list[PullOut], **ERRORS}, auth=STAFF,
            tags=STAFF_TAGS, summary="Copies to take off the open shelves")
def pull_list(request: StaffRequest, code: str) -> list[dict]:
    """Copies on this branch's shelves allocated to a reservation, in shelf order. Scan each
    with POST /api/v1/circulation/checkin: it goes to the hold shelf or in transit."""
    branch = _branch(request, code)
    rows = Reservation.objects.select_related("item", "record", "pickup_branch").filter(
        status=Reservation.Status.ALLOCATED, item__current_branch=branch,
        item__status="available").order_by("item__shelf_location", "placed", "id")
    return [
        {
            "reservation": r.pk, "barcode": r.item.barcode, "pid": r.record.pid,
            "title": r.record.title, "shelf_location": r.item.shelf_location,
            "pickup_branch": r.pickup_branch.code, "placed": _local(r.placed),
        }
        for r in rows
    ]


@router.get("/branches/{code}/transits", response={200: list[TransitOut], **ERRORS},
            auth=STAFF, tags=STAFF_TAGS, summary="Copies in transit to or from the branch")
def transits(request: StaffRequest, code: str, direction: str | None = None) -> list[dict]:
    """`direction=in`: on their way here; `out`: sent from here; both when left out. Receive
    a copy by checking it in."""
    branch = _branch(request, code)
    if direction not in (None, "in", "out"):
        raise refuse("bad_direction")
    rows = Transit.objects.select_related("item__record", "from_branch", "to_branch").filter(
        received__isnull=True)
    where = {"in": Q(to_branch=branch), "out": Q(from_branch=branch)}
    rows = rows.filter(where[direction] if direction else where["in"] | where["out"])
    return [
        {
            "id": t.pk, "direction": "in" if t.to_branch_id == branch.pk else "out",
            "barcode": t.item.barcode, "title": t.item.record.title,
            "from_branch": t.from_branch.code, "to_branch": t.to_branch.code,
            "reason": t.reason, "sent": _local(t.sent),
        }
        for t in rows
    ]


# --- staff: loan rules ----------------------------------------------------------------------


@router.get("/loanrules/explain", response={200: ExplainOut, **ERRORS}, auth=STAFF,
            tags=STAFF_TAGS, summary="Which rule supplies each loan term")
def explain_rules(request: StaffRequest, query: Query[ExplainQuery]) -> dict:
    """The terms for one cell of the matrix (library × patron group × loan category ×
    material type), each with the rule it comes from: the most specific rule that sets it."""
    library = Library.objects.filter(agency=query.library).first()
    if library is None:
        raise not_found("unknown_library", library=query.library)
    cell = (query.patron_group.value, query.loan_category.value, query.material_type.value)
    terms = rules.terms(facts.cells(library.pk), library.pk, *cell)
    return {
        "library": library.agency,
        "patron_group": cell[0],
        "loan_category": cell[1],
        "material_type": cell[2],
        "values": [
            {"name": name, "value": value if isinstance(value, bool | int) or value is None
             else str(value), "source": source}
            for name, value, source in terms.explain()
        ],
    }
