"""Volunteers and their shifts; exhibitions and the works citizens submit to an open call.

State only: the policy lives in rules.py, the use cases in volunteers.py and exhibitions.py.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reol.circulation.models import Patron
from reol.libraries.models import Branch, Library


class VolunteerRole(models.Model):
    """What a volunteer does: IT-café helper, knitting café host, reading-dog handler, crew."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Volunteer(models.Model):
    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="volunteers")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True)
    # A volunteer with a card logs in as that patron and sees /volunteer/.
    patron = models.OneToOneField(
        Patron, on_delete=models.SET_NULL, null=True, blank=True, related_name="volunteer"
    )
    roles = models.ManyToManyField(VolunteerRole, blank=True, related_name="volunteers")
    active = models.BooleanField(default=True)
    language = models.CharField(max_length=2, choices=settings.LANGUAGES, default="da")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Shift(models.Model):
    """A turn at a standing café or at an event occurrence: `needed` volunteers of one role."""

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="shifts")
    title = models.CharField(max_length=200)
    occurrence = models.ForeignKey(
        "events.Occurrence", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="shifts",
    )
    role = models.ForeignKey(VolunteerRole, on_delete=models.PROTECT, related_name="shifts")
    start = models.DateTimeField()
    end = models.DateTimeField()
    needed = models.PositiveSmallIntegerField(default=1)
    signup_opens = models.DateTimeField()
    signup_closes = models.DateTimeField()
    dropout_deadline = models.DateTimeField()
    cancelled = models.BooleanField(default=False)

    class Meta:
        ordering = ["start", "id"]
        indexes = [models.Index(fields=["branch", "start"])]

    def __str__(self) -> str:
        return f"{self.title} {self.start:%Y-%m-%d %H:%M}"


class ShiftSignup(models.Model):
    class Status(models.TextChoices):
        SIGNED_UP = "signed_up", _("Signed up")
        DROPPED = "dropped", _("Dropped out")

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="signups")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="signups")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SIGNED_UP)
    signed_up = models.DateTimeField()
    dropped = models.DateTimeField(null=True, blank=True)
    hours = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    people_helped = models.PositiveIntegerField(null=True, blank=True)
    logged = models.DateTimeField(null=True, blank=True)
    reminded = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["shift__start", "id"]
        constraints = [
            # Two clicks at once never sign the same volunteer up twice.
            models.UniqueConstraint(
                fields=["shift", "volunteer"], condition=Q(status="signed_up"),
                name="one_signup_per_volunteer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} @ {self.shift}"


class Exhibition(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="exhibitions")
    starts = models.DateField()
    ends = models.DateField()
    description = models.TextField(blank=True)
    partner = models.ForeignKey(
        "events.Partner", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="exhibitions",
    )
    open_call = models.BooleanField(default=False, help_text=_("Citizens may submit works."))
    call_deadline = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts", "id"]

    def __str__(self) -> str:
        return self.title


class Submission(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for review")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    exhibition = models.ForeignKey(
        Exhibition, on_delete=models.CASCADE, related_name="submissions"
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    phone = models.CharField(max_length=20, blank=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    submitted = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submitted", "id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.name})"


def image_path(image: "SubmissionImage", filename: str) -> str:
    """A random name: the citizen's file name is neither trusted nor shown."""
    extension = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}
    return f"submissions/{uuid.uuid4().hex}{extension.get(image.content_type, '')}"


class SubmissionImage(models.Model):
    """An image checked on upload (uploads.check_image); served only once its work is accepted."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="images")
    file = models.FileField(upload_to=image_path, max_length=200)
    content_type = models.CharField(max_length=20)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.file.name
