"""Patrons, loan rules, loans, reservations, transits and the patron change log.

State only: what each decision means lives in rules.py, how it is made in services.py.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reol.catalogue.models import Item, LoanCategory, MaterialType, Record
from reol.libraries.models import BookmobileStop, Branch, Library

from . import rules


class PatronGroup(models.TextChoices):
    ADULT = "adult", _("Adult")
    CHILD = "child", _("Child")


class Patron(models.Model):
    # Not columns: facts.lender() and facts.at_checkout() read them with the borrower.
    open_loans: int
    overdue_loans: int
    has_block: bool
    has_charges: bool  # whether any loan of theirs carries a fee or charge
    title_on_loan: int  # at_checkout: open loans of the title being lent, before it

    card = models.CharField(max_length=20, unique=True)
    pin = models.CharField(max_length=200, help_text="Argon2 hash, never the PIN itself")
    name = models.CharField(max_length=200)
    birth_date = models.DateField()
    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="patrons")
    pickup_branch = models.ForeignKey(
        Branch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True)
    # The postal address, as one line: kept for the library's letters (and for a library that
    # moves its patrons onto reol or away again, reol/transfer), shown only to staff.
    address = models.CharField(max_length=300, blank=True)
    notify_email = models.BooleanField(default=True)
    notify_sms = models.BooleanField(default=False)
    # Notices the patron turned off, "channel:kind" (e.g. "sms:due_soon"): rules.notice_wanted.
    notices_off = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=2, choices=settings.LANGUAGES, default="da")
    interest_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Default interest period; empty: the loan rules decide"
    )
    pause_from = models.DateField(null=True, blank=True)
    pause_to = models.DateField(null=True, blank=True)
    keep_history = models.BooleanField(default=False)
    guardian = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="wards"
    )
    # The patron's opaque reference in the event log: says nothing about who they are.
    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.card})" if self.name else self.display_name

    @property
    def display_name(self) -> str:
        """The name staff and notices show. A patron registered through a library's site may
        have none yet (reol/fbs): then the card, marked, so that no one sees a blank."""
        if self.name:
            return self.name
        return gettext("%(card)s (name not given)") % {"card": self.card}


class Block(models.Model):
    class Code(models.TextChoices):
        SUSPENDED = "suspended", _("Suspended")
        LOST_CARD = "lost_card", _("Card reported lost")
        NO_SELF_SERVICE = "no_self_service", _("Blocked from self-service")
        FEES = "fees", _("Unpaid charges")
        OTHER = "other", _("Other")

    patron = models.ForeignKey(Patron, on_delete=models.CASCADE, related_name="blocks")
    code = models.CharField(max_length=20, choices=Code.choices)
    reason = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    lifted = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.get_code_display()}: {self.reason}"


class LoanRule(models.Model):
    """One cell of the loan-rule matrix. Blank dimensions match anything; empty values fall
    through to the next, less specific rule, and finally to rules.DEFAULTS."""

    class FeePolicy(models.TextChoices):
        FREE = "free", _("Fee-free")
        OVERDUE = "overdue", _("Overdue fees")

    library = models.ForeignKey(
        Library, on_delete=models.CASCADE, null=True, blank=True, related_name="loan_rules"
    )
    patron_group = models.CharField(max_length=8, choices=PatronGroup.choices, blank=True)
    loan_category = models.CharField(max_length=10, choices=LoanCategory.choices, blank=True)
    material_type = models.CharField(max_length=12, choices=MaterialType.choices, blank=True)
    loanable = models.BooleanField(null=True, blank=True)
    loan_days = models.PositiveSmallIntegerField(null=True, blank=True)
    renewals = models.PositiveSmallIntegerField(null=True, blank=True)
    # A loan is renewed only from this many days before its due date.
    renewal_window_days = models.PositiveSmallIntegerField(null=True, blank=True)
    renew_when_reserved = models.BooleanField(null=True, blank=True)
    max_loans = models.PositiveSmallIntegerField(null=True, blank=True)
    max_reservations = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_shelf_days = models.PositiveSmallIntegerField(null=True, blank=True)
    interest_days = models.PositiveSmallIntegerField(null=True, blank=True)
    fee_policy = models.CharField(max_length=8, choices=FeePolicy.choices, blank=True)
    overdue_fee_per_day = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True
    )
    max_overdue_fee = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    replacement_charge = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True
    )
    # Fees and charges a patron may owe before the desk warns at a checkout (0: no limit).
    max_owed = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["library", "patron_group", "loan_category", "material_type"],
                name="one_rule_per_cell",
            )
        ]

    def __str__(self) -> str:
        return rules.cell_label(self.library.name if self.library_id else None,
                                self.patron_group, self.loan_category, self.material_type)


class Loan(models.Model):
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="loans")
    # Cleared on return unless the patron keeps a history: a returned loan is then anonymous.
    patron = models.ForeignKey(
        Patron, on_delete=models.SET_NULL, null=True, blank=True, related_name="loans"
    )
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+")
    checked_out = models.DateTimeField()
    due = models.DateField()
    renewals = models.PositiveSmallIntegerField(default=0)
    returned = models.DateTimeField(null=True, blank=True)
    returned_branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lost = models.DateTimeField(null=True, blank=True)
    fee = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    auto_renewal_refused = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["due", "id"]
        constraints = [
            # Two desks lending the same item at once: the database itself refuses the second.
            models.UniqueConstraint(
                fields=["item"], condition=Q(returned__isnull=True), name="one_open_loan_per_item"
            )
        ]
        indexes = [models.Index(fields=["patron", "returned"]), models.Index(fields=["due"])]

    def __str__(self) -> str:
        return f"{self.item} → {self.due}"


class Reservation(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        ALLOCATED = "allocated", _("A copy is on its way")
        ON_HOLD_SHELF = "on_hold_shelf", _("Ready for pickup")
        FULFILLED = "fulfilled", _("Picked up")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired")

    ACTIVE = (Status.WAITING, Status.ALLOCATED, Status.ON_HOLD_SHELF)
    HOLDING = (Status.ALLOCATED, Status.ON_HOLD_SHELF)

    patron = models.ForeignKey(Patron, on_delete=models.CASCADE, related_name="reservations")
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="reservations")
    # "Any edition": any copy of any record of the record's work in the record's format will
    # do (catalogue works); the record then stands for the work and format.
    any_edition = models.BooleanField(default=False)
    # Set when the patron wants this one copy; otherwise any copy of the record will do.
    wanted_item = models.ForeignKey(
        Item, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # The copy allocated to the reservation, on its way or on the hold shelf.
    item = models.ForeignKey(
        Item, on_delete=models.SET_NULL, null=True, blank=True, related_name="reservations"
    )
    pickup_branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+")
    pickup_stop = models.ForeignKey(
        BookmobileStop, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.WAITING)
    placed = models.DateTimeField()
    interest_until = models.DateField()
    pause_from = models.DateField(null=True, blank=True)
    pause_to = models.DateField(null=True, blank=True)
    pickup_number = models.CharField(max_length=8, blank=True)
    shelf_deadline = models.DateField(null=True, blank=True)
    allocation = models.JSONField(default=dict, blank=True, help_text="Why this copy")
    closed = models.DateTimeField(null=True, blank=True)
    closed_reason = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["placed", "id"]
        constraints = [
            # No copy is ever allocated to two reservations.
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(status__in=["allocated", "on_hold_shelf"]),
                name="one_reservation_per_copy",
            )
        ]
        indexes = [
            models.Index(fields=["record", "status", "placed"]),
            models.Index(fields=["patron", "status"]),
            models.Index(fields=["pickup_branch", "status"]),
        ]

    def __str__(self) -> str:
        # Not the patron: the admin's log keeps this text after the reservation is forgotten.
        return f"{self.record} ({self.status})"


class Transit(models.Model):
    class Reason(models.TextChoices):
        HOME = "home", _("Going home")
        RESERVATION = "reservation", _("For a reservation")
        INTERLIBRARY = "interlibrary", _("Interlibrary loan")

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="transits")
    from_branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+")
    to_branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=14, choices=Reason.choices)
    reservation = models.ForeignKey(
        Reservation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent = models.DateTimeField()
    received = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sent", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item"], condition=Q(received__isnull=True), name="one_open_transit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.from_branch_id} → {self.to_branch_id}"


class PatronChange(models.Model):
    """Who changed which patron's data, when, and which fields (never the PIN's value)."""

    patron = models.ForeignKey(Patron, on_delete=models.CASCADE, related_name="changes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    time = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=40)
    fields = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-time", "-id"]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.action}"


# The patron's own lists live in a module of their own; Django finds models through this one.
from .models_accounts import AccountEntry, OnlinePayment  # noqa: E402, F401
from .models_mine import Favourite, PurchaseSuggestion  # noqa: E402, F401
