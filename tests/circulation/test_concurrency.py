"""Desks and jobs acting at the same moment, in real threads with their own connections."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from reol.circulation import services
from reol.circulation.models import Loan, LoanRule, Reservation
from reol.circulation.reservations import allocate, place_reservation, queue_position
from reol.errors import DomainError
from tests.factories import make_item, make_network, make_patron, make_record

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(calls: list[Callable[[], object]]) -> list[object]:
    """Run the calls in threads released together; each result or raised error is returned."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_desks_lending_the_same_item_give_exactly_one_loan():
    network = make_network()
    item = make_item(make_record("Løgneren"), network.glostrup_main)
    patrons = [make_patron(network.glostrup) for _ in range(6)]
    results = at_once([
        lambda p=p: services.check_out(p.card, item.barcode, "glostrup") for p in patrons
    ])
    loans = [r for r in results if isinstance(r, Loan)]
    refusals = [r for r in results if isinstance(r, DomainError)]
    assert len(loans) == 1 and len(refusals) == 5, results
    assert {r.code for r in refusals} == {"item_on_loan"}
    assert Loan.objects.filter(item=item, returned__isnull=True).count() == 1


def test_two_kiosks_lending_to_one_patron_at_once_keep_the_loan_limit():
    network = make_network()
    LoanRule.objects.create(library=network.glostrup, max_loans=2)
    patron = make_patron(network.glostrup)
    record = make_record("Kongens Fald")
    items = [make_item(record, network.glostrup_main) for _ in range(6)]
    results = at_once([
        lambda i=i: services.check_out(patron.card, i.barcode, "glostrup", self_service=True)
        for i in items
    ])
    refusals = [r for r in results if isinstance(r, DomainError)]
    assert Loan.objects.filter(patron=patron, returned__isnull=True).count() == 2, results
    assert len(refusals) == 4 and {r.code for r in refusals} == {"loan_limit"}, results


def test_reservations_placed_at_once_keep_the_reservation_limit():
    network = make_network()
    LoanRule.objects.create(library=network.glostrup, max_reservations=2)
    patron, borrower = make_patron(network.glostrup), make_patron(network.glostrup)
    records = [make_record(f"Bog {n}") for n in range(5)]
    for record in records:  # every copy out, so each reservation waits
        services.check_out(borrower, make_item(record, network.glostrup_main).barcode,
                           "glostrup")
    results = at_once([
        lambda r=r: place_reservation(patron, r, "glostrup") for r in records
    ])
    assert Reservation.objects.filter(patron=patron).count() == 2, results
    refusals = [r for r in results if isinstance(r, DomainError)]
    assert len(refusals) == 3 and {r.code for r in refusals} == {"reservation_limit"}, results


def test_no_copy_is_ever_allocated_to_two_reservations():
    network = make_network()
    record = make_record("Kongens Fald")
    borrower = make_patron(network.glostrup)
    copies = [make_item(record, network.glostrup_main) for _ in range(3)]
    for copy in copies:
        services.check_out(borrower, copy.barcode, "glostrup")
    waiting = [make_patron(network.glostrup) for _ in range(5)]
    calls: list[Callable[[], object]] = [
        lambda p=p: place_reservation(p, record, "glostrup") for p in waiting
    ]
    calls += [lambda c=c: services.check_in(c.barcode, "glostrup") for c in copies]
    calls += [allocate, allocate]
    results = at_once(calls)
    assert not [r for r in results if isinstance(r, Exception)], results
    # A copy checked in while a reservation was still being placed may have gone back on the
    # shelf; the next allocation run (run_jobs) hands it out. It never goes to two.
    allocate()
    holding = Reservation.objects.filter(status__in=Reservation.HOLDING)
    assert holding.count() == 3
    assert len(set(holding.values_list("item", flat=True))) == 3
    assert Reservation.objects.filter(status="waiting").count() == 2
    # and no copy was left on a hold shelf or on its way for a reservation that another copy
    # took over
    for copy in copies:
        copy.refresh_from_db()
        if copy.status in ("on_hold_shelf", "in_transit"):
            assert holding.filter(item=copy).exists()


def test_queue_positions_stay_consistent_when_many_reserve_at_once():
    network = make_network()
    record = make_record("Den store bog")
    copy = make_item(record, network.glostrup_main)
    services.check_out(make_patron(network.glostrup), copy.barcode, "glostrup")
    patrons = [make_patron(network.glostrup) for _ in range(8)]
    results = at_once([lambda p=p: place_reservation(p, record, "glostrup") for p in patrons])
    assert all(isinstance(r, Reservation) for r in results), results
    positions = sorted(queue_position(r) for r in Reservation.objects.all())
    assert positions == list(range(1, 9))
