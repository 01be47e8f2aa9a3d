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

from django.db import connection

from reol.catalogue import changes
from reol.supervise import Every

from .backends import for_vendor

logger = logging.getLogger(__name__)


def step() -> dict[str, float]:
    """One catch-up: tell the index about queued copy changes, then let the backend follow."""
    told = changes.deliver()
    return {"records": told, **for_vendor(connection.vendor).follow()}


class Follower(Every):
    """Runs `step()` now and then every `interval` seconds in a daemon thread until stop();
    `steps` counts the steps finished, so a test can tell which step took a change."""

    def __init__(self, interval: float) -> None:
        super().__init__("reol-search", interval, step)

    @property
    def steps(self) -> int:
        return self.runs
