"""Per-process memories of facts that change a few times a year but are read at every scan:
the loan-rule cells of a library, its branches, a branch's next open day.

A memory is never stale after a commit, in any thread or process. Every memory remembers the
generation under which it computed each value; the generation is one row in the database
(core.MemoryGeneration), raised by the model signals of what the memories hold inside the
writer's own transaction. A reader compares it with one primary-key read: before the commit
other threads and processes still see (and keep) the old facts, which are the committed ones;
from the commit on, their very next read sees the new generation and computes afresh.

Within one scope the generation is read once, at the first memory read, and every memory
the scope reads agrees with it: the work sees the memories as they were when it began, as if
it had run at that instant, and a commit after that is seen by the next scope. Work that
raises the generation itself reads it afresh after that. A scope is one unit of work that
answers one caller: a web request (`RequestMiddleware`), a SIP2 message
(selfservice/handlers.py `dispatch`), one job of a run (core/jobs.py `run_all`). Outside any
scope every memory read reads the generation (one primary-key read each).

Writes that send no model signals (QuerySet.update, reol.sql) must call `changed()`
themselves. Tests empty every memory before each test (tests/conftest.py), because a
rolled-back transaction takes its raised generation with it but not what was remembered under
it.
"""

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse

MEMORIES: list["Memory"] = []
_READ = "SELECT generation FROM core_memorygeneration WHERE id = 1"
# An upsert, so a database emptied by a flush (tests) still counts.
_RAISE = """INSERT INTO core_memorygeneration (id, generation) VALUES (1, 1)
    ON CONFLICT (id) DO UPDATE SET generation = core_memorygeneration.generation + 1
    RETURNING generation"""


# The generation the current scope has read (None outside a scope).
_scope: ContextVar[dict[str, int] | None] = ContextVar("reol_memo_scope", default=None)


@contextmanager
def scope() -> Iterator[None]:
    """One unit of work (a request, a SIP2 message, a job) reads the generation once. A scope
    inside another starts afresh and gives the outer one back when it ends."""
    token = _scope.set({})
    try:
        yield
    finally:
        _scope.reset(token)


def generation() -> int:
    kept = _scope.get()
    if kept is not None and "generation" in kept:
        return kept["generation"]
    with connection.cursor() as cursor:
        cursor.execute(_READ)
        row = cursor.fetchone()
    found = row[0] if row else 0
    # Not kept for the scope when this transaction raised it and has not committed: after
    # a rollback the scope would go on computing under a generation that another commit
    # may reach, and remember committed facts as if they were that commit's.
    uncommitted = connection.in_atomic_block and getattr(
        connection, "memo_uncommitted", None) == found
    if kept is not None and not uncommitted:
        kept["generation"] = found
    return found


def changed(*args: Any, **kwargs: Any) -> None:
    """What some memory holds has changed in the current transaction (usable as a signal
    receiver): every memory, in every process, computes afresh once it commits."""
    with connection.cursor() as cursor:
        cursor.execute(_RAISE)
        # Values computed under this generation inside this uncommitted transaction are not
        # remembered: a rollback would leave them under a generation another commit may reach.
        raised = cursor.fetchone()[0]
    kept = _scope.get()
    if kept is not None:  # read afresh: a rollback would take the raised one back
        kept.pop("generation", None)
    if connection.in_atomic_block:
        connection.memo_uncommitted = raised
        transaction.on_commit(lambda: setattr(connection, "memo_uncommitted", None))


class Memory:
    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._kept: dict[Hashable, tuple[int, Any]] = {}
        MEMORIES.append(self)

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The remembered value for `key`, or `compute()`'s, remembered from now on. Callers
        must not change what they get: others share it."""
        now = generation()
        kept = self._kept.get(key)
        if kept is not None and kept[0] == now:
            return kept[1]
        value = compute()
        if connection.in_atomic_block and getattr(connection, "memo_uncommitted", None) == now:
            return value
        if len(self._kept) >= self.size:
            self._kept.clear()
        self._kept[key] = (now, value)
        return value

    def forget(self) -> None:
        self._kept.clear()


def forget_all() -> None:
    for memory in MEMORIES:
        memory.forget()


class RequestMiddleware:
    """Each request is one scope: it reads the generation once."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with scope():
            return self.get_response(request)
