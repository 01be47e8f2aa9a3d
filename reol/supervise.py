"""The parts of `reol serve` — the web server, the SIP2 server, the lending jobs — each in a
thread of its own, watched: when one stops, it is logged and started again after a pause
that doubles on each failure in a row (1 s up to 60 s), while the others go on serving."""

import logging
import resource
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

logger = logging.getLogger("reol.serve")
FIRST_PAUSE, LONGEST_PAUSE = 1.0, 60.0
STEADY = 60.0  # seconds a part must have run for its next failure to count as the first


def raise_open_files_limit() -> int:
    """Raise this process's limit of open files to what the system allows: every connection
    costs one, and the usual soft limit of 1,024 is reached by a few hundred idle clients."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


@dataclass
class Part:
    """`start` starts the part (raising when it cannot), `alive` says whether it still runs,
    `stop` stops it."""

    name: str
    start: Callable[[], None]
    alive: Callable[[], bool]
    stop: Callable[[], None]
    restarts: int = 0
    pause: float = 0.0
    started: float = field(default=0.0)
    due: float | None = None  # when a stopped part is started again


class Supervisor:
    def __init__(self, parts: list[Part], *, first_pause: float = FIRST_PAUSE,
                 longest_pause: float = LONGEST_PAUSE, every: float = 0.2) -> None:
        self.parts, self.first_pause, self.longest_pause = parts, first_pause, longest_pause
        self.every = every
        self.stopping = threading.Event()

    def start(self) -> None:
        for part in self.parts:
            self._start(part)

    def _start(self, part: Part) -> None:
        try:
            part.start()
        except Exception as error:
            self._failed(part, f"could not start: {error}")
            return
        part.started, part.due = time.monotonic(), None

    def _failed(self, part: Part, what: str) -> None:
        now = time.monotonic()
        if part.due is None and now - part.started > STEADY:
            part.pause = 0.0  # it ran well for a while: start again soon
        part.pause = min(self.longest_pause, part.pause * 2 or self.first_pause)
        part.due = now + part.pause
        part.restarts += 1
        logger.error("reol serve: %s %s; starting it again in %.1f s", part.name, what,
                     part.pause)

    def check(self) -> None:
        """Start again what stopped (once its pause is over)."""
        for part in self.parts:
            if part.due is None and not part.alive():
                self._failed(part, "stopped")
            if part.due is not None and time.monotonic() >= part.due:
                self._start(part)
                if part.due is None:
                    logger.warning("reol serve: %s started again", part.name)

    def run(self) -> None:
        """Watch the parts until stop() (or Ctrl-C in the calling thread)."""
        while not self.stopping.wait(self.every):
            self.check()

    def stop(self) -> None:
        self.stopping.set()
        for part in reversed(self.parts):
            try:
                part.stop()
            except Exception:
                logger.exception("reol serve: stopping %s failed", part.name)


class Every:
    """Runs `work()` now and then every `interval` seconds in a daemon thread until stop().

    A failing run is logged and the next one comes as planned, so a job never takes the server
    down with it. `runs` counts the runs finished (a test can tell which run took a change).
    The thread's database connections are closed after a failure and when it ends."""

    def __init__(self, name: str, interval: float, work: Callable[[], object]) -> None:
        self.name, self.interval, self.work = name, interval, work
        self.runs = 0
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 30) -> None:
        """Waits for a run under way to finish."""
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _loop(self) -> None:
        from django.db import connections

        try:
            while not self._stopping.is_set():
                try:
                    self.work()
                except Exception:
                    logger.exception("%s failed; trying again in %s s", self.name, self.interval)
                    connections.close_all()  # a broken connection is opened afresh
                self.runs += 1
                self._stopping.wait(self.interval)
        finally:
            connections.close_all()  # this thread's connections only
