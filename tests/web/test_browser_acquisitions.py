"""An acquisitions librarian in real Chromium receives an order: logs in, opens the budget,
the order, sends it, receives one copy by scanning its barcode — it goes straight to the
patron waiting for the title — and the rest with generated barcodes; the fund is charged."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from reol.catalogue.models import Item
from reol.circulation.models import Reservation
from reol.circulation.reservations import place_reservation
from reol.collection import services
from reol.collection.models import CollectionPolicy
from reol.core.roles import grant
from tests.factories import make_item, make_network, make_patron, make_record

pytestmark = pytest.mark.browser


@pytest.fixture
def order(live_server) -> dict:
    network = make_network()
    buyer = User.objects.create_user("agnete", password="hemmelig-42")
    grant(buyer, network.glostrup, "acquisitions")
    CollectionPolicy.objects.create(library=network.glostrup, gln="5798000000017")
    vendor = services.add_vendor(network.glostrup, "Bogleverandøren", "5790000000012")
    fund = services.add_fund(network.glostrup, 2026, "VOKSEN", "Voksenbøger", Decimal(5000))
    record = make_record("Kongens Fald", creators=["Johannes V. Jensen"])
    make_item(record, network.glostrup_main, status=Item.Status.ON_LOAN)  # the one copy, out
    waiting = place_reservation(make_patron(network.glostrup, name="Karen Blixen"), record,
                                "glostrup")
    line = services.add_line(vendor, fund, record, 3, Decimal("249.95"))
    return {"line": line, "fund": fund, "waiting": waiting}


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_librarian_sends_and_receives_an_order(open_page, order, javascript):
    page = open_page(java_script_enabled=javascript)
    page.goto("/staff/login/")
    page.get_by_label("User name").fill("agnete")
    page.get_by_label("Password").fill("hemmelig-42")
    page.get_by_role("button", name="Log in").click()
    page.goto("/staff/acquisitions/?year=2026")
    expect(page.get_by_role("heading", level=1)).to_have_text("Acquisitions")
    expect(page.locator("table.budget")).to_contain_text("749.85")  # committed
    page.get_by_role("link", name=f"Order {order['line'].order_id}").click()
    page.get_by_role("button", name="Send the order").click()
    expect(page.get_by_role("status")).to_contain_text("The order is sent")
    expect(page.get_by_role("link", name="EDIFACT file for the vendor")).to_be_visible()

    page.locator("summary", has_text="Receive").click()  # opens the line's receive form
    page.get_by_label("Copies received").fill("1")
    page.get_by_label("Barcodes").fill("REOL-0001")
    page.get_by_label("Shelf").fill("Romaner")
    page.get_by_label("Actual price each (DKK)").fill("230")
    page.get_by_role("button", name="Receive the copies").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Received 1 of “Kongens Fald”: REOL-0001. 1 go to waiting reservations.")
    expect(page.locator(".order-lines")).to_contain_text("3 ordered, 1 received")

    page.locator("summary", has_text="Receive").click()
    page.get_by_label("Copies received").fill("5")  # more than outstanding
    page.get_by_role("button", name="Receive the copies").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved")
    expect(page.locator(".field-error")).to_contain_text("Between 1 and 2 copies")
    page.get_by_label("Copies received").fill("2")
    page.get_by_role("button", name="Receive the copies").click()
    expect(page.get_by_role("status")).to_contain_text("Received 2 of “Kongens Fald”")

    waiting = order["waiting"]
    waiting.refresh_from_db()
    assert waiting.status == Reservation.Status.ON_HOLD_SHELF
    assert waiting.item.barcode == "REOL-0001" and waiting.item.shelf_location == "Romaner"
    assert Item.objects.filter(record=order["line"].record).count() == 4
    (figures,) = services.budget([order["fund"]])
    assert figures.spent == Decimal("729.90")  # 230 + 2 × 249.95 and figures.committed == 0
