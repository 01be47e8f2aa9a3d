"""Interlibrary loans: requests, their messages, the lending policies and the peers.

One row of IllRequest is one library's side of a loan: the requester's side (role
"requester") or the supplier's side (role "supplier"). Inside one installation both sides are
rows of the same database and talk through the same ISO 18626 messages as installations do.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reol.catalogue.models import Item, Record
from reol.circulation.models import Reservation
from reol.libraries.models import Branch, Library


class State(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    WILL_SUPPLY = "will_supply", _("Will supply")
    SHIPPED = "shipped", _("Shipped")
    RECEIVED = "received", _("Received")
    ON_HOLD_SHELF = "on_hold_shelf", _("On the hold shelf")
    ON_LOAN = "on_loan", _("On loan")
    RETURNED = "returned", _("Returned by the patron")
    SHIPPED_BACK = "shipped_back", _("Shipped back")
    RECEIVED_BY_LENDER = "received_by_lender", _("Received by the lender")
    CLOSED = "closed", _("Closed, copy back home")
    CANCELLED = "cancelled", _("Cancelled")
    UNFILLED = "unfilled", _("Unfilled")


class Peer(models.Model):
    """Another reol (or any ISO 18626 system): which agency is served at which address."""

    isil = models.CharField(max_length=20, unique=True, help_text="e.g. DK-773000")
    name = models.CharField(max_length=200, blank=True)
    url = models.URLField(help_text=_("The address that takes ISO 18626 messages by POST."))
    region = models.CharField(max_length=100, blank=True,
                              help_text=_("Region name, for routing; empty: another region."))
    # Sent as `Authorization: Bearer` with every message to this peer: the secret that the
    # peer issued to this installation's agencies (there: `reol peer_credential ISIL`).
    # Kept in clear because it must be presented; the admin does not show it.
    secret = models.CharField(max_length=200, blank=True)
    # Its catalogue's SRU base URL (SRU 1.2/2.0 searchRetrieve, MARCXML): cataloguers copy
    # records from it (catalogue/sru.py). Set by the operator, never by the one searching.
    sru_url = models.URLField(blank=True, help_text=_(
        "The SRU address of its catalogue, to copy records from; empty: none."))

    class Meta:
        ordering = ["isil"]

    def __str__(self) -> str:
        return f"{self.isil} → {self.url}"


class PeerCredential(models.Model):
    """What proves at POST /iso18626 that a message comes from the agency its header names: a
    secret issued here (`reol peer_credential ISIL`, printed once) to the system that speaks
    for that agency. Only the secret's SHA-256 is kept; issuing again replaces it."""

    isil = models.CharField(max_length=20, unique=True, help_text="e.g. DK-773000")
    digest = models.CharField(max_length=64)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["isil"]

    def __str__(self) -> str:
        return self.isil


class LendingPolicy(models.Model):
    """What a library lends to others, and when its own reservations become requests."""

    library = models.OneToOneField(Library, on_delete=models.CASCADE,
                                   related_name="lending_policy")
    lends = models.BooleanField(default=True)
    newest_years = models.PositiveSmallIntegerField(
        default=0, help_text=_("Do not lend titles published in the last N years (0: any)."))
    reference_works = models.BooleanField(default=False, help_text=_("Lend reference works."))
    excluded_types = models.JSONField(default=list, blank=True,
                                      help_text=_("Material types not lent, e.g. [\"film\"]."))
    max_queue_per_copy = models.PositiveSmallIntegerField(
        default=4, help_text=_("More reservations than this per own copy: ask another library."))
    answer_days = models.PositiveSmallIntegerField(
        default=2, help_text=_("Days a supplier has to answer before the next is asked."))

    class Meta:
        verbose_name_plural = "lending policies"

    def __str__(self) -> str:
        return f"{self.library}"


class IllRequest(models.Model):
    # Not columns: wording.named() sets them for the staff pages.
    requester_name: str
    supplier_name: str
    reason_text: str
    candidate_rows: list[dict[str, str]]

    class Role(models.TextChoices):
        REQUESTER = "requester", _("Requester")
        SUPPLIER = "supplier", _("Supplier")

    role = models.CharField(max_length=9, choices=Role.choices)
    requester_isil = models.CharField(max_length=20)
    supplier_isil = models.CharField(max_length=20, blank=True)  # the current candidate
    request_id = models.CharField(max_length=64)  # the requesting agency's request id
    supplier_request_id = models.CharField(max_length=64, blank=True)
    # Local ends: the library of this side (and the other, when it is in this database too).
    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="ill_requests")
    state = models.CharField(max_length=18, choices=State.choices, default=State.REQUESTED)
    reservation = models.ForeignKey(Reservation, on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="ill_requests")
    record = models.ForeignKey(Record, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    pickup_branch = models.ForeignKey(Branch, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")
    title = models.CharField(max_length=500, blank=True)
    author = models.CharField(max_length=300, blank=True)
    pid = models.CharField(max_length=80, blank=True)
    faust = models.CharField(max_length=20, blank=True)
    isbn = models.CharField(max_length=13, blank=True)
    patron_ref = models.CharField(max_length=64, blank=True)
    pickup_name = models.CharField(max_length=200, blank=True)
    # [{"isil": ..., "status": "waiting|asked|refused|timeout", "reason": ...}, ...]
    candidates = models.JSONField(default=list, blank=True)
    answer_by = models.DateTimeField(null=True, blank=True)
    item = models.ForeignKey(Item, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    item_barcode = models.CharField(max_length=40, blank=True)
    due = models.DateField(null=True, blank=True)
    renewal_pending = models.BooleanField(default=False)
    reason = models.CharField(max_length=100, blank=True)  # why unfilled or cancelled
    created = models.DateTimeField()
    updated = models.DateTimeField()

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["requester_isil", "request_id"],
                                    condition=Q(role="requester"), name="ill_one_request"),
            models.UniqueConstraint(fields=["supplier_isil", "requester_isil", "request_id"],
                                    condition=Q(role="supplier"), name="ill_one_supply"),
        ]
        indexes = [
            models.Index(fields=["role", "state"]),
            models.Index(fields=["library", "role", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.requester_isil}/{self.request_id} ({self.role}, {self.state})"


class IllMessage(models.Model):
    """Every ISO 18626 message in or out. Inbound: a replay finds its key and gets the same
    confirmation. Outbound: an outbox that is sent after the commit, and retried by the job."""

    class Direction(models.TextChoices):
        IN = "in", _("Received")
        OUT = "out", _("Sent")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        DONE = "done", _("Done")
        ERROR = "error", _("Answered with an error")

    direction = models.CharField(max_length=3, choices=Direction.choices)
    request = models.ForeignKey(IllRequest, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="messages")
    key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    kind = models.CharField(max_length=40)  # e.g. "request", "supplying:Loaned"
    to_isil = models.CharField(max_length=20, blank=True)
    body = models.TextField()
    answer = models.TextField(blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DONE)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["direction", "status"])]

    def __str__(self) -> str:
        return f"{self.direction} {self.kind}"
