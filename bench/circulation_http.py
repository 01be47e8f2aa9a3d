"""Checkout + check-in pairs through the staff JSON API, against `reol serve` in a subprocess.

    POST /api/v1/circulation/checkout  {"card", "barcode", "branch"}
    POST /api/v1/circulation/checkin   {"barcode", "branch"}

with `Authorization: Bearer <token>` of a desk member of the desk's library (the token is
made here; only its SHA-256 is stored, in ApiToken.digest). One keep-alive http.client
connection, requests one after another; the timer stops when the body has been read.
"""

import hashlib
import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from circulation_pairs import backend_pids
from django.contrib.auth import get_user_model
from django.db import transaction

from reol.core.models import ApiToken
from reol.core.roles import grant
from reol.libraries.models import Branch

ROOT = Path(__file__).resolve().parent.parent
API_FILE = ROOT / "reol" / "circulation" / "api.py"
CHECKOUT, CHECKIN = "/api/v1/circulation/checkout", "/api/v1/circulation/checkin"


def api_present() -> bool:
    """Has the lending API got its desk endpoints yet? (Another engineer is building it.)"""
    text = API_FILE.read_text() if API_FILE.exists() else ""
    return "circulation/checkout" in text or '"/circulation/checkin"' in text or (
        "checkout" in text and "checkin" in text)


def staff_token(branch: Branch) -> str:
    """A fresh token for the benchmark's desk member (made once, granted the desk role)."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        user, _ = get_user_model().objects.get_or_create(
            username="bench-desk", defaults={"is_staff": True})
        grant(user, branch.library, "desk")
        ApiToken.objects.filter(user=user).delete()
        ApiToken.objects.create(user=user, name="bench",
                                digest=hashlib.sha256(token.encode()).hexdigest())
    return token


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _reol_command() -> list[str]:
    script = Path(sys.executable).parent / "reol"
    return [str(script)] if script.exists() else [sys.executable, "-m", "reol"]


@contextmanager
def served(env: dict[str, str], timeout: float = 60.0) -> Iterator[tuple[int, int]]:
    """`reol serve` on a free port with the benchmark's database; stopped on exit. Yields the
    port and the server's process id."""
    port = _free_port()
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen([*_reol_command(), "serve", "--port", str(port)],
                                  env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                                  stderr=log)
        try:
            _wait(server, port, timeout, log)
            yield port, server.pid
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait(server: subprocess.Popen, port: int, timeout: float, log) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"reol serve stopped:\n{log.read().decode(errors='replace')}")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("GET", "/api/v1/openapi.json")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass  # still starting: ask again after a pause
        finally:
            conn.close()
        time.sleep(0.1)
    raise RuntimeError(f"reol serve did not answer on port {port} within {timeout:.0f} s")


class HttpWay:
    name = "http"

    def __init__(self, port: int, server_pid: int, token: str, branch_code: str) -> None:
        self.server_pid = server_pid
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.branch = branch_code

    def _post(self, path: str, body: dict) -> None:
        self.conn.request("POST", path, json.dumps(body), self.headers)
        response = self.conn.getresponse()
        data = response.read()  # the answer is read, not parsed
        if not 200 <= response.status < 300:
            raise RuntimeError(f"{path} {body}: HTTP {response.status} {data[:300]!r}")

    def helpers(self) -> list[int]:
        """The server, and on PostgreSQL the backends of its connections."""
        return [self.server_pid, *backend_pids(others=True)]

    def check_out(self, card: str, barcode: str) -> None:
        self._post(CHECKOUT, {"card": card, "barcode": barcode, "branch": self.branch})

    def check_in(self, barcode: str) -> None:
        self._post(CHECKIN, {"barcode": barcode, "branch": self.branch})

    def close(self) -> None:
        self.conn.close()
