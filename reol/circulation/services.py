"""Lending at the desk, the machine and the patron's own page: each use case one transaction.

Refusals are DomainErrors with a stable code and a Danish and an English reason.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from reol import sql
from reol.catalogue import copies
from reol.catalogue.models import Item
from reol.core import staff_record
from reol.core.models import Event
from reol.errors import DomainError
from reol.libraries.models import Branch
from reol.refusals import refuse

from . import facts, log, notices, privacy, rules
from .models import Loan, Patron, Reservation
from .reservations import Routing, others_waiting, route


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def check_out(
    card: str | Patron,
    barcode: str,
    branch: str | Branch,
    *,
    self_service: bool = False,
    now: datetime | None = None,
) -> Loan:
    now = _now(now)
    today = timezone.localdate(now)
    branch = facts.branch_by_code(branch)
    with transaction.atomic():
        patron, item, relevant = facts.at_checkout(card, barcode, today)
        terms = facts.terms(patron, item, today)
        if item.status == Item.Status.ON_LOAN and Loan.objects.filter(
            item=item, patron=patron, returned__isnull=True
        ).exists():
            raise refuse("already_yours")
        holding = next((r for r in relevant if r.item_id == item.pk
                        and r.status in Reservation.HOLDING), None)
        own_hold = holding is not None and holding.patron_id == patron.pk
        waiting = next((r for r in relevant if r.patron_id == patron.pk
                        and r.status == Reservation.Status.WAITING), None)
        status = item.status
        if own_hold and status == Item.Status.ON_HOLD_SHELF:
            status = Item.Status.AVAILABLE  # the patron collects their own reservation
        if status == Item.Status.ON_HOLD_SHELF and holding is None:
            status = Item.Status.AVAILABLE  # left on the hold shelf after a reservation closed
        refusal = rules.checkout_refusal(
            item_status=status,
            held_for_other=holding is not None and not own_hold,
            loanable=terms.loanable,
            open_loans=patron.open_loans,
            max_loans=terms.max_loans,
            block=facts.block(patron, self_service),
        ) or rules.lending_place_refusal(item.current_branch_id, branch.pk)
        if refusal:
            raise refusal
        due = rules.due_date(today, terms.loan_days, facts.open_day(branch))
        item.status = Item.Status.ON_LOAN
        item.current_branch = branch
        try:
            loan = sql.insert_and_update(
                Loan(item=item, patron=patron, branch=branch, checked_out=now, due=due),
                item, ["status", "current_branch"])
        except IntegrityError:  # a second desk got here first (the database refuses it)
            raise refuse("item_on_loan") from None
        patron.open_loans += 1  # the borrower as they are now: the desk shows them
        _collect(patron, item, holding if own_hold else waiting, branch, now)
        log.event(Event.Kind.CHECKOUT, now, branch=branch, item=item, patron=patron, loan=loan,
                  due=str(due), self_service=self_service or None)
        staff_record.lending(staff_record.CREATE, loan, branch.library_id,
                             {"item": [None, item.barcode], "due": [None, due]})
    return loan


def _collect(
    patron: Patron, item: Item, reservation: Reservation | None, branch: Branch, now: datetime
) -> None:
    """Lending a copy the patron reserved fulfils that reservation."""
    if reservation is None:
        return
    reservation.status = Reservation.Status.FULFILLED
    reservation.item = item
    reservation.closed = now
    reservation.closed_reason = "collected"
    reservation.save(update_fields=["status", "item", "closed", "closed_reason"])
    log.event(Event.Kind.RESERVATION_FULFILLED, now, branch=branch, item=item, patron=patron)


@dataclass
class CheckIn:
    item: Item
    loan: Loan | None
    routing: Routing
    fee: Decimal = Decimal("0")
    found: bool = False


_LOAN = sql.Columns(Loan, "l")
_BORROWER = sql.Columns(Patron, "p", "id card name birth_date library keep_history reference "
                        "language email phone notify_email notify_sms notices_off")
_OPEN_LOAN = sql.Statement(lambda: (
    f"SELECT {_LOAN.sql}, {_BORROWER.sql} FROM {sql.table(Loan)} l"
    f" LEFT JOIN {sql.table(Patron)} p ON p.id = l.patron_id"
    " WHERE l.item_id = %s AND l.returned IS NULL"
))


def _open_loan(item: Item) -> Loan | None:
    rows = sql.fetch(_OPEN_LOAN, [item.pk])
    if not rows:
        return None
    loan = _LOAN.build(rows[0])
    loan.item = item
    if loan.patron_id:
        loan.patron = _BORROWER.build(rows[0], _LOAN.width)
    return loan


# Copies the desk does not take back: withdrawn for good, or in staff hands until a member
# of staff changes their status on the copy's page (collection/copies.py).
NOT_TAKEN_BACK: dict[str, DomainError] = {
    Item.Status.WITHDRAWN: refuse("item_withdrawn.checkin"),
    Item.Status.DAMAGED: refuse("item_damaged.checkin"),
    Item.Status.IN_REPAIR: refuse("item_in_repair.checkin"),
}


def check_in(barcode: str, branch: str | Branch, *, now: datetime | None = None) -> CheckIn:
    """Take an item back (or scan it on arrival) and say where it goes next."""
    now = _now(now)
    today = timezone.localdate(now)
    branch = facts.branch_by_code(branch)
    with transaction.atomic():
        item = facts.item_by_barcode(barcode)
        if item.status in NOT_TAKEN_BACK:
            raise NOT_TAKEN_BACK[item.status]
        was = item.status
        found = was in (Item.Status.MISSING, Item.Status.LOST)
        loan = _open_loan(item)
        fee = Decimal("0")
        if loan:
            patron = loan.patron
            if patron and today > loan.due:
                fee = rules.overdue_fee(facts.terms(patron, item, today), loan.due, today)
            loan.returned = now
            loan.returned_branch = branch
            loan.fee = fee
            log.event(Event.Kind.CHECKIN, now, branch=branch, item=item, loan=loan,
                      overdue_days=max((today - loan.due).days, 0) or None)
            log.forget_patron(loan)
            sql.update(loan, ["returned", "returned_branch", "fee", "patron"])
            staff_record.lending(staff_record.UPDATE, loan, branch.library_id,
                                 {"returned": [None, now], "fee": [None, fee]})
        if found:
            log.event(Event.Kind.FOUND, now, branch=branch, item=item)
            lost = Loan.objects.filter(item=item, lost__isnull=False, fee__gt=0).last()
            if lost:  # the replacement charge falls away when the item turns up
                lost.fee = Decimal("0")
                lost.save(update_fields=["fee"])
        routing = route(item, branch, now)
        if found:
            copies.note(item, was, "found at check-in", now)
    return CheckIn(item=item, loan=loan, routing=routing, fee=fee, found=found)


def _borrower(loan: Loan) -> Patron:
    """An open loan's borrower (the link is emptied only when a returned loan is anonymised)."""
    return cast(Patron, loan.patron)


@dataclass
class Renewal:
    loan: Loan
    error: DomainError | None = None


def renew(
    loan: Loan | int,
    *,
    patron: Patron | None = None,
    self_service: bool = False,
    automatic: bool = False,
    now: datetime | None = None,
) -> Loan:
    """Renew one loan from today. `patron`, when given, must be the borrower."""
    now = _now(now)
    today = timezone.localdate(now)
    with transaction.atomic():
        loan_id = loan.pk if isinstance(loan, Loan) else loan
        loan = (
            Loan.objects.select_for_update(of=("self",))
            .select_related("item__record", "patron", "branch")
            .filter(pk=loan_id, returned__isnull=True)
            .first()
        )
        if loan is None or (patron is not None and loan.patron_id != patron.pk):
            raise refuse("unknown_loan")
        if automatic and (loan.due > today or loan.auto_renewal_refused):
            # Another job run got here first: renewed already, or refused and told.
            raise refuse("not_due")
        terms = facts.terms(_borrower(loan), loan.item, today)
        new_due = rules.due_date(today, terms.loan_days, facts.open_day(loan.branch))
        refusal = rules.renewal_refusal(
            renewals=loan.renewals,
            max_renewals=terms.renewals,
            others_waiting=others_waiting(loan.item, _borrower(loan), today),
            renew_when_reserved=terms.renew_when_reserved,
            lost=loan.lost is not None,
            block=facts.block(_borrower(loan), self_service),
            today=today,
            due=loan.due,
            new_due=new_due,
            window_days=terms.renewal_window_days,
        )
        if refusal:
            raise refusal
        loan.due = new_due
        loan.renewals += 1
        loan.auto_renewal_refused = ""
        loan.save(update_fields=["due", "renewals", "auto_renewal_refused"])
        log.event(Event.Kind.RENEWAL, now, branch=None, library_id=loan.branch.library_id,
                  item=loan.item, patron=loan.patron, loan=loan, due=str(loan.due),
                  automatic=automatic or None)
    return loan


def renew_all(patron: Patron, *, self_service: bool = False,
              now: datetime | None = None) -> list[Renewal]:
    """Renew each of the patron's loans that may be renewed by now (within its renewal
    window) on its own; one refusal does not stop the rest. Loans not yet in their window are
    left alone: "renew all" must not spend a renewal for a few days' gain."""
    now = _now(now)
    results = []
    for loan in renewable_loans(patron, timezone.localdate(now)):
        try:
            results.append(Renewal(renew(loan, patron=patron, self_service=self_service,
                                         now=now)))
        except DomainError as error:
            results.append(Renewal(loan, error))
    return results


def renewable_loans(patron: Patron, today: date) -> list[Loan]:
    """The patron's loans whose renewal window has opened, by due date."""
    loans = (Loan.objects.filter(patron=patron, returned__isnull=True)
             .select_related("item__record").order_by("due", "id"))
    return [loan for loan in loans if today >= rules.renewal_opens(
        loan.due, facts.terms(patron, loan.item, today).renewal_window_days)]


def auto_renew(now: datetime | None = None) -> tuple[int, int]:
    """Renew every loan due today (or before) that the rules allow, and tell the patron either
    way. A refusal is recorded on the loan, so running again the same day changes nothing."""
    now = _now(now)
    today = timezone.localdate(now)
    renewed = refused = 0
    due = Loan.objects.filter(
        returned__isnull=True, lost__isnull=True, due__lte=today, auto_renewal_refused="",
        patron__isnull=False,
    ).values_list("pk", flat=True)
    for loan_id in list(due):
        try:
            loan = renew(loan_id, automatic=True, now=now)
            notices.queue(loan.patron, "renewed", f"renewed:{loan.pk}:{loan.due}", loan=loan)
            renewed += 1
        except DomainError as error:
            if error.code == "not_due":
                continue
            with transaction.atomic():
                loan = Loan.objects.select_related("patron", "item__record").get(pk=loan_id)
                loan.auto_renewal_refused = error.code
                loan.save(update_fields=["auto_renewal_refused"])
                notices.queue(loan.patron, "not_renewed", f"not_renewed:{loan.pk}:{loan.due}",
                              loan=loan, reason=error)
            refused += 1
    return renewed, refused


def declare_lost(loan: Loan | int, *, now: datetime | None = None) -> Loan:
    """The patron has lost the item: the loan ends with the replacement charge, the item is
    lost until it turns up again at a check-in (which takes the charge away)."""
    now = _now(now)
    today = timezone.localdate(now)
    with transaction.atomic():
        loan = (
            Loan.objects.select_for_update(of=("self",))
            .select_related("item__record", "patron", "branch")
            .filter(pk=loan.pk if isinstance(loan, Loan) else loan, returned__isnull=True)
            .first()
        )
        if loan is None:
            raise refuse("unknown_loan")
        terms = facts.terms(_borrower(loan), loan.item, today)
        loan.lost = loan.returned = now
        loan.fee = terms.replacement_charge
        item = loan.item
        copies.set_status(item, Item.Status.LOST, "lost by patron", now)
        log.event(Event.Kind.LOST, now, branch=None, library_id=item.library_id, item=item,
                  patron=loan.patron, loan=loan, charge=str(loan.fee))
        loan.save(update_fields=["lost", "returned", "fee"])
    return loan


# --- the patron's own data (docs/privacy.md) -------------------------------------------------


def patron_data(patron: Patron, now: datetime | None = None) -> dict[str, Any]:
    """Everything reol holds about the patron, for them to download."""
    with transaction.atomic():  # one consistent picture
        return privacy.export(patron, _now(now))


def delete_patron(patron: Patron, *, now: datetime | None = None) -> dict[str, int]:
    """The patron asks to be deleted: refused while something is out or owed, otherwise the
    patron row goes and everything pointing at it is deleted or made anonymous."""
    now = _now(now)
    with transaction.atomic():
        # The row lock meets a concurrent checkout's foreign-key check on the same row: either
        # the checkout commits first and its loan is counted here, or it waits and then fails.
        patron = Patron.objects.select_for_update().get(pk=patron.pk)
        refusal = deletion_refusal(patron)
        if refusal:
            raise refusal
        return privacy.erase(patron, now)


def deletion_refusal(patron: Patron) -> DomainError | None:
    """Why the patron cannot be deleted now (loans out, money owed), or None."""
    mine = Loan.objects.filter(patron=patron)
    return rules.deletion_refusal(
        mine.filter(returned__isnull=True).count(),
        mine.filter(fee__gt=0).aggregate(owed=Sum("fee"))["owed"] or Decimal("0"))
