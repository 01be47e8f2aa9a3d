"""Peers prove who they are: POST /iso18626 takes a message only with the credential of the
agency its header names as sender. Anonymous, wrong and other agencies' credentials get the
protocol's error and change nothing, whatever request id they know."""

import base64
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from reol.circulation.models import Reservation
from reol.core.models import Event
from reol.sharing import credentials, services
from reol.sharing import iso18626 as iso
from reol.sharing.models import IllMessage, IllRequest, Peer, PeerCredential
from tests.factories import make_item, make_patron, make_record

REMOTE, OTHER = "DK-999900", "DK-746100"  # two agencies of other installations


def basic(user: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode()


@pytest.fixture
def world(network):
    """Randers lends to REMOTE (shipped, due in ten days); Glostrup asked REMOTE for a title
    and would ask Randers next. Each of REMOTE and OTHER holds its own credential."""
    record = make_record("Kongens Fald", faust="29500000")
    make_item(record, network.randers_main)
    secrets = {isil: credentials.issue(isil) for isil in (REMOTE, OTHER)}
    supply = IllRequest.objects.create(
        role="supplier", library=network.randers, requester_isil=REMOTE,
        supplier_isil="DK-773000", request_id="remote-1", record=record, state="shipped",
        due=date.today() + timedelta(days=10), created=timezone.now(), updated=timezone.now())
    reservation = Reservation.objects.create(
        patron=make_patron(network.glostrup), record=record, pickup_branch=network.glostrup_main,
        placed=timezone.now(), interest_until=timezone.localdate() + timedelta(days=30))
    asked = services.request_for_reservation(reservation)
    asked.supplier_isil = REMOTE
    asked.candidates = [{"isil": REMOTE, "status": "asked"},
                        {"isil": "DK-773000", "status": "waiting"}]
    asked.save()
    return secrets, supply, asked


def messages(supply: IllRequest, asked: IllRequest) -> dict[str, bytes]:
    """What the issue saw done anonymously in another library's name."""
    now = datetime.now(UTC)

    def requesting(action: str) -> bytes:
        return iso.build(iso.Message(kind=iso.REQUESTING, supplier="DK-773000", requester=REMOTE,
                                     request_id=supply.request_id, action=action, timestamp=now))

    return {
        "renew": requesting("Renew"),
        "cancel": requesting("Cancel"),
        "re-route": iso.build(iso.Message(
            kind=iso.SUPPLYING, supplier=REMOTE, requester="DK-716100",
            request_id=asked.request_id, reason="StatusChange", status="Unfilled",
            reason_unfilled="NotOnShelf", timestamp=now)),
        "fake request": iso.build(iso.Message(
            kind=iso.REQUEST, supplier="DK-773000", requester=REMOTE, request_id="fake-1",
            title="Kongens Fald", ids={"FAUST": "29500000"}, timestamp=now)),
    }


def snapshot() -> tuple:
    return (list(IllRequest.objects.order_by("id").values()), IllMessage.objects.count(),
            Event.objects.count())


def post(client, body: bytes, authorization: str | None) -> iso.Message:
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization is not None else {}
    response = client.post("/iso18626", body, content_type="application/xml", **headers)
    assert response.status_code == 200
    return iso.parse(response.content)  # a schema-valid confirmation


def test_messages_without_the_senders_credential_change_nothing(client, world):
    secrets, supply, asked = world
    before = snapshot()
    wrong = {
        "anonymous": None,
        "a guessed secret": "Bearer not-the-secret",
        "another agency's credential": f"Bearer {secrets[OTHER]}",
        "another agency's, as Basic": basic(OTHER, secrets[OTHER]),
        "the right secret under another agency's name": basic(OTHER, secrets[REMOTE]),
        "an unknown scheme": f"Token {secrets[REMOTE]}",
    }
    for what, body in messages(supply, asked).items():
        for how, authorization in wrong.items():
            answer = post(client, body, authorization)
            assert (answer.message_status, answer.error_type) == (
                "ERROR", "UnrecognisedDataValue"), (what, how)
            assert "credential" in answer.error_value
            assert snapshot() == before, (what, how)


def test_the_senders_own_credential_is_taken(client, world):
    secrets, supply, asked = world
    sent = messages(supply, asked)
    renewed = post(client, sent["renew"], f"Bearer {secrets[REMOTE]}")
    assert renewed.message_status == "OK"
    supply.refresh_from_db()
    assert supply.due > date.today() + timedelta(days=10)
    assert post(client, sent["re-route"], basic(REMOTE, secrets[REMOTE])).message_status == "OK"
    asked.refresh_from_db()
    assert asked.supplier_isil == "DK-773000"  # on to the next candidate
    assert post(client, sent["fake request"], basic("", secrets[REMOTE])).message_status == "OK"
    assert IllRequest.objects.filter(request_id="fake-1", requester_isil=REMOTE).exists()


def test_a_peer_with_a_credential_cannot_touch_another_peers_requests(client, world):
    secrets, supply, _ = world
    before = snapshot()
    # OTHER knows REMOTE's request id and proves itself, but only as OTHER.
    body = iso.build(iso.Message(kind=iso.REQUESTING, supplier="DK-773000", requester=OTHER,
                                 request_id=supply.request_id, action="Renew",
                                 timestamp=datetime.now(UTC)))
    answer = post(client, body, f"Bearer {secrets[OTHER]}")
    assert answer.message_status == "ERROR"
    assert snapshot() == before


def test_a_library_of_this_installation_cannot_be_spoken_for_from_outside(client, world):
    """Glostrup and Randers talk in-process; over HTTP nobody holds their credential."""
    secrets, _, asked = world
    IllRequest.objects.filter(pk=asked.pk).update(
        supplier_isil="DK-773000", candidates=[{"isil": "DK-773000", "status": "asked"}])
    before = snapshot()
    body = iso.build(iso.Message(kind=iso.SUPPLYING, supplier="DK-773000",
                                 requester="DK-716100", request_id=asked.request_id,
                                 reason="StatusChange", status="WillSupply",
                                 timestamp=datetime.now(UTC)))
    for authorization in (None, f"Bearer {secrets[REMOTE]}", basic("DK-773000", secrets[REMOTE])):
        assert post(client, body, authorization).message_status == "ERROR"
    assert snapshot() == before


def test_issuing_again_replaces_the_secret_and_revoking_refuses(client, world, capsys):
    secrets, supply, _ = world
    renew = messages(supply, world[2])["renew"]
    call_command("peer_credential", REMOTE)
    fresh = capsys.readouterr().out.strip()
    assert len(fresh) >= 40 and fresh != secrets[REMOTE]
    stored = PeerCredential.objects.get(isil=REMOTE)
    assert fresh not in stored.digest and stored.digest != fresh  # only a hash is kept
    assert post(client, renew, f"Bearer {secrets[REMOTE]}").message_status == "ERROR"
    assert post(client, renew, f"Bearer {fresh}").message_status == "OK"
    call_command("peer_credential", REMOTE, "--revoke")
    assert post(client, renew.replace(b"Renew", b"StatusRequest"),
                f"Bearer {fresh}").message_status == "ERROR"


def test_the_secret_a_peer_issued_to_us_is_kept_from_standard_input(db, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-from-the-peer\n"))
    call_command("ill", "peer", REMOTE, "http://peer.example/iso18626", "-")
    call_command("ill", "peer", REMOTE, "http://peer.example/v2/iso18626")  # keeps the secret
    peer = Peer.objects.get(isil=REMOTE)
    assert (peer.url, peer.secret) == ("http://peer.example/v2/iso18626", "s3cret-from-the-peer")


def test_a_peer_learns_nothing_of_requests_it_was_not_asked(client, world):
    """Even news that changes nothing: the answer for another's request id is the answer for an
    id that does not exist."""
    secrets, _, asked = world

    def notification(request_id: str) -> iso.Message:
        body = iso.build(iso.Message(kind=iso.SUPPLYING, supplier=OTHER, requester="DK-716100",
                                     request_id=request_id, reason="Notification",
                                     status="WillSupply", timestamp=datetime.now(UTC)))
        return post(client, body, f"Bearer {secrets[OTHER]}")

    real, made_up = notification(asked.request_id), notification("no-such-request")
    assert real.message_status == made_up.message_status == "ERROR"
    assert real.error_value.replace(asked.request_id, "?") == made_up.error_value.replace(
        "no-such-request", "?")
