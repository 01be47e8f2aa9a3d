"""Libraries (agencies), their houses and the central-library regions."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

agency_number = RegexValidator(r"^\d{6}$", _("An agency number has six digits."))


class Region(models.Model):
    """A central library's region: the municipal libraries it serves."""

    name = models.CharField(max_length=100, unique=True)
    municipalities = models.PositiveIntegerField(default=0)
    population_2020 = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Library(models.Model):
    class Kind(models.TextChoices):
        MUNICIPAL = "municipal", _("municipal library")
        CENTRAL = "central", _("central library")

    agency = models.CharField(max_length=6, unique=True, validators=[agency_number])
    name = models.CharField(max_length=200)
    municipality = models.CharField(max_length=100)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.MUNICIPAL)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="libraries")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "libraries"

    def __str__(self) -> str:
        return self.name

    @property
    def isil(self) -> str:
        return f"DK-{self.agency}"


class Branch(models.Model):
    """A house of a library: its main library, a branch, a bookmobile or a deposit collection."""

    class Kind(models.TextChoices):
        MAIN = "main", _("main library")
        BRANCH = "branch", _("branch")
        BOOKMOBILE = "bookmobile", _("bookmobile")
        DEPOSIT = "deposit", _("deposit collection")

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="branches")
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.BRANCH)
    street = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=4, blank=True)
    city = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)
    facilities = models.TextField(blank=True, help_text=_("One per line: café, makerspace, …"))

    class Meta:
        ordering = ["library__name", "kind", "name"]
        verbose_name_plural = "branches"

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        return ", ".join(p for p in (self.street, f"{self.postcode} {self.city}".strip()) if p)

    @property
    def facility_list(self) -> list[str]:
        return [line.strip() for line in self.facilities.splitlines() if line.strip()]


class BookmobileStop(models.Model):
    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="stops")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    street = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=4, blank=True)
    city = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["branch", "position"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "position"], name="one_stop_per_position")
        ]

    def __str__(self) -> str:
        return self.name


class Service(models.TextChoices):
    """What a visitor meets in the house during an interval of opening hours."""

    STAFFED = "staffed", _("Staffed")
    SELF_SERVICE = "self_service", _("Self-service (open library)")
    CLOSED = "closed", _("Closed")


class OpeningPattern(models.Model):
    """One interval of a weekday's hours, repeated weekly between two dates.

    A weekday may have several intervals (self-service 7–10, staffed 10–17, …). A bookmobile's
    intervals name the stop it visits. Patterns that are valid on the same day add up: to change
    the hours from a date, give the old patterns an end date and start new ones.
    """

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="patterns")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True, help_text=_("Empty: until further notice."))
    weekday = models.PositiveSmallIntegerField(choices=[
        (0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")),
        (4, _("Friday")), (5, _("Saturday")), (6, _("Sunday")),
    ])
    opens = models.TimeField()
    closes = models.TimeField()
    service = models.CharField(max_length=12, choices=Service.choices, default=Service.STAFFED)
    stop = models.ForeignKey(
        BookmobileStop, on_delete=models.CASCADE, null=True, blank=True, related_name="visits"
    )
    open_on_holidays = models.BooleanField(
        default=False, help_text=_("Keep this interval on public holidays too.")
    )

    class Meta:
        ordering = ["branch", "valid_from", "weekday", "opens"]
        indexes = [models.Index(fields=["branch", "valid_from"], name="pattern_branch_from")]
        constraints = [
            models.CheckConstraint(condition=models.Q(opens__lt=models.F("closes")),
                                   name="pattern_opens_before_closing"),
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="pattern_weekday"),
        ]

    def __str__(self) -> str:
        return f"{self.branch} {self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self) -> None:
        if self.stop_id and self.branch_id and self.stop.branch_id != self.branch_id:
            raise ValidationError({"stop": _("The stop belongs to another branch.")})


class OpeningException(models.Model):
    """A single date's hours. A date's exceptions replace its weekly pattern entirely, so one
    row can close the house (closed, no times) or open it on a Sunday or a holiday."""

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField()
    opens = models.TimeField(null=True, blank=True)
    closes = models.TimeField(null=True, blank=True)
    service = models.CharField(max_length=12, choices=Service.choices, default=Service.CLOSED)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["branch", "date", "opens"]
        indexes = [models.Index(fields=["branch", "date"], name="exception_branch_date")]
        constraints = [
            # An open interval needs its times; a closing may leave them out.
            models.CheckConstraint(
                condition=models.Q(service="closed")
                | models.Q(opens__isnull=False, closes__isnull=False, opens__lt=models.F("closes")),
                name="exception_open_has_times",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.branch} {self.date} {self.get_service_display()}"
