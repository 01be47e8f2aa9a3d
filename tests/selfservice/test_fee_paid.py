"""A payment kiosk over SIP2 (issue 16, point 5): patron information and status report the
balance (BV) and, when the summary asks for fines, one fee item (AV) per open charge; Fee Paid
(37) takes a payment in DKK once per transaction id, and refuses another currency, more than
is owed and another library's card, saying why (AF). Over real TCP."""

from decimal import Decimal

import pytest

from reol.circulation import accounts
from reol.circulation.models import AccountEntry
from tests.factories import make_patron

from .conftest import DATE_FIELD, Raw, fields

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def tove(place):
    """Owes 45 kr.: a damaged book (30) and a new card (15)."""
    patron = make_patron(place.network.glostrup, name="Tove Ditlevsen")
    for amount, reason in (("30", "Beskadiget bog"), ("15", "Nyt lånerkort")):
        accounts.manual_charge(patron, amount, reason, library_id=place.network.glostrup.pk,
                               by=None)
    return patron


def fee_paid(kiosk: Raw, card: str, amount: str, currency: str = "DKK",
             transaction: str = "T1") -> dict[str, list[str]]:
    reply = kiosk.ask(f"37{DATE_FIELD}0100{currency}AODK-716100|AA{card}|AD1234|BV{amount}|"
                      f"BK{transaction}|")
    assert reply.startswith("38"), reply
    return {"ok": [reply[2]], **fields(reply)}


def test_patron_information_reports_the_balance_and_each_open_charge(place, raw, tove):
    kiosk = raw()
    assert kiosk.login() == "941"
    reply = kiosk.ask(f"63009{DATE_FIELD}   Y      AODK-716100|AA{tove.card}|AD1234|")
    seen = fields(reply)
    assert seen["BV"] == ["45.00"] and seen["BH"] == ["DKK"]
    assert [item.split(" ", 1)[1] for item in seen["AV"]] == [
        "30.00 DKK Beskadiget bog", "15.00 DKK Nyt lånerkort"]
    assert reply[2 + 14 + 3 + 18 + 12: 2 + 14 + 3 + 18 + 16] == "0002"  # fine items count
    status = fields(kiosk.ask(f"23009{DATE_FIELD}AODK-716100|AA{tove.card}|AD1234|"))
    assert status["BV"] == ["45.00"]


def test_fee_paid_takes_a_payment_once_per_transaction(place, raw, tove):
    kiosk = raw()
    kiosk.login()
    for _ in range(2):  # the kiosk sends it again: taken once
        paid = fee_paid(kiosk, tove.card, "35.00", transaction="K-77")
        assert paid["ok"] == ["Y"] and paid["BK"] == ["K-77"] and "35" in paid["AF"][0]
    assert accounts.balance(tove) == Decimal("10.00")
    payment = AccountEntry.objects.get(kind="payment")
    assert payment.method == "sip2" and payment.library_id == place.network.glostrup.pk
    info = fields(kiosk.ask(f"63009{DATE_FIELD}   Y      AODK-716100|AA{tove.card}|AD1234|"))
    assert info["BV"] == ["10.00"] and len(info["AV"]) == 1  # the oldest was paid first


@pytest.mark.parametrize(("amount", "currency", "says"), [
    ("10.00", "EUR", "Danish kroner"),
    ("45.01", "DKK", "At most DKK 45.00"),
    ("-5", "DKK", "positive sum"),
])
def test_fee_paid_refuses_clearly_and_takes_nothing(place, raw, tove, amount, currency, says):
    kiosk = raw()
    kiosk.login()
    kiosk.ask(f"63001{DATE_FIELD}          AODK-716100|AA{tove.card}|AD1234|")  # English
    paid = fee_paid(kiosk, tove.card, amount, currency)
    assert paid["ok"] == ["N"] and says in paid["AF"][0]
    assert not AccountEntry.objects.filter(kind="payment").exists()


def test_a_kiosk_takes_no_payment_for_another_librarys_card(place, raw):
    rasmus = make_patron(place.network.randers)
    accounts.manual_charge(rasmus, "20", "Print", library_id=place.network.randers.pk, by=None)
    kiosk = raw()
    kiosk.login()
    assert fee_paid(kiosk, rasmus.card, "20.00")["ok"] == ["N"]
    assert accounts.balance(rasmus) == Decimal("20.00")


def test_a_third_party_sip2_client_pays_a_fee(sip2, place, tove):
    """The `sip2` package's own Fee Paid request and response, as a payment kiosk sends it."""
    from .test_kiosk import client, var

    kiosk = client(sip2.port)
    try:
        kiosk.patron, kiosk.patronpwd = tove.card, "1234"
        request = kiosk.sip_fee_paid_request(4, 0, "45.00", transactionId="Z-1",
                                             currencyType="DKK")
        answer = kiosk.sip_fee_paid_response(kiosk.get_response(request))
    finally:
        kiosk.disconnect()
    assert answer["fixed"]["PaymentAccepted"] == "Y" and var(answer, "BK") == "Z-1"
    assert accounts.balance(tove) == 0
