"""The periodic jobs of lending, in order: expire, allocate, renew, remind, send. They run in
core's scheduler (reol/core/jobs.py) in its lending stage; `register` adds them from
CirculationConfig.ready.
"""

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from reol.core import jobs, outbox
from reol.core.models import Notice

from . import notices, reservations, rules, services
from .models import Loan

JOBS = ("expire", "allocate", "auto_renew", "due_soon", "overdue", "send")


def register() -> None:
    for name in JOBS:
        jobs.register(name, _JOB[name], stage=jobs.Stage.LENDING)


def _expire(now: datetime) -> dict[str, int]:
    interest, shelf = reservations.expire(now)
    return {"interest_period": interest, "not_collected": shelf}


def _allocate(now: datetime) -> dict[str, int]:
    return {"allocated": reservations.allocate(now).allocated}


def _auto_renew(now: datetime) -> dict[str, int]:
    renewed, refused = services.auto_renew(now)
    return {"renewed": renewed, "refused": refused}


def due_soon_window(today: date) -> tuple[date, date]:
    """Loans due from tomorrow to DUE_SOON_DAYS ahead get the reminder: a run missed on the
    day itself still reminds the next day, and the key keeps it to once per due date."""
    return today + timedelta(days=1), today + timedelta(days=rules.DUE_SOON_DAYS)


def _due_soon(now: datetime) -> dict[str, int]:
    today = timezone.localdate(now)
    loans = _open_loans().filter(due__range=due_soon_window(today))
    queued = 0
    for loan in _unnoticed(loans, "due_soon"):
        # A loan lent for less than the warning period is still fresh in mind: no reminder.
        if timezone.localdate(loan.checked_out) > loan.due - timedelta(days=rules.DUE_SOON_DAYS):
            continue
        queued += notices.queue(loan.patron, "due_soon", _key("due_soon", loan), loan=loan)
    return {"queued": queued}


def _overdue(now: datetime) -> dict[str, int]:
    """Runs after automatic renewal, so a loan renewed on its due date is not overdue."""
    today = timezone.localdate(now)
    queued = 0
    for loan in _unnoticed(_open_loans().filter(due__lt=today), "overdue"):
        queued += notices.queue(loan.patron, "overdue", _key("overdue", loan), loan=loan)
    return {"queued": queued}


def _send(now: datetime) -> dict[str, int]:
    result = outbox.send_pending(now=now)
    return {"sent": result.sent, "failed": result.failed, "dropped": result.dropped}


_JOB = {"expire": _expire, "allocate": _allocate, "auto_renew": _auto_renew,
        "due_soon": _due_soon, "overdue": _overdue, "send": _send}


def _key(kind: str, loan: Loan) -> str:
    return f"{kind}:{loan.pk}:{loan.due}"


@outbox.holds_while("due_soon")
@outbox.holds_while("overdue")
def _still_due(key: str, today: date) -> bool:
    """A due notice holds while its loan is open and still due on the key's date: not once it
    is returned, lost or renewed."""
    _kind, pk, due = key.split(":")
    return Loan.objects.filter(pk=pk, due=due, returned__isnull=True, lost__isnull=True).exists()


def _open_loans():
    """Open loans of patrons who can be reached (a returned loan has no patron)."""
    reachable = (Q(patron__notify_email=True) & ~Q(patron__email="")) | (
        Q(patron__notify_sms=True) & ~Q(patron__phone=""))
    return (Loan.objects.filter(returned__isnull=True, lost__isnull=True, patron__isnull=False)
            .filter(reachable).select_related("patron__library", "item__record")
            .order_by("due", "id"))


def _unnoticed(loans, kind: str, batch: int = 500) -> Iterator[Loan]:
    """The loans whose notice of this kind for their due date is not in the outbox yet: a run
    that finds nothing new reads two columns and renders no template."""
    rows = list(loans.values_list("pk", "due"))
    for start in range(0, len(rows), batch):
        keys = {f"{kind}:{pk}:{due}": pk for pk, due in rows[start:start + batch]}
        done = set(Notice.objects.filter(key__in=keys).values_list("key", flat=True))
        todo = [pk for key, pk in keys.items() if key not in done]
        if todo:
            yield from loans.filter(pk__in=todo)
