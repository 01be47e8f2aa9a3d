"""The periodic jobs of lending, in order: expire, allocate, renew, remind, send; then the
registered ones, among them forgetting what is past the retention period (privacy.py).

`reol run_jobs` runs them once; `reol serve` runs them every REOL_JOBS_INTERVAL seconds. Every
job is idempotent (each notice has a key, each refusal to renew is recorded on the loan), so a
run at any time, or many runs, change only what is due. One run at a time per database: a
second run that starts while another is under way does nothing and says so.
"""

import fcntl
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from . import notices, reservations, rules, services
from .models import Loan, Notice

logger = logging.getLogger(__name__)

JOBS = ("expire", "allocate", "auto_renew", "due_soon", "overdue", "send")


@dataclass
class Summary:
    now: datetime
    done: dict[str, dict[str, int]] = field(default_factory=dict)  # job → what it counted
    errors: dict[str, str] = field(default_factory=dict)  # job → why it stopped
    skipped: bool = False  # another run held the lock

    @property
    def changes(self) -> int:
        return sum(sum(counts.values()) for counts in self.done.values())


def run_all(now: datetime | None = None) -> Summary:
    """Run every job once. A job that fails is logged and reported; the others still run."""
    now = now or timezone.now()
    summary = Summary(now)
    with _exclusive() as mine:
        if not mine:
            summary.skipped = True
            return summary
        ordered = [*_FIRST.items(), *((n, _JOB[n]) for n in JOBS), *_REGISTERED.items()]
        for name, job in ordered:
            try:
                summary.done[name] = job(now)
            except Exception as error:
                logger.exception("reol job %s failed", name)
                summary.errors[name] = f"{type(error).__name__}: {error}"
    return summary


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
    result = notices.send_pending(now=now)
    return {"sent": result.sent, "failed": result.failed, "dropped": result.dropped}


_FIRST: dict[str, Callable[[datetime], dict[str, int]]] = {}
_REGISTERED: dict[str, Callable[[datetime], dict[str, int]]] = {}


def register(name: str, job: Callable[[datetime], dict[str, int]], *,
             before_lending: bool = False) -> None:
    """Add another app's periodic job (events' reminders, self-service's forgetting of
    visits, …) to every run, after lending's own — or before them, for interlibrary loans,
    which must route requests before allocation hands copies out; `job(now)` returns what it
    counted."""
    (_FIRST if before_lending else _REGISTERED)[name] = job


_JOB = {"expire": _expire, "allocate": _allocate, "auto_renew": _auto_renew,
        "due_soon": _due_soon, "overdue": _overdue, "send": _send}


def _key(kind: str, loan: Loan) -> str:
    return f"{kind}:{loan.pk}:{loan.due}"


@notices.holds_while("due_soon")
@notices.holds_while("overdue")
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


@contextmanager
def _exclusive() -> Iterator[bool]:
    """One run at a time per database: PostgreSQL's advisory lock (any number of machines);
    for SQLite, whose database is one file on one machine, a lock file beside it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [_LOCK_KEY])
            mine = cursor.fetchone()[0]
        try:
            yield mine
        finally:
            if mine:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [_LOCK_KEY])
        return
    with open(_lock_path(), "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


_LOCK_KEY = int.from_bytes(b"reoljobs", "big") >> 1  # fits PostgreSQL's bigint


def _lock_path() -> Path:
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        return Path(settings.VAR_DIR) / "jobs.lock"
    return Path(name).with_name(Path(name).name + ".jobs.lock")
