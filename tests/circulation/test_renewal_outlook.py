"""Beside each loan, staff and API clients see whether the rules would renew it now, and if
not why not or from when: the staff patron page offers "Forny" only where a renewal would
succeed, and the API's loans carry `renewable` and `renewable_from`."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reol.circulation import services
from reol.circulation.models import Block, Loan
from reol.circulation.reservations import place_reservation
from tests.circulation.test_api import API, basic
from tests.circulation.test_staff_pages import staff, text
from tests.factories import make_item, make_patron, make_record, renewable_now


@pytest.fixture
def loans(network):
    """Karen's three Glostrup loans: one in its renewal window, one lent today (its window
    opens a week before the due date), and one in its window that another patron waits for."""
    karen = make_patron(network.glostrup, name="Karen")
    in_window = services.check_out(
        karen, make_item(make_record("Kongens Fald"), network.glostrup_main).barcode,
        "glostrup", now=renewable_now())
    fresh = services.check_out(
        karen, make_item(make_record("Gøgeungen"), network.glostrup_main).barcode, "glostrup")
    wanted_record = make_record("Hærværk")
    wanted = services.check_out(
        karen, make_item(wanted_record, network.glostrup_main).barcode, "glostrup",
        now=renewable_now())
    place_reservation(make_patron(network.glostrup, name="Bo"), wanted_record, "glostrup")
    return karen, in_window, fresh, wanted


def _renew_buttons(page: str) -> int:
    return page.count("/renew/")


def test_the_staff_patron_page_offers_renew_only_where_the_rules_would_renew(
        client, network, loans):
    karen, in_window, fresh, wanted = loans
    client.force_login(staff("birte", network.glostrup))
    page = text(client.get(f"/staff/patrons/{karen.pk}/"))
    assert f"/staff/loans/{in_window.pk}/renew/" in page
    assert f"/staff/loans/{fresh.pk}/renew/" not in page
    assert f"/staff/loans/{wanted.pk}/renew/" not in page
    opens = fresh.due - timedelta(days=7)
    assert f"Kan fornyes fra {opens.day}." in page  # Danish by default: from when
    assert "Kan ikke fornyes: en anden låner venter på materialet." in page


def test_a_blocked_patrons_loans_say_why_and_offer_no_renewal(client, network, loans):
    karen, _, _, _ = loans
    Block.objects.create(patron=karen, code="suspended", reason="")
    client.force_login(staff("birte", network.glostrup))
    client.cookies["django_language"] = "en"
    page = text(client.get(f"/staff/patrons/{karen.pk}/"))
    assert _renew_buttons(page) == 0
    assert "The card is suspended." in page


def test_the_api_loan_says_whether_and_from_when_it_is_renewable(client, network, loans):
    karen, in_window, fresh, wanted = loans
    response = client.get(f"{API}/patron/loans", **basic(karen))
    assert response.status_code == 200
    by_id = {loan["id"]: loan for loan in response.json()}
    assert by_id[in_window.pk]["renewable"] is True
    assert by_id[fresh.pk]["renewable"] is False
    assert by_id[fresh.pk]["renewable_from"] == str(fresh.due - timedelta(days=7))
    assert by_id[wanted.pk]["renewable"] is False  # someone waits for it
    assert by_id[wanted.pk]["renewable_from"] <= str(timezone.localdate())
    # and what it says holds: renewing the one called renewable works, the others are refused
    assert client.post(f"{API}/patron/loans/{in_window.pk}/renew", **basic(karen)
                       ).status_code == 200
    for loan in (fresh, wanted):
        assert client.post(f"{API}/patron/loans/{loan.pk}/renew", **basic(karen)
                           ).status_code == 400


def test_a_returned_loan_in_the_history_is_not_renewable(client, network):
    karen = make_patron(network.glostrup, keep_history=True)
    item = make_item(make_record("Kongens Fald"), network.glostrup_main)
    services.check_out(karen, item.barcode, "glostrup", now=renewable_now())
    services.check_in(item.barcode, "glostrup")
    [returned] = client.get(f"{API}/patron/history", **basic(karen)).json()["loans"]
    assert returned["renewable"] is False and returned["renewable_from"] is None
    assert Loan.objects.get().returned is not None


def test_min_side_says_the_same_as_the_staff_page(client, network, loans):
    karen, in_window, fresh, wanted = loans
    assert client.post("/login/", {"card": karen.card, "pin": "1234"}).status_code == 302
    page = text(client.get("/me/"))
    assert f'name="loan" value="{in_window.pk}"' in page
    assert f'name="loan" value="{fresh.pk}"' not in page
    assert f'name="loan" value="{wanted.pk}"' not in page
    assert "Kan ikke fornyes: en anden låner venter på materialet." in page  # her language
    assert "Kan fornyes fra" in page
