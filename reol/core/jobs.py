"""The periodic jobs: every app registers its own (`register`), and `run_all` runs them in
their stage's order — first the early ones (interlibrary routing), then lending's own
(expire, allocate, renew, remind, send; circulation/jobs.py), then the rest, among them
forgetting what is past the retention period — each stage in the order of registration.

`reol run_jobs` runs them once; `reol serve` runs them every REOL_JOBS_INTERVAL seconds. Every
job is idempotent (each notice has a key, each refusal to renew is recorded on the loan), so a
run at any time, or many runs, change only what is due. One run at a time per database: a
second run that starts while another is under way does nothing and says so. Each job is one
scope of reol.memo: it reads the memories' generation once, as a web request does, however many
loans it renews or notices it queues, and sees a commit made elsewhere from the next job on.
"""

import fcntl
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from reol import memo

logger = logging.getLogger(__name__)

Job = Callable[[datetime], dict[str, int]]  # job(now) returns what it counted


class Stage(IntEnum):
    EARLY = 0  # before lending's: interlibrary loans route requests before allocation
    LENDING = 1  # circulation's jobs, in their order
    LATE = 2  # everything else: other apps' reminders, forgetting


@dataclass
class Summary:
    now: datetime
    done: dict[str, dict[str, int]] = field(default_factory=dict)  # job → what it counted
    errors: dict[str, str] = field(default_factory=dict)  # job → why it stopped
    skipped: bool = False  # another run held the lock

    @property
    def changes(self) -> int:
        return sum(sum(counts.values()) for counts in self.done.values())


_JOBS: dict[str, tuple[Stage, Job]] = {}


def register(name: str, job: Job, *, stage: Stage = Stage.LATE) -> None:
    """Add an app's periodic job (events' reminders, self-service's forgetting of visits, …)
    to every run, in its stage."""
    _JOBS[name] = (stage, job)


def run_all(now: datetime | None = None) -> Summary:
    """Run every job once. A job that fails is logged and reported; the others still run."""
    now = now or timezone.now()
    summary = Summary(now)
    with _exclusive() as mine:
        if not mine:
            summary.skipped = True
            return summary
        ordered = sorted(_JOBS.items(), key=lambda named: named[1][0])  # stable: registration
        for name, (_stage, job) in ordered:
            try:
                with memo.scope():  # each job reads the memories' generation once
                    summary.done[name] = job(now)
            except Exception as error:
                logger.exception("reol job %s failed", name)
                summary.errors[name] = f"{type(error).__name__}: {error}"
    return summary


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
