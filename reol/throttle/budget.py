"""Floods do not pay either: a budget of answers per client and minute for a public door that
anyone may call as fast as they like (suggestions while typing, OAI-PMH harvests).

Kept in memory, per process: a GET writes nothing, and a budget forgotten with its process
only lets a client go on. The refill rule is rules.budget_left."""

import threading
import time

from . import rules

MAX_CLIENTS = 10_000  # budgets remembered per door; a flood of addresses starts them afresh
_all: list["Budgets"] = []


class Budgets:
    """One door's budgets, one per client source (throttle.services.web_source)."""

    def __init__(self) -> None:
        self._left: dict[str, tuple[float, float]] = {}  # source → (answers left, when)
        self._lock = threading.Lock()
        _all.append(self)

    def spend(self, source: str, per_minute: int) -> bool:
        """Whether this client may have one more answer now."""
        now = time.monotonic()
        with self._lock:
            left, then = self._left.get(source, (float(per_minute), now))
            left = rules.budget_left(left, now - then, per_minute)
            if len(self._left) >= MAX_CLIENTS and source not in self._left:
                self._left.clear()
            self._left[source] = (max(left - 1, 0.0) if left >= 1 else left, now)
            return left >= 1

    def forget(self) -> None:
        with self._lock:
            self._left.clear()


def forget_all() -> None:
    """Tests: no client's spent budget outlives its test."""
    for budgets in _all:
        budgets.forget()
