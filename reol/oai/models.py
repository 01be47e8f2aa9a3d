"""What OAI-PMH must remember that the catalogue forgets: the records that are gone."""

from django.db import models


class Tombstone(models.Model):
    """A record deleted or merged away, answered as a deleted header for ever (the repository
    says `persistent`). Written by a trigger on catalogue_record in the transaction that
    deletes it, however it is deleted (migration 0001); taken away when a record with the
    same pid comes back."""

    pid = models.CharField(max_length=80, unique=True)
    material_type = models.CharField(max_length=12)  # the record's then: its set stays known
    deleted = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["deleted", "id"], name="oai_tombstone_harvest")]

    def __str__(self) -> str:
        return f"{self.pid} deleted {self.deleted:%Y-%m-%d %H:%M:%S}"
