"""A patron's session ends when the PIN changes, when the card is reported lost, and after
REOL_PATRON_IDLE_MINUTES without a request; a member of staff's ends when the password changes."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from reol.circulation import patrons
from reol.core import roles
from tests.factories import make_patron


@pytest.fixture
def owner(network):
    return make_patron(network.glostrup, card="4000111122", pin="1234")


def logged_in(owner) -> Client:
    client = Client()
    assert client.post("/login/", {"card": owner.card, "pin": "1234"}).status_code == 302
    return client


def on_my_page(client: Client) -> bool:
    page = client.get("/me/")
    api = client.get("/api/v1/patron")
    assert (page.status_code == 200) == (api.status_code == 200)  # the page and the API agree
    return page.status_code == 200


def test_a_pin_changed_by_staff_ends_the_patrons_sessions(owner):
    browser = logged_in(owner)
    assert on_my_page(browser)
    patrons.set_pin(owner, "5678")
    assert not on_my_page(browser)


def test_a_patron_changing_their_pin_stays_but_every_other_session_ends(owner):
    mine, forgotten_at_the_library = logged_in(owner), logged_in(owner)
    changed = mine.post("/me/profile/pin/", {"old_pin": "1234", "new_pin": "5678",
                                             "new_pin_again": "5678"})
    assert changed.status_code == 302
    assert on_my_page(mine)
    assert not on_my_page(forgotten_at_the_library)


def test_a_card_reported_lost_ends_the_sessions(owner):
    browser = logged_in(owner)
    patrons.add_block(owner, "lost_card")
    assert not on_my_page(browser)
    assert browser.post("/login/", {"card": owner.card, "pin": "1234"}).status_code == 400


def test_a_patron_session_ends_after_fifteen_idle_minutes_and_each_request_moves_it_on(owner,
                                                                                         settings):
    assert settings.PATRON_IDLE_MINUTES == 15
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        browser = logged_in(owner)
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        assert on_my_page(browser)
    with time_machine.travel(start + timedelta(minutes=28), tick=False):
        assert on_my_page(browser)  # 14 minutes after the last request
    with time_machine.travel(start + timedelta(minutes=43, seconds=1), tick=False):
        assert not on_my_page(browser)
    with time_machine.travel(start + timedelta(minutes=44), tick=False):
        assert not on_my_page(browser)  # and stays ended


def test_a_staff_password_change_ends_the_staff_members_other_sessions(network):
    roles.grant(User.objects.create_user("birte", password="hemmelig-42"), network.glostrup,
                "desk")
    browser = Client()
    assert browser.post("/staff/login/", {"username": "birte",
                                          "password": "hemmelig-42"}).status_code == 302
    assert browser.get("/staff/").status_code == 200
    user = User.objects.get(username="birte")
    user.set_password("ny-hemmelig-43")
    user.save()
    assert browser.get("/staff/").status_code == 302  # to the log-in page
