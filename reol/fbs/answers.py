"""reol's state in the FBS Adapter's shapes (fbs-adapter.yaml's definitions), field by field.
Reads only; every list comes in a fixed number of queries, never one per row."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.utils import timezone

from reol.catalogue.models import Item, LoanCategory, Record
from reol.circulation import accounts, facts, reservations
from reol.circulation.models import Block, Loan, Patron, Reservation
from reol.circulation.models_accounts import AccountEntry
from reol.circulation.outlook import outlooks
from reol.libraries.models import Branch

from . import identifiers, rules
from .identifiers import NO_PICKUP


def _day(moment: date | datetime | None) -> str | None:
    if moment is None:
        return None
    if isinstance(moment, datetime):
        moment = timezone.localdate(moment)
    return moment.isoformat()


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """Optional fields without a value are left out, as the description's clients expect."""
    return {k: v for k, v in values.items() if v is not None}


def branches(library_id: int, exclude: list[str]) -> list[dict]:
    isils = identifiers.isils(library_id)
    rows = Branch.objects.filter(library_id=library_id).exclude(kind__in=NO_PICKUP)
    return [{"branchId": isils[b.pk], "title": b.name} for b in rows.order_by("name")
            if isils[b.pk] not in exclude]


# --- the patron -----------------------------------------------------------------------------


def _blocks(patron: Patron) -> list[dict]:
    return [{"blockedReason": rules.block_reason(b.code), "blockedSince": _day(b.created),
             "message": b.reason or b.get_code_display()}
            for b in Block.objects.filter(patron=patron, lifted__isnull=True).order_by("pk")]


def patron(patron: Patron, version: int) -> dict:
    """PatronV4 (version 4), PatronV7 (7) or PatronV9 (9): the same person, newer versions with
    more fields. `blockStatus` is [] unless blocked (the apps show a blocked-patron dialog)."""
    isils = identifiers.isils(patron.library_id)
    pickup = patron.pickup_branch_id or next(
        (b.pk for b in Branch.objects.filter(library_id=patron.library_id).exclude(
            kind__in=NO_PICKUP).order_by("pk")), None)
    paused = patron.pause_from or patron.pause_to
    found = _clean({
        "patronId": rules.patron_id(patron.card, patron.pk),
        "name": patron.name,
        "birthday": _day(patron.birth_date),
        "emailAddress": patron.email or None,
        "phoneNumber": patron.phone or None,
        "receiveEmail": patron.notify_email and bool(patron.email),
        "receiveSms": patron.notify_sms and bool(patron.phone),
        "receivePostalMail": False,
        "preferredPickupBranch": isils.get(pickup or 0, f"DK-{patron.library.agency}"),
        "preferredLanguage": patron.language,
        "defaultInterestPeriod": patron.interest_days or facts.patron_terms(
            patron, timezone.localdate()).interest_days,
        # reol does not know where a patron lives; its patrons are its municipality's.
        "resident": True,
        "onHold": _clean({"from": _day(patron.pause_from), "to": _day(patron.pause_to)})
        if paused else None,
        "blockStatus": _blocks(patron),
    })
    if version >= 7:
        found["guardianVisibility"] = False
    if version >= 9:
        found["hasNationalRegistrySynchronizationConsent"] = False
        found["keepLoanHistoricalData"] = patron.keep_history
    return found


# --- loans ----------------------------------------------------------------------------------


def _material_group(record: Record, category: str) -> dict:
    return {"name": record.material_type, "description": record.get_material_type_display()
            + ("" if category == LoanCategory.STANDARD else f" ({category})")}


def loan_details(loan: Loan) -> dict:
    record = loan.item.record
    return {
        "loanId": loan.pk,
        "loanDate": _day(loan.checked_out),
        "dueDate": _day(loan.due),
        "loanType": rules.loan_type(loan.item.library_id,
                                    loan.patron.library_id if loan.patron else 0),
        "materialGroup": _material_group(record, loan.item.loan_category),
        "materialItemNumber": loan.item.barcode,
        "recordId": rules.faust(record.pid, record.faust),
    }


def _open_loans(patron: Patron, ids: list[int] | None = None) -> list[Loan]:
    rows = Loan.objects.select_related("item__record", "branch", "patron").filter(
        patron=patron, returned__isnull=True).order_by("due", "pk")
    return list(rows.filter(pk__in=ids) if ids is not None else rows)


def loans(patron: Patron) -> list[dict]:
    """LoanV2 each: whether it may be renewed today, by the same rule as a renewal."""
    rows = _open_loans(patron)
    ahead = outlooks(rows, timezone.localdate())
    found = []
    for loan in rows:
        refusal = ahead[loan.pk].refusal
        found.append({
            "isLongtermLoan": False,
            "isRenewable": refusal is None,
            "renewalStatusList": [] if refusal is None else [rules.renewal_status(refusal.code)],
            "loanDetails": loan_details(loan),
        })
    return found


def renewed(patron: Patron, outcome: dict[int, str | None]) -> list[dict]:
    """RenewedLoanV2 for each loan tried: `outcome` is the refusal code by loan id (None:
    renewed)."""
    return [{"loanDetails": loan_details(loan),
             "renewalStatus": [rules.renewal_status(outcome[loan.pk])]}
            for loan in _open_loans(patron, list(outcome))]


# --- reservations ---------------------------------------------------------------------------


def reservation_rows(patron: Patron, ids: list[int] | None = None) -> list[Reservation]:
    rows = Reservation.objects.select_related("patron__library", "record").filter(
        patron=patron)
    rows = rows.filter(pk__in=ids) if ids is not None else rows.filter(
        status__in=Reservation.ACTIVE)
    return list(reservations.with_queue(rows.order_by("placed", "pk")))


def reservation(r: Reservation, isils: dict[int, str], version: int) -> dict:
    """ReservationDetails (version 1) or ReservationDetailsV2 (2)."""
    ready = r.status == Reservation.Status.ON_HOLD_SHELF
    found = _clean({
        "reservationId": r.pk,
        "recordId": rules.faust(r.record.pid, r.record.faust),
        "state": rules.reservation_state(r.status),
        "pickupBranch": isils.get(r.pickup_branch_id, f"DK-{r.patron.library.agency}"),
        "dateOfReservation": _day(r.placed),
        "expiryDate": _day(r.interest_until),
        "numberInQueue": reservations.queue_position(r)
        if r.status == Reservation.Status.WAITING else None,
        "pickupDeadline": _day(r.shelf_deadline) if ready else None,
        "pickupNumber": (r.pickup_number or None) if ready else None,
    })
    if version == 1:
        found["loanType"] = "loan"
    else:
        found["reservationType"] = "NORMAL"
        found["transactionId"] = str(r.pk)
    return found


def reservations_of(patron: Patron, version: int, ids: list[int] | None = None) -> list[dict]:
    isils = identifiers.isils(patron.library_id)
    return [reservation(r, isils, version) for r in reservation_rows(patron, ids)]


# --- the catalogue: availability and holdings -----------------------------------------------


def _copies(library_id: int, records: list[Record], exclude: set[int]):
    return (Item.objects.filter(record__in=records, library_id=library_id)
            .exclude(status__in=Item.GONE).exclude(current_branch__in=exclude))


def _queues(records: list[Record]) -> dict[int, int]:
    return dict(Reservation.objects.filter(record__in=records, status__in=Reservation.ACTIVE)
                .values_list("record").annotate(n=Count("pk")).values_list("record", "n"))


def _reservable(records: list[Record]) -> set[int]:
    """A record is reservable where reol's reservation would find copies to wait for: a
    lendable copy anywhere in the network (reservations.place_reservation)."""
    return set(Item.objects.filter(record__in=records, status__in=reservations.LENDABLE)
               .exclude(loan_category=LoanCategory.REFERENCE)
               .values_list("record_id", flat=True).distinct())


def _excluded(library_id: int, exclude: list[str]) -> set[int]:
    return {pk for pk, isil in identifiers.isils(library_id).items() if isil in exclude}


def availability(library_id: int, recordids: list[str], exclude: list[str]) -> list[dict]:
    """AvailabilityV3 for each record id asked, in the order asked; an unknown one is
    answered as held nowhere."""
    found = identifiers.records(recordids)
    records = list(found.values())
    on_shelf = set(_copies(library_id, records, _excluded(library_id, exclude))
                   .filter(status=Item.Status.AVAILABLE).exclude(
                       loan_category=LoanCategory.REFERENCE)
                   .values_list("record_id", flat=True))
    queues, reservable = _queues(records), _reservable(records)
    answer = []
    for rid in recordids:
        record = found.get(rid)
        pk = record.pk if record else 0
        answer.append({"recordId": rid, "available": pk in on_shelf,
                       "reservable": pk in reservable, "reservations": queues.get(pk, 0)})
    return answer


def holdings(library_id: int, recordids: list[str], exclude: list[str]) -> list[dict]:
    """HoldingsForBibliographicalRecordLogisticsV1: the library's copies of each record by
    branch and shelf, each on the shelf or not."""
    found = identifiers.records(recordids)
    records = list(found.values())
    isils = identifiers.isils(library_id)
    copies = (_copies(library_id, records, _excluded(library_id, exclude))
              .select_related("record", "current_branch").order_by("current_branch__name",
                                                                   "shelf_location", "barcode"))
    places: dict[int, dict[tuple[int, str], list[Item]]] = {}
    for item in copies:
        key = (item.current_branch_id, item.shelf_location)
        places.setdefault(item.record_id, {}).setdefault(key, []).append(item)
    queues, reservable = _queues(records), _reservable(records)
    answer = []
    for rid in recordids:
        record = found.get(rid)
        pk = record.pk if record else 0
        answer.append({
            "recordId": rid, "reservable": pk in reservable, "reservations": queues.get(pk, 0),
            "holdings": [_holding(items, isils) for items in places.get(pk, {}).values()],
        })
    return answer


def _holding(items: list[Item], isils: dict[int, str]) -> dict:
    here = items[0].current_branch
    shelf = items[0].shelf_location
    return _clean({
        "branch": {"branchId": isils[here.pk], "title": here.name},
        "lmsPlacement": {"location": {"locationId": shelf, "title": shelf}} if shelf else None,
        "materials": [{"itemNumber": i.barcode,
                       "available": i.status == Item.Status.AVAILABLE
                       and i.loan_category != LoanCategory.REFERENCE,
                       "materialGroup": _material_group(i.record, i.loan_category)}
                      for i in items],
    })


# --- fees -----------------------------------------------------------------------------------

FEE_TYPES: dict[str, str] = {AccountEntry.Cause.OVERDUE: "fee",
                             AccountEntry.Cause.REPLACEMENT: "compensation"}


def fees(patron: Patron, include_paid: bool, include_nonpayable: bool) -> list[dict]:
    """FeeV2 for each charge on the patron's account (reol's own statement: what is left of
    each). reol takes payments on its own pages and at the desk, not through the web site's
    payment, so every fee is `payableByClient: false` and only the read-only list
    (`includenonpayable=true`, as the apps ask) shows them."""
    if not include_nonpayable:
        return []
    statement = accounts.statement(patron)
    settled = _settled_on(statement.entries)
    charges = [e for e in reversed(statement.entries)
               if e.kind in (AccountEntry.Kind.CHARGE, AccountEntry.Kind.MANUAL)]
    loans = {loan.pk: loan for loan in Loan.objects.select_related("item__record").filter(
        pk__in=[c.loan_id for c in charges if c.loan_id])}
    answer = []
    for charge in charges:
        left: Decimal | None = statement.left.get(charge.pk)
        if left is None and not include_paid:
            continue
        loan = loans.get(charge.loan_id or 0)
        answer.append(_clean({
            "feeId": charge.pk,
            "type": FEE_TYPES.get(charge.cause, "fee"),
            "amount": float(left if left is not None else charge.amount),
            "creationDate": _day(charge.created),
            "paidDate": None if left is not None else settled,
            "payableByClient": False,
            "reasonMessage": charge.title or charge.reason or charge.get_cause_display()
            or charge.get_kind_display(),
            "materials": [{"recordId": rules.faust(loan.item.record.pid, loan.item.record.faust),
                           "materialItemNumber": loan.item.barcode,
                           "materialGroup": _material_group(loan.item.record,
                                                            loan.item.loan_category)}]
            if loan else [],
        }))
    return answer


def _settled_on(entries: list[AccountEntry]) -> str | None:
    """The day of the latest payment, waiver or refund: a charge paid in full was paid by then
    (payments settle the oldest charges first, so no single entry names it)."""
    latest = next((e for e in entries if e.kind not in (
        AccountEntry.Kind.CHARGE, AccountEntry.Kind.MANUAL)), None)
    return _day(latest.created) if latest else None

