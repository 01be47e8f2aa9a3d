"""In real Chromium: a patron searches, finds one work for two editions and a film, opens
the work page, reserves the book in any edition, and sees the reservation on Min side."""

import re

import pytest
from playwright.sync_api import expect

from reol.circulation import services
from tests.factories import make_item, make_network, make_patron, make_record
from tests.searching import index_caught_up

pytestmark = pytest.mark.browser


@pytest.fixture
def potter(live_server) -> dict:
    network = make_network()
    karen = make_patron(network.glostrup, card="4455667700", pin="2580", language="en")
    first = make_record("Harry Potter og De Vises Sten", creators=["Joanne K. Rowling"],
                        year=1998)
    second = make_record("Harry Potter og De Vises Sten", creators=["Rowling, Joanne K."],
                         year=2015)
    film = make_record("Harry Potter og de Vises Sten", creators=["Chris Columbus"],
                       material_type="film")
    lent = make_item(first, network.glostrup_main)
    services.check_out(make_patron(network.glostrup), lent.barcode, network.glostrup_main)
    make_item(second, network.glostrup_main, status="missing")
    make_item(film, network.glostrup_main)
    index_caught_up()
    return {"patron": karen, "first": first}


def test_search_then_work_page_then_reserve_any_edition_then_min_side(open_page, potter):
    page = open_page()
    page.goto("/login/")
    page.get_by_label("Library card number").fill(potter["patron"].card)
    page.get_by_label("PIN").fill("2580")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/me/$"))

    page.goto("/?q=harry+potter")
    hits = page.locator("li.hit")
    expect(hits).to_have_count(1)
    expect(hits.first).to_contain_text("Book")
    expect(hits.first).to_contain_text("Film")
    hits.first.get_by_role("link", name="Harry Potter og De Vises Sten").click()

    expect(page).to_have_url(re.compile(r"/works/\d+/$"))
    book = page.locator(".reserve-format[data-format=book]")
    expect(book).to_contain_text("0 patrons waiting")
    expect(book).to_contain_text("copies on loan due back")
    book.get_by_role("button", name="Reserve as book (any edition)").click()

    expect(page.get_by_role("status").filter(has_text="any edition")).to_contain_text(
        "You are number 1 in the queue.")
    page.get_by_role("link", name="My reservations").first.click()
    expect(page.get_by_role("main")).to_contain_text("Harry Potter og De Vises Sten")


@pytest.fixture
def kristrup(live_server) -> dict:
    """A Randers patron who collects at the Kristrup branch, and a work whose two book
    editions are both out of reach on the shelf (one lent, one missing)."""
    from reol.libraries.models import Branch

    network = make_network()
    branch = Branch.objects.create(library=network.randers, code="randers-kristrup",
                                   name="Kristrup Bibliotek", kind="branch")
    patron = make_patron(network.randers, card="7730009911", pin="2580", language="en",
                         pickup_branch=branch)
    first = make_record("Kongens Fald", creators=["Johannes V. Jensen"], year=1901)
    second = make_record("Kongens Fald", creators=["Jensen, Johannes V."], year=2014)
    lent = make_item(first, network.randers_main)
    services.check_out(make_patron(network.randers), lent.barcode, network.randers_main)
    make_item(second, network.randers_main, status="missing")
    index_caught_up()
    return {"patron": patron}


def test_on_a_phone_reserve_with_the_pickup_preset_in_one_step_and_cancel_asks_first(
        open_page, kristrup):
    from reol.circulation.models import Reservation

    page = open_page(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page.goto("/login/")
    page.get_by_label("Library card number").fill(kristrup["patron"].card)
    page.get_by_label("PIN").fill("2580")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/me/$"))

    page.goto("/?q=kongens+fald")
    page.locator("li.hit").first.get_by_role("link", name="Kongens Fald").click()
    expect(page).to_have_url(re.compile(r"/works/\d+/$"))
    book = page.locator(".reserve-format[data-format=book]")
    expect(book.get_by_label("Pick up at")).to_have_value("randers-kristrup")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    book.get_by_role("button", name="Reserve as book (any edition)").click()
    # One press reserves: the answer is on the page, no second page to confirm.
    expect(page.get_by_role("status").filter(has_text="any edition")).to_contain_text(
        "You are number 1 in the queue.")
    reservation = Reservation.objects.get()
    assert reservation.any_edition and reservation.pickup_branch.code == "randers-kristrup"

    page.goto("/me/reservations/")
    expect(page.get_by_role("main")).to_contain_text("Kristrup Bibliotek")
    page.get_by_text("Cancel reservation").first.click()
    expect(page.get_by_text("Cancel it? Your place in the queue is lost.")).to_be_visible()
    assert Reservation.objects.get().status == "waiting"  # asking is not cancelling
    page.get_by_role("button", name="Yes, cancel the reservation").click()
    expect(page.get_by_role("status").filter(has_text="cancelled")).to_contain_text(
        "Your reservation of “Kongens Fald” is cancelled.")
    assert Reservation.objects.get().status == "cancelled"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
