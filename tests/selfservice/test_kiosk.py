"""A whole self-check session driven by an independent SIP2 client from PyPI (Sip2 1.1 by
Tobias Zeumer), over real TCP, with the lending rules, refusals and event log behind it."""

import logging
from collections.abc import Iterator

import pytest
from Sip2.sip2 import Sip2

from reol.circulation import reservations, services
from reol.circulation.models import Block, Loan, Reservation
from reol.core.models import Event
from reol.libraries.models import Branch
from tests.factories import make_item, make_patron, make_record, renewable_now

from .conftest import PASSWORD, Place, terminal

pytestmark = pytest.mark.django_db(transaction=True)


def client(port: int, login: str = "kiosk-1") -> Sip2:
    kiosk = Sip2()
    kiosk.hostName, kiosk.hostPort = "127.0.0.1", port
    kiosk.tlsEnable = False  # plain TCP, as in the library's own network
    kiosk.log = logging.getLogger("sip2-client")  # instead of a sip2.log in the working dir
    kiosk.institutionId, kiosk.scLocation = "DK-716100", "glostrup"
    kiosk.socketTimeout = 15
    kiosk.connect()
    assert kiosk.sip_login_response(
        kiosk.get_response(kiosk.sip_login_request(login, PASSWORD)))["fixed"]["Ok"] == "1"
    return kiosk


@pytest.fixture
def kiosk(sip2, place: Place) -> Iterator[Sip2]:
    machine = client(sip2.port)
    yield machine
    machine.disconnect()


def var(response: dict, code: str) -> str:
    return response["variable"].get(code, [""])[0]


def test_a_patron_borrows_renews_reserves_and_returns_at_the_machine(kiosk, place):
    network = place.network
    patron = make_patron(network.glostrup, name="Tove Ditlevsen")
    book = make_item(make_record("Barndommens gade"), network.glostrup_main)
    wanted = make_record("Gift")
    elsewhere = make_item(wanted, network.glostrup_main)
    services.check_out(make_patron(network.glostrup), elsewhere.barcode, "glostrup")
    # Borrowed four weeks ago: both may be renewed now, the book lent today may not.
    old, older = (make_item(make_record(title), network.glostrup_main)
                  for title in ("Digte", "Ansigterne"))
    for item in (old, older):
        services.check_out(patron, item.barcode, "glostrup", now=renewable_now())

    status = kiosk.sip_sc_status_response(kiosk.get_response(kiosk.sip_sc_status_request()))
    assert status["fixed"]["OnlineStatus"] == "Y"
    assert var(status, "AO") == "DK-716100" and var(status, "AN") == "glostrup"
    assert var(status, "BX") == "YYYYYYYYYNYNYYYY"  # all but fee paid and item status update

    kiosk.patron, kiosk.patronpwd = patron.card, "1234"
    seen = kiosk.sip_patron_status_response(kiosk.get_response(kiosk.sip_patron_status_request()))
    assert (var(seen, "BL"), var(seen, "CQ"), var(seen, "AE")) == ("Y", "Y", "Tove Ditlevsen")

    lent = kiosk.sip_checkout_response(kiosk.get_response(kiosk.sip_checkout_request(book.barcode)))
    loan = Loan.objects.get(item=book, returned__isnull=True)
    assert lent["fixed"]["Ok"] == "1" and loan.patron == patron
    assert var(lent, "AH") == f"{loan.due:%Y%m%d}    235959"
    assert var(lent, "AJ") == "Barndommens gade"
    assert var(lent, "AF").startswith("Afleveres senest ")  # the terminal's language: Danish
    assert Event.objects.get(kind="checkout", item=book).detail["self_service"] is True

    info = kiosk.sip_item_information_response(
        kiosk.get_response(kiosk.sip_item_information_request(book.barcode)))
    assert info["fixed"]["CirculationStatus"] == "04"  # charged
    assert var(info, "AH") == f"{loan.due:%Y%m%d}    235959"

    too_soon = kiosk.sip_renew_response(kiosk.get_response(kiosk.sip_renew_request(book.barcode)))
    assert too_soon["fixed"]["Ok"] == "0" and var(too_soon, "AF").startswith("Kan endnu ikke")
    renewed = kiosk.sip_renew_response(kiosk.get_response(kiosk.sip_renew_request(old.barcode)))
    assert renewed["fixed"]["Ok"] == "1" and renewed["fixed"]["RenewalOk"] == "Y"
    assert Loan.objects.get(item=old, returned__isnull=True).renewals == 1

    charged = kiosk.sip_patron_information_response(
        kiosk.get_response(kiosk.sip_patron_information_request("charged")))
    assert charged["fixed"]["ChargedItemsCount"] == "0003"
    assert sorted(charged["variable"]["AU"]) == sorted([book.barcode, old.barcode, older.barcode])

    held = kiosk.sip_hold_response(kiosk.get_response(
        kiosk.sip_hold_request("+", itemIdentifier=elsewhere.barcode)))
    assert held["fixed"]["Ok"] == "1" and var(held, "BR") == "1"
    reservation = Reservation.objects.get(patron=patron, record=wanted)
    assert reservation.status == "waiting" and reservation.pickup_branch.code == "glostrup"
    waiting = kiosk.sip_patron_information_response(
        kiosk.get_response(kiosk.sip_patron_information_request("unavail")))
    assert waiting["fixed"]["UnavailableHoldsCount"] == "0001"
    assert waiting["variable"]["CD"] == ["Gift"]
    cancelled = kiosk.sip_hold_response(kiosk.get_response(
        kiosk.sip_hold_request("-", itemIdentifier=elsewhere.barcode)))
    assert cancelled["fixed"]["Ok"] == "1"
    assert Reservation.objects.get(pk=reservation.pk).status == "cancelled"

    all_renewed = kiosk.sip_renew_all_response(
        kiosk.get_response(kiosk.sip_renew_all_request()))
    assert all_renewed["fixed"]["Ok"] == "1"
    assert all_renewed["fixed"]["RenewedItems"] == "0001"
    assert all_renewed["variable"]["BM"] == [older.barcode]  # the others are not due yet
    assert all_renewed["fixed"]["UnrenewedItems"] == "0000"

    back = kiosk.sip_checkin_response(kiosk.get_response(kiosk.sip_checkin_request(book.barcode)))
    assert back["fixed"]["Ok"] == "1" and back["fixed"]["Alert"] == "N"
    assert var(back, "CL") == "1"  # back on the shelf
    assert Loan.objects.get(pk=loan.pk).returned is not None

    bye = kiosk.sip_end_patron_session_response(
        kiosk.get_response(kiosk.sip_end_patron_session_request()))
    assert bye["fixed"]["EndSession"] == "Y"


def test_check_in_tells_the_machine_where_the_item_goes(kiosk, place):
    network = place.network
    second = Branch.objects.create(library=network.glostrup, code="glostrup-vest",
                                   name="Glostrup Vest", kind="branch")
    borrower = make_patron(network.glostrup)
    here, there, home = (make_record("Her"), make_record("Der"), make_record("Hjem"))
    for_here = make_item(here, network.glostrup_main)
    for_there = make_item(there, network.glostrup_main)
    going_home = make_item(home, network.randers_main)
    for item in (for_here, for_there):
        services.check_out(borrower, item.barcode, "glostrup")
    services.check_out(borrower, going_home.barcode, "randers-hb")  # lent where it stood
    reservations.place_reservation(make_patron(network.glostrup), here, "glostrup")
    reservations.place_reservation(make_patron(network.glostrup), there, second)

    def checkin(barcode: str) -> dict:
        return kiosk.sip_checkin_response(kiosk.get_response(kiosk.sip_checkin_request(barcode)))

    shelf = checkin(for_here.barcode)
    number = Reservation.objects.get(record=here).pickup_number
    assert (shelf["fixed"]["Alert"], var(shelf, "CV"), var(shelf, "CL")) == ("Y", "01", "2")
    assert var(shelf, "CT") == "glostrup" and number in var(shelf, "AF")
    transit = checkin(for_there.barcode)
    assert (var(transit, "CV"), var(transit, "CT"), var(transit, "CL")) == (
        "02", "glostrup-vest", "3")
    assert var(transit, "AF") == "Send det til Glostrup Vest."
    home_again = checkin(going_home.barcode)
    assert (var(home_again, "CV"), var(home_again, "CT")) == ("04", "randers-hb")
    assert var(home_again, "AQ") == "randers-hb"


def test_refusals_come_from_the_lending_rules_in_the_terminals_language(sip2, place):
    network = place.network
    terminal("kiosk-en", network.glostrup_main, language="en")
    patron = make_patron(network.glostrup)
    taken = make_item(make_record("Udlånt"), network.glostrup_main)
    services.check_out(make_patron(network.glostrup), taken.barcode, "glostrup")
    Block.objects.create(patron=(blocked := make_patron(network.glostrup)),
                         code="no_self_service")

    danish, english = client(sip2.port), client(sip2.port, "kiosk-en")
    try:
        for machine in (danish, english):
            machine.patron, machine.patronpwd = patron.card, "1234"
        refused = danish.sip_checkout_response(
            danish.get_response(danish.sip_checkout_request(taken.barcode)))
        assert refused["fixed"]["Ok"] == "0"
        assert var(refused, "AF") == "Materialet er allerede udlånt."
        refused = english.sip_checkout_response(
            english.get_response(english.sip_checkout_request(taken.barcode)))
        assert var(refused, "AF") == "The item is already on loan."

        english.patron = blocked.card
        self_service = english.sip_checkout_response(english.get_response(
            english.sip_checkout_request(make_item(make_record("Fri"), network.glostrup_main)
                                         .barcode)))
        assert self_service["fixed"]["Ok"] == "0"
        assert var(self_service, "AF") == "The patron may not use self-service. Please ask staff."

        english.patron, english.patronpwd = patron.card, "9999"
        wrong = english.sip_patron_status_response(
            english.get_response(english.sip_patron_status_request()))
        assert (var(wrong, "BL"), var(wrong, "CQ"), var(wrong, "AE")) == ("N", "N", "")
        assert var(wrong, "AF") == "Wrong card number or PIN."
    finally:
        danish.disconnect()
        english.disconnect()
    assert Loan.objects.filter(item=taken, returned__isnull=True).count() == 1


def test_a_machine_blocks_a_card_and_the_block_names_the_terminal(kiosk, place):
    patron = make_patron(place.network.glostrup)
    kiosk.patron, kiosk.patronpwd = patron.card, "1234"  # the card's PIN, right before
    kiosk.sip_patron_status_response(kiosk.get_response(kiosk.sip_patron_status_request()))
    answer = kiosk.sip_patron_status_response(
        kiosk.get_response(kiosk.sip_block_patron_request("Kortet sad fast", "Y")))
    assert answer["fixed"]["PatronStatus"][:4] == "YYYY"  # privileges denied
    block = Block.objects.get(patron=patron, lifted__isnull=True)
    assert block.code == "no_self_service"
    assert "kiosk-1" in block.reason and "Kortet sad fast" in block.reason
