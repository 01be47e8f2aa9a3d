"""A stocktake in real Chromium, at phone width: a librarian starts counting a section, scans
copies with the keyboard as the scanner, uploads a handheld's list, reads the report's lists
and confirms, and the copies not scanned are missing."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from reol.catalogue.models import Item
from reol.circulation import services
from reol.core.roles import grant
from tests.factories import make_item, make_network, make_patron, make_record

pytestmark = pytest.mark.browser


@pytest.fixture
def shelf(live_server, tmp_path) -> dict:
    network = make_network()
    librarian = User.objects.create_user("birte", password="hemmelig-42")
    grant(librarian, network.glostrup, "desk")
    copies = {}
    for title, shelf_location in (("Kongens Fald", "Voksen · 99.4"), ("Himmerlandshistorier",
                                  "Voksen · 99.4"), ("Væk", "Voksen · 99.4"),
                                  ("Udlånt", "Voksen · 77.7"), ("Billedbog", "Børn · 77.7")):
        copy = make_item(make_record(title), network.glostrup_main)
        Item.objects.filter(pk=copy.pk).update(shelf_location=shelf_location)
        copies[title] = copy.barcode
    services.check_out(make_patron(network.glostrup), copies["Udlånt"], "glostrup")
    handheld = tmp_path / "handheld.csv"
    handheld.write_text(f"barcode;time\n{copies['Himmerlandshistorier']};10:02\n"
                        f"{copies['Billedbog']};10:03\n")
    return {"copies": copies, "handheld": handheld}


def test_a_librarian_counts_a_section_and_confirms(open_page, shelf):
    copies = shelf["copies"]
    page = open_page(viewport={"width": 360, "height": 740})
    page.goto("/staff/stocktakes/")
    page.get_by_label("User name").fill("birte")
    page.get_by_label("Password").fill("hemmelig-42")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Stocktakes at Glostrup Bibliotek")
    page.get_by_label("Section", exact=True).check()
    page.get_by_label("Section or the start of a shelf location").fill("Voksen")
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stocktake at Glostrup Bibliotek")

    barcode = page.get_by_label("Scan a barcode")
    expect(barcode).to_be_focused()
    page.keyboard.type(copies["Kongens Fald"])
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text(
        f"{copies['Kongens Fald']}: in its place")
    expect(barcode).to_be_focused()
    page.keyboard.type(copies["Udlånt"])
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("was on loan or missing: checked in")

    page.get_by_label("Or upload a handheld scanner's list").set_input_files(shelf["handheld"])
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("2 barcodes read, 2 new")

    expect(page.locator("#list-not_scanned .count")).to_have_text("1")
    expect(page.locator("#list-wrong_place .count")).to_have_text("1")
    expect(page.locator("#list-checked_in .count")).to_have_text("1")
    expect(page.locator("#report-list")).to_contain_text("Væk")
    page.get_by_role("link", name="Scanned in the wrong place").click()
    expect(page.locator("#report-list")).to_contain_text("Billedbog")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the report is {width} px wide on a 360 px phone"

    page.get_by_role("button", name="Confirm the stocktake").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Stocktake confirmed: 1 copy is now missing.")
    expect(page.locator("#stocktake-state")).to_have_text("Confirmed")
    statuses = dict(Item.objects.values_list("barcode", "status"))
    assert statuses[copies["Væk"]] == "missing"
    assert statuses[copies["Kongens Fald"]] == statuses[copies["Udlånt"]] == "available"
