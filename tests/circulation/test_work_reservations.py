"""Reserving a work in a format ("any edition"): every copy of every edition of that format
may fill it, and the usual rules still hold."""

from datetime import datetime

import pytest
from django.utils import timezone

from reol.circulation import services
from reol.circulation.reservations import allocate, place_reservation, reserve_work
from reol.errors import DomainError
from tests.factories import make_item, make_patron

NOW = timezone.make_aware(datetime(2026, 11, 2, 12, 0))


def test_any_edition_takes_the_copy_of_the_other_edition_on_the_shelf(network, potter):
    first, second, audio = potter
    lent = make_item(first, network.randers_main)
    services.check_out(make_patron(network.randers).card, lent.barcode, "randers-hb", now=NOW)
    shelf = make_item(second, network.randers_main)
    make_item(audio, network.randers_main)
    reservation = reserve_work(make_patron(network.randers), first.work, "book", "randers-hb",
                               now=NOW)
    assert reservation.any_edition and reservation.item == shelf


def test_a_returned_copy_of_another_edition_fills_an_any_edition_reservation(network, potter):
    first, second, _ = potter
    only = make_item(second, network.randers_main)
    borrower = make_patron(network.randers)
    services.check_out(borrower.card, only.barcode, "randers-hb", now=NOW)
    make_item(first, network.randers_main, status="missing")  # another edition, not lendable
    waiting = place_reservation(make_patron(network.randers), second, "randers-hb",
                                any_edition=True, now=NOW)
    assert waiting.status == "waiting"
    copy = make_item(first, network.randers_main, status="on_loan")
    services.check_in(copy.barcode, "randers-hb", now=NOW)
    waiting.refresh_from_db()
    assert waiting.item == copy and waiting.status == "on_hold_shelf"


def test_a_specific_edition_is_still_only_that_edition(network, potter):
    first, second, _ = potter
    make_item(first, network.randers_main)
    only = make_item(second, network.randers_main)
    services.check_out(make_patron(network.randers).card, only.barcode, "randers-hb", now=NOW)
    reservation = place_reservation(make_patron(network.randers), second, "randers-hb", now=NOW)
    assert reservation.status == "waiting" and reservation.item is None
    assert allocate(now=NOW, records=[first.pk]).allocated == 0


def test_one_patron_reserves_a_work_in_a_format_once(network, potter):
    first, second, audio = potter
    for record in potter:
        make_item(record, network.randers_main)
    patron = make_patron(network.randers)
    reserve_work(patron, first.work, "book", "randers-hb", now=NOW)
    with pytest.raises(DomainError) as refused:
        place_reservation(patron, second, "randers-hb", now=NOW)
    assert refused.value.code == "already_reserved"
    assert reserve_work(patron, first.work, "audiobook", "randers-hb", now=NOW).record == audio


def test_a_format_the_work_lacks_is_refused(network, potter):
    with pytest.raises(DomainError) as refused:
        reserve_work(make_patron(network.randers), potter[0].work, "film", "randers-hb")
    assert refused.value.code == "no_such_format"
