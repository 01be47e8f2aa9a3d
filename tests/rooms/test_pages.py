"""The room pages: list, week grid, booking with the patron session, my bookings, staff."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User

from reol.circulation import session
from reol.core.roles import grant
from reol.rooms import services
from reol.rooms.models import Booking
from tests.factories import make_patron

from .conftest import make_room
from .test_api import next_staffed_day


def log_in(client, patron) -> None:
    """Log in the patron through the real session helper, as the log-in page does."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.http import HttpRequest

    request = HttpRequest()
    request.session = SessionStore()
    session.log_in(request, patron)
    request.session.save()
    client.cookies["sessionid"] = request.session.session_key


@pytest.fixture
def karen(setting):
    return make_patron(setting["network"].glostrup, pin="2580", language="en")


def test_rooms_are_listed_per_branch(client, setting):
    make_room(setting["network"].randers_main, name="Mødelokalet", slug="moede",
              needs_approval=True)
    page = client.get("/rooms/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Studierummet" in page and "Mødelokalet" in page
    assert page.index("Glostrup Bibliotek") < page.index("Randers Bibliotek")
    assert "the library approves each booking" in page


def test_the_week_grid_shows_free_and_taken_slots(client, setting, karen):
    room = setting["room"]
    day = next_staffed_day(setting["network"].glostrup_main)
    services.book(room, services.parse_moment(f"{day}T10:00"),
                  services.parse_moment(f"{day}T11:00"), patron=karen)
    page = client.get(f"/rooms/{room.slug}/?week={day}", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<caption>" in html and 'class="slot-taken">Taken<' in html
    assert f"start={day}T11:00" in html  # the next slot is free and links to the form
    assert "Log in with your library card to book" in html
    unreadable = client.get(f"/rooms/{room.slug}/?week=soon")  # this week, and why not that
    assert unreadable.status_code == 400 and "<caption>" in unreadable.content.decode()


def test_a_patron_books_on_the_page_and_a_refusal_says_why(client, setting, karen):
    room = setting["room"]
    day = next_staffed_day(setting["network"].glostrup_main)
    log_in(client, karen)
    answer = client.post(f"/rooms/{room.slug}/book/", {"day": day, "start": "10:00",
                                                       "end": "12:00", "purpose": "Eksamen"},
                         HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "The room is booked." in answer.content.decode()
    assert Booking.objects.get().purpose == "Eksamen"
    refused = client.post(f"/rooms/{room.slug}/book/", {"day": day, "start": "11:00",
                                                        "end": "15:00"},
                          HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400
    assert "at most 3 hours at a time" in refused.content.decode()
    bad = client.post(f"/rooms/{room.slug}/book/", {"day": "31-02", "start": "x", "end": "11"},
                      HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 400 and "Write the date as YYYY-MM-DD." in bad.content.decode()

    mine = client.get("/rooms/my-bookings/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Studierummet" in mine and "Eksamen" in mine
    booking = Booking.objects.get()
    client.post(f"/rooms/bookings/{booking.pk}/cancel/")
    assert Booking.objects.get().status == "cancelled"


def test_booking_needs_a_logged_in_patron(client, setting):
    answer = client.post("/rooms/studie-glostrup/book/", {"day": "2027-03-02"})
    assert answer.status_code == 302 and "/login/" in answer["Location"]
    assert not Booking.objects.exists()


def test_staff_approve_book_for_someone_and_see_usage(client, setting):
    network = setting["network"]
    room = make_room(network.randers_main, name="Mødelokalet", slug="moede",
                     needs_approval=True)
    day = next_staffed_day(network.randers_main)
    jens = make_patron(network.randers)
    request = services.book(room, services.parse_moment(f"{day}T10:00"),
                            services.parse_moment(f"{day}T11:00"), patron=jens)
    leader = User.objects.create_user("leder-773000")
    grant(leader, network.randers, "leader")
    client.force_login(leader)
    page = client.get("/staff/rooms/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 booking awaits approval" in page
    client.post(f"/staff/rooms/bookings/{request.pk}/", {"action": "approve"})
    assert Booking.objects.get(pk=request.pk).status == "confirmed"
    sunday = day + timedelta(days=6 - day.weekday())
    answer = client.post("/staff/rooms/", {
        "room": room.pk, "day": sunday, "start": "10:00", "end": "15:00",
        "name": "Foreningen", "override": "on"}, HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 302, answer.content.decode()[-2000:]
    taken = client.post("/staff/rooms/", {
        "room": room.pk, "day": day, "start": "10:00", "end": "11:00", "name": "X",
        "override": "on"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "already booked" in taken.content.decode()
    # Glostrup's room is not theirs: not offered, and the usage lists only Randers' rooms.
    usage = client.get(f"/staff/rooms/usage/?month={day:%Y-%m}", HTTP_ACCEPT_LANGUAGE="en")
    html = usage.content.decode()
    assert "Mødelokalet" in html and "Studierummet" not in html
