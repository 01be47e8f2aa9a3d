"""The events' jobs, for `reol run_jobs`: each idempotent, so a run at any time, or many,
changes only what is due."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from . import mail, rules, services
from .models import Occurrence, Registration, RegistrationAttempt

logger = logging.getLogger(__name__)


def remind(now: datetime | None = None) -> int:
    """Queue a reminder the day before for each confirmed registration: once per
    registration (its key), none for cancelled or past occurrences."""
    now = now or timezone.now()
    queued = 0
    registrations = Registration.objects.filter(
        status=Registration.Status.CONFIRMED, occurrence__status=Occurrence.Status.SCHEDULED,
        occurrence__start__gt=now, occurrence__start__lte=now + timedelta(hours=24),
    ).exclude(mails__key__startswith="reminder:").select_related(
        "occurrence__series", "occurrence__branch")
    for registration in registrations:
        occurrence = registration.occurrence
        if rules.reminder_due(now, occurrence.start, occurrence.status == "cancelled"):
            queued += mail.queue(registration, "reminder", now)
    return queued


def forget_attempts(now: datetime | None = None) -> int:
    """Guests' registration attempts (source and email address) are kept only as long as the
    limits need them."""
    now = now or timezone.now()
    deleted, _ = RegistrationAttempt.objects.filter(
        created__lt=now - rules.ATTEMPT_MEMORY).delete()
    return deleted


@dataclass
class Summary:
    extended: int = 0
    reminded: int = 0
    sent: int = 0
    failed: int = 0
    forgotten: int = 0


def run_all(now: datetime | None = None) -> Summary:
    """Extend the stored occurrences to the horizon, queue reminders, send event mail."""
    now = now or timezone.now()
    summary = Summary()
    for name, step in (("extended", lambda: services.extend_all(now)),
                       ("reminded", lambda: remind(now)),
                       ("forgotten", lambda: forget_attempts(now))):
        try:
            setattr(summary, name, step())
        except Exception:
            logger.exception("events job %s failed", name)
    try:
        summary.sent, summary.failed = mail.send_pending(now=now)
    except Exception:
        logger.exception("events job send failed")
    return summary
