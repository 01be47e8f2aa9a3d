"""A copy borrowed from a library in another installation lives here as a stand-in copy; when
the patron returns it, it goes back to its lender, never onto the open shelf."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reol.catalogue.models import Item
from reol.circulation import services as desk
from reol.circulation.models import Reservation
from reol.errors import DomainError
from reol.sharing import services
from reol.sharing.models import IllRequest
from tests.factories import make_patron, make_record


@pytest.fixture
def borrowed(network):
    """Glostrup has a copy from DK-999999 (another installation) on its hold shelf."""
    now = timezone.now()
    record = make_record("Kongens Fald", faust="29500001")
    patron = make_patron(network.glostrup)
    copy = Item.objects.create(
        barcode=f"{services.STAND_IN}DK-999999-1234", record=record, library=network.glostrup,
        home_branch=network.glostrup_main, current_branch=network.glostrup_main,
        status=Item.Status.ON_HOLD_SHELF)
    reservation = Reservation.objects.create(
        patron=patron, record=record, pickup_branch=network.glostrup_main, item=copy,
        status=Reservation.Status.ON_HOLD_SHELF, placed=now, pickup_number="1",
        interest_until=timezone.localdate() + timedelta(days=90))
    req = IllRequest.objects.create(
        role="requester", requester_isil="DK-716100", supplier_isil="DK-999999",
        request_id="glostrup-1", library=network.glostrup, state="on_hold_shelf",
        reservation=reservation, record=record, pickup_branch=network.glostrup_main,
        item=copy, item_barcode="1234", created=now, updated=now)
    return req, copy, patron


def test_a_returned_stand_in_copy_goes_back_to_its_lender(network, borrowed):
    req, copy, patron = borrowed
    desk.check_out(patron, copy.barcode, network.glostrup_main)
    services.sync()
    req.refresh_from_db()
    assert req.state == "on_loan"

    back = desk.check_in(copy.barcode, network.glostrup_main)
    assert back.routing.action == "lender" and "DK-999999" in back.routing.to_library
    copy.refresh_from_db()
    req.refresh_from_db()
    assert copy.status == Item.Status.IN_TRANSIT and req.state == "returned"
    other = make_patron(network.glostrup, card="0202020202")
    with pytest.raises(DomainError):  # not on the shelf: nobody else can borrow it
        desk.check_out(other, copy.barcode, network.glostrup_main)

    # Scanned again before it leaves: still the same answer, nothing moves twice.
    assert desk.check_in(copy.barcode, network.glostrup_main).routing.action == "lender"
    services.ship_back(req.pk)
    copy.refresh_from_db()
    req.refresh_from_db()
    assert copy.status == Item.Status.WITHDRAWN and req.state == "shipped_back"


def test_a_stand_in_copy_not_collected_goes_back_too(network, borrowed):
    req, copy, _ = borrowed
    Reservation.objects.filter(item=copy).update(status=Reservation.Status.EXPIRED)
    back = desk.check_in(copy.barcode, network.glostrup_main)
    assert back.routing.action == "lender"
    req.refresh_from_db()
    assert req.state == "returned"


def test_a_stand_in_copy_still_held_for_its_patron_stays_on_the_hold_shelf(network, borrowed):
    _, copy, _ = borrowed
    assert desk.check_in(copy.barcode, network.glostrup_main).routing.action == "hold_shelf"
