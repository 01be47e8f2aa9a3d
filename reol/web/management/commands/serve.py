"""reol serve: pages, API and static files from one production WSGI server (waitress).

One process with threads: SQLite takes one writer at a time, and waitress's thread pool
shares the process's database file without the unfair locking of many worker processes.
The same process runs the lending jobs (reol run_jobs) every REOL_JOBS_INTERVAL seconds in a
daemon thread, so the embedded setup needs no cron, and the search worker (reol/search/follow.py)
every REOL_SEARCH_FOLLOW_SECONDS in another.
"""

import logging
import threading
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.core.wsgi import get_wsgi_application
from django.db import connections

if TYPE_CHECKING:
    from reol.circulation.jobs import Summary

logger = logging.getLogger(__name__)


class JobRunner:
    """Runs reol.circulation.jobs.run_all now and then every `interval` seconds until stop().

    A failing run is logged and the next one comes as planned: the jobs never take the web
    server down with them."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="reol-jobs", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 30) -> None:
        """Waits for a run under way to finish (each job commits as it goes)."""
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def tick(self) -> "Summary | None":
        """One run of the jobs; returns its summary, or None when it failed. Closes the
        calling thread's database connections: meant for the runner's own thread."""
        from reol.circulation import jobs

        try:
            summary = jobs.run_all()
        except Exception:
            logger.exception("reol jobs failed; trying again in %s s", self.interval)
            return None
        finally:
            connections.close_all()  # this thread's connections only
        for name, error in summary.errors.items():
            logger.error("reol job %s failed: %s", name, error)
        if summary.changes:
            logger.info("reol jobs: %s", summary.done)
        return summary

    def _loop(self) -> None:
        while not self._stopping.is_set():
            self.tick()
            self._stopping.wait(self.interval)


class Command(BaseCommand):
    help = "Serve reol's pages, JSON API and static files (Ctrl-C stops it)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=8000, help="port to listen on")
        parser.add_argument("--threads", type=int, default=8, help="request threads")
        parser.add_argument(
            "--jobs-interval", type=float, default=None, metavar="SECONDS",
            help="run the lending jobs this often (default REOL_JOBS_INTERVAL, 300; 0: never)",
        )

    def handle(self, *args, host: str, port: int, threads: int,
               jobs_interval: float | None, **options) -> None:
        from waitress import serve

        call_command("collectstatic", interactive=False, verbosity=0)
        interval = settings.REOL_JOBS_INTERVAL if jobs_interval is None else jobs_interval
        runner = JobRunner(interval) if interval > 0 else None
        self.stdout.write(f"reol serves http://{host}:{port}/  (Ctrl-C stops it)")
        self.stdout.flush()
        application = get_wsgi_application()
        if runner:
            runner.start()
        follower = self._start_search_worker()
        sip2 = self._start_sip2(host)
        try:
            # X-Forwarded-* reach reol, which believes them only from REOL_TRUSTED_PROXIES
            # (reol.web.security); waitress would drop them all, and HTTPS behind a proxy
            # would look like plain HTTP.
            serve(application, host=host, port=port, threads=threads, ident="reol",
                  clear_untrusted_proxy_headers=False, _quiet=True)
        except KeyboardInterrupt:
            self.stdout.write("reol stopped.")
        finally:
            if runner:
                runner.stop()
            if follower:
                follower.stop()
            if sip2:
                sip2()

    @staticmethod
    def _start_search_worker():
        """Keeps the search index in step outside requests (reol/search/follow.py)."""
        if settings.SEARCH_FOLLOW_SECONDS <= 0:
            return None
        from reol.search.follow import Follower

        follower = Follower(settings.SEARCH_FOLLOW_SECONDS)
        follower.start()
        return follower

    def _start_sip2(self, host: str):
        """The SIP2 server for kiosks and doors, in the same process (REOL_SIP2=0: not).
        A taken port is reported and the web server still starts."""
        if not settings.SIP2_ENABLED:
            return None
        from reol.selfservice.server import start_in_background

        try:
            stop = start_in_background(host, settings.SIP2_PORT)
        except OSError as error:
            self.stderr.write(f"SIP2 not started on port {settings.SIP2_PORT}: {error}")
            return None
        self.stdout.write(f"reol serves SIP2 on {host}:{stop.port}")
        return stop
