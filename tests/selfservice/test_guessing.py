"""Guessing over SIP2 does not pay: terminal passwords (93) and patrons' PINs at a door are
limited per name or card, per address or terminal, over real TCP and the real database."""

import socket
from collections.abc import Callable, Iterator

import argon2
import pytest
import time_machine
from django.utils import timezone

from reol.throttle.rules import ADDRESS, CARD, TERMINAL_LOGIN
from tests.factories import make_patron

from .conftest import DATE_FIELD, Raw, fields

pytestmark = pytest.mark.django_db(transaction=True)


class From(Raw):
    """A client from another loopback address: another machine, as the server sees it."""

    def __init__(self, port: int, address: str) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=15,
                                             source_address=(address, 0))
        self.pending = b""


def test_wrong_passwords_pause_a_terminal_log_in_briefly(place, raw):
    guesser = raw()
    for _ in range(TERMINAL_LOGIN.free + 1):
        assert guesser.login(password="guess") == "940"
    assert raw().login() == "940"  # the right password, while the name waits at this address
    with time_machine.travel(timezone.now() + TERMINAL_LOGIN.pause, tick=False):
        assert raw().login() == "941"


def test_one_address_guessing_many_terminal_names_is_paused(place, raw):
    guesser = raw()
    for n in range(ADDRESS.free + 1):
        assert guesser.login(login=f"kiosk-{n + 100}", password="guess") == "940"
    assert raw().login() == "940"


@pytest.fixture
def machine(sip2) -> Iterator[Callable[[str], From]]:
    clients: list[From] = []

    def connect(address: str) -> From:
        clients.append(From(sip2.port, address))
        return clients[-1]

    yield connect
    for client in clients:
        client.close()


def test_wrong_passwords_from_elsewhere_never_keep_the_real_terminal_out(place, machine):
    assert machine("127.0.0.1").login() == "941"  # the kiosk, where it always is
    elsewhere = machine("127.0.0.2")
    for _ in range(TERMINAL_LOGIN.free * 3):
        elsewhere.login(password="guess")
    assert machine("127.0.0.3").login() == "940"  # the name waits for strangers
    assert machine("127.0.0.1").login() == "941"  # not for the kiosk


@pytest.fixture
def verifies(monkeypatch) -> list[str]:
    """Every Argon2 computation, wherever it runs (the SIP2 server checks off the database
    thread, then hands the known verdict to PinHasher, which then computes nothing)."""
    seen: list[str] = []
    real = argon2.PasswordHasher.verify

    def verify(self, hash: str, password: str) -> bool:
        seen.append(hash)
        return real(self, hash, password)

    monkeypatch.setattr(argon2.PasswordHasher, "verify", verify)
    return seen


@pytest.mark.parametrize("login", ["door-1", "kiosk-1"])
def test_a_door_or_kiosk_answers_alike_for_unknown_card_wrong_pin_and_paused_card(
        place, raw, verifies, login):
    patron = make_patron(place.network.glostrup)
    machine = raw()
    assert machine.login(login) == "941"

    def status(card: str, pin: str) -> tuple[tuple, int]:
        before = len(verifies)
        answer = machine.ask(f"23009{DATE_FIELD}AODK-716100|AA{card}|AC|AD{pin}|")
        found = fields(answer)
        found.pop("AA")
        return (answer[:2 + 14 + 3], found), len(verifies) - before

    unknown = status("4000999999", "1234")
    wrong = status(patron.card, "0000")
    for _ in range(CARD.free):
        status(patron.card, "0000")
    paused = status(patron.card, "1234")  # the right PIN, while the card waits
    assert unknown == wrong == paused
    assert unknown[0][1]["AF"] == ["Forkert kortnummer eller PIN-kode."]
    assert unknown[1] == 1  # one Argon2 check each, a card or no card
