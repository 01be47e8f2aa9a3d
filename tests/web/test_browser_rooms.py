"""A patron in real Chromium finds the study room, logs in with card and PIN, picks a free
slot in the week grid, books it, sees it taken, and cancels it under My room bookings."""

import re

import pytest
from django.utils import translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from reol.rooms.models import Booking
from tests.factories import make_network, make_patron
from tests.rooms.conftest import give_hours, make_room
from tests.rooms.test_api import next_staffed_day

pytestmark = pytest.mark.browser


@pytest.fixture
def study_room(live_server) -> dict:
    network = make_network()
    give_hours(network.glostrup_main)
    room = make_room(network.glostrup_main, name="Studierummet i kælderen",
                     description="Til læsegrupper, op til 6 personer.")
    karen = make_patron(network.glostrup, card="4455667788", pin="2580", language="en")
    return {"room": room, "patron": karen, "day": next_staffed_day(network.glostrup_main)}


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_patron_books_a_study_room(open_page, study_room, javascript):
    day = study_room["day"]
    page = open_page(java_script_enabled=javascript)
    page.goto("/rooms/")
    page.get_by_role("link", name="Studierummet i kælderen").click()
    page.get_by_role("link", name="Log in with your library card to book").click()
    page.get_by_label("Library card number").fill(study_room["patron"].card)
    page.get_by_label("PIN").fill("2580")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Studierummet i kælderen")

    page.goto(f"/rooms/{study_room['room'].slug}/?week={day}")
    with translation.override("en"):
        when = date_format(day, "l j. F")
    page.get_by_role("link", name=f"Free {when} 11:00").click()
    expect(page.get_by_label("From")).to_have_value("11:00")
    page.get_by_label("To").fill("13:00")
    page.get_by_label("What for (optional)").fill("Eksamenslæsning")
    page.get_by_role("button", name="Book it").click()

    expect(page.get_by_role("status")).to_contain_text("The room is booked.")
    expect(page.get_by_role("link", name=f"Free {when} 11:00")).to_have_count(0)
    expect(page.get_by_role("link", name=f"Free {when} 13:00")).to_have_count(1)

    # The same slot again: refused, and the page says why.
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("From").fill("12:00")
    page.get_by_label("To").fill("13:00")
    page.get_by_role("button", name="Book it").click()
    expect(page.get_by_role("alert")).to_contain_text("The room is already booked at that time.")

    page.get_by_role("link", name="My room bookings").click()
    row = page.get_by_role("row", name=re.compile("Studierummet i kælderen"))
    expect(row).to_contain_text("Eksamenslæsning")
    row.get_by_role("button", name=re.compile("^Cancel booking")).click()
    expect(page.get_by_role("status")).to_contain_text("The booking is cancelled.")
    assert Booking.objects.get().status == "cancelled"
