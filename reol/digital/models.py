"""Digital editions and their lending: the licence a provider sold, a library's caps and
budget, loans that end by themselves and the queue for one-copy-one-user titles."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from reol.catalogue.models import Record
from reol.circulation.models import Patron
from reol.libraries.models import Library


class Licence(models.TextChoices):
    ONE_COPY = "one_copy", _("One copy, one user")
    SIMULTANEOUS = "simultaneous", _("Simultaneous use")
    PAY_PER_LOAN = "pay_per_loan", _("Pay per loan")
    FREE = "free", _("Free of charge")


class DigitalTitle(models.Model):
    """A record that a provider lends digitally, under one licence."""

    record = models.OneToOneField(Record, on_delete=models.CASCADE, related_name="digital",
                                  verbose_name=_("record"))
    licence = models.CharField(_("licence"), max_length=14, choices=Licence.choices)
    copies = models.PositiveSmallIntegerField(
        _("copies"), default=1, help_text=_("How many patrons at once (one copy, one user)"))
    loan_days = models.PositiveSmallIntegerField(_("loan period (days)"), default=30)
    price = models.DecimalField(_("price per loan (DKK)"), max_digits=8, decimal_places=2,
                                null=True, blank=True,
                                help_text=_("Empty: the library's price per loan"))
    provider = models.CharField(_("provider"), max_length=40, default="builtin")
    provider_ref = models.CharField(_("provider's id"), max_length=200, blank=True)
    link = models.URLField(_("provider's link"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("digital title")
        verbose_name_plural = _("digital titles")

    def __str__(self) -> str:
        return f"{self.record.title} ({self.get_licence_display()})"


class DigitalTerms(models.Model):
    """A library's caps per calendar month and its digital budget. The money is a fund of
    the library's acquisitions (reol.collection Fund, code `fund_code`, one a year); a
    monthly budget is a twelfth of it."""

    class Period(models.TextChoices):
        MONTH = "month", _("Per month")
        YEAR = "year", _("Per year")

    library = models.OneToOneField(Library, on_delete=models.CASCADE,
                                   related_name="digital_terms", verbose_name=_("library"))
    ebook_cap = models.PositiveSmallIntegerField(_("e-books a month"), default=3)
    eaudiobook_cap = models.PositiveSmallIntegerField(_("e-audiobooks a month"), default=3)
    film_cap = models.PositiveSmallIntegerField(_("films a month"), default=3)
    fund_code = models.CharField(_("fund code"), max_length=20, default="DIGITAL")
    period = models.CharField(_("budget period"), max_length=5, choices=Period.choices,
                              default=Period.YEAR)
    price_per_loan = models.DecimalField(_("price per loan (DKK)"), max_digits=8,
                                         decimal_places=2, default=18)

    class Meta:
        verbose_name = _("digital terms")
        verbose_name_plural = _("digital terms")

    def __str__(self) -> str:
        return str(self.library)


class DigitalLoan(models.Model):
    """A digital loan: it starts at once and ends by itself at `ends`. The patron stays on it
    while the month's cap needs them, and afterwards only for a patron who keeps a history."""

    patron = models.ForeignKey(Patron, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="digital_loans")
    title = models.ForeignKey(DigitalTitle, on_delete=models.PROTECT, related_name="loans")
    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12)  # the cap it counts against (rules.CAP_KINDS)
    started = models.DateTimeField(db_index=True)
    ends = models.DateTimeField()
    returned = models.DateTimeField(null=True, blank=True)
    price = models.DecimalField(max_digits=8, decimal_places=2, default=0)

    class Meta:
        ordering = ["-started", "-id"]
        indexes = [models.Index(fields=["library", "started"]),
                   models.Index(fields=["patron", "started"])]

    def __str__(self) -> str:
        return f"{self.title_id} {self.started:%Y-%m-%d}"


class DigitalReservation(models.Model):
    """A place in the queue for a one-copy-one-user title; gone once the patron borrows it."""

    patron = models.ForeignKey(Patron, on_delete=models.CASCADE,
                               related_name="digital_reservations")
    title = models.ForeignKey(DigitalTitle, on_delete=models.CASCADE,
                              related_name="reservations")
    placed = models.DateTimeField()

    class Meta:
        ordering = ["placed", "id"]
        constraints = [models.UniqueConstraint(fields=["patron", "title"],
                                               name="digital_reserved_once")]

    def __str__(self) -> str:
        return f"{self.title_id} {self.placed:%Y-%m-%d}"


class DigitalFile(models.Model):
    """The built-in provider's own files: the demo's generated EPUBs and sound files."""

    title = models.OneToOneField(DigitalTitle, on_delete=models.CASCADE, related_name="file")
    name = models.CharField(max_length=100)
    content_type = models.CharField(max_length=60)
    content = models.BinaryField()

    def __str__(self) -> str:
        return self.name
