"""A guest in real Chromium finds an event in the calendar, registers for it and confirms by
the link in the mail."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reol.events.models import Registration
from reol.events.services import SeriesData, create_series
from tests.events.helpers import confirmation_token
from tests.factories import make_network

pytestmark = pytest.mark.browser


@pytest.fixture
def reading_dog(live_server):
    make_network()
    start = timezone.localtime(timezone.now() + timedelta(days=2)).replace(
        hour=16, minute=0, second=0, microsecond=0)
    series = create_series(SeriesData(
        library="773000", branch="randers-hb", title="Læsehund", category="reading",
        audiences=["children"], first_start=start, capacity=3, registration_required=True))
    return series.occurrences.get()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_guest_registers_for_an_event(open_page, reading_dog, javascript):
    page = open_page(java_script_enabled=javascript)
    page.goto("/events/?audience=children")
    page.get_by_role("link", name="Læsehund").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Læsehund")
    expect(page.locator(".places")).to_have_text("3 places left.")

    page.get_by_label("Your name").fill("Ida Holm")
    page.get_by_label("Your email").fill("ida@example.dk")
    page.get_by_label("Number of people").fill("2")
    page.get_by_role("button", name="Sign up").click()

    expect(page.get_by_role("status").filter(has_text="Almost done")).to_contain_text(
        "ida@example.dk")
    expect(page.locator(".places")).to_have_text("3 places left.")  # nothing taken yet
    assert not Registration.objects.exists()

    page.goto(f"/events/confirm/{confirmation_token('ida@example.dk')}/")
    page.get_by_role("button", name="Confirm my registration").click()
    expect(page.get_by_role("status")).to_contain_text("You are registered.")
    page.get_by_role("link", name="Læsehund").click()
    expect(page.locator(".places")).to_have_text("1 place left.")
    registration = Registration.objects.get(email="ida@example.dk")
    assert registration.status == "confirmed" and registration.party_size == 2
