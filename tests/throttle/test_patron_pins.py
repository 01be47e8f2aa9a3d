"""Guessing PINs does not pay, and nobody can lock anyone out: through the real log-in page and
the API, with the counters in the real database."""

import base64
import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from reol.hashers import PinHasher
from reol.throttle.rules import ADDRESS, CARD
from tests.factories import make_patron

GUESSER, HOME, LIBRARY_PC = "198.51.100.66", "192.0.2.10", "192.0.2.99"


@pytest.fixture
def owner(network):
    return make_patron(network.glostrup, card="4000111122", pin="1234")


def log_in(client: Client, card: str, pin: str, address: str):
    return client.post("/login/", {"card": card, "pin": pin}, REMOTE_ADDR=address)


def basic(client: Client, card: str, pin: str, address: str):
    token = base64.b64encode(f"{card}:{pin}".encode()).decode()
    return client.get("/api/v1/patron", HTTP_AUTHORIZATION=f"Basic {token}",
                      REMOTE_ADDR=address, secure=True)


@pytest.fixture
def verifies(monkeypatch) -> list[str]:
    """Every Argon2 check, in order: the work that makes an answer take its time."""
    seen: list[str] = []
    real = PinHasher.verify

    def verify(self, password: str, encoded: str) -> bool:
        seen.append(encoded)
        return real(self, password, encoded)

    monkeypatch.setattr(PinHasher, "verify", verify)
    return seen


def test_one_address_guessing_across_many_cards_is_paused_for_every_card(client, network,
                                                                           owner):
    cards = [make_patron(network.glostrup).card for _ in range(ADDRESS.free + 1)]
    for card in cards:  # one wrong PIN per card: no card's own counter comes near a pause
        assert log_in(client, card, "0000", GUESSER).status_code == 400
    assert log_in(client, owner.card, "1234", GUESSER).status_code == 400  # the address waits
    assert basic(client, owner.card, "1234", GUESSER).status_code == 401
    assert log_in(Client(), owner.card, "1234", HOME).status_code == 302  # nobody else does


def test_a_strangers_failures_keep_the_owner_out_only_briefly(owner):
    assert log_in(Client(), owner.card, "1234", HOME).status_code == 302  # HOME is known now
    start = timezone.now()
    # A stranger hammers the card for an hour from ever new addresses, twice a minute.
    for step in range(120):
        with time_machine.travel(start + timedelta(seconds=30 * step), tick=False):
            log_in(Client(), owner.card, f"{step:04d}", f"203.0.113.{step}")
    end = start + timedelta(hours=1)
    with time_machine.travel(end, tick=False):
        # From where the owner logged in before, the stranger changes nothing.
        assert log_in(Client(), owner.card, "1234", HOME).status_code == 302
        assert log_in(Client(), owner.card, "1234", LIBRARY_PC).status_code == 400  # paused
    with time_machine.travel(end + timedelta(minutes=10), tick=False):
        # From anywhere else, ten minutes at most (the old lock was 15 minutes, renewable).
        assert log_in(Client(), owner.card, "1234", LIBRARY_PC).status_code == 302


def _page(response, card: str) -> str:
    text = response.content.decode().replace(card, "CARD")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


def test_unknown_card_wrong_pin_and_paused_card_get_the_same_answer_after_the_same_work(
    client, owner, verifies
):
    def attempts(card: str, pin: str, address: str) -> tuple:
        before = len(verifies)
        page = log_in(client, card, pin, address)
        api = basic(client, card, pin, address)
        session = client.post("/api/v1/patron/session", {"card": card, "pin": pin},
                              content_type="application/json", REMOTE_ADDR=address)
        return ((page.status_code, _page(page, card)), (api.status_code, api.json()),
                (session.status_code, session.json()), len(verifies) - before)

    unknown = attempts("4000999999", "1234", "192.0.2.1")
    wrong = attempts(owner.card, "0000", "192.0.2.2")
    for _ in range(CARD.free):
        log_in(client, owner.card, "0000", "192.0.2.3")
    paused = attempts(owner.card, "1234", "192.0.2.4")  # the right PIN, while paused
    assert unknown == wrong == paused
    assert unknown[0][0] == 400 and unknown[1] == (401, {
        "detail": "Forkert kortnummer eller PIN-kode.", "code": "wrong_pin"})
    assert unknown[3] == 3  # one Argon2 check per answer, a card or no card


def test_a_card_reported_lost_logs_in_no_more_and_answers_like_an_unknown_one(client, owner):
    from reol.circulation import patrons

    assert basic(client, owner.card, "1234", HOME).status_code == 200  # remembered for a while
    patrons.add_block(owner, "lost_card")
    lost = basic(client, owner.card, "1234", HOME)
    assert lost.status_code == 401 and lost.json()["code"] == "wrong_pin"
    assert log_in(client, owner.card, "1234", HOME).status_code == 400
