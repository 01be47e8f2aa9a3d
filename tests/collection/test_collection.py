"""Buying by demand, weeding and the collection profile, from real loans and reservations."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from reol.catalogue.models import Item
from reol.circulation import services
from reol.circulation.reservations import place_reservation
from reol.collection import rules
from reol.collection.models import CollectionPolicy
from reol.insight import collection
from tests.factories import make_item, make_order, make_patron, make_record

NOW = timezone.make_aware(datetime(2026, 11, 2, 12, 0))


def test_copies_to_buy_bring_the_queue_down_to_the_threshold_less_those_on_order():
    assert rules.copies_to_buy(9, 1, 0, Decimal(4)) == 2  # 3 copies: 3 per copy
    assert rules.copies_to_buy(9, 1, 1, Decimal(4)) == 1
    assert rules.copies_to_buy(9, 1, 5, Decimal(4)) == 0
    assert rules.copies_to_buy(3, 0, 0, Decimal(4)) == 1  # nothing to lend at all
    assert not rules.over_threshold(4, 1, Decimal(4)) and rules.over_threshold(5, 1, Decimal(4))


@pytest.fixture
def queue(network):
    """A bestseller with one copy at Glostrup, on loan, and nine patrons waiting there; a
    quieter title with two copies and three waiting."""
    hit, quiet = make_record("Hit"), make_record("Stille titel")
    lender = make_patron(network.glostrup)
    for record, copies, waiting in ((hit, 1, 9), (quiet, 2, 3)):
        for _ in range(copies):
            services.check_out(lender, make_item(record, network.glostrup_main).barcode,
                               "glostrup", now=NOW)
        for _ in range(waiting):
            place_reservation(make_patron(network.glostrup), record, "glostrup", now=NOW)
    return hit, quiet


def test_the_holds_report_lists_titles_over_the_threshold_with_copies_to_buy(network, queue):
    hit, quiet = queue
    threshold, rows = collection.holds_ratio(network.glostrup)
    assert threshold == Decimal("4.0")
    assert [(r.record, r.waiting, r.copies, r.to_buy) for r in rows] == [(hit, 9, 1, 2)]
    make_order(hit, network.glostrup, 1, date(2026, 11, 1))
    (row,) = collection.holds_ratio(network.glostrup)[1]
    assert row.on_order == 1 and row.to_buy == 1
    # A library's own threshold; a lower one brings in the quieter title.
    CollectionPolicy.objects.create(library=network.glostrup, holds_ratio_threshold=1)
    assert {r.record for r in collection.holds_ratio(network.glostrup)[1]} == {hit, quiet}


def test_received_orders_and_other_libraries_do_not_count(network, queue):
    hit, _ = queue
    make_order(hit, network.glostrup, 3, date(2026, 9, 1), received=3)
    make_order(hit, network.randers, 3, date(2026, 9, 1))
    (row,) = collection.holds_ratio(network.glostrup)[1]
    assert row.on_order == 0 and row.to_buy == 2
    assert collection.holds_ratio(network.randers)[1] == []  # no one waits at Randers
    # Across the network the Randers order counts.
    (row,) = collection.holds_ratio(None)[1]
    assert row.on_order == 3 and row.to_buy == 0


def test_weeding_lists_copies_not_lent_for_years_by_shelf(network):
    old, fresh, new_title = make_record("Gammel", year=1990), make_record("Læst", year=1995), \
        make_record("Ny bog", year=2025)
    patron = make_patron(network.randers)
    sleeping = make_item(old, network.randers_main)
    never = make_item(old, network.randers_main)
    busy = make_item(fresh, network.randers_main)
    spared = make_item(new_title, network.randers_main)
    for item in (sleeping, never, busy, spared):
        item.shelf_location = "Skønlitteratur"
        item.save()
    long_ago = NOW - timedelta(days=365 * 7)
    services.check_out(patron, sleeping.barcode, "randers-hb", now=long_ago)
    services.check_in(sleeping.barcode, "randers-hb", now=long_ago + timedelta(days=10))
    services.check_out(patron, busy.barcode, "randers-hb", now=NOW - timedelta(days=100))
    services.check_in(busy.barcode, "randers-hb", now=NOW - timedelta(days=90))
    years, shelves = collection.weeding(network.randers_main, now=NOW)
    assert years == 5
    (shelf,) = shelves
    assert shelf.name == "Skønlitteratur" and shelf.copies == 4
    found = {w.item: w.last_loan for w in shelf.items}
    assert found == {sleeping: long_ago, never: None}
    # Eight years: the copy lent seven years ago is no longer a candidate.
    assert {w.item for w in collection.weeding(network.randers_main, 8, now=NOW)[1][0].items} \
        == {never}


def test_the_profile_counts_copies_and_loans_by_language_and_subject(network):
    dansk = make_record("Dansk roman", language="dan", subjects=["krimi"])
    english = make_record("English novel", language="eng", subjects=["krimi", "London"])
    patron = make_patron(network.glostrup)
    for _ in range(3):
        make_item(dansk, network.glostrup_main)
    item = make_item(english, network.glostrup_main)
    make_item(english, network.glostrup_main, status=Item.Status.WITHDRAWN)
    for day in (30, 20, 10):
        services.check_out(patron, item.barcode, "glostrup", now=NOW - timedelta(days=day))
        services.check_in(item.barcode, "glostrup", now=NOW - timedelta(days=day - 1))
    asker = make_patron(network.glostrup)
    place_reservation(asker, english, "glostrup", now=NOW - timedelta(days=1))
    p = collection.profile(network.glostrup, end=NOW)
    assert (p.copies, p.titles, p.loans) == (4, 2, 3)
    language = {s.key: (s.copies, s.loans) for s in p.by["language"]}
    assert language == {"dan": (3, 0), "eng": (1, 3)}
    subject = {s.key: (s.titles, s.copies, s.loans) for s in p.by["subject"]}
    assert subject == {"krimi": (2, 4, 3), "London": (1, 1, 3)}
    assert p.highest[0].record == english and p.highest[0].loans_per_copy == 3
    assert p.lowest[0].record == dansk
    demand = {d.code: (d.copies, d.reservations) for d in p.languages}
    assert demand == {"dan": (3, 0), "eng": (1, 1)}
    assert next(d for d in p.languages if d.code == "eng").asked_share == 1.0
