"""Keeping the search index in step with the catalogue, outside requests.

A search only reads. What it needs done — copy changes told to the index (the catalogue's
ShelfChange queue), queued record changes written into the Tantivy index (SearchChange), kept
answers made for broad searches on PostgreSQL — is done by `step()`, which a worker thread
runs every REOL_SEARCH_FOLLOW_SECONDS inside `reol serve` and which `reol run_jobs` runs once.

The bound: a change committed while the worker runs shows in search at the end of the first
step that starts after the commit. A step starts at most REOL_SEARCH_FOLLOW_SECONDS after the
previous one ended, so a change shows within REOL_SEARCH_FOLLOW_SECONDS plus the length of two
steps (one under way at the commit, the one that takes the change): with steps of
milliseconds, within 2 × REOL_SEARCH_FOLLOW_SECONDS (tests/search/test_follow.py). A step
makes at most one kept answer (kept.MAKE_PER_STEP), so a flood of new broad searches delays
changes by at most that one answer's making, not by all of them.
"""

import logging
import threading

from django.db import connection, connections

from reol.catalogue import changes

from .backends import for_vendor

logger = logging.getLogger(__name__)


def step() -> dict[str, float]:
    """One catch-up: tell the index about queued copy changes, then let the backend follow."""
    told = changes.deliver()
    return {"records": told, **for_vendor(connection.vendor).follow()}


class Follower:
    """Runs `step()` now and then every `interval` seconds in a daemon thread until stop().

    A failing step is logged and the next one comes as planned. `steps` counts the steps
    finished, so a test can tell which step took a change."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self.steps = 0
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="reol-search", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 30) -> None:
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _loop(self) -> None:
        try:
            while not self._stopping.is_set():
                try:
                    step()
                except Exception:
                    logger.exception("search index step failed; trying again in %s s",
                                     self.interval)
                    connections.close_all()  # a broken connection is opened afresh
                self.steps += 1
                self._stopping.wait(self.interval)
        finally:
            connections.close_all()  # this thread's connections only
