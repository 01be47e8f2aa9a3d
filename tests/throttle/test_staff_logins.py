"""Staff and admin passwords: wrong passwords make one user name wait at one address (django-axes),
never at another, and never for longer than the cool-off; an address trying many names and
many addresses trying one name wait too (reol/throttle/staff.py)."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from reol.core import roles
from reol.throttle.rules import STAFF_ADDRESS, STAFF_NAME

DESK, OTHER_DESK = "192.0.2.20", "192.0.2.21"
RIGHT = "hemmelig-42"


@pytest.fixture
def birte(network) -> User:
    user = User.objects.create_user("birte", password=RIGHT, is_staff=True)
    roles.grant(user, network.glostrup, "desk")
    return user


def log_in(password: str, address: str, path: str = "/staff/login/"):
    return Client().post(path, {"username": "birte", "password": password},
                         REMOTE_ADDR=address)


def test_wrong_passwords_make_the_user_name_wait_at_that_address_only(birte):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in("forkert", DESK).status_code == 200  # the form again, with its error
    assert log_in("forkert", DESK).status_code == 429  # the last one allowed
    refused = log_in(RIGHT, DESK)
    assert refused.status_code == 429
    assert "For mange forkerte adgangskoder" in refused.content.decode()
    assert log_in(RIGHT, DESK, "/admin/login/").status_code == 429  # the admin's door too
    assert log_in(RIGHT, OTHER_DESK).status_code == 302  # a colleague cannot lock her out


def test_a_lock_out_ends_after_the_cool_off_however_often_someone_keeps_trying(birte):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            log_in("forkert", DESK)
    for minute in range(1, 15):  # someone keeps trying through the whole cool-off
        with time_machine.travel(start + timedelta(minutes=minute), tick=False):
            assert log_in("forkert", DESK).status_code == 429
    with time_machine.travel(start + settings.AXES_COOLOFF_TIME + timedelta(seconds=1),
                             tick=False):
        assert log_in(RIGHT, DESK).status_code == 302


def test_one_address_trying_many_user_names_waits(birte):
    for n in range(STAFF_ADDRESS.free + 1):  # each name far below axes's limit
        Client().post("/staff/login/", {"username": f"kollega-{n}", "password": "forkert"},
                      REMOTE_ADDR="198.51.100.66")
    assert log_in(RIGHT, "198.51.100.66").status_code == 429
    assert log_in(RIGHT, DESK).status_code == 302


def test_many_addresses_trying_one_user_name_never_keep_her_out_at_her_own_desk(birte):
    assert log_in(RIGHT, DESK).status_code == 302  # her desk is known from now on
    for n in range(STAFF_NAME.free * 3):  # a few tries each, below axes's limit
        log_in("forkert", f"203.0.113.{n}")
    assert log_in(RIGHT, "203.0.113.200").status_code == 429  # the name waits for strangers
    assert log_in(RIGHT, DESK).status_code == 302  # not at her desk
