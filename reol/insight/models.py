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
