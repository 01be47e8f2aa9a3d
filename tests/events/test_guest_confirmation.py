"""A guest's registration takes a seat only when the guest follows the link mailed to the
address they gave, and asking is limited per source address and per email address."""

import base64
from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.test import Client
from django.utils import timezone

from reol.errors import DomainError
from reol.events import confirmation, jobs, registration, rules
from reol.events.models import EventMail, Registration, RegistrationAttempt
from tests.events.helpers import confirmation_token, make_series
from tests.factories import make_patron


@pytest.fixture
def dog(network):
    """A reading dog in Randers in three days, two places."""
    now = timezone.now()
    series = make_series(network, now, first_start=now + timedelta(days=3), capacity=2,
                         registration_required=True)
    return series.occurrences.get()


def ask(occurrence, email: str, address: str = "192.0.2.1", party_size: int = 1):
    return confirmation.ask(occurrence.pk, name="Ida", email=email, party_size=party_size,
                            address=address)


def api_ask(client: Client, occurrence, email: str, address: str = "192.0.2.1"):
    return client.post(f"/api/v1/events/occurrences/{occurrence.pk}/registrations",
                       {"name": "Ida", "email": email}, content_type="application/json",
                       REMOTE_ADDR=address)


def test_a_guest_takes_no_seat_until_the_mailed_link_is_followed(dog):
    pending = ask(dog, "Ida@Example.dk", party_size=2)
    assert pending.email == "ida@example.dk"
    assert not Registration.objects.exists() and registration.places_left(dog) == 2
    mail = EventMail.objects.get(to="ida@example.dk")
    assert "/events/confirm/" in mail.body and mail.registration is None
    assert mail.subject.startswith("Bekræft din tilmelding") and "inden for 24 timer" in mail.body
    done = confirmation.confirm(confirmation_token("ida@example.dk"))
    assert (done.status, done.email, done.party_size) == ("confirmed", "ida@example.dk", 2)
    assert registration.places_left(dog) == 0


def test_following_the_link_twice_registers_once(dog):
    ask(dog, "ida@example.dk")
    token = confirmation_token("ida@example.dk")
    confirmation.confirm(token)
    with pytest.raises(DomainError) as refused:
        confirmation.confirm(token)
    assert refused.value.code == "already_registered"
    assert Registration.objects.count() == 1


def test_the_seat_is_taken_only_if_still_free_when_the_link_is_followed(dog, network):
    ask(dog, "ida@example.dk", party_size=2)
    registration.register(dog, patron=make_patron(network.randers, name="Rasmus"))
    late = confirmation.confirm(confirmation_token("ida@example.dk"))
    assert late.status == "waiting"


def test_a_forged_or_altered_link_takes_no_seat(dog):
    ask(dog, "ida@example.dk")
    token = confirmation_token("ida@example.dk")
    forged = signing.dumps({"o": dog.pk, "n": "Eve", "e": "eve@example.dk", "p": 10, "l": "da"},
                           salt="another salt", compress=True)
    for bad in (forged, token[:-2] + "xx", "garbage", registration.cancel_token(
            registration.register(dog, name="Bo", email="bo@example.dk"))):
        with pytest.raises(DomainError) as refused:
            confirmation.confirm(bad)
        assert refused.value.code == "bad_token"
    assert set(Registration.objects.values_list("email", flat=True)) == {"bo@example.dk"}


def test_an_expired_link_takes_no_seat(dog):
    ask(dog, "ida@example.dk")
    token = confirmation_token("ida@example.dk")
    later = timezone.now() + rules.CONFIRM_WITHIN + timedelta(minutes=1)
    with time_machine.travel(later), pytest.raises(DomainError) as refused:
        confirmation.confirm(token)
    assert refused.value.code == "link_expired"
    assert not Registration.objects.exists()


def test_one_email_address_gets_a_few_mails_an_hour_then_429(client, dog):
    limit = rules.GUEST_LIMITS["email"]
    for n in range(limit):
        assert api_ask(client, dog, "ida@example.dk", f"192.0.2.{n}").status_code == 202
    refused = api_ask(client, dog, "ida@example.dk", "198.51.100.7")
    assert refused.status_code == 429 and refused.json()["code"] == "too_many_mails"
    assert EventMail.objects.filter(to="ida@example.dk").count() == limit
    assert api_ask(client, dog, "bo@example.dk", "198.51.100.7").status_code == 202
    with time_machine.travel(timezone.now() + rules.ATTEMPT_WINDOW + timedelta(minutes=1)):
        assert api_ask(client, dog, "ida@example.dk").status_code == 202


def test_one_source_address_asks_a_limited_number_of_times(client, dog):
    limit = rules.GUEST_LIMITS["address"]
    for n in range(limit):
        assert api_ask(client, dog, f"guest{n}@example.dk").status_code == 202
    refused = api_ask(client, dog, "one-more@example.dk")
    assert refused.status_code == 429 and refused.json()["code"] == "too_many_attempts"
    assert not EventMail.objects.filter(to="one-more@example.dk").exists()
    assert api_ask(client, dog, "one-more@example.dk", "198.51.100.7").status_code == 202


def test_the_page_says_why_in_danish_and_english(client, dog):
    for n in range(rules.GUEST_LIMITS["email"]):
        ask(dog, "ida@example.dk", address=f"192.0.2.{n}")
    form = {"name": "Ida", "email": "ida@example.dk", "party_size": 1}
    danish = client.post(f"/events/{dog.pk}/register/", form)
    assert danish.status_code == 429 and "allerede sendt" in danish.content.decode()
    english = client.post(f"/events/{dog.pk}/register/", form, HTTP_ACCEPT_LANGUAGE="en")
    assert "already sent" in english.content.decode()


def test_a_logged_in_patron_registers_at_once(client, dog, network):
    patron = make_patron(network.randers, name="Rasmus", email="rasmus@example.dk")
    card = base64.b64encode(f"{patron.card}:1234".encode()).decode()
    made = client.post(f"/api/v1/events/occurrences/{dog.pk}/registrations", {},
                       content_type="application/json", HTTP_AUTHORIZATION=f"Basic {card}",
                       secure=True)  # Basic is taken over HTTPS only
    assert made.status_code == 200 and made.json()["status"] == "confirmed"
    assert not RegistrationAttempt.objects.exists()


def test_attempts_are_forgotten_after_a_day(dog):
    ask(dog, "ida@example.dk")
    assert jobs.forget_attempts() == 0
    assert jobs.forget_attempts(timezone.now() + rules.ATTEMPT_MEMORY + timedelta(minutes=1)) == 1
    assert not RegistrationAttempt.objects.exists()
