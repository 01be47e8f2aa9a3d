"""The acquisitions pages through real HTTP, as acquisitions staff, leaders, desk staff and
staff of another library meet them."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client

from reol.catalogue.models import Item
from reol.circulation import mine
from reol.circulation.models import PurchaseSuggestion
from reol.collection import services
from reol.collection.models import CollectionPolicy, Order, OrderLine
from reol.core.roles import grant
from tests.factories import make_patron, make_record


def staff(network, name: str, role: str, library=None) -> Client:
    user = User.objects.create_user(name, password="hemmelig-42")
    grant(user, library or network.glostrup, role)
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


@pytest.fixture
def shop(network):
    vendor = services.add_vendor(network.glostrup, "Bogleverandøren", "5790000000012")
    fund = services.add_fund(network.glostrup, 2026, "VOKSEN", "Voksenbøger", Decimal(1000))
    CollectionPolicy.objects.create(library=network.glostrup, gln="5798000000017")
    record = make_record("Kongens Fald", isbns=["9788702000009"])
    return vendor, fund, record


def line_form(vendor, fund, record, **changes) -> dict:
    return {"title": record.pid, "quantity": "2", "price": "250,00", "vendor": vendor.pk,
            "fund": fund.pk, **changes}


def test_acquisitions_staff_order_a_title_and_see_the_fund_committed(network, shop):
    vendor, fund, record = shop
    buyer = staff(network, "anna", "acquisitions")
    answer = buyer.post("/staff/acquisitions/lines/new/", line_form(vendor, fund, record))
    assert answer.status_code == 302
    line = OrderLine.objects.get()
    assert (line.quantity, line.price, line.fund) == (2, Decimal(250), fund)
    page = buyer.get("/staff/acquisitions/?year=2026").content.decode()
    assert "VOKSEN" in page and "500.00" in page and "Bogleverandøren" in page


def test_the_line_form_shows_every_error_at_once_and_saves_nothing(network, shop):
    buyer = staff(network, "anna", "acquisitions")
    answer = buyer.post("/staff/acquisitions/lines/new/",
                        {"title": "", "quantity": "0", "price": "gratis"})
    page = answer.content.decode()
    assert answer.status_code == 400 and "Nothing was saved." in page
    assert page.count('class="error"') == 5  # title, copies, price, vendor, fund
    assert not OrderLine.objects.exists()


def test_an_overspend_is_refused_unless_a_leader_confirms(network, shop):
    vendor, fund, record = shop
    dear = line_form(vendor, fund, record, quantity="5", leader_confirms="on")
    buyer = staff(network, "anna", "acquisitions")
    answer = buyer.post("/staff/acquisitions/lines/new/", dear)
    assert answer.status_code == 400 and "A leader can confirm" in answer.content.decode()
    assert not OrderLine.objects.exists()
    leader = staff(network, "lene", "leader")
    assert leader.post("/staff/acquisitions/lines/new/", dear).status_code == 302
    assert OrderLine.objects.get().quantity == 5


def test_an_order_is_sent_downloaded_as_edifact_and_received_with_scanned_barcodes(
        network, shop):
    vendor, fund, record = shop
    line = services.add_line(vendor, fund, record, 2, Decimal(250))
    buyer = staff(network, "anna", "acquisitions")
    assert buyer.post(f"/staff/acquisitions/orders/{line.order_id}/send/").status_code == 302
    edi = buyer.get(f"/staff/acquisitions/orders/{line.order_id}/order.edi")
    assert edi.status_code == 200 and b"QTY+21:2'" in edi.content
    assert edi["Content-Disposition"].startswith("attachment")
    prefix = f"line{line.pk}-"
    wrong = buyer.post(f"/staff/acquisitions/lines/{line.pk}/receive/", {
        prefix + "quantity": "2", prefix + "barcodes": "R1", prefix + "branch":
        network.glostrup_main.pk, prefix + "home_branch": network.glostrup_main.pk,
        prefix + "loan_category": "standard", prefix + "price": "240"})
    assert wrong.status_code == 400 and "one barcode per copy" in wrong.content.decode()
    assert not Item.objects.filter(record=record).exists()
    right = buyer.post(f"/staff/acquisitions/lines/{line.pk}/receive/", {
        prefix + "quantity": "2", prefix + "barcodes": "R1\nR2", prefix + "branch":
        network.glostrup_main.pk, prefix + "home_branch": network.glostrup_main.pk,
        prefix + "shelf": "Romaner", prefix + "loan_category": "standard",
        prefix + "price": "240"})
    assert right.status_code == 302
    assert set(Item.objects.filter(record=record).values_list("barcode", "shelf_location")) \
        == {("R1", "Romaner"), ("R2", "Romaner")}
    assert services.budget([fund])[0].spent == Decimal(480)


def test_a_suggestion_is_accepted_into_an_order_line_on_the_acquisitions_page(network, shop):
    vendor, fund, record = shop
    wanted = mine.suggest_purchase(make_patron(network.glostrup), "Kongens Fald")
    listed = staff(network, "anna", "acquisitions").get("/staff/suggestions/").content.decode()
    assert f"/staff/acquisitions/lines/new/?suggestion={wanted.pk}" in listed
    buyer = staff(network, "bo", "acquisitions")
    assert "Accept a purchase suggestion" in buyer.get(
        f"/staff/acquisitions/lines/new/?suggestion={wanted.pk}").content.decode()
    buyer.post("/staff/acquisitions/lines/new/",
               line_form(vendor, fund, record, quantity="1", suggestion=wanted.pk))
    wanted.refresh_from_db()
    assert wanted.status == PurchaseSuggestion.Status.ACCEPTED
    assert OrderLine.objects.get().suggestion == wanted


def test_desk_staff_do_not_buy(network, shop):
    desk = staff(network, "dorte", "desk")
    assert desk.get("/staff/acquisitions/").status_code == 403
    assert desk.get("/staff/acquisitions/lines/new/").status_code == 403
    assert desk.get("/staff/acquisitions/invoices/").status_code == 403


def test_staff_of_another_library_neither_see_nor_touch_this_librarys_orders(network, shop):
    vendor, fund, record = shop
    line = services.add_line(vendor, fund, record, 2, Decimal(250))
    randers = staff(network, "rikke", "acquisitions", network.randers)
    assert randers.get(f"/staff/acquisitions/orders/{line.order_id}/").status_code == 403
    assert randers.get(f"/staff/acquisitions/orders/{line.order_id}/order.edi") \
        .status_code == 403
    assert randers.post(f"/staff/acquisitions/orders/{line.order_id}/send/").status_code == 403
    assert Order.objects.get().sent is None
    services.send_order(line.order)
    assert randers.post(f"/staff/acquisitions/lines/{line.pk}/receive/", {}).status_code == 403
    # Glostrup's fund and vendor are no choice on Randers' form.
    answer = randers.post("/staff/acquisitions/lines/new/", line_form(vendor, fund, record))
    assert answer.status_code == 400 and OrderLine.objects.count() == 1
    overview = randers.get("/staff/acquisitions/").content.decode()
    assert "VOKSEN" not in overview and "Bogleverandøren" not in overview
    wanted = mine.suggest_purchase(make_patron(network.glostrup), "Gift")
    assert randers.get(f"/staff/acquisitions/lines/new/?suggestion={wanted.pk}") \
        .status_code == 403


def test_vendors_and_funds_are_added_with_all_errors_shown_at_once(network):
    buyer = staff(network, "anna", "acquisitions")
    bad = buyer.post("/staff/acquisitions/setup/", {
        "fund-library": network.glostrup.pk, "fund-year": "19", "fund-code": "",
        "fund-name": "", "fund-budget": "-5"})
    assert bad.status_code == 400 and bad.content.decode().count('class="error"') == 4
    good = buyer.post("/staff/acquisitions/setup/", {
        "fund-library": network.glostrup.pk, "fund-year": "2026", "fund-code": "BØRN",
        "fund-name": "Børnebøger", "fund-budget": "50000"})
    assert good.status_code == 302
    again = buyer.post("/staff/acquisitions/setup/", {
        "fund-library": network.glostrup.pk, "fund-year": "2026", "fund-code": "BØRN",
        "fund-name": "Igen", "fund-budget": "1"})
    assert "already has a fund with that code in 2026" in again.content.decode()
    vendor = buyer.post("/staff/acquisitions/setup/", {
        "vendor-library": network.glostrup.pk, "vendor-name": "BC", "vendor-gln": "123"})
    assert vendor.status_code == 400 and "A GLN has 13 digits." in vendor.content.decode()
    randers = buyer.post("/staff/acquisitions/setup/", {
        "vendor-library": network.randers.pk, "vendor-name": "BC"})
    assert randers.status_code == 400  # not a library of hers


def test_kroner_are_read_with_a_comma_or_a_point_in_either_language():
    from reol.collection.forms_acquisitions import KronerField

    field = KronerField(max_digits=12, decimal_places=2)
    assert field.clean("1.234,50") == Decimal("1234.50")
    assert field.clean("249,95") == field.clean("249.95") == Decimal("249.95")
    assert field.clean("1,234.50") == Decimal("1234.50")
