"""The SIP2 server: asyncio over TCP for the many connections, a few worker threads for the
database work (Django's ORM is synchronous; each worker keeps its own connection) and for the
Argon2 checks of log-ins and PINs (hashing.py).

Each connection keeps its own state (handlers.Session). Frames end with CR, CRLF or LF. A frame
we cannot read is answered with 96. No client can take the server, or another client's turn:

- at most SIP2_MAX_CONNECTIONS connections in all and SIP2_MAX_PER_ADDRESS from one address
  (an IPv6 client's /64): over the limit, a new connection takes the place of one that has
  not logged in (places.py), or is closed at once;
- a connection that has not logged in (93) after SIP2_LOGIN_TIMEOUT seconds, or is older than
  SIP2_MAX_LIFETIME, is closed (between messages); so is one silent for SIP2_IDLE_TIMEOUT;
- a message longer than SIP2_MAX_LINE bytes, or too many unreadable ones in a row, is answered
  with 96 and the connection closed;
- work is taken in turn per client address (workers.py), and Argon2 runs off the database
  thread; the checks from addresses a terminal has logged in from go first, so a kiosk
  logging in again, or a patron typing a PIN at it, does not wait behind guessers.
Each close for a limit is logged (at most one line per address and reason every 10 s).
"""

import asyncio
import contextlib
import ipaddress
import logging
import re
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import connection

from . import hashing
from .handlers import Session
from .places import Places
from .protocol import error_detection, resend
from .workers import Workers

logger = logging.getLogger(__name__)
MAX_ERRORS = 20  # unreadable frames in a row before the connection is closed
TERMINATOR = re.compile(rb"[\r\n]")
NOTICE_EVERY = 10.0  # seconds between log lines for the same address and reason


def default_workers() -> int:
    """SQLite has one writer, and a thread waiting for its lock sleeps in steps: one thread
    serves more round trips. PostgreSQL's row locks let several work at once."""
    return 1 if connection.vendor == "sqlite" else 4


def client_address(writer: asyncio.StreamWriter) -> str:
    """The peer's IP address; for IPv6 its /64, which one client usually holds whole."""
    peer = writer.get_extra_info("peername")
    if not peer:
        return ""
    try:
        address = ipaddress.ip_address(peer[0])
    except ValueError:
        return str(peer[0])
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


class Closed(Exception):
    """A connection closed by a limit; the message says which."""


class Notices:
    """Log lines about closed connections, at most one per address and reason per period."""

    def __init__(self, every: float = NOTICE_EVERY) -> None:
        self.every = every
        self.last: dict[tuple[str, str], float] = {}
        self.skipped: Counter = Counter()

    def __call__(self, address: str, reason: str) -> None:
        key, now = (address, reason), time.monotonic()
        if now - self.last.get(key, -self.every) < self.every:
            self.skipped[key] += 1
            return
        if len(self.last) > 10_000:  # forget old addresses: a flood must not grow this
            self.last = {k: t for k, t in self.last.items() if now - t < self.every}
            self.skipped = Counter({k: n for k, n in self.skipped.items() if k in self.last})
        more = self.skipped.pop(key, 0)
        self.last[key] = now
        logger.warning("SIP2 connection from %s closed: %s%s", address or "?", reason,
                       f" (and {more} more like it)" if more else "")


class Sip2Server:
    def __init__(self, host: str = "127.0.0.1", port: int = 6001, *,
                 idle_timeout: float | None = None, max_line: int | None = None,
                 workers: int | None = None, max_connections: int | None = None,
                 max_per_address: int | None = None, lifetime: float | None = None,
                 login_timeout: float | None = None) -> None:
        def chosen(value, default):
            return default if value is None else value

        self.host, self.port = host, port
        self.idle_timeout = idle_timeout or settings.SIP2_IDLE_TIMEOUT
        self.max_line = max_line or settings.SIP2_MAX_LINE
        self.max_connections = chosen(max_connections, settings.SIP2_MAX_CONNECTIONS)
        self.max_per_address = chosen(max_per_address, settings.SIP2_MAX_PER_ADDRESS)
        self.lifetime = chosen(lifetime, settings.SIP2_MAX_LIFETIME)
        self.login_timeout = chosen(login_timeout, settings.SIP2_LOGIN_TIMEOUT)
        self.workers = Workers(workers or settings.SIP2_WORKERS or default_workers())
        self.hashers = Workers(hashing.threads(), name="sip2-argon2")
        self.connections: dict[asyncio.Task, tuple[str, asyncio.StreamWriter]] = {}
        self.places = Places(self.max_connections, self.max_per_address)
        # Addresses a terminal logged in from: their Argon2 checks go first. Only a right
        # password adds one, so guessers cannot grow it.
        self.known: set[str] = set()
        self.notice = Notices()
        self.server: asyncio.Server | None = None

    async def start(self) -> int:
        """Listen; returns the port (useful when asked for port 0)."""
        self.server = await asyncio.start_server(self._serve, self.host, self.port)
        self.port = self.server.sockets[0].getsockname()[1]
        return self.port

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
        for task, (_, writer) in list(self.connections.items()):
            writer.transport.abort()  # a client that never reads again holds nothing
            task.cancel()
        await asyncio.gather(*self.connections, return_exceptions=True)

    def stop_threads(self) -> None:
        self.workers.stop()
        self.hashers.stop()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        address, task = client_address(writer), asyncio.current_task()
        admission = self.places.admit(task, address)
        if not admission.admitted:
            self.notice(address, admission.reason)
            writer.transport.abort()  # at once: a refused client holds nothing
            return
        if admission.pushed_out in self.connections:
            other, pushed = self.connections.pop(admission.pushed_out)
            self.notice(other, "not logged in, and its place was needed "
                               "(REOL_SIP2_MAX_CONNECTIONS)")
            pushed.transport.abort()
        self.connections[task] = (address, writer)
        try:
            await self._converse(reader, writer, address)
        except Closed as closed:
            self.notice(address, str(closed))
        except (ConnectionError, TimeoutError, asyncio.IncompleteReadError):
            pass  # the client went away or stalled: nothing to answer
        except asyncio.CancelledError:
            pass  # the server is stopping
        except Exception:
            logger.exception("SIP2 connection failed")
        finally:
            self.connections.pop(task, None)
            self.places.release(task)
            writer.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer.wait_closed(), 5)

    async def _read(self, reader: asyncio.StreamReader, session: Session,
                    opened: float) -> bytes:
        """The next bytes, before the idle timeout and the connection's deadline."""
        loop = asyncio.get_running_loop()
        if session.terminal is None:
            deadline, why = opened + self.login_timeout, "no log-in (REOL_SIP2_LOGIN_TIMEOUT)"
        else:
            deadline, why = opened + self.lifetime, "lifetime over (REOL_SIP2_MAX_LIFETIME)"
        left = deadline - loop.time()
        if left <= 0:
            raise Closed(why)
        try:
            return await asyncio.wait_for(reader.read(65536), min(self.idle_timeout, left))
        except TimeoutError:
            if loop.time() >= deadline:
                raise Closed(why) from None
            raise

    async def _converse(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                        address: str) -> None:
        session, buffer = Session(address=address), b""
        opened = asyncio.get_running_loop().time()
        while True:
            chunk = await self._read(reader, session, opened)
            if not chunk:
                return
            *frames, buffer = TERMINATOR.split(buffer + chunk)
            for frame in frames:
                if not frame:
                    continue  # the LF of a CRLF, or blank lines
                if len(frame) > self.max_line:
                    return await self._last_word(writer, "message too long (SIP2_MAX_LINE)",
                                                 frame)
                was = session.terminal is not None
                reply = await self._reply(session, frame, address)
                if (session.terminal is not None) != was:
                    self.places.logged_in(asyncio.current_task(), not was)
                    if not was:
                        self.known.add(address)
                writer.write(reply)
                await asyncio.wait_for(writer.drain(), self.idle_timeout)
                if session.unreadable >= MAX_ERRORS:
                    raise Closed(f"{MAX_ERRORS} unreadable messages in a row")
            if len(buffer) > self.max_line:
                return await self._last_word(writer, "message too long (SIP2_MAX_LINE)")

    async def _reply(self, session: Session, frame: bytes, address: str) -> bytes:
        """The database thread reads the stored hash and handles the message; the Argon2 check
        in between runs on a hashing thread (hashing.py)."""
        verdict = None
        if (secret := hashing.wanted(session, frame)) is not None:
            encoded = await asyncio.wrap_future(
                self.workers.submit(hashing.stored, secret, key=address))
            verdict = await asyncio.wrap_future(self.hashers.submit(
                hashing.verify, secret, encoded, key=address, first=address in self.known))
        return await asyncio.wrap_future(
            self.workers.submit(hashing.dispatch_known, session, frame, verdict, key=address))

    async def _last_word(self, writer: asyncio.StreamWriter, why: str,
                         frame: bytes = b"") -> None:
        """96 and close; with the frame's AY and AZ when it ended (a line still going on
        has sent neither)."""
        seq, checksummed = error_detection(frame)
        writer.write(resend(seq=seq, with_checksum=checksummed))
        await asyncio.wait_for(writer.drain(), self.idle_timeout)
        raise Closed(why)


class Running:
    """A server running in a thread of its own; call it to stop the server."""

    def __init__(self, server: Sip2Server, loop: asyncio.AbstractEventLoop,
                 thread: threading.Thread) -> None:
        self.server, self.loop, self.thread = server, loop, thread
        self.port = server.port

    def __call__(self) -> None:
        if not self.thread.is_alive():
            return
        asyncio.run_coroutine_threadsafe(self.server.stop(), self.loop).result(timeout=30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=30)


def start_in_background(host: str = "127.0.0.1", port: int | None = None,
                        **options) -> Running:
    """Start the SIP2 server in a thread with its own event loop; returns the stop callable
    (with the port it listens on as `.port`). Raises at once when the port is taken."""
    port = settings.SIP2_PORT if port is None else port
    ready = threading.Event()
    box: dict = {}

    def run() -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        server = Sip2Server(host, port, **options)
        try:
            loop.run_until_complete(server.start())
        except BaseException as error:
            box["error"] = error
            server.stop_threads()
            loop.close()
            ready.set()
            return
        box["server"], box["loop"] = server, loop
        ready.set()
        try:
            loop.run_forever()
        finally:
            # Stopped, or died: let go of the port and the clients, so it can start again.
            with contextlib.suppress(BaseException):
                loop.run_until_complete(server.stop())
            server.stop_threads()
            loop.close()

    thread = threading.Thread(target=run, name="sip2-server", daemon=True)
    thread.start()
    ready.wait()
    if "error" in box:
        raise box["error"]
    return Running(box["server"], box["loop"], thread)
