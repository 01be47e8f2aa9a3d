"""A desk scan that lends one item costs at most 12 statements, page answer included (issue
14: counts, not times). Transactional, as in production: each request commits its own work,
and the per-process memories (loan rules, hours, roles, houses) are warm after a first scan."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reol.circulation import services
from reol.circulation.models import Reservation
from reol.circulation.reservations import place_reservation
from reol.core.roles import grant
from reol.libraries.models import OpeningPattern
from tests.factories import make_item, make_patron, make_record

pytestmark = pytest.mark.django_db(transaction=True)
MOST = 12


@pytest.fixture
def desk(client, network):
    user = User.objects.create_user("birte", password="hemmelig-42")
    grant(user, network.glostrup)
    client.force_login(user)
    for weekday in range(6):
        OpeningPattern.objects.create(branch=network.glostrup_main, weekday=weekday,
                                      opens="10:00", closes="19:00",
                                      valid_from=timezone.localdate() - timedelta(days=400))
    return client


def test_lending_one_item_at_the_desk_runs_at_most_twelve_statements(desk, network):
    karen = make_patron(network.glostrup, name="Karen Blixen", card="11112222")
    shelf = [make_item(make_record(f"Bog {n}"), network.glostrup_main) for n in range(4)]
    services.check_out(karen, shelf[0].barcode, "glostrup",
                       now=timezone.now() - timedelta(days=60))  # overdue by now
    waiting = make_record("Kongens Fald")
    copy = make_item(waiting, network.glostrup_main)
    place_reservation(karen, waiting, network.glostrup_main)
    services.check_in(copy.barcode, "glostrup")  # on the hold shelf for her
    assert Reservation.objects.get(patron=karen).status == Reservation.Status.ON_HOLD_SHELF
    htmx = {"HX-Request": "true"}
    desk.post("/staff/desk/scan/", {"code": karen.card}, headers=htmx)
    desk.post("/staff/desk/scan/", {"code": shelf[1].barcode}, headers=htmx)  # memories warm

    with CaptureQueriesContext(connection) as statements:
        answer = desk.post("/staff/desk/scan/", {"code": shelf[2].barcode}, headers=htmx)

    page = answer.content.decode()
    assert answer.status_code == 200 and "Bog 2" in page and "Kongens Fald" in page
    assert "3 lån" in page and "1 overskredet" in page
    assert len(statements) <= MOST, f"{len(statements)} statements:\n" + "\n".join(
        q["sql"][:200] for q in statements)
