"""Events: partners, series with their recurrence, stored occurrences, registrations,
attendance and the small outbox of event mail.

State only: what a rule means lives in rules.py, how a use case runs in services.py.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reol.circulation.models import Patron
from reol.libraries.models import Branch, Library


class Audience(models.TextChoices):
    CHILDREN = "children", _("Children")
    TEENS = "teens", _("Young people")
    ADULTS = "adults", _("Adults")
    SENIORS = "seniors", _("Seniors")
    FAMILIES = "families", _("Families")


class Category(models.TextChoices):
    TALK = "talk", _("Talks and author meetings")
    CAFE = "cafe", _("Cafés")
    WORKSHOP = "workshop", _("Workshops")
    THEATRE = "theatre", _("Theatre and performances")
    READING = "reading", _("Reading and literature")
    DIGITAL = "digital", _("Digital help")
    FESTIVAL = "festival", _("Festivals")
    DEMOCRACY = "democracy", _("Democracy and society")
    OUTREACH = "outreach", _("Outside the library")


class AgeGroup(models.TextChoices):
    """The bands of the event log (circulation.rules.AGE_GROUPS), so statistics line up."""

    CHILD = "0-13", _("0–13 years")
    TEEN = "14-17", _("14–17 years")
    YOUNG = "18-29", _("18–29 years")
    ADULT = "30-49", _("30–49 years")
    MIDDLE = "50-66", _("50–66 years")
    SENIOR = "67+", _("67 years and over")


class Partner(models.Model):
    """An organisation the library works with: a school, the cinema, the Red Cross."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnerContact(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True)
    role = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["partner", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.partner})"


class EventSeries(models.Model):
    """What an event is and when it recurs. The recurrence is RFC 5545 lines (RRULE, RDATE,
    EXDATE) read from `first_start` in Copenhagen time; each occurrence is stored."""

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="event_series")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # Comma-framed codes (",children,families,") so that one LIKE filters on both databases.
    audiences = models.CharField(max_length=200, blank=True)
    category = models.CharField(max_length=20, choices=Category.choices)
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, null=True, blank=True, related_name="event_series",
        help_text=_("Where it happens; empty for an outside venue."),
    )
    venue_name = models.CharField(max_length=200, blank=True)
    venue_address = models.CharField(max_length=300, blank=True)
    partners = models.ManyToManyField(Partner, blank=True, related_name="series")
    sdgs = models.JSONField(default=list, blank=True, help_text="UN Sustainable Development "
                            "Goals served, numbers 1–17")
    price = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    first_start = models.DateTimeField()
    duration_minutes = models.PositiveIntegerField(default=60)
    setup_minutes = models.PositiveIntegerField(default=0)
    teardown_minutes = models.PositiveIntegerField(default=0)
    recurrence = models.TextField(blank=True, help_text="RRULE/RDATE/EXDATE lines; empty: once")
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text="Empty: no limit")
    registration_required = models.BooleanField(default=False)
    registration_opens_days = models.PositiveIntegerField(
        null=True, blank=True, help_text="Registration opens this many days before; empty: now")
    registration_closes_hours = models.PositiveIntegerField(default=0)
    # A series split by a "this and following" edit continues in a new series.
    previous = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="continued_by")
    ends_before = models.DateTimeField(null=True, blank=True,
                                       help_text="No occurrences from here on (after a split)")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name_plural = "event series"

    def __str__(self) -> str:
        return self.title

    @property
    def audience_list(self) -> list[str]:
        return [a for a in self.audiences.split(",") if a]


class Occurrence(models.Model):
    # Not columns: pages set them (events.queries.places_left and place) before they render.
    places_left: int | None
    place: str

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    series = models.ForeignKey(EventSeries, on_delete=models.CASCADE, related_name="occurrences")
    # The date the rule gave this occurrence (Copenhagen): how re-expansion finds it again.
    rule_date = models.DateField()
    start = models.DateTimeField(db_index=True)
    end = models.DateTimeField()
    setup_start = models.DateTimeField()
    teardown_end = models.DateTimeField()
    capacity = models.PositiveIntegerField(null=True, blank=True,
                                           help_text="Overrides the series' capacity")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    sold_out = models.BooleanField(default=False, help_text="Closed for registration by staff")
    on_closure = models.BooleanField(default=False, help_text="Falls on a day the house is closed")
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="occurrences")
    venue_name = models.CharField(max_length=200, blank=True)
    venue_address = models.CharField(max_length=300, blank=True)
    note = models.CharField(max_length=300, blank=True)
    edited = models.BooleanField(default=False, help_text="Changed on its own")

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["series", "rule_date"], name="one_occurrence_per_date")
        ]

    def __str__(self) -> str:
        return f"{self.series.title} {self.start:%Y-%m-%d %H:%M}"

    @property
    def effective_capacity(self) -> int | None:
        return self.capacity if self.capacity is not None else self.series.capacity


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE,
                                   related_name="registrations")
    patron = models.ForeignKey(Patron, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="event_registrations")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True, help_text="Lower case")
    language = models.CharField(max_length=2, default="da")
    party_size = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=10, choices=Status.choices)
    created = models.DateTimeField()
    promoted = models.DateTimeField(null=True, blank=True)
    cancelled = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "patron"], name="one_registration_per_patron",
                condition=Q(patron__isnull=False) & ~Q(status="cancelled")),
            models.UniqueConstraint(
                fields=["occurrence", "email"], name="one_registration_per_email",
                condition=~Q(email="") & ~Q(status="cancelled")),
        ]

    def __str__(self) -> str:
        return f"{self.name} × {self.party_size} @ {self.occurrence}"


class Attendance(models.Model):
    """Who came, per age group: registered people who came and walk-ins. The statistics of
    participants read these rows."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE,
                                   related_name="attendance")
    age_group = models.CharField(max_length=8, choices=AgeGroup.choices)
    registered = models.PositiveIntegerField(default=0)
    walk_ins = models.PositiveIntegerField(default=0)
    recorded = models.DateTimeField()

    class Meta:
        ordering = ["occurrence", "age_group"]
        constraints = [
            models.UniqueConstraint(fields=["occurrence", "age_group"],
                                    name="one_attendance_per_age_group")
        ]

    def __str__(self) -> str:
        return f"{self.occurrence} {self.age_group}: {self.registered}+{self.walk_ins}"

    @property
    def total(self) -> int:
        return self.registered + self.walk_ins


class EventMail(models.Model):
    """Mail about events, to patrons and guests alike (guests have only an email address).
    The unique key makes queueing idempotent: a reminder or a notice goes out once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    key = models.CharField(max_length=100, unique=True)
    registration = models.ForeignKey(Registration, on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="mails")
    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created = models.DateTimeField()
    sent = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return f"{self.key} → {self.to}"


class RegistrationAttempt(models.Model):
    """A guest asked to register and was sent a confirmation mail: counted per source address
    and per email address, so nobody floods an inbox or the mail server (rules.GUEST_LIMITS).
    Kept only for rules.ATTEMPT_MEMORY (jobs.forget_attempts)."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE,
                                   related_name="registration_attempts")
    address = models.CharField(max_length=45)  # IPv6 at most
    email = models.EmailField()
    created = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["address", "created"]),
                   models.Index(fields=["email", "created"])]

    def __str__(self) -> str:
        return f"{self.email} from {self.address}"
