"""Self-service's periodic job: visits forget who made them after 30 days."""

from datetime import datetime, timedelta

from reol.core.models import Event

from .rules import VISIT_MEMORY_DAYS


def forget_old_visits(now: datetime) -> int:
    """Delete the patron's link from visits older than VISIT_MEMORY_DAYS; the visit itself
    (time, branch, age band) stays for the statistics. Returns how many were changed."""
    return Event.objects.filter(
        kind=Event.Kind.VISIT,
        patron_ref__isnull=False,
        time__lt=now - timedelta(days=VISIT_MEMORY_DAYS),
    ).update(patron_ref=None)
