"""A librarian at the desk in real Chromium, with the keyboard as the scanner: log in, scan a
card, scan an item to lend it, switch to check-in and scan it back; the one input keeps the
focus all along, with JavaScript (htmx swaps the desk in place) and without (post, redirect)."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from reol.circulation.models import Loan
from reol.core.roles import grant
from tests.factories import make_item, make_network, make_patron, make_record

pytestmark = pytest.mark.browser


@pytest.fixture
def counter(live_server) -> dict:
    network = make_network()
    librarian = User.objects.create_user("birte", password="hemmelig-42")
    grant(librarian, network.glostrup, "desk")
    karen = make_patron(network.glostrup, name="Karen Blixen", card="4455667788")
    item = make_item(make_record("Kongens Fald", creators=["Johannes V. Jensen"]),
                     network.glostrup_main)
    return {"patron": karen, "item": item}


def scan(page: Page, code: str) -> None:
    """A scanner types the code and Enter into whatever has the focus."""
    page.keyboard.type(code)
    page.keyboard.press("Enter")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_librarian_lends_and_takes_back_by_scanning(open_page, counter, javascript):
    page = open_page(java_script_enabled=javascript)
    page.goto("/staff/")
    page.get_by_label("User name").fill("birte")
    page.get_by_label("Password").fill("hemmelig-42")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Desk at Glostrup Bibliotek")
    if javascript:  # the desk's script has taken over the form (deferred: after parsing)
        expect(page.locator("#desk-scan")).to_have_attribute("data-ready", "true")
        page.evaluate("window.stillTheSamePage = true")

    code = page.get_by_label("Card or barcode")
    acts = page.get_by_role("list").and_(page.locator("#desk-acts"))
    expect(acts).to_have_attribute("aria-live", "polite")
    expect(code).to_be_focused()

    scan(page, counter["patron"].card)
    expect(page.get_by_role("heading", name="Karen Blixen")).to_be_visible()
    expect(acts.get_by_role("listitem").first).to_contain_text("Now serving Karen Blixen")
    expect(code).to_be_focused()
    expect(code).to_have_value("")

    barcode = counter["item"].barcode
    scan(page, barcode)
    expect(acts.get_by_role("listitem").first).to_contain_text("Lent: Kongens Fald")
    expect(page.get_by_text(re.compile(r"^1 loan$"))).to_be_visible()
    expect(code).to_be_focused()
    expect(code).to_have_value("")
    assert Loan.objects.filter(item=counter["item"], patron=counter["patron"],
                               returned__isnull=True).exists()

    page.get_by_role("button", name="Check in").click()
    expect(page.get_by_role("button", name="Check in")).to_have_attribute("aria-pressed", "true")
    expect(code).to_be_focused()
    scan(page, barcode)
    latest = acts.get_by_role("listitem").first
    expect(latest).to_contain_text("Put back on the shelf")
    expect(latest).to_contain_text("Checked in: Kongens Fald")
    expect(acts.get_by_role("listitem")).to_have_count(3)
    expect(code).to_be_focused()
    expect(code).to_have_value("")
    assert not Loan.objects.filter(item=counter["item"], returned__isnull=True).exists()
    if javascript:
        assert page.evaluate("window.stillTheSamePage"), "a scan reloaded the whole page"
