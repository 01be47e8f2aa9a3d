"""PostgreSQL: how long an index writer waits while the search worker makes kept answers.

keeping.py reports how long its own turns hold the writers' locks; this measures it from the
writers' side. A thread with its own connection re-indexes one record per transaction, as an
edit does, over records spread across the catalogue, pausing between writes. Each
transaction first takes the two locks an index writer needs, timed: the writers' advisory
lock (kept.WRITING, held by the worker's turns in step 3) and ROW EXCLUSIVE on
search_searchentry (what the entry's DELETE takes; the worker's step 1 holds SHARE). Then it
writes the record, so its triggers update every kept answer it belongs to.

Run beside the keeping pass, and for a few seconds before it with the worker idle, so the
wait a writer always has (a round trip, another writer) is there to compare.
"""

import itertools
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction

from reol.search import kept
from reol.search.indexing import index_records
from reol.search.models import SearchEntry

SPREAD = 2_000  # records written in turn
PAUSE = 0.02  # seconds between writes: a steady trickle of edits, not a flood
BASELINE = 5.0  # seconds of writing before the worker starts


class Writer:
    """Writes in a thread until stopped; each write's lock wait and whole time, in seconds."""

    def __init__(self) -> None:
        ids = list(SearchEntry.objects.order_by("pk").values_list("pk", flat=True))
        self.ids = ids[:: max(1, len(ids) // SPREAD)]
        self.waits: list[float] = []
        self.totals: list[float] = []
        self.error: BaseException | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-writer", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        if self.error:
            raise RuntimeError("the writer beside the worker failed") from self.error

    def _run(self) -> None:
        try:
            for n in itertools.count():
                if self._stop.is_set():
                    return
                self._write(self.ids[n % len(self.ids)])
                self._stop.wait(PAUSE)
        except BaseException as error:  # reported by stop(), in the benchmark's thread
            self.error = error
        finally:
            connection.close()  # this thread's own connection

    def _write(self, pk: int) -> None:
        began = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(kept.WRITING)
            cursor.execute("LOCK TABLE search_searchentry IN ROW EXCLUSIVE MODE")
            waited = time.perf_counter() - began
            index_records([pk])
        self.totals.append(time.perf_counter() - began)
        self.waits.append(waited)


@contextmanager
def beside() -> Iterator[dict[str, Any]]:
    """A writer for BASELINE seconds with the worker idle, then through the with-block; the
    dict is filled with both phases' figures on exit."""
    figures: dict[str, Any] = {}
    writer = Writer()
    writer.start()
    time.sleep(BASELINE)
    idle = len(writer.waits)
    try:
        yield figures
    finally:
        writer.stop()
    figures["worker_idle"] = _summary(writer.waits[:idle], writer.totals[:idle])
    figures["worker_making"] = _summary(writer.waits[idle:], writer.totals[idle:])


def _summary(waits: list[float], totals: list[float]) -> dict[str, Any]:
    def ms(values: list[float], share: float) -> float:
        ordered = sorted(values)
        return round(ordered[int(share * (len(ordered) - 1))] * 1000, 2) if ordered else 0.0

    return {"writes": len(waits),
            "wait_ms": {"p50": ms(waits, 0.5), "p95": ms(waits, 0.95), "p99": ms(waits, 0.99),
                        "max": ms(waits, 1.0)},
            "write_ms": {"p50": ms(totals, 0.5), "p95": ms(totals, 0.95),
                         "max": ms(totals, 1.0)}}
