"""Timing reservations.allocate() over every waiting reservation, and where its time goes.

Each run starts from the same state: reservations a previous run allocated are put back in
the queue and their events removed. The run is split in three by timestamps taken when the
pure rules.allocate is entered and left (a wrapper around it, so reservations.py is timed as
it is):
  read   the queries for the waiting reservations and the copies on the shelves, and turning
         their rows into rules.Waiting and rules.Copy;
  rules  rules.allocate: one minimum-cost assignment per title (scipy);
  write  the allocated reservations (bulk_update), their events (bulk_create) and the commit.
The SQL statements of each part are counted and timed as well (time in execute(); for a
SELECT the rows fetched after it are Python's time).
"""

import cProfile
import io
import pstats
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from typing import Any

from django.db import connection

from reol.circulation import reservations, rules
from reol.circulation.models import Reservation
from reol.core.models import Event


def reset() -> int:
    """Put every allocated reservation back in the queue, as it was before the first run."""
    undone = Reservation.objects.filter(status=Reservation.Status.ALLOCATED).update(
        status=Reservation.Status.WAITING, item=None, allocation={})
    Event.objects.filter(kind=Event.Kind.RESERVATION_ALLOCATED).delete()
    return undone


class _Clock:
    """Timestamps around rules.allocate and the time of every statement, by phase."""

    def __init__(self) -> None:
        self.entered = self.left = 0.0
        self.phase = "read"
        self.sql: dict[str, list[float]] = defaultdict(list)
        self.titles = self.largest_queue = 0

    def rules_allocate(self, original):
        def timed(waiting, copies):
            by_record: dict[int, int] = defaultdict(int)
            for w in waiting:
                by_record[w.record] += 1
            self.titles, self.largest_queue = len(by_record), max(by_record.values(), default=0)
            self.phase, self.entered = "rules", time.perf_counter()
            try:
                return original(waiting, copies)
            finally:
                self.left, self.phase = time.perf_counter(), "write"

        return timed

    def statement(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.sql[self.phase].append(time.perf_counter() - start)


def one_run() -> dict[str, Any]:
    clock = _Clock()
    original = rules.allocate
    rules.allocate = clock.rules_allocate(original)
    try:
        with connection.execute_wrapper(clock.statement):
            began = time.perf_counter()
            result = reservations.allocate()
            ended = time.perf_counter()
    finally:
        rules.allocate = original
    return {
        "waiting": result.reservations, "copies": result.copies, "allocated": result.allocated,
        "titles": clock.titles, "largest_queue": clock.largest_queue,
        "seconds": round(ended - began, 3),
        "read_s": round(clock.entered - began, 3),
        "rules_s": round(clock.left - clock.entered, 3),
        "write_s": round(ended - clock.left, 3),
        "sql": {phase: {"statements": len(times), "seconds": round(sum(times), 3)}
                for phase, times in clock.sql.items()},
    }


def scipy_import_seconds() -> float:
    """What the first allocation in a fresh process pays on top: rules.allocate imports numpy
    and scipy.optimize when first called (timed in a new interpreter, where they are cold)."""
    code = ("import time; t = time.perf_counter(); import numpy, scipy.optimize; "
            "print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    return round(float(out.stdout), 3)


def measure(runs: int) -> dict[str, Any]:
    import_s = scipy_import_seconds()
    import scipy.optimize  # noqa: F401  the timed runs are those of a process that has run one
    reset()
    results = []
    for _ in range(runs):
        results.append(one_run())
        reset()
    seconds = [r["seconds"] for r in results]
    return {"runs": results, "median_s": round(statistics.median(seconds), 3),
            "best_s": min(seconds), "first_import_s": import_s, "profile": profile()}


def profile(top: int = 15) -> list[dict[str, Any]]:
    """One more run under cProfile: the functions that take the most time of their own."""
    profiler = cProfile.Profile()
    profiler.enable()
    reservations.allocate()
    profiler.disable()
    reset()
    return top_functions(profiler, top)


def top_functions(profiler: cProfile.Profile, top: int, sort: str = "tottime",
                  per: int = 1) -> list[dict[str, Any]]:
    """The `top` functions by own (or cumulative) time; times divided by `per` (say, pairs)."""
    stats = pstats.Stats(profiler, stream=io.StringIO())
    rows = []
    for (path, line, name), (_, calls, own, cumulative, _) in stats.stats.items():
        rows.append({"function": _where(path, line, name), "calls": calls / per,
                     "own_ms": own * 1000 / per, "cumulative_ms": cumulative * 1000 / per})
    key = "own_ms" if sort == "tottime" else "cumulative_ms"
    rows.sort(key=lambda r: r[key], reverse=True)
    return [{k: round(v, 3) if isinstance(v, float) else v for k, v in r.items()}
            for r in rows[:top]]


def _where(path: str, line: int, name: str) -> str:
    if path == "~":
        return name  # a built-in, e.g. <method 'execute' of 'sqlite3.Cursor' objects>
    for marker in ("/site-packages/", "/reol/", "/lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
            path = ("reol/" + path) if marker == "/reol/" else path
            break
    return f"{path}:{line} {name}"
