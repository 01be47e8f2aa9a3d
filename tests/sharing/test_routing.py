"""Routing a day's requests: one candidate per holding library, the first ones asked in bulk
with the same outcome as asking one by one."""

import sys
from datetime import timedelta

import pytest
from django.utils import timezone

from reol.circulation.models import Reservation
from reol.core.models import Event
from reol.libraries.models import Branch, Library
from reol.sharing import inbox, iso18626, routing, services
from reol.sharing.models import IllMessage, IllRequest, LendingPolicy
from tests.factories import make_item, make_patron, make_record


@pytest.fixture
def act(django_capture_on_commit_callbacks):
    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


def _reserve(network, record, card: str) -> Reservation:
    return Reservation.objects.create(
        patron=make_patron(network.glostrup, card=card), record=record,
        pickup_branch=network.glostrup_main, placed=timezone.now(),
        interest_until=timezone.localdate() + timedelta(days=90))


def test_a_library_with_several_copies_on_several_branches_is_one_candidate(network):
    record = make_record("Kongens Fald")
    for branch in (network.randers_main, network.randers_main, network.randers_bus):
        make_item(record, branch)
    req = services.request_for_reservation(_reserve(network, record, "0101010101"))
    [assignment] = routing.route_requests([req])
    assert [c.isil for c in assignment.candidates] == ["DK-773000"]


def test_a_days_requests_are_asked_at_once_each_with_its_state_event_and_message(
        network, act):
    LendingPolicy.objects.create(library=network.randers, answer_days=5)
    held = [make_record(f"Titel {n}") for n in range(3)]
    for record in held:
        make_item(record, network.randers_main)
    nowhere = make_record("Ingen har den")
    for n, record in enumerate([*held, nowhere]):
        _reserve(network, record, f"01010101{n:02d}")
    assert act(services.request_for_unfillable) == 4
    now = timezone.now()
    assert act(routing.route_pending, now) == 4

    asked = IllRequest.objects.filter(role="requester", record__in=held)
    assert {(r.state, r.supplier_isil, r.answer_by) for r in asked} == {
        ("requested", "DK-773000", now + timedelta(days=5))}
    assert all(r.candidates == [{"isil": "DK-773000", "status": "asked"}] for r in asked)
    for r in asked:
        [message] = IllMessage.objects.filter(direction="out", request=r)
        assert message.kind == "request:" and message.to_isil == "DK-773000"
        assert message.status == "done"  # delivered in-process after the commit
        assert IllRequest.objects.get(role="supplier", request_id=r.request_id).record \
            == r.record
        [step] = Event.objects.filter(kind=services.ILL_KIND, detail__request=r.request_id,
                                      detail__role="requester", detail__ill="requested",
                                      detail__asked="DK-773000")
        assert step.library == network.glostrup and step.record == r.record
        assert step.detail["lender"] == "DK-773000" and step.detail["borrower"] == "DK-716100"
    lost = IllRequest.objects.get(role="requester", record=nowhere)
    assert (lost.state, lost.reason, lost.supplier_isil) == ("unfilled", "no_supplier", "")
    assert Event.objects.filter(detail__request=lost.request_id, detail__ill="unfilled").exists()
    assert act(routing.route_pending, now) == 0  # nothing new: nothing asked twice


def test_messages_between_libraries_of_one_database_skip_the_xsd_on_their_way(
        network, act, monkeypatch):
    monkeypatch.setattr(iso18626, "ALWAYS_VALIDATE", False)

    def no_schema():
        raise AssertionError("validated a message that never left this process")

    monkeypatch.setattr(iso18626, "schema", no_schema)
    record = make_record("Kongens Fald")
    make_item(record, network.randers_main)
    act(services.request_for_reservation, _reserve(network, record, "0101010101"))
    act(routing.route_pending)
    supply = IllRequest.objects.get(role="supplier")
    act(services.accept, supply.pk)
    assert IllRequest.objects.get(role="requester").state == "will_supply"
    assert not IllMessage.objects.exclude(status="done").exists()


def _depth() -> int:
    frame, n = sys._getframe(), 0
    while frame:
        frame, n = frame.f_back, n + 1
    return n


@pytest.mark.django_db(transaction=True)  # real commits, whose hooks deliver at once
def test_a_long_chain_of_refusals_is_delivered_by_one_loop_never_nested(network, monkeypatch):
    """Thirty libraries say no one after another: sixty messages in process, each delivered by
    the same flush loop, none from inside another's delivery. (Nested deliveries ran out of
    stack after a few dozen messages, and every message after that failed with a
    RecursionError raised deep in the event log, sharing.services.log_step.)"""
    record = make_record("Kongens Fald")
    keeper = make_patron(network.randers, card="0202020202")
    for n in range(30):
        library = Library.objects.create(agency=f"79{n:04d}", name=f"Bibliotek {n}",
                                         municipality=f"Kommune {n}",
                                         region=network.randers.region)
        branch = Branch.objects.create(library=library, code=f"b{n}", name=f"Bibliotek {n}")
        # On the shelf as routing sees it, but held for a patron of its own: NotOnShelf.
        Reservation.objects.create(
            patron=keeper, record=record, pickup_branch=branch, placed=timezone.now(),
            interest_until=timezone.localdate() + timedelta(days=90),
            status=Reservation.Status.ALLOCATED, item=make_item(record, branch))
    depths = []
    handle = inbox.handle_message

    def measured(data: bytes, now=None, *, local: bool = False) -> bytes:
        depths.append(_depth())
        return handle(data, now, local=local)

    monkeypatch.setattr(inbox, "handle_message", measured)
    services.request_for_reservation(_reserve(network, record, "0101010101"))
    routing.route_pending()

    req = IllRequest.objects.get(role="requester")
    assert req.state == "unfilled" and req.reason == "no_supplier"
    assert len(req.candidates) == 30
    assert {(c["status"], c["reason"]) for c in req.candidates} == {("refused", "NotOnShelf")}
    assert len(depths) == 60 and len(set(depths)) == 1
    assert not IllMessage.objects.exclude(status="done").exists()
    assert Event.objects.filter(kind=services.ILL_KIND, detail__ill="refused").count() == 30
