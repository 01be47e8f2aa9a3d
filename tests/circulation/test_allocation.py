"""Allocation over the database: which copy fills which reservation, and why."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from reol.catalogue.models import Item
from reol.circulation import services
from reol.circulation.models import Reservation
from reol.circulation.reservations import (
    allocate,
    cancel_reservation,
    change_pickup,
    expire,
    pause_reservation,
    place_reservation,
    pull,
    queue_position,
)
from reol.libraries.models import Branch
from tests.factories import make_item, make_patron, make_record

NOW = timezone.make_aware(datetime(2026, 11, 2, 12, 0))


@pytest.fixture
def randers_branch(network):
    return Branch.objects.create(library=network.randers, code="randers-kristrup",
                                 name="Kristrup", kind="branch")


def test_a_reservation_takes_the_copy_at_its_pickup_branch(network, randers_branch):
    record = make_record("Kongens Fald")
    far = make_item(record, randers_branch)
    near = make_item(record, network.randers_main)
    patron = make_patron(network.randers)
    reservation = place_reservation(patron, record, "randers-hb", now=NOW)
    assert reservation.status == "allocated" and reservation.item == near
    assert reservation.allocation["transport_days"] == 0
    assert reservation.allocation["queue_position"] == 1
    routing = pull(near.barcode, "randers-hb", now=NOW)
    assert routing.action == "hold_shelf"
    far.refresh_from_db()
    assert far.status == Item.Status.AVAILABLE


def test_a_copy_elsewhere_is_pulled_and_sent(network, randers_branch):
    record = make_record("Kongens Fald")
    copy = make_item(record, randers_branch)
    reservation = place_reservation(make_patron(network.randers), record, "randers-hb", now=NOW)
    assert reservation.item == copy and reservation.allocation["transport_days"] == 1
    routing = pull(copy.barcode, "randers-kristrup", now=NOW)
    assert routing.action == "transit" and routing.to_branch == network.randers_main
    arrived = services.check_in(copy.barcode, "randers-hb", now=NOW + timedelta(days=1))
    assert arrived.routing.action == "hold_shelf"


def test_paused_reservations_wait_and_others_go_first(network):
    record = make_record("Kongens Fald")
    copy = make_item(record, network.glostrup_main)
    services.check_out(make_patron(network.glostrup), copy.barcode, "glostrup", now=NOW)
    first = place_reservation(make_patron(network.glostrup), record, "glostrup", now=NOW)
    second = place_reservation(make_patron(network.glostrup), record, "glostrup",
                               now=NOW + timedelta(minutes=1))
    assert (queue_position(first), queue_position(second)) == (1, 2)
    pause_reservation(first, date(2026, 11, 1), date(2026, 11, 30))
    services.check_in(copy.barcode, "glostrup", now=NOW + timedelta(days=1))
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "waiting" and second.status == "on_hold_shelf"


def test_hold_shelf_expiry_moves_the_copy_to_the_next_in_line(network):
    record = make_record("Kongens Fald")
    copy = make_item(record, network.glostrup_main)
    first = place_reservation(make_patron(network.glostrup), record, "glostrup", now=NOW)
    second = place_reservation(make_patron(network.glostrup), record, "glostrup", now=NOW)
    pull(copy.barcode, "glostrup", now=NOW)
    first.refresh_from_db()
    assert first.status == "on_hold_shelf"
    later = first.shelf_deadline + timedelta(days=1)
    assert expire(timezone.make_aware(datetime.combine(later, datetime.min.time()))) == (0, 1)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "expired" and first.closed_reason == "not_collected"
    assert second.status == "on_hold_shelf" and second.item == copy


def test_an_interest_period_that_runs_out_cancels_the_reservation(network):
    record = make_record("Kongens Fald")
    copy = make_item(record, network.glostrup_main)
    services.check_out(make_patron(network.glostrup), copy.barcode, "glostrup", now=NOW)
    reservation = place_reservation(make_patron(network.glostrup), record, "glostrup",
                                    interest_until=date(2026, 11, 20), now=NOW)
    assert expire(timezone.make_aware(datetime(2026, 11, 21, 1))) == (1, 0)
    reservation.refresh_from_db()
    assert reservation.status == "expired" and reservation.closed_reason == "interest_period"


def test_cancel_releases_an_allocated_copy_for_the_next(network):
    record = make_record("Kongens Fald")
    copy = make_item(record, network.glostrup_main)
    first = place_reservation(make_patron(network.glostrup), record, "glostrup", now=NOW)
    second = place_reservation(make_patron(network.glostrup), record, "glostrup", now=NOW)
    assert first.item == copy and second.status == "waiting"
    cancel_reservation(first, patron=first.patron)
    assert allocate(NOW).allocated == 1
    second.refresh_from_db()
    assert second.item == copy


def test_changing_pickup_reallocates(network):
    record = make_record("Kongens Fald")
    make_item(record, network.randers_main)
    bus_copy = make_item(record, network.randers_bus)
    stop = network.randers_bus.stops.create(position=1, name="Langå Torv")
    reservation = place_reservation(make_patron(network.randers), record, "randers-hb", now=NOW)
    moved = change_pickup(reservation, "randers-bogbus", stop=stop.pk, now=NOW)
    assert moved.pickup_stop == stop and moved.item == bus_copy
    assert Reservation.objects.filter(status="allocated").count() == 1


def test_the_estimated_wait_follows_the_queue_and_the_loan_period(network):
    from reol.circulation.reservations import estimated_wait_days

    film = make_record("Jagten", material_type="film")
    copy = make_item(film, network.glostrup_main)
    services.check_out(make_patron(network.glostrup), copy.barcode, "glostrup", now=NOW)
    queue = [place_reservation(make_patron(network.glostrup), film, "glostrup", now=NOW)
             for _ in range(3)]
    assert [estimated_wait_days(r, queue_position(r)) for r in queue] == [7, 14, 21]


def test_an_expired_copy_for_another_pickup_waits_on_the_shelf_to_be_cleared(
    network, randers_branch
):
    record = make_record("Kongens Fald")
    copy = make_item(record, network.randers_main)
    first = place_reservation(make_patron(network.randers), record, "randers-hb", now=NOW)
    second = place_reservation(make_patron(network.randers), record, "randers-kristrup",
                               now=NOW)
    pull(copy.barcode, "randers-hb", now=NOW)
    first.refresh_from_db()
    later = first.shelf_deadline + timedelta(days=1)
    expire(timezone.make_aware(datetime.combine(later, datetime.min.time())))
    copy.refresh_from_db()
    second.refresh_from_db()
    assert copy.status == Item.Status.ON_HOLD_SHELF and second.status == "waiting"
    cleared = services.check_in(copy.barcode, "randers-hb", now=NOW + timedelta(days=12))
    assert cleared.routing.action == "transit" and cleared.routing.to_branch == randers_branch
