"""Libraries (agencies), their houses and the central-library regions."""

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

    class Meta:
        ordering = ["library__name", "kind", "name"]
        verbose_name_plural = "branches"

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        return ", ".join(p for p in (self.street, f"{self.postcode} {self.city}".strip()) if p)


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
