"""A patron in real Chromium borrows an e-book within the month's cap, is told why the next
one cannot be borrowed beyond it, and can still borrow a title free of charge."""

import re

import pytest
from playwright.sync_api import expect

from reol.digital.models import DigitalTerms
from tests.digital.conftest import make_title
from tests.factories import make_network, make_patron

pytestmark = pytest.mark.browser


@pytest.fixture
def ereolen(live_server) -> dict:
    """Glostrup lets a patron borrow one e-book a month."""
    network = make_network()
    DigitalTerms.objects.create(library=network.glostrup, ebook_cap=1)
    return {"patron": make_patron(network.glostrup, card="4455667788", pin="2580",
                                  language="en"),
            "first": make_title(title="Kvinden i buret"),
            "second": make_title(title="Fasandræberne"),
            "free": make_title("free", title="Flaskepost fra P")}


def test_patron_borrows_an_ebook_within_the_cap_and_is_told_why_not_beyond_it(open_page,
                                                                             ereolen):
    page = open_page()
    page.goto(f"/records/{ereolen['first'].record.pid}/")
    page.get_by_role("link", name="Log in to borrow").click()
    page.get_by_label("Library card number").fill("4455667788")
    page.get_by_label("PIN").fill("2580")
    page.get_by_role("button", name="Log in").click()

    panel = page.locator("#digital")
    expect(panel).to_contain_text("1 loan of this kind left this month")
    panel.get_by_role("button", name=re.compile("^Borrow now")).click()

    expect(page).to_have_url(re.compile(r"/me/digital/$"))
    expect(page.get_by_role("status").filter(has_text="yours")).to_contain_text(
        "Kvinden i buret")
    loans = page.locator(".digital-loans")
    expect(loans.get_by_role("link", name="Kvinden i buret", exact=True)).to_be_visible()
    expect(loans.get_by_role("link", name=re.compile("^Open"))).to_have_attribute(
        "href", re.compile(r"^/digital/access/"))
    expect(page.locator(".caps li[data-kind=ebook]")).to_contain_text("E-books: 0 of 1")

    page.goto(f"/records/{ereolen['second'].record.pid}/")
    panel = page.locator("#digital")
    expect(panel.locator(".notice-error")).to_contain_text(
        "You have reached your library's limit for e-books this month (1 a month)")
    expect(panel.get_by_role("button", name=re.compile("^Borrow now"))).to_have_count(0)

    page.goto(f"/records/{ereolen['free'].record.pid}/")
    page.locator("#digital").get_by_role("button", name=re.compile("^Borrow now")).click()
    expect(page.locator(".digital-loans")).to_contain_text("Flaskepost fra P")
