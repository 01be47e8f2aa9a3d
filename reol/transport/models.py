"""The transport scheme: the hubs and each library's route to its hub.

What travels is not stored here: every physical movement between libraries is a
reol.circulation Transit row, and the lists, slips and estimates are computed from those.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from reol.libraries.models import Library, Region


class Hub(models.Model):
    """A central library as a hub (knudepunkt). Herning, Odense and Aalborg also sort: every
    hub names the sorting hub that sorts its material (a sorting hub names itself)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="hubs")
    region = models.OneToOneField(Region, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="hub")
    sorted_at = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", help_text=_("Empty: this hub sorts."))
    sorting_days = models.PositiveSmallIntegerField(
        default=1, help_text=_("Working days from arrival at the sorting hub to departure."))

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Route(models.Model):
    """A library's van route to its hub: the weekdays it runs and the days on the road."""

    library = models.OneToOneField(Library, on_delete=models.CASCADE, related_name="route")
    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="routes")
    name = models.CharField(max_length=100, blank=True)
    weekdays = models.JSONField(default=list,
                                help_text=_("Weekdays the van calls, 0 = Monday … 6 = Sunday."))
    days_on_road = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["hub", "library__agency"]

    def __str__(self) -> str:
        return f"{self.library} → {self.hub}"
