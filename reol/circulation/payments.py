"""Online payments: a patron starts one on Min side or through the API, pays at a provider,
and the provider's signed callback posts the payment to the account (accounts.pay).

A provider is an object with `start` (the address to send the patron to) and `verify` (the
callback's HMAC-SHA256 signature). Only the built-in "Testbetaling (kun demo)" ships: it is
served by reol itself, moves no money and is switched on by REOL_PAYMENT_PROVIDER=test.
docs/payments.md says how to connect a real Danish provider (Nets Easy/Nexi, QuickPay)
behind the same two methods. Callbacks are idempotent: the provider's transaction id is the
payment entry's reference, taken once.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from reol.refusals import refuse

from . import accounts
from . import fee_rules as rules
from .models import AccountEntry, OnlinePayment, Patron

SIGNATURE_HEADER = "X-Reol-Signature"


class Provider(Protocol):
    @property
    def name(self) -> str:
        """The name in REOL_PAYMENT_PROVIDER and in the callback's address."""

    @property
    def label(self) -> str:
        """What the patron is told they pay with."""

    def start(self, payment: OnlinePayment) -> str:
        """The address the patron's browser goes to, to pay."""

    def secret(self) -> bytes:
        """The key the provider signs its callbacks with."""


@dataclass(frozen=True)
class TestProvider:
    """Testbetaling (kun demo): a payment page served by reol itself that takes no money."""

    name: str = "test"
    label: str = "Testbetaling (kun demo)"

    def start(self, payment: OnlinePayment) -> str:
        return reverse("payment-test", args=[payment.pk])

    def secret(self) -> bytes:
        if settings.PAYMENT_SECRET:
            return settings.PAYMENT_SECRET.encode()
        return hashlib.sha256(f"reol-test-payment:{settings.SECRET_KEY}".encode()).digest()


PROVIDERS: dict[str, Provider] = {"test": TestProvider()}


def provider(name: str | None = None) -> Provider | None:
    """The provider switched on (REOL_PAYMENT_PROVIDER), or None: no online payment."""
    return PROVIDERS.get(name if name is not None else settings.PAYMENT_PROVIDER)


def sign(secret: bytes, body: bytes) -> str:
    return hmac.new(secret, body, hashlib.sha256).hexdigest()


def callback_body(payment: OnlinePayment, status: str, transaction_id: str) -> bytes:
    """The callback a provider sends, in the form reol reads (docs/payments.md)."""
    return json.dumps({"payment": str(payment.pk), "status": status, "amount":
                       f"{payment.amount:.2f}", "currency": rules.CURRENCY,
                       "transaction": transaction_id}, sort_keys=True).encode()


def start(patron: Patron, amount: Decimal | str | None = None, *, return_url: str = "",
          now: datetime | None = None) -> tuple[OnlinePayment, str]:
    """Start paying online: all that is owed, or `amount` of it. The payment and the address
    of the provider's page to send the patron to."""
    chosen = provider()
    if chosen is None:
        raise refuse("payment_unknown")
    with transaction.atomic():
        owed = accounts.balance(patron)
        paid = owed if amount is None or amount == "" else rules.amount(amount)
        if refusal := rules.payment_refusal(paid, owed):
            raise refusal
        payment = OnlinePayment.objects.create(
            patron=patron, library_id=patron.library_id, provider=chosen.name,
            amount=paid, return_url=return_url[:300], created=now or timezone.now())
    return payment, chosen.start(payment)


def receive(provider_name: str, body: bytes, signature: str,
            now: datetime | None = None) -> OnlinePayment:
    """A provider's callback: checked against its signature, then the payment is posted to
    the account once (the same callback again changes nothing)."""
    chosen = provider(provider_name)
    if chosen is None or not hmac.compare_digest(sign(chosen.secret(), body),
                                                 signature.strip().lower()):
        raise refuse("payment_signature")
    try:
        data = json.loads(body)
        payment_id = UUID(str(data["payment"]))
        status, transaction_id = str(data["status"]), str(data["transaction"])[:60]
        sent = Decimal(str(data["amount"]))
        currency = str(data.get("currency", rules.CURRENCY))
    except (ValueError, KeyError, TypeError, ArithmeticError):
        raise refuse("payment_unknown") from None
    if refusal := rules.currency_refusal(currency):
        raise refusal
    now = now or timezone.now()
    with transaction.atomic():
        payment = (OnlinePayment.objects.select_for_update(of=("self",)).select_related("patron")
                   .filter(pk=payment_id, provider=chosen.name).first())
        if payment is None or payment.patron is None or sent != payment.amount:
            raise refuse("payment_unknown")
        if payment.status != OnlinePayment.Status.STARTED:
            return payment
        if status == "paid":
            accounts.pay(payment.patron, payment.amount, AccountEntry.Method.ONLINE,
                         library_id=payment.library_id, now=now,
                         reference=f"{chosen.name}:{transaction_id or payment.pk}")
            payment.status = OnlinePayment.Status.PAID
        else:
            payment.status = OnlinePayment.Status.CANCELLED
        payment.finished = now
        payment.save(update_fields=["status", "finished"])
    return payment


def pay_test(payment_id: UUID, paid: bool) -> OnlinePayment:
    """The test provider's page: the patron pressed "Pay" or "Cancel". It signs and sends
    its callback to `receive`, as a real provider's server would over HTTP."""
    payment = OnlinePayment.objects.filter(pk=payment_id, provider="test").first()
    if payment is None:
        raise refuse("payment_unknown")
    test = PROVIDERS["test"]
    body = callback_body(payment, "paid" if paid else "cancelled", f"test-{payment.pk}")
    return receive("test", body, sign(test.secret(), body))
