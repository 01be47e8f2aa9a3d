"""The rooms API: list, availability, booking with card and PIN, refusals, cancelling."""

import base64
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from reol.core.roles import grant
from reol.libraries import calendar
from reol.rooms.models import Booking
from tests.factories import make_patron


def basic(card: str, pin: str) -> dict:
    """Card and PIN as HTTP Basic, over HTTPS (`secure`): plain HTTP is refused."""
    token = base64.b64encode(f"{card}:{pin}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}", "secure": True}


def next_staffed_day(branch):
    """A day in the coming week the branch is staffed (so tests run on any real date)."""
    day = timezone.localdate() + timedelta(days=1)
    while not calendar.is_open(branch, day, self_service=False):
        day += timedelta(days=1)
    return day


@pytest.fixture
def karen(setting):
    return make_patron(setting["network"].glostrup, pin="2580")


def post(client, slug, body, **auth):
    return client.post(f"/api/v1/rooms/{slug}/bookings", body, content_type="application/json",
                       **auth)


def test_rooms_and_availability_are_open_to_all(client, setting):
    rooms = client.get("/api/v1/rooms").json()
    assert [r["slug"] for r in rooms] == ["studie-glostrup"]
    assert rooms[0]["branch"] == "glostrup" and rooms[0]["max_per_week"] == 2
    day = next_staffed_day(setting["network"].glostrup_main)
    found = client.get(f"/api/v1/rooms/studie-glostrup/availability?date={day}").json()
    assert found["open"] and found["slots"][0]["state"] == "free"
    assert found["slots"][0]["start"].startswith(f"{day}T10:00")
    bad = client.get("/api/v1/rooms/studie-glostrup/availability?date=23-11-2026")
    assert bad.status_code == 400 and bad.json()["code"] == "bad_date"
    assert client.get("/api/v1/rooms/nowhere/availability").status_code == 404


def test_a_patron_books_with_card_and_pin_and_a_second_booking_says_taken(client, setting,
                                                                           karen):
    day = next_staffed_day(setting["network"].glostrup_main)
    body = {"start": f"{day}T10:00", "end": f"{day}T12:00", "purpose": "Gruppearbejde"}
    assert post(client, "studie-glostrup", body).status_code == 401
    made = post(client, "studie-glostrup", body, **basic(karen.card, "2580"))
    assert made.status_code == 201, made.json()
    assert made.json()["status"] == "confirmed"
    again = post(client, "studie-glostrup", {**body, "start": f"{day}T11:00"},
                 **basic(karen.card, "2580"), HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 400
    assert again.json() == {"code": "taken", "detail": "The room is already booked at that time."}
    mine = client.get("/api/v1/rooms/bookings", **basic(karen.card, "2580")).json()
    assert [b["purpose"] for b in mine] == ["Gruppearbejde"]


def test_refusals_say_why(client, setting, karen):
    day = next_staffed_day(setting["network"].glostrup_main)
    auth = basic(karen.card, "2580")
    cases = {
        "too_long": {"start": f"{day}T10:00", "end": f"{day}T14:00"},
        "outside_hours": {"start": f"{day}T07:00", "end": f"{day}T08:00"},
        "too_far_ahead": {"start": f"{day + timedelta(days=28)}T10:00",
                          "end": f"{day + timedelta(days=28)}T11:00"},
        "bad_time": {"start": "tomorrow", "end": f"{day}T11:00"},
        "bad_slot": {"start": f"{day}T10:15", "end": f"{day}T11:15"},
    }
    for code, body in cases.items():
        answer = post(client, "studie-glostrup", body, **auth)
        assert (answer.status_code, answer.json()["code"]) == (400, code), answer.json()
        assert answer.json()["detail"]
    assert not Booking.objects.exists()


def test_cancel_own_booking_only_and_staff_cancel_for_their_library(client, setting, karen):
    network = setting["network"]
    day = next_staffed_day(network.glostrup_main)
    body = {"start": f"{day}T13:00", "end": f"{day}T14:00"}
    made = post(client, "studie-glostrup", body, **basic(karen.card, "2580")).json()
    other = make_patron(network.glostrup, pin="1111")
    url = f"/api/v1/rooms/bookings/{made['id']}"
    assert client.delete(url, **basic(other.card, "1111")).status_code == 404
    assert client.delete(url, **basic(karen.card, "2580")).status_code == 204
    assert Booking.objects.get().status == "cancelled"

    desk = User.objects.create_user("skranke")
    grant(desk, network.glostrup, "events")  # events and rooms staff
    client.force_login(desk)
    staff = post(client, "studie-glostrup", {**body, "name": "Lektiecafé"})
    assert staff.status_code == 201 and staff.json()["status"] == "confirmed"
    sunday = day + timedelta(days=(6 - day.weekday()))
    override = post(client, "studie-glostrup", {"start": f"{sunday}T10:00",
                                                "end": f"{sunday}T16:00", "name": "Kursus",
                                                "override": True})
    assert override.status_code == 201, override.json()
    assert client.delete(f"/api/v1/rooms/bookings/{staff.json()['id']}").status_code == 204
