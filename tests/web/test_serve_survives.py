"""`reol serve` is not taken down by its clients, and its parts come back when they stop."""

import logging
import os
import resource
import socket
import subprocess
import threading
import urllib.request
from http import client as http_client

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connections

from reol.supervise import Supervisor
from reol.web.management.commands.serve import Http, parts
from tests.selfservice.conftest import Raw, terminal
from tests.waiting import until

from .test_serve import REOL, database_url, free_port, wait_for

IDLE = 1100  # more than the 1,024 file numbers select() can watch


def low_soft_limit() -> None:
    """The usual soft limit of open files (systemd's and a login shell's), in the child."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, hard))


def ok(url: str) -> bool:
    with urllib.request.urlopen(url, timeout=15) as response:
        return response.status == 200


@pytest.fixture
def raised_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard < IDLE + 200:
        pytest.skip(f"this machine allows {hard} open files")
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    yield
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_1100_idle_sip2_connections_stop_neither_the_pages_nor_the_kiosks(
        transactional_db, network, tmp_path, raised_limit):
    terminal("kiosk-1", network.glostrup_main)
    port, sip2_port = free_port(), free_port()
    env = {**os.environ, "REOL_DATABASE_URL": database_url(), "REOL_VAR_DIR": str(tmp_path),
           "REOL_SIP2_PORT": str(sip2_port), "REOL_JOBS_INTERVAL": "0",
           "REOL_SIP2_MAX_CONNECTIONS": "5000", "REOL_SIP2_MAX_PER_ADDRESS": "5000"}
    process = subprocess.Popen([str(REOL), "serve", "--port", str(port)], env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               preexec_fn=low_soft_limit)
    base, idle = f"http://127.0.0.1:{port}", []
    try:
        wait_for(base + "/api/v1/libraries", process)
        listening(sip2_port)  # (the web server may answer a moment before SIP2 listens)
        idle = [socket.create_connection(("127.0.0.1", sip2_port)) for _ in range(IDLE)]
        kiosk = Raw(sip2_port)  # accepted after all the idle ones
        assert kiosk.login() == "941"
        assert kiosk.ask("9900802.00").startswith("98Y")
        for _ in range(3):
            assert ok(base + "/api/v1/libraries")
        kiosk.close()
        assert process.poll() is None
    finally:
        for sock in idle:
            sock.close()
        process.kill()
        output = process.communicate()[0]
    assert "Traceback" not in output, output


def listening(port: int) -> None:
    def connects() -> bool:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=5).close()
        except ConnectionRefusedError:
            return False
        return True

    until(connects, f"nothing listens on {port}")


class Broken:
    """A socket the web server's loop cannot watch: the way select() fails on a file number
    of 1,024 or more."""

    def readable(self) -> bool:
        raise ValueError("filedescriptor out of range in select()")

    writable = readable


def test_a_part_that_stops_is_started_again_while_the_others_serve(
        transactional_db, network, caplog, monkeypatch, settings):
    # The web server's threads in this process close their connections after each request,
    # so that none is left open on the test database when they end.
    monkeypatch.setitem(connections.databases["default"], "CONN_MAX_AGE", 0)
    terminal("kiosk-1", network.glostrup_main)
    settings.SIP2_PORT = free_port()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # (not get_wsgi_application(): django.setup() again would take the log from caplog)
    found = parts(WSGIHandler(), "127.0.0.1", port, 4, 3600, sip2=True)
    http, sip2, jobs, _search = (part.start.__self__ for part in found)
    supervisor = Supervisor(found, first_pause=0.05, every=0.02)
    supervisor.start()
    watcher = threading.Thread(target=supervisor.run, daemon=True)
    watcher.start()
    try:
        with caplog.at_level(logging.WARNING, "reol.serve"):
            # The web server's loop fails: SIP2 goes on, and the web server comes back.
            first = http.server
            first._map[-1] = Broken()
            http.thread.join(15)
            kiosk = Raw(settings.SIP2_PORT)
            assert kiosk.login() == "941"
            wait_for(base + "/api/v1/libraries", _Alive())
            assert http.server is not first
            # The SIP2 server's loop stops: the web server goes on, and SIP2 comes back.
            old = sip2.running
            old.loop.call_soon_threadsafe(old.loop.stop)
            old.thread.join(15)
            assert ok(base + "/api/v1/libraries")
            until(lambda: sip2.running is not old and sip2.alive(),
                  "the SIP2 server did not start again")
            again = Raw(settings.SIP2_PORT)
            assert again.login() == "941"
            # The jobs' thread dies: it is started again.
            runner = jobs.runner
            monkeypatch.setattr(runner, "tick", _die)
            runner._stopping.set()  # wake it, so it meets the failure at once
            runner._thread.join(15)
            until(lambda: jobs.runner is not runner and jobs.alive(),
                  "the lending jobs did not start again")
            assert jobs.runner is not runner and jobs.alive()
            assert ok(base + "/api/v1/libraries")
        for name in ("the web server", "the SIP2 server", "the lending jobs"):
            assert f"reol serve: {name} stopped; starting it again" in caplog.text
            assert f"reol serve: {name} started again" in caplog.text
        kiosk.close()
        again.close()
    finally:
        supervisor.stop()
        watcher.join(15)


class _Alive:
    """wait_for() asks whether the server process ended; this one runs in the test."""

    stdout = None

    def poll(self) -> None:
        return None


class Died(BaseException):
    """What no `except Exception` catches."""


def _die() -> None:
    raise Died


def test_idle_http_connections_give_way_to_a_visitor(transactional_db, network, settings,
                                                     monkeypatch):
    monkeypatch.setitem(connections.databases["default"], "CONN_MAX_AGE", 0)
    settings.HTTP_MAX_CONNECTIONS = 5
    port = free_port()
    http = Http(WSGIHandler(), host="127.0.0.1", port=port, threads=2)
    http.start()
    idle: list[socket.socket] = []
    try:
        for _ in range(30):  # twice waitress's own limit here
            idle.append(socket.create_connection(("127.0.0.1", port), timeout=15,
                                                 source_address=("127.0.0.3", 0)))
        visitor = http_client.HTTPConnection("127.0.0.1", port, timeout=15,
                                             source_address=("127.0.0.2", 0))
        visitor.request("GET", "/api/v1/libraries")
        response = visitor.getresponse()
        assert response.status == 200 and response.read()
        visitor.close()
        for sock in idle[:25]:  # the oldest idle ones made room
            assert sock.recv(1) == b""
    finally:
        for sock in idle:
            sock.close()
        http.stop()
