"""A per-process budget of answers for each client, for public reads that write nothing
(suggestions while typing, SRU searches): a flood is refused, ordinary use never notices.

Kept in memory, not in the database: a read must not write, and a budget forgotten with its
process only lets a client go on."""

import threading
import time

MAX_CLIENTS = 10_000  # budgets remembered; a flood of addresses starts them all afresh


def budget_left(tokens: float, elapsed: float, per_minute: int) -> float:
    """A client's budget after `elapsed` seconds: it refills at `per_minute` a minute up to
    `per_minute` (a minute's worth at once, so ordinary use is never held back, a flood is)."""
    return min(float(per_minute), tokens + max(elapsed, 0.0) * per_minute / 60.0)


class Budgets:
    """The budgets of one kind of answer, by client."""

    def __init__(self) -> None:
        self._left: dict[str, tuple[float, float]] = {}  # client → (answers left, when counted)
        self._lock = threading.Lock()

    def spend(self, source: str, per_minute: int) -> bool:
        """Whether this client may have one more answer now."""
        now = time.monotonic()
        with self._lock:
            left, then = self._left.get(source, (float(per_minute), now))
            left = budget_left(left, now - then, per_minute)
            if len(self._left) >= MAX_CLIENTS and source not in self._left:
                self._left.clear()
            self._left[source] = (max(left - 1, 0.0) if left >= 1 else left, now)
            return left >= 1

    def forget(self) -> None:
        with self._lock:
            self._left.clear()
