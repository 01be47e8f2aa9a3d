"""reol serve: pages, API and static files from one production WSGI server (waitress).

One process with threads: SQLite takes one writer at a time, and waitress's thread pool
shares the process's database file without the unfair locking of many worker processes.
The same process runs the lending jobs (reol run_jobs) every REOL_JOBS_INTERVAL seconds in a
daemon thread, so the embedded setup needs no cron, the SIP2 server (REOL_SIP2), and the
search worker (reol/search/follow.py) every REOL_SEARCH_FOLLOW_SECONDS.

Each part runs in a thread of its own under a supervisor (reol/supervise.py): a part that
stops is started again, with a line in the log, while the others go on serving. waitress waits
on its sockets with poll(), not select(), which fails on a file number of 1,024 or more, and
the process may open as many files as the system allows.
"""

import logging
import signal
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.core.wsgi import get_wsgi_application
from django.db import connections

from reol.search.follow import Follower
from reol.supervise import Every, Part, Supervisor, raise_open_files_limit
from reol.web import channels

if TYPE_CHECKING:
    from reol.core.jobs import Summary

logger = logging.getLogger(__name__)


class JobRunner(Every):
    """Runs reol.core.jobs.run_all now and then every `interval` seconds until stop()."""

    def __init__(self, interval: float) -> None:
        super().__init__("reol-jobs", interval, self.tick)

    def tick(self) -> "Summary | None":
        """One run of the jobs; returns its summary, or None when it failed. Closes the
        calling thread's database connections: meant for the runner's own thread."""
        from reol.core import jobs

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



class Http:
    """waitress on its own socket map; a new server each time it is started."""

    def __init__(self, application, **options) -> None:
        self.application, self.options = application, options
        self.server = None
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        from waitress import create_server

        limit = settings.HTTP_MAX_CONNECTIONS
        # X-Forwarded-* reach reol, which believes them only from REOL_TRUSTED_PROXIES
        # (reol.web.security); waitress would drop them all, and HTTPS behind a proxy would
        # look like plain HTTP.
        self.server = create_server(self.application, map={}, asyncore_use_poll=True,
                                    connection_limit=channels.slack(limit), ident="reol",
                                    clear_untrusted_proxy_headers=False, **self.options)
        self.server.channel_class = channels.Channel  # idle ones give way (channels.py)
        self.server.reol_max_connections = limit
        self.thread = threading.Thread(target=self._run, args=(self.server,),
                                       name="reol-http", daemon=True)
        self.thread.start()

    def _run(self, server) -> None:
        try:
            server.run()
        except Exception:
            logger.exception("reol serve: the web server failed")
        finally:
            self._close(server)

    @staticmethod
    def _close(server) -> None:
        from waitress import wasyncore

        server.task_dispatcher.shutdown(timeout=5)
        wasyncore.close_all(server._map, ignore_all=True)

    def alive(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def stop(self) -> None:
        if self.server is not None:
            self._close(self.server)


class Sip2:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.running = None

    def start(self) -> None:
        from reol.selfservice.server import start_in_background

        self.running = start_in_background(self.host, self.port)

    def alive(self) -> bool:
        return self.running is not None and self.running.thread.is_alive()

    def stop(self) -> None:
        if self.running is not None:
            self.running()


class Repeating:
    """A part that runs an `Every` made afresh at each start (the lending jobs, the search
    worker)."""

    def __init__(self, make: Callable[[], Every]) -> None:
        self.make = make
        self.runner: Every | None = None

    def start(self) -> None:
        self.runner = self.make()
        self.runner.start()

    def alive(self) -> bool:
        return self.runner is not None and self.runner.running

    def stop(self) -> None:
        if self.runner is not None:
            self.runner.stop()


def parts(application, host: str, port: int, threads: int, jobs_interval: float,
          sip2: bool) -> list[Part]:
    """The parts of reol serve, ready for the supervisor."""
    found = [("the web server", Http(application, host=host, port=port, threads=threads))]
    if sip2:
        found.append(("the SIP2 server", Sip2(host, settings.SIP2_PORT)))
    if jobs_interval > 0:
        found.append(("the lending jobs", Repeating(lambda: JobRunner(jobs_interval))))
    if settings.SEARCH_FOLLOW_SECONDS > 0:
        found.append(("the search worker",
                      Repeating(lambda: Follower(settings.SEARCH_FOLLOW_SECONDS))))
    return [Part(name, part.start, part.alive, part.stop) for name, part in found]


def served_at(host: str, port: int) -> str:
    """The address of `reol serve --host --port`, as a link in a mail can name it: a server
    on every address (0.0.0.0, ::) is named by this machine's loopback address."""
    host = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "[::1]"}.get(host, host)
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Serve reol's pages, JSON API, static files and SIP2 (Ctrl-C stops it)."

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
        # Ctrl-C stops reol even when a non-interactive shell started it in the background,
        # which hands it SIGINT ignored; SIGTERM (systemd, docker stop, kill) stops it alike.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, _interrupt)
        raise_open_files_limit()
        if not settings.SITE_URL_GIVEN:
            settings.REOL_SITE_URL = served_at(host, port)  # links in mails queued here
        call_command("collectstatic", interactive=False, verbosity=0)
        interval = settings.REOL_JOBS_INTERVAL if jobs_interval is None else jobs_interval
        supervisor = Supervisor(parts(get_wsgi_application(), host, port, threads, interval,
                                      settings.SIP2_ENABLED))
        supervisor.start()
        self.stdout.write(f"reol serves http://{host}:{port}/  (Ctrl-C stops it)")
        if settings.SIP2_ENABLED:
            self.stdout.write(f"reol serves SIP2 on {host}:{settings.SIP2_PORT}")
        self.stdout.flush()
        try:
            supervisor.run()
        except KeyboardInterrupt:
            self.stdout.write("reol stopped.")
        finally:
            supervisor.stop()
