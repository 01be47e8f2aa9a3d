"""A whole interlibrary loan inside one installation: Glostrup borrows from Randers. The two
sides talk through the same ISO 18626 messages as two servers do, without the network."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reol.catalogue.models import Item
from reol.circulation import services as desk
from reol.circulation.models import Reservation
from reol.core.models import Event
from reol.libraries.models import Branch, Library, Region
from reol.sharing import routing, services
from reol.sharing.models import IllMessage, IllRequest, LendingPolicy
from tests.factories import make_item, make_patron, make_record


@pytest.fixture
def act(django_capture_on_commit_callbacks):
    """Run a use case and deliver the messages it queued, as the commit would."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


@pytest.fixture
def loan_case(network):
    record = make_record("Kongens Fald", faust="29500000", year=1901)
    lender_copy = make_item(record, network.randers_main)
    patron = make_patron(network.glostrup)
    reservation = Reservation.objects.create(
        patron=patron, record=record, pickup_branch=network.glostrup_main,
        placed=timezone.now(), interest_until=timezone.localdate() + timedelta(days=90))
    return record, lender_copy, patron, reservation


def supplier_side(req: IllRequest) -> IllRequest:
    return IllRequest.objects.get(role="supplier", request_id=req.request_id,
                                  supplier_isil=req.supplier_isil)


def states(req: IllRequest) -> tuple[str, str]:
    req.refresh_from_db()
    return req.state, supplier_side(req).state


def test_a_reservation_without_a_local_copy_travels_the_whole_loan_and_back(
        network, loan_case, act):
    record, copy, patron, reservation = loan_case
    assert act(services.request_for_unfillable) == 1
    req = IllRequest.objects.get(role="requester")
    assert act(routing.route_pending) == 1
    req.refresh_from_db()
    assert req.supplier_isil == "DK-773000" and req.state == "requested"
    lend = supplier_side(req)
    assert lend.library == network.randers and lend.record == record

    act(services.accept, lend.pk)
    assert states(req) == ("will_supply", "will_supply")
    act(services.ship, lend.pk)
    copy.refresh_from_db()
    assert copy.status == Item.Status.IN_TRANSIT
    assert states(req) == ("shipped", "shipped")

    # The van arrives in Glostrup: the ordinary check-in puts it on the hold shelf.
    desk.check_in(copy.barcode, network.glostrup_main)
    reservation.refresh_from_db()
    assert reservation.status == Reservation.Status.ON_HOLD_SHELF
    act(services.sync)
    assert states(req) == ("on_hold_shelf", "received")

    loan = desk.check_out(patron, copy.barcode, network.glostrup_main)
    act(services.sync)
    assert states(req)[0] == "on_loan"

    act(services.renew, req.pk)
    req.refresh_from_db()
    loan.refresh_from_db()
    assert not req.renewal_pending and loan.due == req.due

    desk.check_in(copy.barcode, network.glostrup_main)  # goes home to Randers in transit
    act(services.sync)
    assert states(req) == ("shipped_back", "shipped_back")
    desk.check_in(copy.barcode, network.randers_main)
    act(services.sync)
    assert states(req) == ("closed", "closed")
    copy.refresh_from_db()
    assert copy.status == Item.Status.AVAILABLE

    steps = Event.objects.filter(kind=services.ILL_KIND, detail__role="requester")
    assert [e.detail["ill"] for e in steps] == [
        "requested", "requested", "will_supply", "shipped", "received", "on_hold_shelf",
        "on_loan", "renewal_asked", "renewal_granted", "returned", "shipped_back",
        "received_by_lender", "closed"]
    assert all(e.detail["lender"] == "DK-773000" and e.detail["borrower"] == "DK-716100"
               and e.library == network.glostrup for e in steps[1:])
    assert Event.objects.filter(kind=services.ILL_KIND, library=network.randers,
                                detail__ill="shipped").exists()
    assert not IllMessage.objects.exclude(status="done").exists()


def test_a_refusal_moves_the_request_to_the_next_library_then_unfilled(
        network, loan_case, act):
    record, _copy, _patron, reservation = loan_case
    odense_lib = Library.objects.create(agency="746100", name="Odense", municipality="Odense",
                                        region=Region.objects.get(name="Herning"))
    odense = Branch.objects.create(library=odense_lib, code="odense", name="Odense", kind="main")
    make_item(record, odense)
    req = act(services.request_for_reservation, reservation)
    act(routing.route_pending)
    req.refresh_from_db()
    assert [c["isil"] for c in req.candidates] == ["DK-746100", "DK-773000"]
    first = supplier_side(req)
    act(services.refuse, first.pk, "PoorCondition")
    req.refresh_from_db()
    assert req.supplier_isil == "DK-773000" and req.state == "requested"
    assert req.candidates[0]["status"] == "refused"
    assert req.candidates[0]["reason"] == "PoorCondition"
    act(services.refuse, supplier_side(req).pk, "NotOnShelf")
    req.refresh_from_db()
    assert req.state == "unfilled" and req.supplier_isil == ""


def test_a_supplier_that_does_not_answer_in_time_is_passed_over(network, loan_case, act):
    record, _copy, _patron, reservation = loan_case
    central_region = Region.objects.create(name="Aarhus")
    central = Library.objects.create(agency="751000", name="Aarhus", municipality="Aarhus",
                                     region=central_region, kind="central")
    make_item(record, Branch.objects.create(library=central, code="aarhus", name="Aarhus"))
    req = act(services.request_for_reservation, reservation)
    act(routing.route_pending)
    req.refresh_from_db()
    # Randers (another region, municipal) before the central collection.
    assert [c["isil"] for c in req.candidates] == ["DK-773000", "DK-751000"]
    act(routing.route_pending, timezone.now() + timedelta(days=3))
    req.refresh_from_db()
    assert req.supplier_isil == "DK-751000"
    assert req.candidates[0]["status"] == "timeout"
    assert supplier_side(IllRequest(request_id=req.request_id,
                                    supplier_isil="DK-773000")).state == "cancelled"


def test_a_lender_says_no_at_once_when_its_policy_or_shelf_says_no(network, loan_case, act):
    _record, copy, _patron, reservation = loan_case
    LendingPolicy.objects.create(library=network.randers, excluded_types=["book"])
    req = act(services.request_for_reservation, reservation)
    act(routing.route_pending)
    req.refresh_from_db()
    assert req.state == "unfilled"  # the only holder does not lend books: nobody to ask
    LendingPolicy.objects.all().delete()
    copy.status = Item.Status.ON_LOAN
    copy.save()
    assert routing.route_requests([req])[0].candidates == []


def test_a_reservation_filled_at_home_cancels_its_request(network, loan_case, act):
    record, _copy, _patron, reservation = loan_case
    req = act(services.request_for_reservation, reservation)
    act(routing.route_pending)
    own = make_item(record, network.glostrup_main)
    from reol.circulation.reservations import allocate

    allocate()
    act(services.sync)
    req.refresh_from_db()
    assert req.state == "cancelled"
    assert supplier_side(req).state == "cancelled"
    reservation.refresh_from_db()
    assert reservation.item == own


def test_out_of_order_steps_are_refused_and_change_nothing(network, loan_case, act):
    _record, _copy, _patron, reservation = loan_case
    req = act(services.request_for_reservation, reservation)
    act(routing.route_pending)
    req.refresh_from_db()
    lend = supplier_side(req)
    from reol.errors import DomainError

    with pytest.raises(DomainError):
        act(services.receive_back, lend.pk)
    with pytest.raises(DomainError):
        act(services.receive, req.pk)
    assert states(req) == ("requested", "requested")
