"""Paying and settling (issue 16, point 5): at the desk (cash, card, manual charge, waiver
with a reason, on the staff record, only in the staff's own library), on Min side and through
the API with the test provider, the provider's signed callback taken once, and the daily
totals as CSV for leaders and as `reol fee_totals`."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from reol.circulation import accounts, payments
from reol.circulation.models import AccountEntry, OnlinePayment
from reol.core.models import StaffChange
from reol.core.roles import grant
from tests.circulation.test_api import API, basic
from tests.factories import make_patron

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def rasmus(network):
    """A Randers patron owing 80 kr.: a damaged book (50) and a lost card (30)."""
    patron = make_patron(network.randers, name="Rasmus Randersen", card="7730001",
                         language="en")
    accounts.manual_charge(patron, "50", "Beskadiget bog", library_id=network.randers.pk,
                           by=None)
    accounts.manual_charge(patron, "30", "Nyt lånerkort", library_id=network.randers.pk,
                           by=None)
    return patron


def staff(network, name: str, role: str = "desk", library=None) -> Client:
    user = User.objects.create_user(name, password="hemmelig-42")
    grant(user, library or network.randers, role)
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def patron_client(patron) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    assert client.post("/login/", {"card": patron.card, "pin": "1234"}).status_code == 302
    return client


# --- the desk --------------------------------------------------------------------------------


def test_the_desk_takes_a_cash_payment_on_the_staff_record(network, rasmus):
    desk = staff(network, "skranke")
    page = desk.get(f"/staff/patrons/{rasmus.pk}/").content.decode()
    assert "Owed: 80.00 kr." in page and "Beskadiget bog" in page
    done = desk.post(f"/staff/patrons/{rasmus.pk}/fees/pay/", {"amount": "60", "method": "cash"},
                     follow=True).content.decode()
    assert "Payment taken" in done and "Owed: 20.00 kr." in done
    payment = AccountEntry.objects.get(kind="payment")
    assert payment.method == "cash" and payment.by.username == "skranke"
    assert StaffChange.objects.filter(model="circulation.accountentry", patron_id=rasmus.pk,
                                      action="create").exists()


def test_the_desk_refuses_an_overpayment_and_a_waiver_without_reason_and_keeps_all(
        network, rasmus):
    desk = staff(network, "skranke")
    over = desk.post(f"/staff/patrons/{rasmus.pk}/fees/pay/", {"amount": "80,01",
                                                                 "method": "card"}, follow=True)
    assert "At most DKK 80.00 can be paid" in over.content.decode()
    charge = AccountEntry.objects.filter(kind="manual").first()
    bare = desk.post(f"/staff/patrons/{rasmus.pk}/fees/{charge.pk}/waive/", {"reason": " "},
                     follow=True)
    assert "Give a reason." in bare.content.decode()
    assert accounts.balance(rasmus) == D("80.00") and AccountEntry.objects.count() == 2


def test_the_desk_waives_with_a_reason_and_charges_by_hand(network, rasmus):
    desk = staff(network, "skranke")
    charge = AccountEntry.objects.get(reason="Nyt lånerkort")
    desk.post(f"/staff/patrons/{rasmus.pk}/fees/{charge.pk}/waive/",
              {"reason": "Kortet var defekt"})
    desk.post(f"/staff/patrons/{rasmus.pk}/fees/charge/", {"amount": "15", "reason": "Print"})
    assert accounts.balance(rasmus) == D("65.00")
    waiver = AccountEntry.objects.get(kind="waiver")
    assert waiver.settles_id == charge.pk and waiver.reason == "Kortet var defekt"


def test_staff_of_another_library_cannot_settle_the_account(network, rasmus):
    glostrup = staff(network, "glostrup-leder", "leader", network.glostrup)
    charge = AccountEntry.objects.filter(kind="manual").first()
    for url, data in ((f"/staff/patrons/{rasmus.pk}/fees/pay/", {"amount": "10",
                                                                 "method": "cash"}),
                      (f"/staff/patrons/{rasmus.pk}/fees/charge/", {"amount": "10",
                                                                    "reason": "x"}),
                      (f"/staff/patrons/{rasmus.pk}/fees/{charge.pk}/waive/", {"reason": "x"})):
        assert glostrup.post(url, data).status_code == 403
    assert accounts.balance(rasmus) == D("80.00")


# --- Min side, the test provider and the callback ---------------------------------------------


def test_min_side_pays_online_with_the_test_provider(network, rasmus, settings):
    settings.PAYMENT_PROVIDER = "test"
    mine = patron_client(rasmus)
    page = mine.get("/me/charges/").content.decode()
    assert "Owed: 80.00 kr." in page and "Testbetaling (kun demo)" in page
    started = mine.post("/me/charges/pay/", {"amount": "80.00"})
    assert started.status_code == 302 and started.url.startswith("/payments/test/")
    assert "No card is charged" in mine.get(started.url).content.decode()
    back = mine.post(started.url, {"choice": "pay"}, follow=True).content.decode()
    assert "Thank you: your payment of 80.00 kr. is registered." in back
    assert accounts.balance(rasmus) == 0
    assert AccountEntry.objects.get(kind="payment").method == "online"


def test_without_a_provider_there_is_no_online_payment(network, rasmus, settings):
    settings.PAYMENT_PROVIDER = ""
    mine = patron_client(rasmus)
    assert "Pay online" not in mine.get("/me/charges/").content.decode()
    mine.post("/me/charges/pay/", {"amount": "80"})
    assert not OnlinePayment.objects.exists()


def test_another_patron_cannot_open_the_test_payment_page(network, rasmus, settings):
    settings.PAYMENT_PROVIDER = "test"
    _payment, url = payments.start(rasmus)
    other = patron_client(make_patron(network.randers, card="7730002"))
    assert other.get(url).status_code == 404
    assert other.post(url, {"choice": "pay"}).status_code == 404
    assert accounts.balance(rasmus) == D("80.00")


def callback(client: Client, body: bytes, signature: str):
    return client.post("/payments/callback/test/", body, content_type="application/json",
                       HTTP_X_REOL_SIGNATURE=signature)


def test_a_callback_counts_only_with_its_signature_and_only_once(network, rasmus, settings,
                                                                  client):
    settings.PAYMENT_PROVIDER = "test"
    payment, _ = payments.start(rasmus, "30")
    body = payments.callback_body(payment, "paid", "nets-123")
    forged = callback(client, body, "0" * 64)
    assert forged.status_code == 403 and forged.json()["code"] == "payment_signature"
    assert accounts.balance(rasmus) == D("80.00")
    signature = payments.sign(payments.PROVIDERS["test"].secret(), body)
    for _ in range(2):
        answer = callback(client, body, signature)
        assert answer.status_code == 200 and answer.json()["status"] == "paid"
    assert accounts.balance(rasmus) == D("50.00")
    assert AccountEntry.objects.filter(kind="payment").count() == 1


def test_a_callback_with_another_amount_or_currency_is_refused(network, rasmus, settings,
                                                               client):
    settings.PAYMENT_PROVIDER = "test"
    payment, _ = payments.start(rasmus, "30")
    secret = payments.PROVIDERS["test"].secret()
    for change in ({"amount": "3.00"}, {"currency": "EUR"}):
        data = {**json.loads(payments.callback_body(payment, "paid", "t")), **change}
        body = json.dumps(data).encode()
        assert callback(client, body, payments.sign(secret, body)).status_code == 400
    assert accounts.balance(rasmus) == D("80.00")


# --- the API ----------------------------------------------------------------------------------


def test_the_api_lists_the_entries_and_the_balance(network, rasmus, client):
    accounts.pay(rasmus, "60", "card", library_id=network.randers.pk)
    answer = client.get(f"{API}/patron/fees", **basic(rasmus))
    assert answer.status_code == 200
    found = answer.json()
    assert found["balance"] == "20.00" and found["currency"] == "DKK"
    assert [(e["kind"], e["amount"], e["unpaid"]) for e in found["entries"]] == [
        ("payment", "-60.00", None), ("manual", "30.00", "20.00"), ("manual", "50.00", "0.00")]
    assert client.get(f"{API}/patron/fees").status_code == 401


def test_the_api_starts_a_payment_and_refuses_an_overpayment(network, rasmus, client, settings):
    settings.PAYMENT_PROVIDER = "test"
    over = client.post(f"{API}/patron/fees/payments", json.dumps({"amount": "90"}),
                       content_type="application/json", **basic(rasmus))
    assert over.status_code == 400 and over.json()["code"] == "fee_overpayment"
    started = client.post(f"{API}/patron/fees/payments", "{}",
                          content_type="application/json", **basic(rasmus))
    assert started.status_code == 201
    assert started.json()["amount"] == "80.00" and "/payments/test/" in started.json()[
        "redirect_url"]


def test_the_openapi_document_has_the_fees_paths(client, db):
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    assert f"{API}/patron/fees" in paths and f"{API}/patron/fees/payments" in paths


# --- the daily totals -------------------------------------------------------------------------


def test_leaders_download_the_daily_totals_and_desk_staff_do_not(network, rasmus):
    accounts.pay(rasmus, "50", "cash", library_id=network.randers.pk)
    accounts.pay(rasmus, "10", "card", library_id=network.randers.pk)
    today = timezone.localdate().isoformat()
    leader = staff(network, "leder", "leader")
    answer = leader.get("/staff/fees/daily/", {"from": today, "to": today, "format": "csv"})
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.content.decode())))
    assert rows == [{"date": today, "library": "Randers Bibliotek", "agency": "773000",
                     "charges": "80.00", "payments_cash": "50.00", "payments_card": "10.00",
                     "payments_online": "0.00", "payments_sip2": "0.00", "waivers": "0.00",
                     "refunds": "0.00"}]
    assert staff(network, "skranke").get("/staff/fees/daily/").status_code == 403
    glostrup = staff(network, "g-leder", "leader", network.glostrup)
    theirs = glostrup.get("/staff/fees/daily/", {"library": network.randers.pk,
                                                 "format": "csv"}).content.decode()
    assert "Randers" not in theirs


def test_the_fee_totals_command_writes_the_same_csv(network, rasmus):
    today = timezone.localdate().isoformat()
    out = io.StringIO()
    call_command("fee_totals", "--library", "773000", "--from", today, "--to", today,
                 stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("date,library,agency,charges")
    assert lines[1].startswith(f"{today},Randers Bibliotek,773000,80.00,")
