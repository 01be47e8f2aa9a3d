"""A cataloguer in real Chromium: logs in, makes a record in the form (an ISBN with a wrong
check digit and a year in the future are both marked at once, nothing saved), corrects them,
saves, adds ten copies from a barcode range, and finds the record on the public page; all
on a phone's width."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from reol.core.roles import grant
from tests.factories import make_network

pytestmark = pytest.mark.browser


@pytest.fixture
def cataloguer(live_server) -> None:
    network = make_network()
    user = User.objects.create_user("kirsten", password="hemmelig-42")
    grant(user, network.glostrup, "cataloguing")


def test_a_cataloguer_makes_a_record_and_adds_copies(open_page, cataloguer):
    page = open_page(viewport={"width": 360, "height": 740})  # a phone: forms fit its width
    page.goto("/staff/login/")
    page.get_by_label("User name").fill("kirsten")
    page.get_by_label("Password").fill("hemmelig-42")
    page.get_by_role("button", name="Log in").click()
    page.goto("/staff/catalogue/")
    page.get_by_role("link", name="New record").click()

    page.get_by_label("Title : subtitle (245 $a $b)").fill("Kongens Fald : roman")
    page.get_by_label("Creators, one a line (100, 700 $a)").fill("Johannes V. Jensen")
    page.get_by_label("ISBN, one a line (020 $a)").fill("978-87-02-17335-8")
    page.get_by_label("Year (008/07-10, 264 $c)").fill("2999")
    page.get_by_label("Language, ISO 639-2 code (008/35-37)").fill("dan")
    page.get_by_label("Subjects, one a line (650 $a)").fill("Christian II\nStockholms blodbad")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name="Save record").click()

    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved.")
    expect(page.locator(".field-error")).to_have_count(2)
    expect(page.get_by_role("main")).to_contain_text("978-87-02-17335-8")
    page.get_by_label(re.compile(r"^ISBN, one a line")).fill("978-87-02-17335-2")
    page.get_by_label(re.compile(r"^Year")).fill("1901")
    page.get_by_role("button", name="Save record").click()

    expect(page.get_by_role("status").filter(has_text="The record is saved.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/staff/records/716100-katalog:\d+/edit/$"))
    page.get_by_role("link", name="Add copies").click()
    page.get_by_label(re.compile(r"^Barcodes")).fill("5000123-5000132")
    page.get_by_label("Shelf").fill("Romaner")
    page.get_by_role("button", name="Add copies").click()
    expect(page.get_by_role("status").filter(has_text="10 copies are added.")).to_be_visible()
    expect(page.locator("table.staff-list tbody tr")).to_have_count(10)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_role("link", name="Public page").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kongens Fald")
    expect(page.get_by_role("main")).to_contain_text("Johannes V. Jensen")
