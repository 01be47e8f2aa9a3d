"""The collection: what a library has on order, its purchase and weeding policy, and the
co-loans that recommendations read. Statistics live in reol.insight; this is their state."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from reol.catalogue.models import Item, Record
from reol.libraries.models import Branch, Library


class Order(models.Model):
    """Copies of a title a library has ordered; on order until received."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="orders",
                               verbose_name=_("title"))
    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="orders",
                                verbose_name=_("library"))
    copies = models.PositiveSmallIntegerField(_("copies"), validators=[MinValueValidator(1)])
    ordered = models.DateField(_("ordered"))
    received = models.DateField(_("received"), null=True, blank=True)

    class Meta:
        ordering = ["-ordered", "id"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [models.Index(fields=["record", "received"])]

    def __str__(self) -> str:
        return f"{self.copies} × {self.record} ({self.library})"


class CollectionPolicy(models.Model):
    """A library's purchase and weeding policy: its published text and the two numbers the
    holds-ratio and weeding reports start from."""

    library = models.OneToOneField(Library, on_delete=models.CASCADE,
                                   related_name="collection_policy", verbose_name=_("library"))
    purchase_text = models.TextField(_("purchase policy"), blank=True)
    weeding_text = models.TextField(_("weeding policy"), blank=True)
    weeding_years = models.PositiveSmallIntegerField(
        _("weed after years without a loan"), default=5, validators=[MinValueValidator(1)])
    holds_ratio_threshold = models.DecimalField(
        _("buy when reservations per copy exceed"), max_digits=4, decimal_places=1,
        default=Decimal("4.0"), validators=[MinValueValidator(Decimal("0.1"))])
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("collection policy")
        verbose_name_plural = _("collection policies")

    def __str__(self) -> str:
        return str(self.library)


class CoLoan(models.Model):
    """How many different borrowers borrowed both titles (record_a < record_b). Counts only:
    no borrower is named here (see docs/architecture.md, "Collection advice")."""

    record_a = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="+")
    record_b = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="+")
    borrowers = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record_a", "record_b"], name="coloan_pair_once"),
            models.CheckConstraint(condition=Q(record_a__lt=F("record_b")),
                                   name="coloan_pair_ordered"),
        ]
        indexes = [models.Index(fields=["record_b", "borrowers"], name="coloan_b"),
                   models.Index(fields=["record_a", "borrowers"], name="coloan_a")]

    def __str__(self) -> str:
        return f"{self.record_a_id} + {self.record_b_id}: {self.borrowers}"


class CoLoanMark(models.Model):
    """One borrower has been counted for one pair: a keyed hash of (reference, pair), so the
    same borrower never counts twice, kept only until `expires`."""

    digest = models.CharField(max_length=64, primary_key=True)
    expires = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.digest[:12]}… until {self.expires:%Y-%m-%d}"


class CoLoanCursor(models.Model):
    """The last checkout event the co-loan job has read."""

    name = models.CharField(max_length=40, unique=True)
    event_id = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}: {self.event_id}"


class Stocktake(models.Model):
    """Staff count a shelf, a section or a whole branch by scanning what stands there; the
    report compares the scans with what should be there (collection/stocktake.py)."""

    class Scope(models.TextChoices):
        SHELF = "shelf", _("Shelf location")
        SECTION = "section", _("Section")
        BRANCH = "branch", _("Whole branch")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CONFIRMED = "confirmed", _("Confirmed")

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="+")
    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(max_length=8, choices=Scope.choices)
    # The shelf location's start (shelf) or the section's name; empty for the whole branch.
    scope_value = models.CharField(max_length=100, blank=True)
    started = models.DateTimeField()
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    state = models.CharField(max_length=9, choices=State.choices, default=State.OPEN)
    confirmed = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    missing = models.PositiveIntegerField(default=0)  # copies made missing on confirmation

    class Meta:
        ordering = ["-started", "-id"]

    def __str__(self) -> str:
        return f"{self.branch_id} {self.scope} {self.scope_value} ({self.state})"


class StocktakeScan(models.Model):
    """One barcode scanned in a stocktake; `item` is the copy it names (none: unknown)."""

    stocktake = models.ForeignKey(Stocktake, on_delete=models.CASCADE, related_name="scans")
    barcode = models.CharField(max_length=40)
    item = models.ForeignKey(Item, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    # On loan (or missing) but standing on the shelf: checked in when scanned, as at the desk.
    checked_in = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["stocktake", "barcode"],
                                               name="stocktake_scan_once")]
        indexes = [models.Index(fields=["stocktake", "item"], name="stocktake_scan_item")]

    def __str__(self) -> str:
        return self.barcode


class Weeding(models.Model):
    """A weeding list from the advice pages being carried out: staff scan the copies off the
    shelf, and each copy on the list is withdrawn (collection/weeding.py)."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="+")
    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="+")
    years = models.PositiveSmallIntegerField()
    started = models.DateTimeField()
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started", "-id"]

    def __str__(self) -> str:
        return f"weeding {self.branch_id} ({self.years} years)"


class WeedingCopy(models.Model):
    """A copy on a weeding list, and when it was scanned off the shelf and withdrawn."""

    weeding = models.ForeignKey(Weeding, on_delete=models.CASCADE, related_name="copies")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    withdrawn = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["weeding", "item"],
                                               name="weeding_copy_once")]

    def __str__(self) -> str:
        return f"{self.weeding_id}: {self.item_id}"
