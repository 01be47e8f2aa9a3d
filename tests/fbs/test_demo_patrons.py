"""The demo's named patrons, as the libraries' apps would see them through the FBS Adapter:
every loan, reservation and fee reol holds for them, and nothing else."""

import pytest
from django.utils import timezone

from reol.catalogue import changes
from reol.catalogue import demo as catalogue
from reol.circulation import accounts, demo
from reol.circulation.models import Loan, Patron, Reservation
from reol.fbs import rules
from reol.libraries.demo import load_network
from tests.circulation.test_demo import SMALL

pytestmark = pytest.mark.slow


@pytest.fixture
def demo_network(db):
    libraries = list(load_network().values())
    pairs = catalogue.store_records(catalogue.demo_records()[:250])
    catalogue.store_items(pairs, libraries)
    with changes.batch():
        demo.load(libraries, volume=SMALL)
    return libraries


def _faust(record) -> str:
    return rules.faust(record.pid, record.faust)


# One demo for all of them: loading it takes seconds.
NAMED = [("716100", "adult"), ("716100", "child"), ("773000", "english"), ("716100", "blocked")]


def test_the_demo_patrons_loans_reservations_and_fees_come_back_whole(bearer, fbs, demo_network):
    for agency, role in NAMED:
        _whole(fbs, bearer, agency, role)


def _whole(fbs, bearer, agency: str, role: str) -> None:
    patron = Patron.objects.select_related("library").get(
        card=demo.card_number(agency, demo.ROLES[role].number))
    me = bearer(patron.library, patron, demo.ROLES[role].pin)
    base = "/external/agencyid/patrons/patronid"
    loans = fbs.call("GET", f"{base}/loans/v2", me).json()
    open_loans = Loan.objects.filter(patron=patron, returned__isnull=True).select_related(
        "item__record")
    assert sorted((x["loanDetails"]["loanId"], x["loanDetails"]["dueDate"],
                   x["loanDetails"]["recordId"]) for x in loans) == sorted(
        (loan.pk, loan.due.isoformat(), _faust(loan.item.record)) for loan in open_loans)
    held = fbs.call("GET", "/external/v1/agencyid/patrons/patronid/reservations/v2", me).json()
    active = Reservation.objects.filter(patron=patron, status__in=Reservation.ACTIVE)
    assert sorted((r["reservationId"], r["recordId"], r["state"]) for r in held) == sorted(
        (r.pk, _faust(r.record), rules.reservation_state(r.status)) for r in active)
    fees = fbs.call("GET", "/external/agencyid/patron/patronid/fees/v2", me,
                    params={"includepaid": "false", "includenonpayable": "true"}).json()
    owed = accounts.statement(patron).left
    assert {f["feeId"]: f["amount"] for f in fees} == {k: float(v) for k, v in owed.items()}
    blocks = fbs.call("GET", f"{base}/v4", me).json()["patron"]["blockStatus"]
    assert bool(blocks) == (role == "blocked")
    if role == "adult":
        assert loans and held and any(r["state"] == "readyForPickup" for r in held)
        assert any(x["loanDetails"]["dueDate"] < timezone.localdate().isoformat()
                   for x in loans)
    if role == "english":
        assert fees
