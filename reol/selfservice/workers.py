"""Threads for the SIP2 server's blocking work, shared fairly between clients.

Django's ORM is synchronous and each thread keeps its own database connection, so the
database work of every connection runs on a few worker threads. Argon2 checks of passwords
and PINs are CPU work of tens of milliseconds: they run on threads of their own (hashing.py),
so that one kiosk's log-in never holds the thread every other kiosk's loans wait for.

Jobs are taken in turn per client address (round robin), not first come first served: a
client with many connections, or one sending a flood, waits behind its own jobs, not in
front of an honest kiosk's. Jobs submitted `first` (the server's choice: for addresses a
terminal has logged in from) go before all others.
"""

import threading
from collections import OrderedDict, deque
from collections.abc import Callable
from concurrent.futures import Future

from django.db import connection


class Workers:
    """A fixed set of threads; each closes its database connection when it stops."""

    def __init__(self, count: int, name: str = "sip2-worker") -> None:
        self._ready = threading.Condition()
        # client address → its jobs; the first line is served before the second
        self._lines: tuple[OrderedDict[str, deque], OrderedDict[str, deque]] = (
            OrderedDict(), OrderedDict())
        self._stopping = False
        self.threads = [threading.Thread(target=self._run, name=f"{name}-{i}", daemon=True)
                        for i in range(count)]
        for thread in self.threads:
            thread.start()

    def submit(self, call: Callable, *args, key: str = "", first: bool = False) -> Future:
        """Run call(*args) on a worker; `key` is the client it is done for."""
        future: Future = Future()
        with self._ready:
            line = self._lines[0 if first else 1]
            line.setdefault(key, deque()).append((future, call, args))
            self._ready.notify()
        return future

    def _next(self) -> tuple | None:
        with self._ready:
            while not any(self._lines) and not self._stopping:
                self._ready.wait()
            line = next((line for line in self._lines if line), None)
            if line is None:
                return None
            key, jobs = line.popitem(last=False)
            job = jobs.popleft()
            if jobs:
                line[key] = jobs  # to the back of the line: the next client's turn
            return job

    def _run(self) -> None:
        while (job := self._next()) is not None:
            future, call, args = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(call(*args))
            except BaseException as error:
                future.set_exception(error)
            if connection.errors_occurred:
                connection.errors_occurred = False
                if connection.connection is not None and not connection.is_usable():
                    connection.close()  # a broken connection is reopened for the next job
        connection.close()

    def stop(self) -> None:
        """Finish the jobs already queued, then stop."""
        with self._ready:
            self._stopping = True
            self._ready.notify_all()
        for thread in self.threads:
            thread.join(timeout=30)
