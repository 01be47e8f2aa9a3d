"""The collection: what a library has on order, its purchase and weeding policy, and the
co-loans that recommendations read. Statistics live in reol.insight; this is their state."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from reol.catalogue.models import Record
from reol.libraries.models import Library


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
