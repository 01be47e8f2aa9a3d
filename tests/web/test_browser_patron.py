"""A patron in real Chromium logs in with card and PIN, opens My loans and renews a loan."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from reol.circulation import services
from tests.factories import make_item, make_network, make_patron, make_record

pytestmark = pytest.mark.browser


@pytest.fixture
def borrower(live_server) -> dict:
    """Karen borrowed Kongens Fald 20 days ago: due in 10 days, 30 days after a renewal."""
    network = make_network()
    karen = make_patron(network.glostrup, card="4455667788", pin="2580", language="en")
    item = make_item(make_record("Kongens Fald", creators=["Johannes V. Jensen"]),
                     network.glostrup_main)
    loan = services.check_out(karen, item.barcode, network.glostrup_main,
                              now=timezone.now() - timedelta(days=20))
    return {"patron": karen, "loan": loan}


def shown(day) -> str:
    with translation.override("en"):
        return date_format(day)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_patron_logs_in_and_renews_a_loan(open_page, borrower, javascript):
    old_due = borrower["loan"].due
    new_due = timezone.localdate() + timedelta(days=30)
    page = open_page(java_script_enabled=javascript)
    page.goto("/")
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Log in").click()

    page.get_by_label("Library card number").fill(borrower["patron"].card)
    page.get_by_label("PIN").fill("2580")
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My loans")
    row = page.get_by_role("row", name=re.compile("^Kongens Fald"))
    due = row.locator("time.due")
    expect(due).to_have_text(shown(old_due))

    row.get_by_role("button", name="Renew Kongens Fald").click()

    expect(page.get_by_role("status").filter(has_text="renewed")).to_contain_text(
        "1 loan renewed.")
    expect(due).to_have_attribute("datetime", new_due.isoformat())
    expect(due).to_have_text(shown(new_due))
    expect(row).to_contain_text("Renewed.")
    expect(row).to_contain_text("1 of 3")
