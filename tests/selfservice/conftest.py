"""SIP2 over real TCP: the server runs in a thread on an ephemeral port against the test
database, so these tests use transactional_db (the server's threads have connections of their
own and must see committed data)."""

import contextlib
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, time

import pytest

from reol.libraries.models import Branch, OpeningPattern
from reol.selfservice.models import EntryPolicy, Sip2Terminal
from reol.selfservice.server import Running, start_in_background
from tests.factories import Network, make_network

PASSWORD = "kiosk-secret"
DATE_FIELD = "20261122    101010"  # a transaction date as machines send it
ALL_DAY = (time(0), time(23, 59, 59))


def hours(branch: Branch, service: str = "self_service") -> None:
    """Every day, all day, of one kind of service — public holidays too, so the tests pass
    on 24 December as on any other day."""
    OpeningPattern.objects.bulk_create(
        OpeningPattern(branch=branch, valid_from=date(2020, 1, 1), weekday=weekday,
                       opens=ALL_DAY[0], closes=ALL_DAY[1], service=service,
                       open_on_holidays=True)
        for weekday in range(7)
    )


def terminal(login: str, branch: Branch, **fields) -> Sip2Terminal:
    made = Sip2Terminal(login=login, branch=branch, **fields)
    made.set_password(PASSWORD)
    made.save()
    return made


@dataclass
class Place:
    network: Network
    kiosk: Sip2Terminal
    door: Sip2Terminal


@pytest.fixture
def place(transactional_db) -> Place:
    """Glostrup with a self-check machine, a door, open-library hours all day and the default
    entry policy (15 years, guardians' consent admits, PIN required)."""
    network = make_network()
    hours(network.glostrup_main)
    EntryPolicy.objects.create(branch=network.glostrup_main)
    return Place(
        network,
        terminal("kiosk-1", network.glostrup_main),
        terminal("door-1", network.glostrup_main, kind=Sip2Terminal.Kind.DOOR),
    )


@pytest.fixture
def sip2_server(transactional_db) -> Iterator[Callable[..., Running]]:
    """Start servers (with options such as idle_timeout); each is stopped after the test."""
    running: list[Running] = []

    def start(**options) -> Running:
        running.append(start_in_background("127.0.0.1", 0, **options))
        return running[-1]

    yield start
    for stop in running:
        stop()


@pytest.fixture
def sip2(sip2_server) -> Running:
    return sip2_server(idle_timeout=60)


# --- a deliberately plain client for the tests that need exact bytes -------------------------


def frame(text: str, *, seq: int | None = None, checksum: bool = False,
          encoding: str = "utf-8") -> bytes:
    """A request as bytes, with AY and AZ when asked (the checksum computed here, not by
    reol's own encoder)."""
    data = text.encode(encoding)
    if seq is not None:
        data += f"AY{seq}".encode()
    if checksum:
        data += b"AZ"
        data += f"{(-sum(data)) & 0xFFFF:04X}".encode()
    return data


class Raw:
    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=15)
        self.pending = b""

    def send(self, data: bytes, end: bytes = b"\r") -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.sock.sendall(data + end)  # if closed by the server, the next reply() says so

    def reply(self) -> str:
        """One reply without its CR; '' when the server closed the connection."""
        while b"\r" not in self.pending:
            try:
                chunk = self.sock.recv(65536)
            except ConnectionResetError:  # we wrote after the server had closed
                return ""
            if not chunk:
                return ""
            self.pending += chunk
        line, self.pending = self.pending.split(b"\r", 1)
        try:
            return line.decode("utf-8")
        except UnicodeDecodeError:  # the answer to a Latin-1 request
            return line.decode("latin-1")

    def ask(self, text: str, **options) -> str:
        self.send(frame(text, **options))
        return self.reply()

    def login(self, login: str = "kiosk-1", password: str = PASSWORD) -> str:
        return self.ask(f"9300CN{login}|CO{password}|CPglostrup|")

    def close(self) -> None:
        self.sock.close()


FIXED = {"94": 3, "98": 36, "24": 37, "64": 61, "12": 24, "30": 24, "10": 24, "18": 26,
         "16": 22, "36": 21, "66": 29, "20": 21, "26": 37, "96": 2}


def fields(reply: str) -> dict[str, list[str]]:
    """The variable-length fields of a reply (AY and AZ included, as the last ones)."""
    body = reply[FIXED[reply[:2]]:]
    found: dict[str, list[str]] = {}
    for piece in body.split("|"):
        if piece.startswith("AY") and "AZ" in piece:
            found["AY"], found["AZ"] = [piece[2:piece.index("AZ")]], [piece[-4:]]
        elif piece:
            found.setdefault(piece[:2], []).append(piece[2:])
    return found


@pytest.fixture
def raw(sip2) -> Iterator[Callable[[], Raw]]:
    clients: list[Raw] = []

    def connect() -> Raw:
        clients.append(Raw(sip2.port))
        return clients[-1]

    yield connect
    for client in clients:
        client.close()
