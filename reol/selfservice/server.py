"""The SIP2 server: asyncio over TCP for the many connections, a few worker threads for the
database work (Django's ORM is synchronous; each worker keeps its own connection).

Each connection keeps its own state (handlers.Session). Frames end with CR, CRLF or LF. A frame
we cannot read is answered with 96; a line longer than SIP2_MAX_LINE, too many unreadable frames
in a row, or a client silent for SIP2_IDLE_TIMEOUT seconds gets a clean close. Nothing a client
sends stops the server or touches another connection.
"""

import asyncio
import contextlib
import logging
import queue
import re
import threading
from collections.abc import Callable
from concurrent.futures import Future

from django.conf import settings
from django.db import connection

from .handlers import Session, dispatch
from .protocol import resend

logger = logging.getLogger(__name__)
MAX_ERRORS = 20  # unreadable frames in a row before the connection is closed
TERMINATOR = re.compile(rb"[\r\n]")


class Workers:
    """A fixed set of threads running database work; each closes its connection at the end."""

    def __init__(self, count: int) -> None:
        self.jobs: queue.SimpleQueue = queue.SimpleQueue()
        self.threads = [threading.Thread(target=self._run, name=f"sip2-worker-{i}", daemon=True)
                        for i in range(count)]
        for thread in self.threads:
            thread.start()

    def _run(self) -> None:
        while (job := self.jobs.get()) is not None:
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

    def submit(self, call: Callable, *args) -> Future:
        future: Future = Future()
        self.jobs.put((future, call, args))
        return future

    def stop(self) -> None:
        for _ in self.threads:
            self.jobs.put(None)
        for thread in self.threads:
            thread.join(timeout=30)


def default_workers() -> int:
    """SQLite has one writer, and a thread waiting for its lock sleeps in steps: one thread
    serves more round trips. PostgreSQL's row locks let several work at once."""
    return 1 if connection.vendor == "sqlite" else 4


class Sip2Server:
    def __init__(self, host: str = "127.0.0.1", port: int = 6001, *,
                 idle_timeout: float | None = None, max_line: int | None = None,
                 workers: int | None = None) -> None:
        self.host, self.port = host, port
        self.idle_timeout = idle_timeout or settings.SIP2_IDLE_TIMEOUT
        self.max_line = max_line or settings.SIP2_MAX_LINE
        self.workers = Workers(workers or settings.SIP2_WORKERS or default_workers())
        self.connections: set[asyncio.Task] = set()
        self.server: asyncio.Server | None = None

    async def start(self) -> int:
        """Listen; returns the port (useful when asked for port 0)."""
        self.server = await asyncio.start_server(self._serve, self.host, self.port)
        self.port = self.server.sockets[0].getsockname()[1]
        return self.port

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
        for task in list(self.connections):
            task.cancel()
        await asyncio.gather(*self.connections, return_exceptions=True)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        self.connections.add(task)
        try:
            await self._converse(reader, writer)
        except (ConnectionError, TimeoutError, asyncio.IncompleteReadError):
            pass  # the client went away or stalled: nothing to answer
        except asyncio.CancelledError:
            pass  # the server is stopping
        except Exception:
            logger.exception("SIP2 connection failed")
        finally:
            self.connections.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer.wait_closed(), 5)

    async def _converse(self, reader: asyncio.StreamReader,
                        writer: asyncio.StreamWriter) -> None:
        peer = writer.get_extra_info("peername") or ("",)
        session, buffer, errors = Session(address=str(peer[0])), b"", 0
        while True:
            chunk = await asyncio.wait_for(reader.read(65536), self.idle_timeout)
            if not chunk:
                return
            *frames, buffer = TERMINATOR.split(buffer + chunk)
            for frame in frames:
                if not frame:
                    continue  # the LF of a CRLF, or blank lines
                if len(frame) > self.max_line:
                    return await self._last_word(writer)
                reply = await asyncio.wrap_future(self.workers.submit(dispatch, session, frame))
                writer.write(reply)
                await asyncio.wait_for(writer.drain(), self.idle_timeout)
                errors = errors + 1 if reply.startswith(b"96") else 0
                if errors >= MAX_ERRORS:
                    return
            if len(buffer) > self.max_line:
                return await self._last_word(writer)

    async def _last_word(self, writer: asyncio.StreamWriter) -> None:
        writer.write(resend())
        await asyncio.wait_for(writer.drain(), self.idle_timeout)


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
            server.workers.stop()
            loop.close()
            ready.set()
            return
        box["server"], box["loop"] = server, loop
        ready.set()
        try:
            loop.run_forever()
        finally:
            server.workers.stop()
            loop.close()

    thread = threading.Thread(target=run, name="sip2-server", daemon=True)
    thread.start()
    ready.wait()
    if "error" in box:
        raise box["error"]
    return Running(box["server"], box["loop"], thread)
