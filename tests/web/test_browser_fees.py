"""Paying a fee in real Chromium: a patron who owes for a late return pays it on Min side
with the test provider ("Testbetaling (kun demo)"), and desk staff take a cash payment."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import expect

from reol.circulation import accounts, services
from reol.circulation.models import AccountEntry, LoanRule
from reol.core.roles import grant
from tests.factories import make_item, make_network, make_patron, make_record

pytestmark = pytest.mark.browser


@pytest.fixture
def owing(live_server, settings) -> dict:
    """Rasmus returned Hærværk 6 days late under Randers' 5 kr. a day: he owes 30 kr."""
    settings.PAYMENT_PROVIDER = "test"
    network = make_network()
    LoanRule.objects.create(library=network.randers, fee_policy="overdue",
                            overdue_fee_per_day=Decimal("5"), max_overdue_fee=Decimal("100"))
    rasmus = make_patron(network.randers, card="7730004455", pin="2580", language="en")
    item = make_item(make_record("Hærværk"), network.randers_main)
    loan = services.check_out(rasmus, item.barcode, "randers-hb",
                              now=timezone.now() - timedelta(days=40))
    type(loan).objects.filter(pk=loan.pk).update(due=timezone.localdate() - timedelta(days=6))
    services.check_in(item.barcode, "randers-hb")
    assert accounts.balance(rasmus) == Decimal("30.00")
    return {"patron": rasmus, "network": network}


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_patron_pays_a_fee_online_with_the_test_provider(open_page, owing, javascript):
    page = open_page(java_script_enabled=javascript)
    page.goto("/login/")
    page.get_by_label("Library card number").fill(owing["patron"].card)
    page.get_by_label("PIN").fill("2580")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/me/$"))

    page.get_by_role("link", name="You owe the library 30.00 kr.").click()
    expect(page.locator(".account")).to_contain_text("Overdue fee: Hærværk")
    expect(page.get_by_label("Amount to pay (kr.)")).to_have_value("30.00")
    page.get_by_role("button", name="Pay online").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Testbetaling (kun demo)")
    expect(page.get_by_text("No card is charged and no money moves.")).to_be_visible()
    page.get_by_role("button", name="Pay (test)").click()

    expect(page).to_have_url(re.compile(r"/me/charges/$"))
    expect(page.get_by_role("status").filter(has_text="Thank you")).to_contain_text(
        "your payment of 30.00 kr. is registered")
    expect(page.locator(".balance")).to_have_text("Owed: 0.00 kr.")
    expect(page.locator(".account")).to_contain_text("Online")
    assert accounts.balance(owing["patron"]) == 0


def test_desk_staff_take_a_cash_payment(open_page, owing):
    user = User.objects.create_user("skranke-randers", password="hemmelig-42")
    grant(user, owing["network"].randers, "desk")
    page = open_page()
    page.goto("/staff/login/")
    page.get_by_label("User name").fill("skranke-randers")
    page.get_by_label("Password").fill("hemmelig-42")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/staff/patrons/{owing['patron'].pk}/")
    expect(page.locator(".balance")).to_have_text("Owed: 30.00 kr.")
    form = page.locator("form.take-payment")
    form.get_by_label("Amount (kr.)").fill("20,00")
    form.get_by_label("Paid by").select_option("cash")
    form.get_by_role("button", name="Register payment").click()
    expect(page.locator(".balance")).to_have_text("Owed: 10.00 kr.")
    assert AccountEntry.objects.get(kind="payment").method == "cash"
