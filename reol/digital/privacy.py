"""Forgetting digital loans: a loan that has ended keeps its patron only while this month's
cap needs it, and after that only for a patron who asked to keep a loan history."""

from datetime import datetime

from django.db.models import Q

from . import rules
from .models import DigitalLoan


def forget(now: datetime) -> dict[str, int]:
    """The periodic job: ended loans from before this calendar month lose their patron."""
    start, _ = rules.month_bounds(now)
    ended = Q(returned__isnull=False) | Q(ends__lte=now)
    done = DigitalLoan.objects.filter(ended, started__lt=start, patron__isnull=False,
                                      patron__keep_history=False)
    return {"digital_loans_forgotten": DigitalLoan.objects.filter(
        pk__in=list(done.values_list("pk", flat=True))).update(patron=None)}
