"""Min side is complete: what the patron owes and what for (also at the desk), renewal only
where it can succeed, a blocked patron told why instead of a form, events and rooms, the
favourites list, purchase suggestions that reach the library's collection staff, notice
settings, and all of it in "My data" and gone with the patron."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from reol.circulation import notices, patrons, services
from reol.circulation.models import Favourite, LoanRule, PurchaseSuggestion
from reol.core.models import Notice
from reol.core.roles import grant
from tests.factories import make_item, make_patron, make_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def karen(network):
    return make_patron(network.glostrup, name="Karen Blixen", card="1111222233", pin="4321",
                       language="en", email="karen@example.dk", phone="12345678",
                       notify_sms=True)


def logged_in(patron) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    assert client.post("/login/", {"card": patron.card, "pin": "4321"}).status_code == 302
    return client


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def staff_client(network, name: str, role: str, library=None) -> Client:
    user = User.objects.create_user(name, password="hemmelig-42")
    grant(user, library or network.glostrup, role)
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def returned_late(patron, network, title="Kongens Fald"):
    """Borrowed 40 days ago under an overdue-fee rule, returned today: 10 days late."""
    LoanRule.objects.get_or_create(library=network.glostrup, defaults={
        "fee_policy": "overdue", "overdue_fee_per_day": Decimal("10"),
        "max_overdue_fee": Decimal("100")})
    item = make_item(make_record(title), network.glostrup_main)
    services.check_out(patron, item.barcode, "glostrup",
                       now=timezone.now() - timedelta(days=40))
    return services.check_in(item.barcode, "glostrup")


def test_an_overdue_fee_shows_on_min_side_and_at_the_desk(network, karen):
    assert returned_late(karen, network).fee == Decimal("100")
    mine = logged_in(karen)
    charges = page(mine, "/me/charges/")
    assert "Owed: 100.00 kr." in charges and "Overdue fee" in charges
    assert "Kongens Fald" in charges
    assert "You owe the library 100.00 kr." in page(mine, "/me/")
    desk = staff_client(network, "birte", "desk")
    assert "Owed: 100.00 kr." in page(desk, f"/staff/patrons/{karen.pk}/")
    desk.post("/staff/desk/scan/", {"code": karen.card})
    assert "Owed: 100.00 kr." in page(desk, "/staff/")


def test_a_returned_loan_without_a_charge_forgets_the_patron(network, karen):
    item = make_item(make_record(), network.glostrup_main)
    services.check_out(karen, item.barcode, "glostrup")
    assert services.check_in(item.barcode, "glostrup").loan.patron is None
    assert "You owe the library nothing." in page(logged_in(karen), "/me/charges/")


def test_a_loan_not_yet_in_its_window_says_when_instead_of_a_button(network, karen):
    services.check_out(karen, make_item(make_record("Gift"), network.glostrup_main).barcode,
                       "glostrup")
    html = page(logged_in(karen), "/me/")
    assert "Can be renewed from" in html
    assert 'name="loan"' not in html and 'name="all"' not in html


def test_a_blocked_patron_sees_why_instead_of_renew_and_reserve_forms(network, karen):
    record = make_record("Gift")
    make_item(record, network.glostrup_main)
    services.check_out(karen, make_item(make_record(), network.glostrup_main).barcode,
                       "glostrup", now=timezone.now() - timedelta(days=28))
    patrons.add_block(karen, "suspended", "")
    mine = logged_in(karen)
    loans = page(mine, "/me/")
    assert "Your card is blocked." in loans and 'name="loan"' not in loans
    record_page = page(mine, f"/records/{record.pid}/")
    assert "The card is suspended" in record_page
    assert f'action="/records/{record.pid}/reserve/"' not in record_page


def test_event_registrations_and_room_bookings_are_on_min_side(network, karen):
    from reol.events.models import Registration
    from reol.rooms.models import Booking, Room
    from tests.events.helpers import make_series

    now = timezone.now()
    start = now + timedelta(days=3)
    series = make_series(network, now - timedelta(days=1), first_start=start, capacity=10)
    Registration.objects.create(occurrence=series.occurrences.first(), patron=karen,
                                name=karen.name, status="confirmed", created=now)
    room = Room.objects.create(branch=network.glostrup_main, name="Studierummet",
                               slug="studie", capacity=4)
    Booking.objects.create(room=room, patron=karen, start=start,
                           end=start + timedelta(hours=1), created=now)
    html = page(logged_in(karen), "/me/bookings/")
    assert series.title in html and "Studierummet" in html


def test_favourites_are_added_from_the_record_page_and_removed(network, karen):
    record = make_record("Gift")
    mine = logged_in(karen)
    assert "Add to my list" in page(mine, f"/records/{record.pid}/")
    mine.post(f"/me/favourites/{record.pid}/", {"next": f"/records/{record.pid}/"})
    mine.post(f"/me/favourites/{record.pid}/")  # twice: still once on the list
    assert Favourite.objects.filter(patron=karen).count() == 1
    assert "Gift" in page(mine, "/me/favourites/")
    assert "Remove from my list" in page(mine, f"/records/{record.pid}/")
    mine.post(f"/me/favourites/{record.pid}/", {"remove": "1"})
    assert not Favourite.objects.filter(patron=karen).exists()


def test_a_purchase_suggestion_reaches_collection_staff_of_the_patrons_library(network, karen):
    mine = logged_in(karen)
    assert mine.post("/me/suggestions/", {"title": ""}).status_code == 400
    mine.post("/me/suggestions/", {"title": "Tusind år i Danmark", "creator": "Hansen"})
    suggestion = PurchaseSuggestion.objects.get()
    assert suggestion.library == network.glostrup
    assert "Received" in page(mine, "/me/suggestions/")
    collection = staff_client(network, "carl", "acquisitions")
    assert "Tusind år i Danmark" in page(collection, "/staff/suggestions/")
    randers = staff_client(network, "rikke", "acquisitions", network.randers)
    assert "Tusind år i Danmark" not in page(randers, "/staff/suggestions/")
    assert randers.post(f"/staff/suggestions/{suggestion.pk}/",
                        {"status": "declined", "reason": "Nej"}).status_code == 403
    no_reason = collection.post(f"/staff/suggestions/{suggestion.pk}/", {"status": "declined"},
                                HTTP_ACCEPT_LANGUAGE="en")
    assert no_reason.status_code == 400 and "Give the patron a reason" in no_reason.content.decode()
    collection.post(f"/staff/suggestions/{suggestion.pk}/",
                    {"status": "declined", "reason": "Udgivet kun på tysk"})
    shown = page(mine, "/me/suggestions/")
    assert "Will not be bought" in shown and "Udgivet kun på tysk" in shown
    from reol.core.models import StaffChange
    assert StaffChange.objects.filter(model="circulation.purchasesuggestion",
                                      changes__status__1="declined").exists()


def test_a_notice_turned_off_for_sms_still_comes_by_email(network, karen):
    mine = logged_in(karen)
    wanted = {"email_due_soon", "email_ready", "sms_ready"}
    assert mine.post("/me/notices/", dict.fromkeys(wanted, "on")).status_code == 302
    karen.refresh_from_db()
    assert "sms:due_soon" in karen.notices_off and "email:ready" not in karen.notices_off
    loan = services.check_out(karen, make_item(make_record(), network.glostrup_main).barcode,
                              "glostrup")
    notices.queue(karen, "due_soon", f"due_soon:{loan.pk}", loan=loan)
    assert list(Notice.objects.values_list("channel", flat=True)) == ["email"]


def test_my_data_holds_the_new_lists_and_deletion_removes_them(network, karen):
    record = make_record("Gift")
    mine = logged_in(karen)
    mine.post(f"/me/favourites/{record.pid}/")
    mine.post("/me/suggestions/", {"title": "Tusind år i Danmark"})
    data = services.patron_data(karen)["data"]
    assert data["circulation.favourite"][0]["record"].startswith("Gift")
    assert data["circulation.purchasesuggestion"][0]["title"] == "Tusind år i Danmark"
    services.delete_patron(karen)
    assert not Favourite.objects.exists() and not PurchaseSuggestion.objects.exists()
