"""ISO 18626 messages in: what each Request, SupplyingAgencyMessage and
RequestingAgencyMessage does to this side of a loan. `handle_message` never raises: what
cannot be taken gets the protocol's error confirmation and changes nothing."""

import hashlib
import logging
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from reol.catalogue.models import Item, Record
from reol.circulation.models import Loan, Reservation
from reol.errors import DomainError
from reol.libraries.models import Library

from . import credentials, rules
from . import iso18626 as iso
from .models import IllMessage, IllRequest
from .routing import ask_next, mark_candidate
from .services import (
    RENEWAL_DAYS,
    ROLE,
    copy_to_lend,
    library_by_isil,
    log_step,
    move,
    now_or,
    send,
    supplying,
)

logger = logging.getLogger(__name__)


def handle_message(data: bytes, now: datetime | None = None, *, local: bool = False,
                   credential: tuple[str, str] | None = None) -> bytes:
    """One ISO 18626 message in, its confirmation out. Never raises: what we cannot take gets
    the protocol's error answer and changes nothing. A replay gets the first answer again.
    `local`: sent by a library of this database, so neither it nor the answer crosses the
    network, and neither is validated again (iso18626.ALWAYS_VALIDATE). Otherwise the message
    is taken only with the `credential` (credentials.presented) of the agency that its header
    names as sender: whoever else posts gets an error, whatever request id they guess."""
    received = now_or(now)
    check = not local
    kind = iso.kind_of(data)
    m = None
    try:
        m = iso.parse(data, validate=check)
        kind = m.kind
        if m.kind not in (iso.REQUEST, iso.SUPPLYING, iso.REQUESTING):
            raise iso.IsoError("UnsupportedActionType", f"{m.kind} is a confirmation")
        if not local:
            _authenticate(m, credential)
        key = _key(m)
        earlier = IllMessage.objects.filter(key=key).values_list("answer", flat=True).first()
        if earlier:
            return earlier.encode()
        with transaction.atomic():
            req = _apply(m, received)
            answer = iso.confirm(kind, m, received, validate=check)
            try:
                with transaction.atomic():
                    IllMessage.objects.create(direction=IllMessage.Direction.IN, key=key,
                                              request=req, kind=_kind(m), body=data.decode(),
                                              answer=answer.decode())
            except IntegrityError:  # the same message at the same moment: one of them counts
                raise _Replay from None
        return answer
    except _Replay:
        return IllMessage.objects.get(key=_key(m)).answer.encode()
    except iso.IsoError as error:
        return iso.confirm(kind, m, received, error=error)
    except DomainError as refusal:
        return iso.confirm(kind, m, received,
                           error=iso.IsoError("UnrecognisedDataValue", refusal.en))
    except Exception:
        logger.exception("ISO 18626 message failed")
        return iso.confirm(kind, m, received,
                           error=iso.IsoError("BadlyFormedMessage", "could not be processed"))


class _Replay(Exception):
    pass


def _authenticate(m: iso.Message, credential: tuple[str, str] | None) -> None:
    """Before anything is read or changed: the same answer whether the credential is missing,
    wrong or another agency's, and whether the agency or request exists."""
    agency, field = iso.sender(m)
    if not credentials.proves(credential, agency):
        raise iso.IsoError("UnrecognisedDataValue",
                           f"{field}: no valid credential for this agency (HTTP Authorization)")


def _kind(m: iso.Message) -> str:
    return f"{m.kind}:{m.action or m.status}"


def _key(m: iso.Message) -> str:
    parts = (m.kind, m.supplier, m.requester, m.request_id,
             m.timestamp.isoformat() if m.timestamp else "", m.action, m.status, m.reason)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _apply(m: iso.Message, now: datetime) -> IllRequest | None:
    if m.kind == iso.REQUEST:
        _take_request(m, now)
        return None
    if m.kind == iso.REQUESTING:
        return _requesting_in(m, now)
    return _supplying_in(m, now)


def _requesting_in(m: iso.Message, now: datetime) -> IllRequest:
    req = (IllRequest.objects.select_for_update().filter(
        role=ROLE.SUPPLIER, supplier_isil=m.supplier, requester_isil=m.requester,
        request_id=m.request_id).first())
    if req is None:
        raise iso.IsoError("UnrecognisedDataValue", f"requestingAgencyRequestId: {m.request_id}")
    if m.action == "Received":
        _expect(req, rules.RECEIVED)
        move(req, rules.RECEIVED, now)
    elif m.action == "ShippedReturn":
        _expect(req, rules.SHIPPED_BACK)
        move(req, rules.SHIPPED_BACK, now)
    elif m.action == "Cancel":
        yes = rules.can_move(req.state, rules.CANCELLED) and req.state != rules.SHIPPED
        if yes:
            req.reason = "cancelled_by_requester"
            move(req, rules.CANCELLED, now)
        send(req, supplying("Cancelled" if yes else req_status(req), "CancelResponse",
                              answer="Y" if yes else "N"))
    elif m.action == "Renew":
        if req.state not in (rules.SHIPPED, rules.RECEIVED):
            raise iso.IsoError("UnrecognisedDataValue", f"Renew in state {req.state}")
        waiting = Reservation.objects.filter(
            record=req.record_id, status=Reservation.Status.WAITING,
            pickup_branch__library=req.library).exists() if req.record_id else False
        if waiting:
            send(req, supplying(req_status(req), "RenewResponse", answer="N"))
        else:
            req.due = max(req.due or timezone.localdate(now), timezone.localdate(now)) + \
                timedelta(days=RENEWAL_DAYS)
            req.save(update_fields=["due"])
            log_step(req, "renewed", now, due=str(req.due))
            send(req, supplying(req_status(req), "RenewResponse", answer="Y", due=req.due))
    elif m.action in ("StatusRequest", "Notification"):
        if m.action == "StatusRequest":
            send(req, supplying(req_status(req), "StatusRequestResponse"))
    else:
        raise iso.IsoError("UnsupportedActionType", m.action)
    return req


def req_status(req: IllRequest) -> str:
    """The ISO 18626 status of a supplier's side."""
    return {rules.REQUESTED: "RequestReceived", rules.WILL_SUPPLY: "WillSupply",
            rules.UNFILLED: "Unfilled", rules.CANCELLED: "Cancelled",
            rules.CLOSED: "LoanCompleted"}.get(req.state, "Loaned")


def _expect(req: IllRequest, to: str) -> None:
    if not rules.can_move(req.state, to):
        raise iso.IsoError("UnrecognisedDataValue",
                           f"out of order: {req.state} cannot become {to}")


def _supplying_in(m: iso.Message, now: datetime) -> IllRequest:
    req = IllRequest.objects.select_for_update().filter(
        role=ROLE.REQUESTER, requester_isil=m.requester, request_id=m.request_id).first()
    if req is None:
        raise iso.IsoError("UnrecognisedDataValue", f"requestingAgencyRequestId: {m.request_id}")
    if m.supplier not in {req.supplier_isil, *(c["isil"] for c in req.candidates)}:
        # The same answer as an unknown id: a peer learns nothing of requests it was not asked.
        raise iso.IsoError("UnrecognisedDataValue", f"requestingAgencyRequestId: {m.request_id}")
    if m.reason in ("CancelResponse", "StatusRequestResponse", "Notification"):
        return req  # nothing to change: we moved when we asked
    if m.supplier != req.supplier_isil:
        raise iso.IsoError("UnrecognisedDataValue",
                           f"supplyingAgencyId: {m.supplier} is not the current supplier")
    if m.supplier_request_id and not req.supplier_request_id:
        req.supplier_request_id = m.supplier_request_id[:64]
    if m.reason == "RenewResponse":
        if not req.renewal_pending:
            raise iso.IsoError("UnrecognisedDataValue", "no renewal was asked for")
        req.renewal_pending = False
        if m.answer == "Y" and m.due:
            req.due = m.due
            if req.item_id:
                Loan.objects.filter(item_id=req.item_id, returned__isnull=True).update(due=m.due)
        req.save(update_fields=["renewal_pending", "due", "supplier_request_id"])
        log_step(req, "renewal_" + ("granted" if m.answer == "Y" else "refused"), now,
             due=str(req.due) if req.due else None)
        return req
    status = m.status
    if status == "RequestReceived":
        _expect(req, rules.REQUESTED)
        req.save(update_fields=["supplier_request_id"])
    elif status in ("WillSupply", "ExpectToSupply"):
        if req.state != rules.WILL_SUPPLY:
            _expect(req, rules.WILL_SUPPLY)
            move(req, rules.WILL_SUPPLY, now)
    elif status in ("Unfilled", "Cancelled"):
        _expect(req, rules.REQUESTED)
        mark_candidate(req, "refused", m.reason_unfilled or status)
        log_step(req, "refused", now, reason=m.reason_unfilled or status)
        ask_next(req, now)
    elif status == "Loaned":
        _expect(req, rules.SHIPPED)
        req.item_barcode = m.item_id[:40]
        req.due = m.due
        req.answer_by = None
        move(req, rules.SHIPPED, now)
        _hold_for_reservation(req)
    elif status in ("LoanCompleted", "CompletedWithoutReturn"):
        _expect(req, rules.RECEIVED_BY_LENDER)
        move(req, rules.RECEIVED_BY_LENDER, now)
        move(req, rules.CLOSED, now)
    else:
        raise iso.IsoError("UnrecognisedDataValue", f"status {status}")
    return req


def _hold_for_reservation(req: IllRequest) -> None:
    """In one database the lender's copy is known here: it is the reservation's copy now, so
    the ordinary check-in at the pickup branch puts it on the hold shelf."""
    item = Item.objects.filter(barcode=req.item_barcode).first()
    reservation = req.reservation
    if item is None or reservation is None or reservation.status != Reservation.Status.WAITING:
        return
    reservation.item = item
    reservation.status = Reservation.Status.ALLOCATED
    reservation.allocation = {"how": "interlibrary", "lender": req.supplier_isil}
    reservation.save(update_fields=["item", "status", "allocation"])




def _match(library: Library, m: iso.Message) -> Record | None:
    """The supplier finds the title in its own catalogue by pid, faust number or ISBN."""
    if m.ids.get("PID"):
        found = Record.objects.filter(pid=m.ids["PID"]).first()
        if found:
            return found
    if m.ids.get("FAUST"):
        found = Record.objects.filter(faust=m.ids["FAUST"]).first()
        if found:
            return found
    if m.ids.get("ISBN"):
        return Record.objects.filter(isbn_rows__isbn=m.ids["ISBN"]).first()
    return None


def _take_request(m: iso.Message, now: datetime) -> None:
    library = library_by_isil(m.supplier)
    if library is None:
        raise iso.IsoError("UnrecognisedDataValue", f"supplyingAgencyId: {m.supplier}")
    if not m.request_id or not m.requester:
        raise iso.IsoError("UnrecognisedDataValue", "requestingAgencyRequestId")
    existing = IllRequest.objects.filter(role=ROLE.SUPPLIER, supplier_isil=m.supplier,
                                         requester_isil=m.requester,
                                         request_id=m.request_id).first()
    if existing is not None:
        return  # the same request again: it is already on the desk
    record = _match(library, m)
    req = IllRequest.objects.create(
        role=ROLE.SUPPLIER, library=library, requester_isil=m.requester,
        supplier_isil=m.supplier, request_id=m.request_id, record=record,
        title=(record.title if record else m.title)[:500], author=m.author[:300],
        pid=m.ids.get("PID", "")[:80], faust=m.ids.get("FAUST", "")[:20],
        isbn=m.ids.get("ISBN", "")[:13], patron_ref=m.patron_id[:64],
        pickup_name=m.pickup[:200], created=now, updated=now)
    req.supplier_request_id = f"S{req.pk}"
    requester_side = _requester_row(req)
    if requester_side is not None:
        req.pickup_branch_id = requester_side.pickup_branch_id
    req.save(update_fields=["supplier_request_id", "pickup_branch"])
    log_step(req, rules.REQUESTED, now)
    item, reason = copy_to_lend(library, record)
    if item is None:  # nothing to consider: say so at once
        req.reason = reason
        move(req, rules.UNFILLED, now, reason=reason)
        send(req, supplying("Unfilled", "RequestResponse", reason_unfilled=reason))
    else:
        send(req, supplying("RequestReceived", "RequestResponse"))


def _requester_row(req: IllRequest) -> IllRequest | None:
    """The requester's side, when it is in this database too."""
    return IllRequest.objects.filter(role=ROLE.REQUESTER, requester_isil=req.requester_isil,
                                     request_id=req.request_id).first()
