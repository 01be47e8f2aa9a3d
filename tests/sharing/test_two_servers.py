"""Two reol installations on one machine — Glostrup on A, Randers on B, each with its own
database — carry a whole interlibrary loan from request to closed over ISO 18626 by HTTP.

On SQLite each server has a file of its own; on PostgreSQL a database of its own on the suite's
server, named after the suite's test database (test_reol_x → test_reol_x_ill_a, …) so that
suites running side by side never share one, created before and dropped after the test.
tests/installations.py says how each installation's commands run."""

import urllib.request

import pytest

from tests.installations import Installation, own_databases

SETUP_A = """
from datetime import timedelta
from django.utils import timezone
from reol.circulation.models import Reservation
from reol.libraries.models import Branch, Library, Region
from reol.sharing.models import Peer
from tests.factories import make_patron, make_record
region = Region.objects.create(name="Gentofte")
glostrup = Library.objects.create(agency="716100", name="Glostrup Bibliotek",
                                  municipality="Glostrup", region=region)
Branch.objects.create(library=glostrup, code="glostrup", name="Glostrup Bibliotek", kind="main")
record = make_record("Kongens Fald", pid="870970-basis:29500000", faust="29500000")
patron = make_patron(glostrup, card="0101010101")
Reservation.objects.create(patron=patron, record=record, pickup_branch_id=Branch.objects.get().pk,
                           placed=timezone.now(),
                           interest_until=timezone.localdate() + timedelta(days=90))
Peer.objects.create(isil="DK-773000", url="{peer}")
"""

SETUP_B = """
from reol.libraries.models import Branch, Library, Region
from reol.sharing.models import Peer
from tests.factories import make_item, make_record
region = Region.objects.create(name="Herning")
randers = Library.objects.create(agency="773000", name="Randers Bibliotek",
                                 municipality="Randers", region=region)
branch = Branch.objects.create(library=randers, code="randers-hb", name="Randers", kind="main")
item = make_item(make_record("Kongens fald", pid="870970-basis:29500000", faust="29500000"),
                 branch)
item.barcode = "5773000900001"
item.save()
Peer.objects.create(isil="DK-716100", url="{peer}")
"""


@pytest.fixture
def two(tmp_path, django_db_setup):
    with own_databases("a", "b") as (url_a, url_b):
        a, b = Installation("a", tmp_path, url_a), Installation("b", tmp_path, url_b)
        try:
            for me, other, setup in ((a, b, SETUP_A), (b, a, SETUP_B)):
                me.migrated()
                me.python(setup.replace("{peer}", other.base + "/iso18626"))
            # Each issues the other's credential, and each keeps what the other issued to it.
            a.secret = b.reol("peer_credential", "DK-716100").strip()
            b.secret = a.reol("peer_credential", "DK-773000").strip()
            a.reol("ill", "peer", "DK-773000", b.base + "/iso18626", a.secret)
            b.reol("ill", "peer", "DK-716100", a.base + "/iso18626", b.secret)
            a.start()
            b.start()
            yield a, b
        finally:
            a.stop()
            b.stop()


def post(base: str, body: bytes, secret: str = "") -> str:
    headers = {"Content-Type": "application/xml"}
    if secret:
        headers["Authorization"] = f"Bearer {secret}"
    request = urllib.request.Request(base + "/iso18626", data=body, method="POST",
                                     headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
        return response.read().decode()


def test_two_servers_carry_a_loan_from_request_to_closed(two):
    a, b = two
    a.reol("ill", "request", "1")
    [asked] = a.requests()
    assert asked["supplier_isil"] == "DK-773000" and asked["state"] == "requested"
    [supply] = b.requests()
    assert (supply["role"], supply["state"], supply["request_id"]) == (
        "supplier", "requested", asked["request_id"])

    b.reol("ill", "accept", str(supply["id"]))
    assert a.requests()[0]["state"] == "will_supply"
    b.reol("ill", "ship", str(supply["id"]))
    assert a.requests()[0]["state"] == "shipped"
    assert a.requests()[0]["item_barcode"] == "5773000900001"

    a.reol("ill", "receive", str(asked["id"]))
    assert a.requests()[0]["state"] == "on_hold_shelf"
    assert b.requests()[0]["state"] == "received"

    a.python("from reol.circulation.services import check_out; "
             "check_out('0101010101', 'ILL-DK-773000-5773000900001', 'glostrup')")
    a.reol("ill", "jobs")
    assert a.requests()[0]["state"] == "on_loan"
    first_due = a.requests()[0]["due"]
    a.reol("ill", "renew", str(asked["id"]))
    renewed = a.requests()[0]
    assert not renewed["renewal_pending"] and renewed["due"] > first_due
    loan_due = a.python("from reol.circulation.models import Loan; print(Loan.objects.get().due)")
    assert loan_due.strip() == renewed["due"]

    a.python("from reol.circulation.services import check_in; "
             "check_in('ILL-DK-773000-5773000900001', 'glostrup')")
    a.reol("ill", "jobs")
    assert a.requests()[0]["state"] == "returned"
    a.reol("ill", "ship-back", str(asked["id"]))
    assert b.requests()[0]["state"] == "shipped_back"

    b.reol("ill", "receive-back", str(supply["id"]))
    assert b.requests()[0]["state"] == "closed"
    assert a.requests()[0]["state"] == "closed"
    status = b.python("from reol.catalogue.models import Item; "
                      "print(Item.objects.get(barcode='5773000900001').status)")
    assert status.strip() == "available"

    # Garbage and replays at the endpoint change nothing and get the protocol's answer.
    answer = post(a.base, b"<not xml")
    assert "<ill:messageStatus>ERROR</ill:messageStatus>" in answer
    assert "BadlyFormedMessage" in answer
    last = b.python("from reol.sharing.models import IllMessage; "
                    "print(IllMessage.objects.filter(direction='out').last().body)")
    again = post(a.base, last.strip().encode(), b.secret)
    assert "<ill:messageStatus>OK</ill:messageStatus>" in again
    assert a.requests()[0]["state"] == "closed"
    # Without the sender's credential, or with the receiver's own, even a message that was
    # taken before is refused.
    for secret in ("", a.secret, "guessed"):
        refused = post(a.base, last.strip().encode(), secret)
        assert "<ill:messageStatus>ERROR</ill:messageStatus>" in refused
        assert "no valid credential" in refused
