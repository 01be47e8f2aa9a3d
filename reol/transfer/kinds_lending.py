"""Open loans, reservation queues and the loan histories patrons chose to keep."""

from collections.abc import Iterator

from reol.catalogue.models import Item
from reol.circulation.models import Loan, Reservation
from reol.libraries.models import Library
from reol.refusals import refuse

from . import values as v
from .registry import Column, Context, Kind, Row, Values, register

LOAN_FIELDS = ("patron_id", "branch_id", "checked_out", "due", "renewals")


def _loan(row: Row, ctx: Context) -> Values:
    # A loan is the lending library's: its borrower may be another library's patron.
    patron_id, _ = ctx.patron(v.text(row, "card", required=True), own=False)
    return {"item_id": ctx.item_id(v.text(row, "barcode", required=True)),
            "patron_id": patron_id,
            "branch_id": ctx.branch_id(v.text(row, "branch", required=True), any_library=True),
            "checked_out": v.moment(row, "loan_date", required=True),
            "due": v.day(row, "due", required=True),
            "renewals": v.number(row, "renewals", high=999) or 0}


def _loans_taken(taken: list[tuple[int, Row]], ctx: Context) -> None:
    Item.objects.filter(loans__pk__in=[pk for pk, _ in taken]).exclude(
        status=Item.Status.ON_LOAN).update(status=Item.Status.ON_LOAN)


def _loans_ended(gone: list[int], ctx: Context) -> None:
    """Loans the former system has seen returned since the last import: returned now, kept
    in the history only for a patron who chose one, their copies back on the shelf."""
    loans = Loan.objects.filter(pk__in=gone)
    Item.objects.filter(loans__in=loans, status=Item.Status.ON_LOAN).update(
        status=Item.Status.AVAILABLE)
    loans.filter(patron__keep_history=False).update(returned=ctx.now, patron=None)
    loans.filter(returned__isnull=True).update(returned=ctx.now)


def _loan_rows(library: Library, returned: bool) -> Iterator[Row]:
    # Open loans are the copy's library's; a kept history is the patron's library's.
    mine = {"patron__library": library} if returned else {"item__library": library}
    loans = (Loan.objects.filter(returned__isnull=not returned, **mine)
             .order_by("patron__card", "checked_out", "item__barcode")
             .values_list("patron__card", "item__barcode", "branch__code", "checked_out",
                          "due", "renewals", "returned", "returned_branch__code"))
    for card, barcode, branch, out, due, renewals, back, back_at in loans.iterator(2000):
        row = {"card": card, "barcode": barcode, "branch": branch, "loan_date": v.out(out),
               "due": v.out(due)}
        yield row | ({"returned": v.out(back), "returned_branch": back_at or ""} if returned
                     else {"renewals": str(renewals)})


register(Kind(
    name="loans", meaning="Open loans: one row per copy out today. A loan reol has from an "
    "earlier import and the file no longer holds was returned in the former system: reol "
    "returns it too (reported as closed).", model=Loan,
    columns=(
        Column("card", "the borrower's card", True),
        Column("barcode", "the copy's barcode (in copies.csv)", True),
        Column("branch", "the branch code where it was lent", True),
        Column("loan_date", "when it was lent, ISO 8601 (Danish time without an offset)", True),
        Column("due", "the due date, YYYY-MM-DD", True),
        Column("renewals", "how many times it was renewed"),
    ),
    key=("item_id",), fields=LOAN_FIELDS, build=_loan,
    scope=lambda ctx: Loan.objects.filter(item__library_id=ctx.library_id,
                                          returned__isnull=True),
    rows=lambda library: _loan_rows(library, returned=False),
    after=_loans_taken, vanish=_loans_ended,
))


def _history(row: Row, ctx: Context) -> Values:
    patron_id, keeps = ctx.patron(v.text(row, "card", required=True))
    if not keeps:
        raise refuse("import_no_history")
    out, back = v.moment(row, "loan_date", required=True), v.moment(row, "returned",
                                                                     required=True)
    back_at = v.text(row, "returned_branch")
    return {"patron_id": patron_id,
            "item_id": ctx.item_id(v.text(row, "barcode", required=True), own=False),
            "checked_out": out, "branch_id": ctx.branch_id(v.text(row, "branch", required=True),
                                                           any_library=True),
            "due": v.day(row, "due", required=True), "returned": back,
            "returned_branch_id": ctx.branch_id(back_at, "returned_branch", any_library=True)
            if back_at else None}


register(Kind(
    name="histories", meaning="Loan histories, only of patrons whose keep_history is yes: one "
    "row per returned loan.", model=Loan,
    columns=(
        Column("card", "the patron's card", True),
        Column("barcode", "the copy's barcode (in copies.csv)", True),
        Column("branch", "where it was lent", True),
        Column("loan_date", "when it was lent", True), Column("due", "its due date", True),
        Column("returned", "when it came back", True),
        Column("returned_branch", "where it came back"),
    ),
    key=("patron_id", "item_id", "checked_out"),
    fields=("branch_id", "due", "returned", "returned_branch_id"), build=_history,
    scope=lambda ctx: Loan.objects.filter(patron__library_id=ctx.library_id,
                                          returned__isnull=False),
    rows=lambda library: _loan_rows(library, returned=True),
))

HOLDING = ("allocated", "on_hold_shelf")


def _reservation(row: Row, ctx: Context) -> Values:
    patron_id, _ = ctx.patron(v.text(row, "card", required=True))
    status = v.choice(row, "status", [str(s) for s in Reservation.ACTIVE], default="waiting")
    barcode = v.text(row, "barcode")
    if status in HOLDING and not barcode:
        raise refuse("import_missing", column="barcode")
    return {"patron_id": patron_id, "record_id": ctx.record_id(v.text(row, "pid",
                                                                     required=True)),
            "placed": v.moment(row, "placed", required=True),
            "pickup_branch_id": ctx.branch_id(v.text(row, "pickup_branch", required=True),
                                              "pickup_branch", any_library=True),
            "interest_until": v.day(row, "interest_until", required=True), "status": status,
            "item_id": ctx.item_id(barcode, own=False) if barcode and status in HOLDING
            else None,
            "pickup_number": v.text(row, "pickup_number", limit=8),
            "shelf_deadline": v.day(row, "shelf_deadline")}


def _reservations_taken(taken: list[tuple[int, Row]], ctx: Context) -> None:
    shelved = Reservation.objects.filter(pk__in=[pk for pk, _ in taken],
                                         status=Reservation.Status.ON_HOLD_SHELF)
    Item.objects.filter(reservations__in=shelved).update(status=Item.Status.ON_HOLD_SHELF)


def _reservations_ended(gone: list[int], ctx: Context) -> None:
    """Reservations the former system closed since the last import (picked up, cancelled,
    expired): cancelled here, their copies let go."""
    ended = Reservation.objects.filter(pk__in=gone)
    Item.objects.filter(reservations__in=ended, status=Item.Status.ON_HOLD_SHELF).update(
        status=Item.Status.AVAILABLE)
    ended.update(status=Reservation.Status.CANCELLED, closed=ctx.now,
                 closed_reason="former_system", item=None)


def _reservation_rows(library: Library) -> Iterator[Row]:
    rows = (Reservation.objects.filter(patron__library=library, status__in=Reservation.ACTIVE)
            .order_by("record__pid", "placed", "id")
            .values_list("patron__card", "record__pid", "placed", "pickup_branch__code",
                         "interest_until", "status", "item__barcode", "pickup_number",
                         "shelf_deadline"))
    for card, pid, placed, pickup, until, status, barcode, number, deadline in rows:
        yield {"card": card, "pid": pid, "placed": v.out(placed), "pickup_branch": pickup,
               "interest_until": v.out(until), "status": status, "barcode": barcode or "",
               "pickup_number": number, "shelf_deadline": v.out(deadline)}


register(Kind(
    name="reservations", meaning="Active reservations, in queue order: a record's queue is "
    "ordered by `placed`. One that reol has from an earlier import and the file no longer "
    "holds ended in the former system: reol closes it too (reported as closed).",
    model=Reservation,
    columns=(
        Column("card", "the patron's card", True),
        Column("pid", "the record reserved", True),
        Column("placed", "when it was placed: the queue's order", True),
        Column("pickup_branch", "the branch code to collect at", True),
        Column("interest_until", "not needed after (interessedato), YYYY-MM-DD", True),
        Column("status", "waiting, allocated (a copy is on its way) or on_hold_shelf"),
        Column("barcode", "the copy allocated or on the hold shelf"),
        Column("pickup_number", "the number on the hold shelf"),
        Column("shelf_deadline", "the last day on the hold shelf"),
    ),
    key=("patron_id", "record_id", "placed"),
    fields=("pickup_branch_id", "interest_until", "status", "item_id", "pickup_number",
            "shelf_deadline"),
    build=_reservation,
    scope=lambda ctx: Reservation.objects.filter(patron__library_id=ctx.library_id,
                                                 status__in=Reservation.ACTIVE),
    rows=_reservation_rows, after=_reservations_taken, vanish=_reservations_ended,
))
