"""Mail about events to patrons and guests: queued in the act's transaction, sent by the job.

Circulation's notice outbox is tied to a Patron; a guest has only an email address, so events
keep a small outbox of their own (EventMail) with the same guarantees: the unique key makes
queueing idempotent (`reminder:<registration>` goes out once, ever), and sending claims each
row with one conditional UPDATE, so two senders never send the same mail twice. Delivery is
at most once: a refused mail becomes `failed` and is not retried by itself. A reminder is
checked again just before it is sent, as circulation's notices are: one for a registration
cancelled since, or an event cancelled or already begun, is dropped unsent.
"""

import logging
import re
from datetime import datetime

from django.conf import settings
from django.core import mail as django_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from . import rules
from .models import EventMail, Occurrence, Registration

logger = logging.getLogger(__name__)
TEMPLATES = "events/mail"
KINDS = ("registered", "waiting", "promoted", "reminder", "cancelled", "confirm")


def site_url() -> str:
    return getattr(settings, "REOL_SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def queue(registration: Registration, kind: str, now: datetime) -> bool:
    """Write the mail of `kind` for the registration unless it was written before."""
    from .registration import cancel_token

    if not registration.email:
        return False
    occurrence = registration.occurrence
    with translation.override(registration.language or "da"):
        context = {
            "registration": registration, "occurrence": occurrence,
            "series": occurrence.series,
            "start": timezone.localtime(occurrence.start),
            "place": occurrence.branch.name if occurrence.branch else occurrence.venue_name,
            "event_url": site_url() + reverse("event", args=[occurrence.pk]),
            "cancel_url": site_url() + reverse("event-cancel", args=[cancel_token(registration)]),
        }
        subject = _tidy(render_to_string(f"{TEMPLATES}/{kind}.subject.txt", context))
        body = _tidy(render_to_string(f"{TEMPLATES}/{kind}.txt", context))
    _, created = EventMail.objects.get_or_create(
        key=f"{kind}:{registration.pk}",
        defaults={"registration": registration, "to": registration.email, "subject": subject[:200],
                      "body": body, "created": now})
    return created


def queue_confirmation(occurrence, attempt_id: int, *, name: str, email: str, party_size: int,
                       language: str, token: str, now: datetime) -> None:
    """The mail that asks a guest to confirm their registration: its link takes the seat."""
    with translation.override(language or "da"):
        context = {
            "registration": {"name": name, "party_size": party_size},
            "occurrence": occurrence, "series": occurrence.series,
            "start": timezone.localtime(occurrence.start),
            "place": occurrence.branch.name if occurrence.branch else occurrence.venue_name,
            "event_url": site_url() + reverse("event", args=[occurrence.pk]),
            "confirm_url": site_url() + reverse("event-confirm", args=[token]),
            "hours": int(rules.CONFIRM_WITHIN.total_seconds() // 3600),
        }
        subject = _tidy(render_to_string(f"{TEMPLATES}/confirm.subject.txt", context))
        body = _tidy(render_to_string(f"{TEMPLATES}/confirm.txt", context))
    EventMail.objects.create(key=f"confirm:{attempt_id}", to=email, subject=subject[:200],
                             body=body, created=now)


def _tidy(text: str) -> str:
    text = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return re.sub(r"\n{3,}", "\n\n", text)


def _still_true(row: EventMail, now: datetime) -> bool:
    """A reminder holds while the registration stands and its event is still to come."""
    if not row.key.startswith("reminder:"):
        return True
    registration = row.registration
    return (registration is not None and registration.status == Registration.Status.CONFIRMED
            and registration.occurrence.status != Occurrence.Status.CANCELLED
            and registration.occurrence.start > now)


def send_pending(limit: int | None = None, now: datetime | None = None) -> tuple[int, int]:
    """Send waiting mail, oldest first; returns (sent, failed). A mail server that cannot be
    reached sends nothing and leaves the mail pending for the next run. `now`: the jobs'
    clock, for the reminders' check."""
    now = now or timezone.now()
    rows = list(EventMail.objects.filter(status=EventMail.Status.PENDING)
                .order_by("created", "id").values_list("pk", flat=True)[:limit])
    if not rows:
        return 0, 0
    try:
        connection = django_mail.get_connection()
        connection.open()
    except Exception as error:
        logger.warning("cannot send event mail now: %s", error)
        return 0, 0
    sent = failed = 0
    try:
        for pk in rows:
            if not EventMail.objects.filter(pk=pk, status=EventMail.Status.PENDING).update(
                    status=EventMail.Status.SENDING):
                continue  # another sender has it
            row = EventMail.objects.select_related("registration__occurrence").get(pk=pk)
            if not _still_true(row, now):
                row.delete()
                continue
            try:
                message = django_mail.EmailMessage(
                    row.subject, row.body, settings.DEFAULT_FROM_EMAIL, [row.to],
                    connection=connection, headers={"Auto-Submitted": "auto-generated"})
                if not message.send():
                    raise OSError("the mail backend did not accept the message")
            except Exception as error:
                EventMail.objects.filter(pk=pk).update(
                    status=EventMail.Status.FAILED, error=f"{type(error).__name__}: {error}"[:300])
                failed += 1
            else:
                EventMail.objects.filter(pk=pk).update(status=EventMail.Status.SENT,
                                                       sent=timezone.now())
                sent += 1
    finally:
        connection.close()
    return sent, failed
