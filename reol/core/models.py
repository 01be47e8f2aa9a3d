"""The staff record: who changed or looked at what, when, and what changed.

Patrons and libraries are held as plain ids, not foreign keys: core is what every app stands
on, so its tables must not depend on theirs (and a deleted patron's rows are removed by
reol.core.staff_record.forget_patron, not by a cascade the record cannot see).
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StaffChange(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")
        LOOKUP = "lookup", _("Looked up")

    at = models.DateTimeField(default=timezone.now)
    # The staff user, while they exist; `actor` keeps their name (or the command's) after.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    actor = models.CharField(max_length=200)
    # Whose row it is: a leader sees their own library's record.
    library_id = models.BigIntegerField(null=True, blank=True)
    # The patron the change or lookup concerns; never set on loans and reservations, so the
    # record does not tie a patron to a title (the library forgets).
    patron_id = models.BigIntegerField(null=True, blank=True)
    model = models.CharField(max_length=60)  # app_label.modelname
    object_id = models.CharField(max_length=40)
    action = models.CharField(max_length=6, choices=Action.choices)
    # {"field": [old, new]}; secret fields only say that they changed.
    changes = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["library_id", "at"], name="staffchange_library_at"),
            models.Index(fields=["patron_id"], name="staffchange_patron"),
            models.Index(fields=["at"], name="staffchange_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.model}#{self.object_id}"


class MemoryGeneration(models.Model):
    """One row whose number rises in the transaction that changes a fact the per-process
    memories hold (reol.memo): every process sees the change at its next read."""

    generation = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.generation)
