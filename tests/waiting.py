"""The one way a test waits for another process or thread: until something holds, or a bound.

The bound is a failure's patience, not a speed target (tests assert no timings): a server
started beside `make test`'s other passes on a busy two-core machine has taken over 10 s to
answer (a bound of 200 tries at 0.05 s failed a run). The check runs every 0.05 s; a test waits
only as long as the thing takes."""

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

PATIENCE = 120.0  # seconds


def until(check: Callable[[], T], failure: str | Callable[[], str],
          within: float = PATIENCE) -> T:
    """`check()`'s first true answer; AssertionError with `failure` when none came in time."""
    deadline = time.monotonic() + within
    while True:
        if answer := check():
            return answer
        if time.monotonic() > deadline:
            raise AssertionError(failure() if callable(failure) else failure)
        time.sleep(0.05)
