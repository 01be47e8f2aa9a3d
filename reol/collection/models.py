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


class Vendor(models.Model):
    """A supplier a library buys from: its GLN (EAN location number) addresses EDIFACT orders,
    the account is the library's customer number with it."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="vendors",
                                verbose_name=_("library"))
    name = models.CharField(_("name"), max_length=200)
    gln = models.CharField(_("GLN (EAN location number)"), max_length=13, blank=True)
    account = models.CharField(_("account number"), max_length=40, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("vendor")
        verbose_name_plural = _("vendors")
        constraints = [models.UniqueConstraint(fields=["library", "name"],
                                               name="vendor_name_once")]

    def __str__(self) -> str:
        return self.name


class Fund(models.Model):
    """Money a library may spend on material in one year, under a code of its own."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="funds",
                                verbose_name=_("library"))
    year = models.PositiveSmallIntegerField(_("year"))
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    budget = models.DecimalField(_("budget (DKK)"), max_digits=12, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0"))])

    class Meta:
        ordering = ["-year", "code"]
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        constraints = [models.UniqueConstraint(fields=["library", "year", "code"],
                                               name="fund_code_once_a_year")]

    def __str__(self) -> str:
        return f"{self.code} {self.year}: {self.name}"


class Order(models.Model):
    """An order to one vendor: lines of titles with copies and expected prices. Unsent it is a
    draft that lines are added to; once sent (as EDIFACT ORDERS) it is on its way."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="orders",
                                verbose_name=_("library"))
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="orders",
                               null=True, blank=True, verbose_name=_("vendor"))
    ordered = models.DateField(_("ordered"))
    sent = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-ordered", "-id"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")

    def __str__(self) -> str:
        return f"{self.pk} ({self.library})"


class OrderLine(models.Model):
    """Copies of one title on an order, at an expected price each, charged to a fund; on
    order until all are received."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines",
                              verbose_name=_("order"))
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="order_lines",
                               verbose_name=_("title"))
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="lines",
                             null=True, blank=True, verbose_name=_("fund"))
    quantity = models.PositiveSmallIntegerField(_("copies"), validators=[MinValueValidator(1)])
    received = models.PositiveSmallIntegerField(_("received"), default=0)
    price = models.DecimalField(_("expected price each (DKK)"), max_digits=10,
                                decimal_places=2, default=Decimal("0"),
                                validators=[MinValueValidator(Decimal("0"))])
    # The patron's suggestion this line answers; the line stays when the patron is forgotten.
    suggestion = models.ForeignKey("circulation.PurchaseSuggestion", on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        indexes = [models.Index(fields=["record", "received"], name="orderline_on_order")]
        constraints = [models.CheckConstraint(condition=Q(received__lte=F("quantity")),
                                              name="orderline_received_at_most_ordered")]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.record}"

    @property
    def outstanding(self) -> int:
        return self.quantity - self.received


class Invoice(models.Model):
    """A vendor's invoice for deliveries already received."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="invoices",
                                verbose_name=_("library"))
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="invoices",
                               verbose_name=_("vendor"))
    number = models.CharField(_("invoice number"), max_length=40)
    date = models.DateField(_("invoice date"))
    amount = models.DecimalField(_("amount (DKK)"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [models.UniqueConstraint(fields=["vendor", "number"],
                                               name="invoice_number_once")]

    def __str__(self) -> str:
        return f"{self.vendor} {self.number}"


class Receipt(models.Model):
    """Copies of a line received in one delivery, at the actual price, charged to the line's
    fund; an invoice later covers it."""

    line = models.ForeignKey(OrderLine, on_delete=models.CASCADE, related_name="receipts")
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    price = models.DecimalField(max_digits=10, decimal_places=2)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    received = models.DateTimeField()
    invoice = models.ForeignKey(Invoice, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="receipts")

    class Meta:
        ordering = ["received", "id"]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.line.record} ({self.received:%Y-%m-%d})"


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
    # Danish public bodies have an EAN location number; vendors know the library by it.
    gln = models.CharField(_("GLN (EAN location number) for orders"), max_length=13,
                           blank=True)
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
