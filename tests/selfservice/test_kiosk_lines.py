"""At a self-check machine, over real SIP2: the network's lines (docs/lending-rules.md)."""

from reol.circulation.models import Block, Loan
from tests.factories import make_item, make_patron, make_record
from tests.selfservice.test_kiosk import kiosk, var  # noqa: F401 - kiosk is a fixture


def test_a_kiosk_does_not_lend_another_librarys_copy_from_its_shelf(kiosk, place):  # noqa: F811
    network = place.network
    patron = make_patron(network.glostrup)
    randers_copy = make_item(make_record("Kongens Fald"), network.randers_main)
    kiosk.patron, kiosk.patronpwd = patron.card, "1234"
    refused = kiosk.sip_checkout_response(
        kiosk.get_response(kiosk.sip_checkout_request(randers_copy.barcode)))
    assert refused["fixed"]["Ok"] == "0"
    assert var(refused, "AF") == "Materialet står på en anden filial og kan kun lånes dér."
    assert not Loan.objects.exists()


def test_a_kiosk_does_not_block_another_librarys_card(kiosk, place):  # noqa: F811
    rasmus = make_patron(place.network.randers)
    kiosk.patron, kiosk.patronpwd = rasmus.card, "1234"  # the card's PIN, right before
    kiosk.sip_patron_status_response(kiosk.get_response(kiosk.sip_patron_status_request()))
    answer = kiosk.sip_patron_status_response(
        kiosk.get_response(kiosk.sip_block_patron_request("Kortet sad fast", "N")))
    assert not Block.objects.filter(patron=rasmus).exists()
    assert var(answer, "AF").startswith("Låneren hører til et andet bibliotek")
