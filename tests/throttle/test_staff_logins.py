"""Staff and admin passwords (django-axes): wrong passwords make one user name wait at one
address, never at another, and never for longer than the cool-off."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from reol.circulation import roles

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
