"""The front page's blocks: staff of a library choose what the front page shows, in order."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from reol.libraries.models import Library


class FrontBlock(models.Model):
    """One block of the front page. Text blocks say what staff write; the others are filled
    from the library's own data (its events, today's hours, new copies, exhibitions)."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        EVENTS = "events", _("What is on")
        OPEN_TODAY = "open_today", _("Open today")
        NEW_TITLES = "new_titles", _("New titles")
        EXHIBITIONS = "exhibitions", _("Exhibitions")

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="front_blocks")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    title = models.CharField(max_length=200, blank=True, help_text=_("Empty: the kind's name"))
    text = models.TextField(blank=True, max_length=2000)
    link = models.CharField(max_length=300, blank=True, help_text=_("A page on this site"))
    position = models.PositiveSmallIntegerField(default=10)
    shown = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title or str(self.get_kind_display())
