"""Door counts: the one thing statistics read that the event log does not hold."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from reol.libraries.models import Branch


class DoorCount(models.Model):
    """Visitors counted by a house's door counter on one day (imported from CSV). A
    bookmobile's count is the people who came aboard at its stops."""

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    visitors = models.PositiveIntegerField(_("visitors"))

    class Meta:
        ordering = ["date", "branch"]
        indexes = [models.Index(fields=["date", "branch"])]
        constraints = [
            models.UniqueConstraint(fields=["branch", "date"], name="one_door_count_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.branch} {self.date}: {self.visitors}"


class PastFigure(models.Model):
    """One month's figure of a library from before it came to reol (or from any system that
    kept no event log reol can read): imported, never computed. The yearly report and the
    dashboard show these beside the figures reol counts from its own log."""

    class Measure(models.TextChoices):
        LOANS = "loans", _("loans")
        VISITORS = "visitors", _("visitors")
        EVENTS = "events", _("events")
        PARTICIPANTS = "participants", _("participants")

    library = models.ForeignKey("libraries.Library", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text=_("The first day of the month"))
    measure = models.CharField(max_length=12, choices=Measure.choices)
    value = models.PositiveIntegerField()

    class Meta:
        ordering = ["library", "month", "measure"]
        constraints = [
            models.UniqueConstraint(fields=["library", "month", "measure"],
                                    name="one_past_figure_per_month"),
        ]

    def __str__(self) -> str:
        return f"{self.library_id} {self.month:%Y-%m} {self.measure}: {self.value}"
