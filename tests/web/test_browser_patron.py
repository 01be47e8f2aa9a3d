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
    """Karen borrowed Kongens Fald 26 days ago: due in 4 days (within the week a loan may be
    renewed), 30 days after a renewal. Gift, borrowed today, may not be renewed yet."""
    network = make_network()
    karen = make_patron(network.glostrup, card="4455667788", pin="2580", language="en")
    item = make_item(make_record("Kongens Fald", creators=["Johannes V. Jensen"]),
                     network.glostrup_main)
    loan = services.check_out(karen, item.barcode, network.glostrup_main,
                              now=timezone.now() - timedelta(days=26))
    fresh = make_item(make_record("Gift"), network.glostrup_main)
    services.check_out(karen, fresh.barcode, network.glostrup_main)
    return {"patron": karen, "loan": loan, "network": network}


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

    fresh = page.get_by_role("row", name=re.compile("^Gift"))
    expect(fresh).to_contain_text("Can be renewed from")
    expect(fresh.get_by_role("button")).to_have_count(0)


def log_in(page, patron) -> None:
    page.goto("/login/")
    page.get_by_label("Library card number").fill(patron.card)
    page.get_by_label("PIN").fill("2580")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/me/$"))


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_min_side_charges_list_suggestions_and_notices(open_page, borrower, javascript):
    from decimal import Decimal

    from reol.circulation.models import LoanRule

    network = borrower["network"]
    LoanRule.objects.create(library=network.glostrup, fee_policy="overdue",
                            overdue_fee_per_day=Decimal("5"), max_overdue_fee=Decimal("50"))
    late = make_item(make_record("Hærværk"), network.glostrup_main)
    services.check_out(borrower["patron"], late.barcode, network.glostrup_main,
                       now=timezone.now() - timedelta(days=35))
    services.check_in(late.barcode, network.glostrup_main)  # 5 days late: 25 kr.
    wanted = make_record("Den kroniske uskyld")
    page = open_page(java_script_enabled=javascript)
    log_in(page, borrower["patron"])

    page.get_by_role("link", name="You owe the library 25.00 kr.").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Charges")
    expect(page.locator(".account")).to_contain_text("Overdue fee: Hærværk")
    expect(page.locator(".account")).to_contain_text("25.00 kr.")

    page.goto(f"/records/{wanted.pid}/")
    page.get_by_role("button", name="Add to my list").click()
    expect(page.get_by_role("button", name="Remove from my list")).to_be_visible()
    page.goto("/me/favourites/")
    expect(page.locator(".favourites")).to_contain_text("Den kroniske uskyld")

    page.get_by_role("navigation", name="My page").get_by_role(
        "link", name="Purchase suggestions").click()
    page.get_by_label("Title").fill("Tusind år i Danmark")
    page.get_by_role("button", name="Send suggestion").click()
    expect(page.locator(".suggestions")).to_contain_text("Tusind år i Danmark")
    expect(page.locator(".suggestions")).to_contain_text("Received")

    page.get_by_role("navigation", name="My page").get_by_role("link", name="Notices").click()
    due_soon = page.get_by_role("group", name="Due in 3 days")
    due_soon.get_by_label("SMS").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your notice settings are saved.")).to_be_visible()
    borrower["patron"].refresh_from_db()
    assert "sms:due_soon" in borrower["patron"].notices_off
    assert "email:due_soon" not in borrower["patron"].notices_off
