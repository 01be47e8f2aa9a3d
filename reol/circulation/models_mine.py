"""What a patron keeps on their own page besides loans: a favourites list (huskeliste) and
purchase suggestions. Rows with a foreign key to the patron: "My data" exports them and
deleting the patron deletes them (privacy.py walks the model graph)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from reol.catalogue.models import Record
from reol.libraries.models import Library


class Favourite(models.Model):
    patron = models.ForeignKey("circulation.Patron", on_delete=models.CASCADE,
                               related_name="favourites")
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="+")
    added = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-added", "-id"]
        constraints = [models.UniqueConstraint(fields=["patron", "record"],
                                               name="favourite_once")]

    def __str__(self) -> str:
        return str(self.record)


class PurchaseSuggestion(models.Model):
    """A patron asks their library to buy a title; collection staff of that library answer."""

    class Status(models.TextChoices):
        NEW = "new", _("Received")
        ACCEPTED = "accepted", _("Will be bought")
        DECLINED = "declined", _("Will not be bought")

    patron = models.ForeignKey("circulation.Patron", on_delete=models.CASCADE,
                               related_name="suggestions")
    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="suggestions")
    title = models.CharField(max_length=300)
    creator = models.CharField(max_length=200, blank=True)
    note = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    answered = models.DateTimeField(null=True, blank=True)
    # Why it will not be bought, in staff's words: the patron reads it on Min side.
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["library", "status", "created"])]

    def __str__(self) -> str:
        # Not the patron: the admin's log keeps this text after the patron is forgotten.
        return self.title
