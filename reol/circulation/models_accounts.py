"""A patron's account: entries that only ever grow in number (charges, payments, waivers,
refunds), and the online payments under way. What the patron owes is the sum of the entries.

An entry is never changed or deleted: migration 0011 adds triggers on both engines that refuse
DELETE and any UPDATE of what an entry says. Only its links may be emptied — the patron when
the patron is deleted, the loan when the loan history is forgotten (docs/privacy.md) — so the
entry keeps the title text it is for, never a link that would keep the loan history.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reol.libraries.models import Library


class AccountEntry(models.Model):
    class Kind(models.TextChoices):
        CHARGE = "charge", _("Charge")  # from the loan rules: overdue fee, replacement
        MANUAL = "manual", _("Manual charge")
        PAYMENT = "payment", _("Payment")
        WAIVER = "waiver", _("Waiver")
        REFUND = "refund", _("Refund")

    class Method(models.TextChoices):
        CASH = "cash", _("Cash")
        CARD = "card", _("Card")
        ONLINE = "online", _("Online")
        SIP2 = "sip2", _("Payment kiosk")

    class Cause(models.TextChoices):
        OVERDUE = "overdue", _("Overdue fee")
        REPLACEMENT = "replacement", _("Replacement charge for a lost item")

    patron = models.ForeignKey("circulation.Patron", on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="account_entries")
    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    cause = models.CharField(max_length=12, choices=Cause.choices, blank=True)
    # Positive: the patron owes more (charges); negative: less (payments, waivers, refunds).
    amount = models.DecimalField(max_digits=9, decimal_places=2)
    # Set only while the loan is the patron's anyway (open, lost, or kept in their history).
    loan = models.ForeignKey("circulation.Loan", on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="account_entries")
    title = models.CharField(max_length=300, blank=True)  # what the charge is for, as text
    # A waiver or refund names the charge it settles; payments settle the oldest charges.
    settles = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="settled_by")
    reason = models.CharField(max_length=300, blank=True)
    method = models.CharField(max_length=6, choices=Method.choices, blank=True)
    # The payment's transaction id (kiosk, provider): the same id is taken only once.
    reference = models.CharField(max_length=80, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                           blank=True, related_name="+")
    created = models.DateTimeField()

    class Meta:
        ordering = ["created", "id"]
        indexes = [models.Index(fields=["patron", "created"], name="accountentry_patron"),
                   models.Index(fields=["library", "created"], name="accountentry_library")]
        constraints = [
            models.UniqueConstraint(fields=["method", "reference"],
                                    condition=~Q(reference=""), name="one_entry_per_payment"),
        ]

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d} {self.kind} {self.amount}"


class OnlinePayment(models.Model):
    """A payment started on Min side or through the API, on its way through a provider."""

    class Status(models.TextChoices):
        STARTED = "started", _("Started")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patron = models.ForeignKey("circulation.Patron", on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="online_payments")
    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    provider = models.CharField(max_length=20)
    amount = models.DecimalField(max_digits=9, decimal_places=2)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.STARTED)
    return_url = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField()
    finished = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.provider} {self.amount} {self.status}"
