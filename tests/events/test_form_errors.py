"""Event forms say every mistake at once, at its field, in the user's language: the staff's
series form and a guest's registration."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from reol.core.roles import grant
from reol.events.models import EventSeries, Registration
from reol.events.services import SeriesData, create_series

pytestmark = pytest.mark.django_db


def test_the_series_form_says_every_mistake_at_once(client, network):
    user = User.objects.create_user("leder", password="x")
    grant(user, network.randers, "leader")
    client.force_login(user)
    start = timezone.localtime(timezone.now() + timedelta(days=2)).replace(
        hour=10, minute=0, second=0, microsecond=0)
    answer = client.post("/staff/events/new/?branch=randers-hb", {
        "title": "", "category": "digital", "branch": "", "venue_name": "",
        "first_start": start.strftime("%Y-%m-%dT%H:%M"), "duration_minutes": 30000,
        "setup_minutes": 0, "teardown_minutes": 0, "rule": "FREQ=OFTEN", "price": "0",
        "extra_dates": "2027-13-01", "exception_dates": "", "sdgs": "4, 18",
    })
    page = answer.content.decode()
    assert answer.status_code == 400
    for said in ("Dette felt er påkrævet.",  # the title
                 "Vælg en filial eller skriv stedet, hvor det foregår.",
                 "Varigheden skal være mellem 1 minut og 14 dage.",
                 "Gentagelsesreglen kan ikke læses",
                 "»2027-13-01« er ikke en dato",
                 "Verdensmål har numrene 1 til 17."):
        assert said in page, said
    assert not EventSeries.objects.exists()


def test_a_guest_hears_of_a_bad_address_together_with_the_rest(client, network):
    soon = timezone.localtime(timezone.now() + timedelta(days=3)).replace(
        hour=16, minute=0, second=0, microsecond=0)
    series = create_series(SeriesData(
        library="773000", branch="randers-hb", title="Læsehund", category="reading",
        audiences=["children"], first_start=soon, capacity=4, registration_required=True))
    occurrence = series.occurrences.get()
    answer = client.post(f"/events/{occurrence.pk}/register/",
                         {"name": "", "email": "ida-at-example", "party_size": 99},
                         HTTP_ACCEPT_LANGUAGE="en")
    page = answer.content.decode()
    assert answer.status_code == 400
    assert "This field is required." in page
    assert "Give a valid email address, e.g. name@example.com." in page
    assert "Ensure this value is less than or equal to" in page
    assert not Registration.objects.exists()
