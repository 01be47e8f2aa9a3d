"""The patron's account in the API: what they owe and what for, and paying online. Handlers
only translate: accounts.py and payments.py decide."""

from datetime import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Router, Schema, Status

from reol.requests import PatronRequest

from . import accounts, payments
from .api_auth import PATRON
from .api_schemas import ERRORS, In, text
from .models import AccountEntry

router = Router(tags=["lending: patron"])


class EntryOut(Schema):
    id: int
    created: datetime
    kind: Literal["charge", "manual", "payment", "waiver", "refund"] = Field(
        description="charge (from the loan rules), manual (charged by staff), payment, "
        "waiver, refund (a lost item's replacement charge, when it was found)")
    cause: str = Field(description="for a charge: overdue or replacement; else empty")
    title: str = Field(description="the title the entry is about, as text; may be empty")
    reason: str
    method: str = Field(description="for a payment: cash, card, online or sip2; else empty")
    amount: str = Field(description="DKK, signed: what the patron owes goes up by it "
                        "(charges positive; payments, waivers and refunds negative)")
    unpaid: str | None = Field(description="for a charge: what is left of it; else null")


class FeesOut(Schema):
    balance: str = Field(description="what the patron owes in DKK, the sum of the entries "
                         "(negative: a credit)")
    currency: Literal["DKK"]
    entries: list[EntryOut] = Field(description="every entry of the account, newest first")


class PaymentIn(In):
    amount: text(12, 1) = Field(None, description="DKK to pay, e.g. \"25.00\"; left out: all "
                                "that is owed")


class PaymentOut(Schema):
    payment: str
    provider: str
    amount: str
    redirect_url: str = Field(description="send the patron's browser here to pay")


def _entry(entry: AccountEntry, left: dict[int, Decimal]) -> dict:
    unpaid = left.get(entry.pk)
    return {"id": entry.pk, "created": entry.created, "kind": entry.kind,
            "cause": entry.cause, "title": entry.title, "reason": entry.reason,
            "method": entry.method, "amount": f"{entry.amount:.2f}",
            "unpaid": f"{unpaid:.2f}" if unpaid is not None else (
                "0.00" if entry.kind in ("charge", "manual") else None)}


@router.get("/patron/fees", response={200: FeesOut, **ERRORS}, auth=PATRON,
            summary="My fees: the account's entries and the balance")
def my_fees(request: PatronRequest) -> dict:
    """Every charge, payment, waiver and refund on the patron's account, newest first, and
    the balance. Payments settle the oldest charges first; `unpaid` says what is left."""
    found = accounts.statement(request.auth)
    return {"balance": f"{found.balance:.2f}", "currency": "DKK",
            "entries": [_entry(e, found.left) for e in found.entries]}


@router.post("/patron/fees/payments", response={201: PaymentOut, **ERRORS}, auth=PATRON,
             summary="Start paying my fees online")
def start_payment(request: PatronRequest, payload: PaymentIn):
    """Starts an online payment of what is owed (or `amount` of it, never more) with the
    library's payment provider and answers where to send the patron. The payment is on the
    account when the provider's signed callback arrives (docs/payments.md). Refused with
    `payment_unknown` when no provider is switched on, `fee_overpayment` and
    `fee_nothing_owed` as the amount says."""
    payment, url = payments.start(request.auth, payload.amount,
                                  return_url="/me/charges/")
    return Status(201, {"payment": str(payment.pk), "provider": payment.provider,
                        "amount": f"{payment.amount:.2f}",
                        "redirect_url": request.build_absolute_uri(url)})
