"""Who may hold one of the SIP2 server's connections (pure bookkeeping, no sockets).

At most `total` connections in all and `per_address` from one client address. A connection
that has not logged in (93) costs its client nothing, so when all places are taken a new
connection takes the place of the oldest one not logged in, from the address that has the
most such connections: a flood of idle connections pushes out its own, never a kiosk that
has logged in, and hardly ever one that is logging in. Only when every place is held by a
logged-in terminal is the new connection refused.
"""

from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass


@dataclass(frozen=True)
class Admission:
    admitted: bool
    pushed_out: Hashable | None = None  # the connection that gave its place, to be closed
    reason: str = ""


class Places:
    def __init__(self, total: int, per_address: int) -> None:
        self.total, self.per_address = total, per_address
        self.address: dict[Hashable, str] = {}  # connection → its client's address
        self.count: Counter = Counter()  # address → connections
        self.waiting: dict[str, dict[Hashable, int]] = {}  # address → not logged in: since
        self.admitted = 0  # connections admitted so far: their order

    def __len__(self) -> int:
        return len(self.address)

    def admit(self, key: Hashable, address: str) -> Admission:
        if self.count[address] >= self.per_address:
            return Admission(False, reason=f"{self.per_address} connections from this "
                                           "address (REOL_SIP2_MAX_PER_ADDRESS)")
        pushed_out = None
        if len(self.address) >= self.total:
            pushed_out = self._oldest_waiting()
            if pushed_out is None:
                return Admission(False, reason=f"{self.total} connections in all, all logged "
                                               "in (REOL_SIP2_MAX_CONNECTIONS)")
            self.release(pushed_out)
        self.address[key] = address
        self.count[address] += 1
        self.admitted += 1
        self.waiting.setdefault(address, {})[key] = self.admitted
        return Admission(True, pushed_out)

    def _oldest_waiting(self) -> Hashable | None:
        """The oldest waiting connection of the address with the most (the oldest of them,
        when several addresses have as many)."""
        if not self.waiting:
            return None
        most = max(len(waiting) for waiting in self.waiting.values())
        firsts = (min(waiting.items(), key=lambda pair: pair[1])
                  for waiting in self.waiting.values() if len(waiting) == most)
        return min(firsts, key=lambda pair: pair[1])[0]

    def logged_in(self, key: Hashable, yes: bool = True) -> None:
        """A connection's terminal logged in (or, after a failed 93, no longer is)."""
        address = self.address.get(key)
        if address is None:
            return
        if yes:
            waiting = self.waiting.get(address, {})
            waiting.pop(key, None)
            if not waiting:
                self.waiting.pop(address, None)
        else:
            self.admitted += 1
            self.waiting.setdefault(address, {})[key] = self.admitted

    def release(self, key: Hashable) -> None:
        """The connection is gone (calling this twice is harmless)."""
        address = self.address.pop(key, None)
        if address is None:
            return
        self.count[address] -= 1
        if not self.count[address]:
            del self.count[address]
        waiting = self.waiting.get(address)
        if waiting is not None:
            waiting.pop(key, None)
            if not waiting:
                del self.waiting[address]
