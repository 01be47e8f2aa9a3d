"""The volunteer's page, the staff pages and the API, over HTTP on the real database."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from reol.community import volunteers
from reol.community.models import ShiftSignup, VolunteerRole
from reol.community.volunteers import ShiftData, VolunteerData
from reol.core.models import ApiToken
from reol.core.roles import grant
from tests.factories import make_patron


@pytest.fixture
def setup(network):
    role = VolunteerRole.objects.create(name="IT-café-hjælper", slug="it-cafe")
    other = VolunteerRole.objects.create(name="Læsehundefører", slug="reading-dog")
    patron = make_patron(network.glostrup, card="7161000001", language="en")
    ib = volunteers.save_volunteer(network.glostrup, VolunteerData(
        name="Ib Frivillig", email="ib@example.dk", roles=("it-cafe",), card=patron.card))
    now = timezone.now()
    start = now + timedelta(days=3)

    def make(title, role, needed=2):
        return volunteers.create_shift(ShiftData(
            branch=network.glostrup_main, role=role, title=title, start=start,
            end=start + timedelta(hours=2), needed=needed), now)

    return {"ib": ib, "cafe": make("IT-café", role), "dog": make("Læsehund", other),
            "patron": patron}


def log_in(client, card="7161000001"):
    response = client.post("/login/", {"card": card, "pin": "1234"})
    assert response.status_code == 302


def test_a_volunteer_sees_why_and_takes_a_shift(client, setup):
    log_in(client)
    page = client.get("/volunteer/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The shift needs the role “Læsehundefører”, which you do not have." in page
    response = client.post(f"/volunteer/shifts/{setup['cafe'].pk}/take/",
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    page = client.get("/volunteer/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You have taken the shift." in page
    assert ShiftSignup.objects.get().volunteer == setup["ib"]
    # Taking an overlapping one is refused with the reason, nothing stored.
    client.post(f"/volunteer/shifts/{setup['dog'].pk}/take/")
    assert ShiftSignup.objects.count() == 1


def test_a_patron_who_is_not_a_volunteer(client, setup, network):
    make_patron(network.glostrup, card="7161000002", language="en")
    log_in(client, "7161000002")
    response = client.get("/volunteer/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert "You are not registered as a volunteer" in response.content.decode()
    client.post("/logout/")
    assert client.get("/volunteer/").status_code == 302  # to the log-in page


def test_staff_create_shifts_only_at_their_library(client, setup, network):
    staff = User.objects.create_user("randers", password="pw-randers-1")
    grant(staff, network.randers, "events")
    client.force_login(staff)
    response = client.get("/staff/volunteers/shifts/")
    assert response.status_code == 200 and "Ib Frivillig" not in response.content.decode()
    start = timezone.localtime() + timedelta(days=5)
    response = client.post("/staff/volunteers/shifts/", {
        "title": "Strikkecafé", "role": setup["cafe"].role_id,
        "start": start.strftime("%Y-%m-%dT%H:%M"),
        "end": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"), "needed": 3})
    assert response.status_code == 302
    assert network.randers_main.shifts.get().title == "Strikkecafé"
    page = client.get("/staff/volunteers/").content.decode()
    assert "Ib Frivillig" not in page  # Glostrup's volunteer


def test_api_lists_shifts_for_staff_of_the_library_only(client, setup, network):
    staff = User.objects.create_user("glostrup")
    grant(staff, network.glostrup, "events")
    token = ApiToken.objects.create(user=staff, name="t", digest=__import__("hashlib").sha256(
        b"secret-token").hexdigest())
    assert token
    auth = {"HTTP_AUTHORIZATION": "Bearer secret-token"}
    shifts = client.get("/api/v1/volunteers/shifts?library=716100", **auth).json()
    assert {s["title"] for s in shifts} == {"IT-café", "Læsehund"}
    assert client.get("/api/v1/volunteers/shifts?library=773000", **auth).status_code == 403
    assert client.get("/api/v1/volunteers/shifts?library=716100").status_code == 401
    assert client.get("/api/v1/exhibitions").json() == []
