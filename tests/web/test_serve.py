"""`reol serve` as an operator runs it: a real server process, real HTTP, Ctrl-C stops it."""

import json
import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import make_item, make_record
from tests.waiting import until

REOL = Path(sys.executable).with_name("reol")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    host = db["HOST"] or "127.0.0.1"
    return f"postgresql://{db['USER']}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_for(url: str, process: subprocess.Popen) -> None:
    def answers() -> bool:
        if process.poll() is not None:
            raise AssertionError(process.stdout.read())
        try:
            urllib.request.urlopen(url, timeout=1)
        except OSError:
            return False
        return True

    until(answers, "reol serve did not answer")


@pytest.fixture
def server(transactional_db, network, tmp_path):
    record = make_record("Journal 64", subjects=["krimi"], pid="870970-basis:28511663")
    make_item(record, network.glostrup_main)
    port = free_port()
    # A SIP2 port of its own: another run of the suite (make test runs two at once) or a
    # `make run` on this machine may hold the default one.
    env = {**os.environ, "REOL_DATABASE_URL": database_url(), "REOL_VAR_DIR": str(tmp_path),
           "REOL_SIP2_PORT": str(free_port())}
    process = subprocess.Popen(
        [str(REOL), "serve", "--port", str(port)], env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        # As a non-interactive shell starts a background job (make test's PostgreSQL pass, a
        # service script): with SIGINT ignored. Ctrl-C must stop it all the same.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/api/v1/libraries", process)
        yield base, process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        process.stdout.close()


def searched(url: str) -> dict:
    """The search's answer once the server's search worker has caught up: the records
    indexed and the copies' shelf state with them (steps of its own, right after the start;
    on a busy machine the second may come a while after the first)."""
    answer: dict = {}

    def caught_up() -> dict | None:
        nonlocal answer
        with urllib.request.urlopen(url) as response:
            answer = json.load(response)
        if answer["count"] and all(hit["available"] for hit in answer["results"]):
            return answer
        return None

    return until(caught_up, lambda: f"the search worker of reol serve never caught up: {answer}")


def test_reol_serve_answers_pages_api_and_static_files_then_stops_on_ctrl_c(server):
    base, process = server
    answer = searched(base + "/api/v1/search?q=krimier")
    assert answer["count"] == 1 and answer["results"][0]["available"] is True
    with urllib.request.urlopen(base + "/?q=krimier") as response:
        assert "Journal 64" in response.read().decode()
        assert response.headers["Server"] == "reol"
    with urllib.request.urlopen(base + "/static/reol/reol.css") as response:
        assert response.status == 200 and b"--accent" in response.read()
    process.send_signal(signal.SIGINT)
    # It stops once a lending-jobs run under way has finished: long on a busy machine.
    assert process.wait(timeout=120) == 0
    assert "Traceback" not in process.stdout.read()
