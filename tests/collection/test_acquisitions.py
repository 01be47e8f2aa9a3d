"""Acquisitions through the services: funds and their budget, order lines, EDIFACT ORDERS,
receiving copies that go to waiting reservations, invoices, patrons' suggestions."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from reol.catalogue.models import Item
from reol.circulation import mine
from reol.circulation.models import PurchaseSuggestion, Reservation, Transit
from reol.circulation.reservations import place_reservation
from reol.collection import edifact, rules, services
from reol.collection.models import CollectionPolicy, Order, OrderLine
from reol.errors import DomainError
from reol.insight import collection
from reol.libraries.models import Branch
from tests.factories import make_item, make_patron, make_record

NOW = timezone.make_aware(datetime(2026, 11, 2, 12, 0))
TODAY = date(2026, 11, 2)


def test_what_a_fund_has_left_and_when_a_line_overspends_it():
    assert rules.left(Decimal(1000), Decimal(300), Decimal(200)) == Decimal(500)
    assert rules.line_cost(3, Decimal("199.95")) == Decimal("599.85")
    assert rules.overspend_refusal("B", Decimal(500), Decimal(0), Decimal(0), Decimal(500),
                                   False) is None
    refusal = rules.overspend_refusal("B", Decimal(500), Decimal(0), Decimal(1), Decimal(500),
                                      False)
    assert refusal.code == "over_budget" and "499,00" in refusal.en
    assert rules.overspend_refusal("B", Decimal(500), Decimal(0), Decimal(1), Decimal(500),
                                   True) is None
    assert rules.money(Decimal("12345.5")) == "12.345,50"


def test_a_delivery_is_refused_beyond_what_is_outstanding_or_with_the_wrong_barcodes():
    assert rules.receipt_refusal(2, 2, [], True) is None
    assert rules.receipt_refusal(2, 1, ["A1"], True) is None
    assert rules.receipt_refusal(2, 2, [], False).code == "order_not_sent"
    assert rules.receipt_refusal(2, 3, [], True).code == "receive_too_many"
    assert rules.receipt_refusal(2, 2, ["A1"], True).code == "barcode_count"
    assert rules.receipt_refusal(2, 2, ["A1", "A1"], True).code == "barcode_twice"
    assert rules.generated_barcodes("716100", 7, 1, 2) == ["71610000000007002",
                                                           "71610000000007003"]
    assert rules.barcodes_from_text("A1\nA2, A3 ") == ["A1", "A2", "A3"]


@pytest.fixture
def shop(network):
    vendor = services.add_vendor(network.glostrup, "Bogleverandøren", "5790000000012", "K-17")
    fund = services.add_fund(network.glostrup, 2026, "VOKSEN", "Voksenbøger", Decimal(1000))
    CollectionPolicy.objects.create(library=network.glostrup, gln="5798000000017")
    record = make_record("Kongens Fald", creators=["Johannes V. Jensen"],
                         isbns=["9788702000009"])
    return vendor, fund, record


def test_lines_commit_the_fund_and_an_overspend_needs_a_leader(network, shop):
    vendor, fund, record = shop
    line = services.add_line(vendor, fund, record, 3, Decimal("250"), today=TODAY)
    assert line.order.sent is None and line.order.vendor == vendor
    (figures,) = services.budget([fund])
    assert (figures.committed, figures.spent, figures.left) == (750, 0, 250)
    with pytest.raises(DomainError) as refused:
        services.add_line(vendor, fund, record, 2, Decimal("150"), today=TODAY)
    assert refused.value.code == "over_budget"
    second = services.add_line(vendor, fund, record, 2, Decimal("150"), today=TODAY,
                               leader_confirms=True)
    assert second.order == line.order  # one open order per vendor gathers the lines
    assert services.budget([fund])[0].left == Decimal("-50")


def test_a_line_never_mixes_libraries(network, shop):
    vendor, _fund, record = shop
    randers_fund = services.add_fund(network.randers, 2026, "VOKSEN", "Voksen", Decimal(100))
    with pytest.raises(DomainError) as refused:
        services.add_line(vendor, randers_fund, record, 1, Decimal(1), today=TODAY)
    assert refused.value.code == "not_one_library"


def test_the_order_goes_as_edifact_orders_that_reads_back_with_its_lines(network, shop):
    vendor, fund, record = shop
    other = make_record("Tusind år i Danmark: Os + dem", isbns=["9788711111116"])
    services.add_line(vendor, fund, record, 3, Decimal("199.95"), today=TODAY)
    line = services.add_line(vendor, fund, other, 1, Decimal("100"), today=TODAY)
    text = services.send_order(line.order, now=NOW)
    assert text.startswith("UNA") and "UNH+" in text and "ORDERS:D:96A:UN:EAN008" in text
    assert "NAD+BY+5798000000017::9'" in text and "NAD+SU+5790000000012::9'" in text
    assert "BGM+220+" in text and "DTM+137:20261102:102'" in text and "UNS+S'" in text
    assert "Os ?+ dem" in text  # the library escapes the format's own characters
    assert edifact.read_lines(text) == [
        edifact.ReadLine("9788702000009", 3, Decimal("199.95")),
        edifact.ReadLine("9788711111116", 1, Decimal("100.00"))]
    line.order.refresh_from_db()
    assert line.order.sent == NOW
    with pytest.raises(DomainError) as refused:
        services.send_order(line.order)
    assert refused.value.code == "order_sent"
    # A new line starts a new open order: the sent one is closed to lines.
    assert services.add_line(vendor, fund, other, 1, Decimal(1)).order != line.order


def test_an_order_without_glns_is_not_sent(network, shop):
    vendor, fund, record = shop
    CollectionPolicy.objects.filter(library=network.glostrup).update(gln="")
    line = services.add_line(vendor, fund, record, 1, Decimal(10))
    with pytest.raises(DomainError) as refused:
        services.send_order(line.order)
    assert refused.value.code == "no_gln"
    assert Order.objects.get(pk=line.order_id).sent is None


def test_receiving_gives_copies_to_the_queue_charges_the_fund_and_shelves_the_rest(
        network, shop):
    vendor, fund, record = shop
    make_item(record, network.glostrup_main, status=Item.Status.ON_LOAN)  # the one copy, out
    here = place_reservation(make_patron(network.glostrup), record, "glostrup", now=NOW)
    line = services.add_line(vendor, fund, record, 3, Decimal("250"), today=TODAY)
    services.send_order(line.order, now=NOW)
    assert collection.holds_ratio(network.glostrup, Decimal("0.1"))[1][0].on_order == 3

    first = services.receive(line, network.glostrup_main, 2, barcodes=["B1", "B2"],
                             shelf="Skønlitteratur", price=Decimal("230"), now=NOW)
    assert [i.barcode for i in first.items] == ["B1", "B2"]
    assert [r.action for r in first.routings] == ["hold_shelf", "shelf"]
    here.refresh_from_db()
    assert here.status == Reservation.Status.ON_HOLD_SHELF and here.item.barcode == "B1"
    assert Item.objects.get(barcode="B2").status == Item.Status.AVAILABLE
    (figures,) = services.budget([fund])
    assert (figures.committed, figures.spent, figures.left) == (250, 460, 290)

    line.refresh_from_db()
    assert line.received == 2 and line.outstanding == 1
    with pytest.raises(DomainError) as refused:
        services.receive(line, network.glostrup_main, 2, now=NOW)
    assert refused.value.code == "receive_too_many"
    with pytest.raises(DomainError) as refused:
        services.receive(line, network.glostrup_main, 1, barcodes=["B1"], now=NOW)
    assert refused.value.code == "barcode_taken"
    last = services.receive(line, network.glostrup_main, 1, now=NOW)  # generated barcode
    assert last.items[0].barcode == rules.generated_barcodes("716100", line.pk, 2, 1)[0]
    assert services.budget([fund])[0].committed == 0
    assert collection.holds_ratio(network.glostrup, Decimal("0.1"))[1] == []


def test_a_copy_received_for_a_reservation_picked_up_elsewhere_goes_in_transit(network):
    vendor = services.add_vendor(network.randers, "BS", "5790000000012")
    fund = services.add_fund(network.randers, 2026, "B", "Børn", Decimal(100))
    CollectionPolicy.objects.create(library=network.randers, gln="5798000000017")
    record = make_record("Rasmus Klump")
    make_item(record, network.randers_main, status=Item.Status.ON_LOAN)
    annex = Branch.objects.create(library=network.randers, code="dronningborg",
                                  name="Dronningborg", kind="branch")
    place_reservation(make_patron(network.randers), record, annex, now=NOW)
    line = services.add_line(vendor, fund, record, 1, Decimal(50))
    services.send_order(line.order)
    done = services.receive(line, network.randers_main, 1, now=NOW)
    assert done.routings[0].action == "transit"
    assert Transit.objects.get(item=done.items[0]).to_branch == annex


def test_receiving_is_refused_before_the_order_is_sent_and_writes_nothing(network, shop):
    vendor, fund, record = shop
    line = services.add_line(vendor, fund, record, 2, Decimal(10))
    with pytest.raises(DomainError) as refused:
        services.receive(line, network.glostrup_main, 1, now=NOW)
    assert refused.value.code == "order_not_sent"
    assert not Item.objects.filter(record=record).exists()
    with pytest.raises(DomainError) as refused:
        services.receive(line, network.randers_main, 1, now=NOW)
    assert refused.value.code == "not_your_library"


def test_an_invoice_covers_deliveries_and_the_budget_shows_it(network, shop):
    vendor, fund, record = shop
    line = services.add_line(vendor, fund, record, 2, Decimal(100))
    services.send_order(line.order)
    receipt = services.receive(line, network.glostrup_main, 2, now=NOW).receipt
    invoice = services.record_invoice(vendor, "F-1", TODAY, Decimal(200), [receipt.pk])
    assert services.budget([fund])[0].invoiced == 200
    assert invoice.receipts.get() == receipt
    with pytest.raises(DomainError) as refused:
        services.record_invoice(vendor, "F-1", TODAY, Decimal(1), [])
    assert refused.value.code == "invoice_exists"


def test_an_accepted_suggestion_is_an_order_line_and_a_declined_one_says_why(network, shop):
    vendor, fund, record = shop
    patron = make_patron(network.glostrup)
    wanted = mine.suggest_purchase(patron, "Kongens Fald")
    line = services.accept_suggestion(wanted, vendor, fund, record, 1, Decimal(200))
    wanted.refresh_from_db()
    assert wanted.status == PurchaseSuggestion.Status.ACCEPTED and line.suggestion == wanted
    with pytest.raises(DomainError) as refused:
        mine.decline_suggestion(wanted, "for sent")
    assert refused.value.code == "suggestion_answered"

    other = mine.suggest_purchase(patron, "Noget på tysk")
    with pytest.raises(DomainError) as refused:
        mine.decline_suggestion(other, "  ")
    assert refused.value.code == "no_reason"
    mine.decline_suggestion(other, "Findes kun på tysk")
    other.refresh_from_db()
    assert other.status == PurchaseSuggestion.Status.DECLINED
    assert other.reason == "Findes kun på tysk"


def test_a_suggestion_to_another_library_is_not_accepted_on_this_librarys_fund(network, shop):
    vendor, fund, record = shop
    wanted = mine.suggest_purchase(make_patron(network.randers), "Kongens Fald")
    with pytest.raises(DomainError) as refused:
        services.accept_suggestion(wanted, vendor, fund, record, 1, Decimal(1))
    assert refused.value.code == "not_one_library"
    assert not OrderLine.objects.exists()
    wanted.refresh_from_db()
    assert wanted.status == PurchaseSuggestion.Status.NEW


def test_a_title_is_found_by_pid_faust_or_isbn(network, shop):
    _vendor, _fund, record = shop
    assert services.find_record(record.pid) == record
    assert services.find_record("978-87-02-00000-9") == record
    with pytest.raises(DomainError) as refused:
        services.find_record("Kongens")
    assert refused.value.code == "unknown_title"


def test_copies_received_away_from_their_home_branch_travel_home(network):
    vendor = services.add_vendor(network.randers, "BS", "5790000000012")
    fund = services.add_fund(network.randers, 2026, "B", "Børn", Decimal(100))
    CollectionPolicy.objects.create(library=network.randers, gln="5798000000017")
    line = services.add_line(vendor, fund, make_record("Rasmus Klump"), 2, Decimal(50))
    services.send_order(line.order)
    done = services.receive(line, network.randers_main, 2, home_branch=network.randers_bus,
                            now=NOW)
    assert [r.action for r in done.routings] == ["transit", "transit"]
    assert {t.to_branch for t in Transit.objects.filter(item__in=done.items)} == {
        network.randers_bus}
