"""Budgets of requests per client, kept in memory: how reads that anyone may make (search
suggestions, the catalogue's GraphQL) refuse a flood without writing a row for each request.
A budget forgotten with its process only lets a client go on; rules.budget_left says how a
budget refills."""

import threading
import time

from . import rules

MAX_CLIENTS = 10_000  # budgets remembered; a flood of addresses starts them all afresh


class Budgets:
    """One kind of request's budgets, client (throttle.web_source) → requests left."""

    def __init__(self) -> None:
        self._left: dict[str, tuple[float, float]] = {}  # client → (left, when counted)
        self._lock = threading.Lock()

    def spend(self, source: str, per_minute: int) -> bool:
        """Whether this client may make one more request now; if so, it is counted."""
        now = time.monotonic()
        with self._lock:
            left, then = self._left.get(source, (float(per_minute), now))
            left = rules.budget_left(left, now - then, per_minute)
            if len(self._left) >= MAX_CLIENTS and source not in self._left:
                self._left.clear()
            self._left[source] = (max(left - 1, 0.0) if left >= 1 else left, now)
            return left >= 1

    def clear(self) -> None:
        """Tests: every client starts afresh."""
        with self._lock:
            self._left.clear()
