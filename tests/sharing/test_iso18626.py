"""ISO 18626 at the endpoint: every answer is a schema-valid confirmation; bad input gets the
protocol's own error and changes nothing; a replay is harmless."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from reol.circulation.models import Reservation
from reol.sharing import credentials, services
from reol.sharing import iso18626 as iso
from reol.sharing.models import IllRequest
from tests.factories import make_item, make_patron, make_record

SENDERS = ("DK-999900", "DK-773000", "DK-746100")


@pytest.fixture(autouse=True)
def peer_secrets(db) -> dict[str, str]:
    """Each agency that posts in these tests holds its own credential (test_peer_credentials
    shows what happens without)."""
    return {isil: credentials.issue(isil) for isil in SENDERS}


def auth(body: bytes, peer_secrets: dict[str, str]) -> dict[str, str]:
    """The Authorization header of the agency that sends `body`."""
    try:
        sender, _ = iso.sender(iso.parse(body, validate=False))
    except iso.IsoError:
        return {}
    if sender not in peer_secrets:
        return {}
    return {"HTTP_AUTHORIZATION": f"Bearer {peer_secrets[sender]}"}


def post(client, body: bytes) -> iso.Message:
    response = client.post("/iso18626", body, content_type="application/xml",
                           **auth(body, client.peer_secrets))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return iso.parse(response.content)  # parse() validates against the XSD


def request_xml(**fields) -> bytes:
    values = {"supplier": "DK-773000", "requester": "DK-999900", "request_id": "r-1",
              "title": "Kongens Fald", "ids": {"FAUST": "29500000"}, "pickup": "Hovedbiblioteket"}
    values.update(fields)
    return iso.build(iso.Message(kind=iso.REQUEST, **values))


@pytest.fixture
def client(client, peer_secrets):
    client.peer_secrets = peer_secrets
    return client


@pytest.fixture
def lender(network):
    record = make_record("Kongens Fald", faust="29500000")
    return make_item(record, network.randers_main)


def test_a_request_from_another_installation_lands_on_the_lenders_desk(client, lender):
    answer = post(client, request_xml())
    assert answer.kind == "requestConfirmation" and answer.message_status == "OK"
    req = IllRequest.objects.get()
    assert (req.role, req.state, req.record, req.library.agency) == (
        "supplier", "requested", lender.record, "773000")


def test_a_replayed_request_gets_the_same_answer_and_one_row(client, lender):
    body = request_xml()
    headers = auth(body, client.peer_secrets)
    first = client.post("/iso18626", body, content_type="application/xml", **headers).content
    second = client.post("/iso18626", body, content_type="application/xml", **headers).content
    assert first == second
    # The same request id sent again with a new timestamp (a retry) is no second request.
    assert post(client, request_xml()).message_status == "OK"
    assert IllRequest.objects.count() == 1


@pytest.mark.parametrize(("body", "error"), [
    (b"<not xml", "BadlyFormedMessage"),
    (b"", "BadlyFormedMessage"),
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', "BadlyFormedMessage"),
    (b"<ISO18626Message/>", "BadlyFormedMessage"),
])
def test_garbage_gets_an_error_confirmation(client, lender, body, error):
    answer = post(client, body)
    assert answer.message_status == "ERROR" and answer.error_type == error
    assert not IllRequest.objects.exists()


def test_schema_errors_name_the_protocols_error_type(client, lender):
    cases = {
        request_xml().replace(b">Loan<", b">Lend<"): "UnrecognisedDataValue",
        request_xml().replace(b"<ill:title>", b"<ill:colour>red</ill:colour><ill:title>"):
            "UnrecognisedDataElement",
        request_xml().replace(b"ISIL", b"OCLC", 1): "UnrecognisedDataValue",
        request_xml(supplier="DK-000000"): "UnrecognisedDataValue",  # no such agency here
    }
    action = iso.build(iso.Message(kind=iso.REQUESTING, supplier="DK-773000",
                                   requester="DK-999900", request_id="r-1", action="Received"))
    cases[action.replace(b">Received<", b">Borrow<")] = "UnsupportedActionType"
    supplying = iso.build(iso.Message(kind=iso.SUPPLYING, supplier="DK-773000",
                                      requester="DK-716100", request_id="r-1",
                                      reason="StatusChange", status="Loaned"))
    cases[supplying.replace(b">StatusChange<", b">Gossip<")] = "UnsupportedReasonForMessageType"
    for body, error in cases.items():
        answer = post(client, body)
        assert (answer.message_status, answer.error_type) == ("ERROR", error), body
    assert not IllRequest.objects.exists()


def test_out_of_order_and_unknown_messages_change_nothing(client, network, lender):
    patron = make_patron(network.glostrup)
    reservation = Reservation.objects.create(
        patron=patron, record=lender.record, pickup_branch=network.glostrup_main,
        placed=timezone.now(), interest_until=timezone.localdate() + timedelta(days=30))
    req = services.request_for_reservation(reservation)
    req.supplier_isil = "DK-773000"
    req.candidates = [{"isil": "DK-773000", "status": "asked"}]
    req.save()

    def supplying(status: str, supplier: str = "DK-773000", request_id: str = req.request_id):
        return iso.build(iso.Message(kind=iso.SUPPLYING, supplier=supplier,
                                     requester="DK-716100", request_id=request_id,
                                     reason="StatusChange", status=status,
                                     timestamp=datetime.now(UTC)))

    # Closing a loan that was never shipped, news from a library that was not asked, and a
    # request id nobody made: errors, and the request stays where it was.
    for body in (supplying("LoanCompleted"), supplying("WillSupply", supplier="DK-746100"),
                 supplying("WillSupply", request_id="nobody")):
        answer = post(client, body)
        assert answer.message_status == "ERROR"
        assert answer.kind == "supplyingAgencyMessageConfirmation"
        req.refresh_from_db()
        assert req.state == "requested"
    assert post(client, supplying("WillSupply")).message_status == "OK"
    req.refresh_from_db()
    assert req.state == "will_supply"
    # The same news again (a replay or a duplicate) is harmless.
    assert post(client, supplying("WillSupply")).message_status == "OK"
    req.refresh_from_db()
    assert req.state == "will_supply"


def test_only_post_is_taken(client):
    assert client.get("/iso18626").status_code == 405


def test_every_message_we_build_validates_against_the_schema():
    now = datetime.now(UTC)
    for message in (
        iso.Message(kind=iso.REQUEST, supplier="DK-1", requester="DK-2", request_id="x",
                    ids={"ISBN": "9788702000000", "PID": "870970-basis:1"}, patron_id="p"),
        iso.Message(kind=iso.SUPPLYING, supplier="DK-1", requester="DK-2", request_id="x",
                    reason="RenewResponse", status="Loaned", answer="Y",
                    due=now.date(), item_id="123"),
        iso.Message(kind=iso.REQUESTING, supplier="DK-1", requester="DK-2", request_id="x",
                    action="ShippedReturn", note="Tak for lån"),
    ):
        body = iso.build(message)
        assert not list(iso.schema().iter_errors(body.decode()))
        parsed = iso.parse(body)
        assert (parsed.kind, parsed.request_id) == (message.kind, "x")
        for error in (None, iso.IsoError("BadlyFormedMessage", "x")):
            confirmation = iso.confirm(message.kind, parsed, now, error=error)
            assert iso.parse(confirmation).message_status == ("ERROR" if error else "OK")
