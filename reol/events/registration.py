"""Registration for an occurrence, the waiting list, cancellation by link and attendance.

Capacity holds under concurrency on both databases: every change to an occurrence's
registrations first locks the occurrence row (select_for_update on PostgreSQL; on SQLite the
IMMEDIATE transaction already holds the one write lock), then counts and writes. Partial
unique indexes refuse a second active registration of the same patron or email.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from reol.circulation.models import Patron
from reol.errors import DomainError
from reol.refusals import refuse

from . import mail, rules
from .models import AgeGroup, Attendance, Occurrence, Registration

SALT = "reol.events.cancel"
Status = Registration.Status


def locked_occurrence(occurrence_id: int) -> Occurrence:
    found = Occurrence.objects.select_for_update(of=("self",)).select_related(
        "series", "branch").filter(pk=occurrence_id).first()
    if found is None:
        raise refuse("unknown_occurrence")
    return found


def taken(occurrence: Occurrence) -> int:
    """Places taken by confirmed registrations."""
    return occurrence.registrations.filter(status=Status.CONFIRMED).aggregate(
        n=Sum("party_size"))["n"] or 0


def places_left(occurrence: Occurrence) -> int | None:
    if occurrence.sold_out:
        return 0
    return rules.places_left(occurrence.effective_capacity, taken(occurrence))


def window(occurrence: Occurrence) -> rules.Window:
    series = occurrence.series
    return rules.window(occurrence.start, series.registration_opens_days,
                        series.registration_closes_hours)


@transaction.atomic
def register(occurrence: Occurrence | int, *, patron: Patron | None = None, name: str = "",
             email: str = "", party_size: int = 1, language: str = "da",
             now: datetime | None = None) -> Registration:
    """Register a patron, or a guest by name and email, with a party; when the places are
    taken (or others already wait) the registration joins the waiting list."""
    now = now or timezone.now()
    occurrence = locked_occurrence(
        occurrence.pk if isinstance(occurrence, Occurrence) else occurrence)
    refusal = rules.registration_refusal(
        now=now, start=occurrence.start, cancelled=occurrence.status == "cancelled",
        required=occurrence.series.registration_required, window=window(occurrence),
        party_size=party_size)
    if refusal:
        raise refusal
    if patron is not None:
        name, email = patron.display_name, patron.email.lower()
        language = patron.language or language
    else:
        name = name.strip()
        if not name:
            raise refuse("no_name")
        email = rules.check_email(email)
    active = occurrence.registrations.exclude(status=Status.CANCELLED)
    if (patron and active.filter(patron=patron).exists()) or (
            email and active.filter(email=email).exists()):
        raise duplicate_refusal()
    capacity = occurrence.effective_capacity
    queue_ahead = active.filter(status=Status.WAITING).exists()
    confirmed = (not occurrence.sold_out and not queue_ahead
                 and rules.fits(capacity, taken(occurrence), party_size))
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                occurrence=occurrence, patron=patron, name=name[:200], email=email,
                language=language, party_size=party_size,
                status=Status.CONFIRMED if confirmed else Status.WAITING, created=now)
    except IntegrityError:  # the same person registering twice at the same moment
        raise duplicate_refusal() from None
    mail.queue(registration, "registered" if confirmed else "waiting", now)
    return registration


def duplicate_refusal() -> DomainError:
    return refuse("already_registered")


def cancel_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=SALT)


def by_token(token: str) -> Registration:
    try:
        registration_id = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        raise refuse("bad_token") from None
    found = Registration.objects.select_related("occurrence__series").filter(
        pk=registration_id).first()
    if found is None:
        raise refuse("bad_token.gone")
    return found


@transaction.atomic
def cancel(registration: Registration | int, now: datetime | None = None) -> Registration:
    """Cancel a registration; the freed places go to the waiting list in order."""
    now = now or timezone.now()
    registration_id = registration.pk if isinstance(registration, Registration) else registration
    occurrence_id = Registration.objects.values_list("occurrence_id", flat=True).get(
        pk=registration_id)
    occurrence = locked_occurrence(occurrence_id)
    registration = Registration.objects.get(pk=registration_id)
    if registration.status == Status.CANCELLED:
        return registration
    if occurrence.start <= now:
        raise refuse("event_past")
    registration.status, registration.cancelled = Status.CANCELLED, now
    registration.save(update_fields=["status", "cancelled"])
    promote(occurrence, now)
    return registration


def promote(occurrence: Occurrence, now: datetime) -> list[Registration]:
    """Move the waiting list up, in order, as far as the places allow; each promoted person
    is told. Runs inside the caller's transaction, with the occurrence locked."""
    if occurrence.sold_out or occurrence.status == "cancelled" or occurrence.start <= now:
        return []
    waiting = list(occurrence.registrations.filter(status=Status.WAITING).order_by(
        "created", "id"))
    chosen = set(rules.promotions(occurrence.effective_capacity, taken(occurrence),
                                  [(r.pk, r.party_size) for r in waiting]))
    promoted = [r for r in waiting if r.pk in chosen]
    for registration in promoted:
        registration.status, registration.promoted = Status.CONFIRMED, now
        registration.save(update_fields=["status", "promoted"])
        mail.queue(registration, "promoted", now)
    return promoted


@transaction.atomic
def cancel_occurrence(occurrence: Occurrence, now: datetime | None = None) -> Occurrence:
    """Staff cancel one occurrence; everyone registered or waiting is told."""
    now = now or timezone.now()
    return cancel_occurrence_locked(locked_occurrence(occurrence.pk), now)


def cancel_occurrence_locked(occurrence: Occurrence, now: datetime) -> Occurrence:
    if occurrence.start <= now:
        raise refuse("occurrence_past")
    occurrence.status = Occurrence.Status.CANCELLED
    occurrence.save(update_fields=["status"])
    for registration in occurrence.registrations.exclude(status=Status.CANCELLED):
        mail.queue(registration, "cancelled", now)
    return occurrence


# --- attendance ----------------------------------------------------------------------------


@dataclass
class Count:
    registered: int = 0
    walk_ins: int = 0


@transaction.atomic
def record_attendance(occurrence: Occurrence, counts: dict[str, Count],
                      came: set[int] | None = None, now: datetime | None = None) -> int:
    """Staff record who came, per age group, after the event has begun; recording again
    replaces the counts. Returns the number of participants."""
    now = now or timezone.now()
    occurrence = locked_occurrence(occurrence.pk)
    if occurrence.start > now:
        raise refuse("not_yet")
    if occurrence.status == "cancelled":
        raise refuse("event_cancelled")
    if set(counts) - set(AgeGroup.values) or any(
            c.registered < 0 or c.walk_ins < 0 for c in counts.values()):
        raise refuse("bad_count")
    Attendance.objects.filter(occurrence=occurrence).delete()
    Attendance.objects.bulk_create([
        Attendance(occurrence=occurrence, age_group=group, registered=c.registered,
                   walk_ins=c.walk_ins, recorded=now)
        for group, c in counts.items() if c.registered or c.walk_ins])
    if came is not None:
        active = occurrence.registrations.filter(status=Status.CONFIRMED)
        active.filter(pk__in=came).update(attended=True)
        active.exclude(pk__in=came).update(attended=False)
    return sum(c.registered + c.walk_ins for c in counts.values())


def participants(library_id: int, start: datetime, end: datetime) -> dict[str, int]:
    """Participants per age group in a library's events between start and end — what the
    statistics read until attendance joins the event log."""
    rows = Attendance.objects.filter(
        occurrence__series__library_id=library_id, occurrence__start__range=(start, end),
    ).values("age_group").annotate(r=Sum("registered"), w=Sum("walk_ins"))
    return {row["age_group"]: row["r"] + row["w"] for row in rows}
