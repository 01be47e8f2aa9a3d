"""What every app stands on: the staff record, staff roles and API tokens, the event log and
the outbox.

core imports no app above it. The staff record and the outbox hold patrons as plain ids, not
foreign keys (a deleted patron's rows are removed by reol.core.staff_record.forget_patron, and
by circulation for its notices, not by a cascade core cannot see). Staff roles and the event
log name libraries, branches, copies and loans by lazy foreign keys ("libraries.Library"): no
import, but the database keeps the PROTECT and SET NULL that statistics and access depend on.
The moved models keep their tables (db_table), made by circulation's first migrations.
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


class Event(models.Model):
    """The event log: one row per act, the only source statistics read."""

    class Kind(models.TextChoices):
        CHECKOUT = "checkout", _("Checkout")
        CHECKIN = "checkin", _("Check-in")
        RENEWAL = "renewal", _("Renewal")
        RESERVATION_PLACED = "reservation_placed", _("Reservation placed")
        RESERVATION_ALLOCATED = "reservation_allocated", _("Copy allocated")
        RESERVATION_SHELVED = "reservation_shelved", _("On the hold shelf")
        RESERVATION_FULFILLED = "reservation_fulfilled", _("Reservation picked up")
        RESERVATION_CANCELLED = "reservation_cancelled", _("Reservation cancelled")
        RESERVATION_EXPIRED = "reservation_expired", _("Reservation expired")
        TRANSIT_SENT = "transit_sent", _("Sent in transit")
        TRANSIT_RECEIVED = "transit_received", _("Received from transit")
        LOST = "lost", _("Declared lost")
        FOUND = "found", _("Found")
        VISIT = "visit", _("Visit")  # an open-library door entry
        ATTENDANCE = "attendance", _("Event attendance")
        INTERLIBRARY = "interlibrary", _("Interlibrary loan step")

    time = models.DateTimeField(db_index=True)
    kind = models.CharField(max_length=24, choices=Kind.choices)
    library = models.ForeignKey("libraries.Library", on_delete=models.PROTECT, related_name="+")
    branch = models.ForeignKey(
        "libraries.Branch", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    record = models.ForeignKey(
        "catalogue.Record", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    item = models.ForeignKey(
        "catalogue.Item", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    material_type = models.CharField(max_length=12, blank=True)
    audience = models.CharField(max_length=8, blank=True)
    age_group = models.CharField(max_length=8, blank=True)
    patron_ref = models.UUIDField(null=True, blank=True, db_index=True)
    loan = models.ForeignKey(
        "circulation.Loan", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "circulation_event"
        ordering = ["time", "id"]
        indexes = [models.Index(fields=["library", "kind", "time"])]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.kind}"


class Notice(models.Model):
    class Kind(models.TextChoices):
        READY = "ready", _("Ready for pickup")
        DUE_SOON = "due_soon", _("Due in 3 days")
        OVERDUE = "overdue", _("Overdue")
        RENEWED = "renewed", _("Renewed automatically")
        NOT_RENEWED = "not_renewed", _("Could not be renewed")
        RESERVATION_EXPIRED = "reservation_expired", _("Reservation expired")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    # The outbox keeps its recipient's address itself and the patron as a plain id: it sends
    # for whoever queues (circulation today), and core stands under the app that holds patrons.
    # circulation deletes and exports a patron's notices (the column keeps the constraint the
    # table was made with, so a notice never outlives its patron).
    patron_id = models.BigIntegerField(db_index=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    channel = models.CharField(max_length=5, choices=Channel.choices)
    # What the notice is about, e.g. "ready:42:2026-11-20": the same key is never sent twice.
    key = models.CharField(max_length=100)
    address = models.CharField(max_length=254)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    created = models.DateTimeField(auto_now_add=True)
    sent = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        db_table = "circulation_notice"
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["key", "channel"], name="one_notice_per_key")
        ]
        indexes = [models.Index(fields=["status", "created"])]

    def __str__(self) -> str:
        return f"{self.kind} to {self.address}"


class StaffRole(models.Model):
    """A staff member's role (a Django group) in one library: staff act only where they work."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_roles"
    )
    library = models.ForeignKey(
        "libraries.Library", on_delete=models.CASCADE, related_name="staff_roles"
    )
    group = models.ForeignKey("auth.Group", on_delete=models.PROTECT, related_name="+")

    class Meta:
        db_table = "circulation_staffrole"
        constraints = [
            models.UniqueConstraint(fields=["user", "library", "group"], name="role_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.group} @ {self.library}"


class ApiToken(models.Model):
    """A staff member's token for the API; only its SHA-256 is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "circulation_apitoken"

    def __str__(self) -> str:
        return self.name
