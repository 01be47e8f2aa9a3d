"""Per-process memories of facts that change a few times a year but are read at every scan:
the loan-rule cells of a library, a branch's next open day.

Each memory is emptied by the model signals of what it remembers (a change saved through the
ORM in this process is seen at once), and forgets everything after `seconds` anyway, so a
change made by another process — the admin in the web server while `reol sip2` lends — is seen
within that time. Tests empty every memory before each test (tests/conftest.py), because a
rolled-back transaction sends no signal.
"""

import time
from collections.abc import Callable, Hashable
from typing import Any

MEMORIES: list["Memory"] = []


class Memory:
    def __init__(self, seconds: float = 60.0, size: int = 4096) -> None:
        self.seconds, self.size = seconds, size
        self._kept: dict[Hashable, tuple[float, Any]] = {}
        MEMORIES.append(self)

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The remembered value for `key`, or `compute()`'s, remembered from now on. Callers
        must not change what they get: others share it."""
        now = time.monotonic()
        kept = self._kept.get(key)
        if kept is not None and kept[0] > now:
            return kept[1]
        value = compute()
        if len(self._kept) >= self.size:
            self._kept.clear()
        self._kept[key] = (now + self.seconds, value)
        return value

    def forget(self, *args: Any, **kwargs: Any) -> None:
        """Forget everything (also usable as a signal receiver)."""
        self._kept.clear()


def forget_all() -> None:
    for memory in MEMORIES:
        memory.forget()
