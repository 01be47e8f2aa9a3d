"""Checkout, check-in, renewal and loss through the services, on a real database."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from reol.catalogue.models import Item
from reol.circulation import patrons, services
from reol.circulation.models import Loan, LoanRule, Reservation, Transit
from reol.circulation.reservations import place_reservation
from reol.core.models import Event, Notice
from reol.errors import DomainError
from tests.factories import make_item, make_patron, make_record

NOW = timezone.make_aware(datetime(2026, 11, 2, 12, 0))  # a Monday


@pytest.fixture
def book(network):
    return make_record("Kongens Fald", creators=["Johannes V. Jensen"])


def refusal(call) -> str:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value.code


def test_checkout_lends_for_thirty_days_and_logs_without_a_name(network, book):
    item = make_item(book, network.glostrup_main)
    patron = make_patron(network.glostrup)
    loan = services.check_out(patron.card, item.barcode, "glostrup", now=NOW)
    item.refresh_from_db()
    assert item.status == Item.Status.ON_LOAN
    assert loan.due == date(2026, 12, 2)
    row = Event.objects.get(kind="checkout")
    assert row.patron_ref == patron.reference and row.age_group == "30-49"
    assert row.material_type == "book" and row.branch == network.glostrup_main


def test_a_film_is_lent_for_a_week_and_a_library_rule_overrides_it(network):
    film = make_record("Jagten", material_type="film")
    patron = make_patron(network.glostrup)
    first = make_item(film, network.glostrup_main)
    assert services.check_out(patron, first.barcode, "glostrup", now=NOW).due == date(2026, 11, 9)
    LoanRule.objects.create(library=network.glostrup, material_type="film", loan_days=14)
    second = make_item(film, network.glostrup_main)
    loan = services.check_out(patron, second.barcode, "glostrup", now=NOW)
    assert loan.due == date(2026, 11, 16)


def test_every_refusal_says_why(network, book):
    item = make_item(book, network.glostrup_main)
    patron, other = make_patron(network.glostrup), make_patron(network.glostrup)
    assert refusal(lambda: services.check_out("nobody", item.barcode, "glostrup")) == (
        "unknown_card")
    assert refusal(lambda: services.check_out(patron.card, "0000", "glostrup")) == (
        "unknown_barcode")
    services.check_out(patron.card, item.barcode, "glostrup", now=NOW)
    assert refusal(lambda: services.check_out(patron.card, item.barcode, "glostrup")) == (
        "already_yours")
    assert refusal(lambda: services.check_out(other.card, item.barcode, "glostrup")) == (
        "item_on_loan")
    reference = make_item(book, network.glostrup_main)
    reference.loan_category = "reference"
    reference.save()
    assert refusal(lambda: services.check_out(other.card, reference.barcode, "glostrup")) == (
        "not_loanable")
    patrons.add_block(other, "suspended", "Misbrug")
    fresh = make_item(book, network.glostrup_main)
    assert refusal(lambda: services.check_out(other.card, fresh.barcode, "glostrup")) == (
        "blocked_suspended")
    assert Loan.objects.count() == 1


def test_the_loan_limit_comes_from_the_most_specific_rule(network, book):
    LoanRule.objects.create(max_loans=5)
    LoanRule.objects.create(library=network.glostrup, patron_group="child", max_loans=1)
    child = make_patron(network.glostrup, born="2018-01-01")
    services.check_out(child, make_item(book, network.glostrup_main).barcode, "glostrup")
    with pytest.raises(DomainError) as caught:
        services.check_out(child, make_item(book, network.glostrup_main).barcode, "glostrup")
    assert caught.value.code == "loan_limit"
    assert "1 lån" in caught.value.da and "1 loans" in caught.value.en


def test_check_in_at_home_shelves_and_forgets_the_patron(network, book):
    item = make_item(book, network.glostrup_main)
    patron = make_patron(network.glostrup)
    loan = services.check_out(patron, item.barcode, "glostrup", now=NOW)
    result = services.check_in(item.barcode, "glostrup", now=NOW + timedelta(days=3))
    assert result.routing.action == "shelf"
    loan.refresh_from_db()
    assert loan.patron is None and loan.returned is not None
    assert not Event.objects.filter(patron_ref=patron.reference).exists()


def test_a_patron_who_keeps_a_history_keeps_it(network, book):
    item = make_item(book, network.glostrup_main)
    patron = make_patron(network.glostrup, keep_history=True)
    loan = services.check_out(patron, item.barcode, "glostrup", now=NOW)
    services.check_in(item.barcode, "glostrup", now=NOW)
    loan.refresh_from_db()
    assert loan.patron == patron
    assert Event.objects.filter(patron_ref=patron.reference, kind="checkout").exists()


def test_returned_elsewhere_goes_home_in_transit(network, book):
    item = make_item(book, network.randers_main)
    patron = make_patron(network.randers)
    services.check_out(patron, item.barcode, "randers-hb", now=NOW)
    result = services.check_in(item.barcode, "randers-bogbus", now=NOW)
    assert result.routing.action == "transit" and result.routing.to_branch == network.randers_main
    transit = Transit.objects.get()
    assert (transit.from_branch, transit.to_branch, transit.reason) == (
        network.randers_bus, network.randers_main, "home")
    item.refresh_from_db()
    assert item.status == Item.Status.IN_TRANSIT
    arrived = services.check_in(item.barcode, "randers-hb", now=NOW + timedelta(days=1))
    assert arrived.routing.action == "shelf"
    transit.refresh_from_db()
    assert transit.received is not None


def test_a_return_fills_a_waiting_reservation_first(network, book):
    item = make_item(book, network.glostrup_main)
    first, second = make_patron(network.glostrup), make_patron(network.glostrup)
    services.check_out(first, item.barcode, "glostrup", now=NOW)
    reservation = place_reservation(second, book, "glostrup", now=NOW)
    assert reservation.status == "waiting"
    result = services.check_in(item.barcode, "glostrup", now=NOW + timedelta(days=1))
    assert result.routing.action == "hold_shelf"
    reservation.refresh_from_db()
    assert reservation.status == "on_hold_shelf" and reservation.pickup_number == "001"
    assert reservation.shelf_deadline == date(2026, 11, 10)
    assert Notice.objects.filter(patron_id=second.pk, kind="ready").count() == 1
    assert refusal(lambda: services.check_out(first, item.barcode, "glostrup")) == (
        "reserved_by_another")
    services.check_out(second, item.barcode, "glostrup", now=NOW + timedelta(days=2))
    reservation.refresh_from_db()
    assert reservation.status == "fulfilled"


def test_renewal_is_refused_while_another_patron_waits(network, book):
    item = make_item(book, network.glostrup_main)
    borrower, waiting = make_patron(network.glostrup), make_patron(network.glostrup)
    loan = services.check_out(borrower, item.barcode, "glostrup", now=NOW)
    renewed = services.renew(loan, patron=borrower, now=NOW + timedelta(days=26))
    assert renewed.due == date(2026, 12, 28) and renewed.renewals == 1
    place_reservation(waiting, book, "glostrup", now=NOW)
    assert refusal(lambda: services.renew(loan, patron=borrower, now=NOW + timedelta(days=52))) \
        == "reserved_by_another"
    assert refusal(lambda: services.renew(loan, patron=waiting)) == "unknown_loan"


def test_renewals_stop_at_the_limit_and_renew_all_reports_each(network, book):
    LoanRule.objects.create(library=network.glostrup, renewals=1)
    patron = make_patron(network.glostrup)
    loans = [services.check_out(patron, make_item(book, network.glostrup_main).barcode,
                                "glostrup", now=NOW) for _ in range(2)]
    services.renew(loans[0], now=NOW + timedelta(days=28))  # due 30 December
    results = services.renew_all(patron, now=NOW + timedelta(days=55))
    assert [(r.loan.pk, r.error.code if r.error else "ok") for r in results] == [
        (loans[1].pk, "ok"), (loans[0].pk, "renewal_limit")]


def test_automatic_renewal_tells_the_patron_either_way(network, book):
    patron = make_patron(network.glostrup)
    film = make_record("Festen", material_type="film")
    ok = services.check_out(patron, make_item(book, network.glostrup_main).barcode,
                            "glostrup", now=NOW)
    stuck = services.check_out(patron, make_item(film, network.glostrup_main).barcode,
                               "glostrup", now=NOW)
    place_reservation(make_patron(network.glostrup), film, "glostrup", now=NOW)
    on_due = timezone.make_aware(datetime(2026, 12, 2, 6, 0))
    assert services.auto_renew(on_due) == (2 - 1, 1)
    assert services.auto_renew(on_due) == (0, 0)  # the same day again changes nothing
    ok.refresh_from_db()
    stuck.refresh_from_db()
    assert ok.due == date(2027, 1, 1) and stuck.auto_renewal_refused == "reserved_by_another"
    kinds = sorted(Notice.objects.filter(patron_id=patron.pk).values_list("kind", flat=True))
    assert kinds == ["not_renewed", "renewed"]


def test_lost_and_found(network, book):
    item = make_item(book, network.glostrup_main)
    patron = make_patron(network.glostrup)
    loan = services.check_out(patron, item.barcode, "glostrup", now=NOW)
    services.declare_lost(loan, now=NOW)
    loan.refresh_from_db()
    item.refresh_from_db()
    assert item.status == "lost" and loan.fee == Decimal("300")  # lost by a patron
    found = services.check_in(item.barcode, "glostrup", now=NOW)
    loan.refresh_from_db()
    assert found.found and loan.fee == 0 and found.routing.action == "shelf"


def test_overdue_fees_only_where_the_library_charges_them(network, book):
    LoanRule.objects.create(library=network.randers, fee_policy="overdue",
                            overdue_fee_per_day=Decimal("5"), max_overdue_fee=Decimal("100"))
    patron = make_patron(network.randers)
    item = make_item(book, network.randers_main)
    services.check_out(patron, item.barcode, "randers-hb", now=NOW)
    late = services.check_in(item.barcode, "randers-hb", now=NOW + timedelta(days=34))
    assert late.fee == Decimal("20")
    free = make_item(book, network.glostrup_main)
    services.check_out(make_patron(network.glostrup), free.barcode, "glostrup", now=NOW)
    assert services.check_in(free.barcode, "glostrup", now=NOW + timedelta(days=90)).fee == 0


def test_reservations_refuse_what_makes_no_sense(network, book):
    patron = make_patron(network.glostrup)
    lonely = make_record("Ingen eksemplarer")
    assert refusal(lambda: place_reservation(patron, lonely, "glostrup")) == "no_copies"
    item = make_item(book, network.glostrup_main)
    assert refusal(lambda: place_reservation(patron, book, "randers-hb")) == "bad_pickup"
    services.check_out(patron, item.barcode, "glostrup")
    assert refusal(lambda: place_reservation(patron, book, "glostrup")) == "already_on_loan"
    other = make_patron(network.glostrup)
    place_reservation(other, book, "glostrup")
    assert refusal(lambda: place_reservation(other, book, "glostrup")) == "already_reserved"
    assert Reservation.objects.count() == 1
