"""Bookable rooms and their bookings: the state, nothing clever (the policy is in rules.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reol.circulation.models import Patron
from reol.libraries.models import Branch


class Room(models.Model):
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="rooms")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    capacity = models.PositiveSmallIntegerField(default=4, help_text=_("People."))
    description = models.TextField(blank=True)
    slot_minutes = models.PositiveSmallIntegerField(default=60)
    max_minutes = models.PositiveSmallIntegerField(default=180, help_text=_("Longest booking."))
    max_per_week = models.PositiveSmallIntegerField(
        default=3, help_text=_("Most bookings per patron per week."))
    days_ahead = models.PositiveSmallIntegerField(default=14, help_text=_("How far ahead."))
    buffer_minutes = models.PositiveSmallIntegerField(
        default=0, help_text=_("Free time between two bookings."))
    needs_approval = models.BooleanField(default=False)
    self_service_allowed = models.BooleanField(
        default=False, help_text=_("Bookable in the self-service hours too."))
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["branch__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.branch.name})"


class Booking(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("awaiting approval")
        CONFIRMED = "confirmed", _("confirmed")
        CANCELLED = "cancelled", _("cancelled")
        DECLINED = "declined", _("declined")

    ACTIVE = (Status.REQUESTED, Status.CONFIRMED)  # these hold the room

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="bookings")
    patron = models.ForeignKey(
        Patron, on_delete=models.SET_NULL, null=True, blank=True, related_name="room_bookings")
    name = models.CharField(max_length=200, blank=True, help_text=_("Who, when not a patron."))
    start = models.DateTimeField()
    end = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    purpose = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", help_text=_("The member of staff who made it."))
    overridden = models.BooleanField(default=False, help_text=_("Made by staff past the rules."))
    decided = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["start"]
        indexes = [models.Index(fields=["room", "start"]), models.Index(fields=["patron", "start"])]
        constraints = [models.CheckConstraint(condition=models.Q(end__gt=models.F("start")),
                                              name="booking_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.room.name} {self.start:%Y-%m-%d %H:%M}"

    @property
    def who(self) -> str:
        return self.patron.display_name if self.patron_id else self.name
