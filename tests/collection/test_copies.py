"""The life of a copy (issue 16, point 2): statuses given by staff with a reason, on the
copy's history and the staff record, reaching the search index and the reservations; and
never across library lines."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from reol.catalogue.models import CopyStatusChange, Item, ShelfChange
from reol.circulation import services
from reol.circulation.models import Reservation
from reol.circulation.reservations import place_reservation
from reol.collection import copies
from reol.core.actor import acting_as
from reol.core.models import StaffChange
from reol.core.roles import grant
from reol.errors import DomainError
from tests.factories import make_item, make_patron, make_record


def staff(network, role: str = "desk", library=None, name: str = "birte") -> User:
    user = User.objects.create_user(name, password="hemmelig-42")
    grant(user, library or network.glostrup, role)
    return user


def change(user, barcode: str, status: str, reason: str = "fundet i kassen"):
    with acting_as(user.username, user):
        return copies.change_status(user, barcode, status, reason)


def test_a_damaged_copy_keeps_reason_date_and_who_on_its_history_and_the_staff_record(network):
    birte = staff(network)
    copy = make_item(make_record("Kongens Fald"), network.glostrup_main)
    before = timezone.now()
    change(birte, copy.barcode, "damaged", "kaffe på siderne")
    copy.refresh_from_db()
    assert copy.status == "damaged"
    row = CopyStatusChange.objects.get(item=copy)
    assert (row.old_status, row.status, row.reason, row.user, row.actor) == (
        "available", "damaged", "kaffe på siderne", birte, "birte")
    assert before <= row.at <= timezone.now()
    record = StaffChange.objects.get(model="catalogue.item", object_id=str(copy.pk))
    assert record.changes == {"status": ["available", "damaged"],
                              "reason": [None, "kaffe på siderne"]}
    assert record.library_id == network.glostrup.pk and record.user == birte


def test_a_status_change_reaches_the_search_indexs_availability(network):
    copy = make_item(make_record("Kongens Fald"), network.glostrup_main)
    ShelfChange.objects.all().delete()
    change(staff(network, "cataloguing"), copy.barcode, "in_repair", "til bogbinderen")
    assert list(ShelfChange.objects.values_list("record_id", flat=True)) == [copy.record_id]


def test_a_copy_going_missing_gives_its_reservation_another_copy(network):
    record = make_record("Kongens Fald")
    first = make_item(record, network.glostrup_main)
    reservation = place_reservation(make_patron(network.glostrup), record, "glostrup")
    assert reservation.item == first
    second = make_item(record, network.glostrup_main)
    change(staff(network), first.barcode, "missing", "ikke på hylden")
    reservation.refresh_from_db()
    assert reservation.status == Reservation.Status.ALLOCATED and reservation.item == second


def test_a_copy_off_the_hold_shelf_lets_its_reservation_wait_again_in_its_place(network):
    record = make_record("Kongens Fald")
    copy = make_item(record, network.glostrup_main)
    reservation = place_reservation(make_patron(network.glostrup), record, "glostrup")
    services.check_in(copy.barcode, "glostrup")  # on the hold shelf
    reservation.refresh_from_db()
    assert reservation.status == Reservation.Status.ON_HOLD_SHELF
    change(staff(network), copy.barcode, "damaged", "revet i stykker")
    reservation.refresh_from_db()
    assert reservation.status == Reservation.Status.WAITING and reservation.item is None
    assert reservation.pickup_number == ""


def test_a_copy_back_from_repair_goes_to_the_waiting_reservation(network):
    record = make_record("Kongens Fald")
    copy = make_item(record, network.glostrup_main, status="in_repair")
    reservation = place_reservation(make_patron(network.glostrup), record, "glostrup")
    assert reservation.item is None
    change(staff(network), copy.barcode, "available", "repareret")
    reservation.refresh_from_db()
    assert reservation.item == copy and reservation.status == Reservation.Status.ALLOCATED


@pytest.mark.parametrize(("start", "status", "code"), [
    ("on_loan", "missing", "copy_on_loan"),
    ("available", "lost", "copy_status_not_by_hand"),
    ("available", "on_loan", "copy_status_not_by_hand"),
    ("missing", "available", "copy_found_at_desk"),
    ("damaged", "damaged", "copy_status_same"),
])
def test_what_staff_may_not_do_by_hand(network, start, status, code):
    copy = make_item(make_record("Kongens Fald"), network.glostrup_main, status=start)
    with pytest.raises(DomainError) as refusal:
        change(staff(network), copy.barcode, status)
    assert refusal.value.code == code
    copy.refresh_from_db()
    assert copy.status == start and not CopyStatusChange.objects.exists()


def test_a_change_without_a_reason_is_refused(network):
    copy = make_item(make_record("Kongens Fald"), network.glostrup_main)
    with pytest.raises(DomainError) as refusal:
        change(staff(network), copy.barcode, "missing", "  ")
    assert refusal.value.code == "copy_no_reason"


@pytest.mark.parametrize("role", ["desk", "cataloguing", "leader"])
def test_desk_cataloguing_and_leaders_of_the_copys_library_may(network, role):
    copy = make_item(make_record("Kongens Fald"), network.glostrup_main)
    change(staff(network, role), copy.barcode, "withdrawn", "slidt op")
    copy.refresh_from_db()
    assert copy.status == "withdrawn"


@pytest.mark.parametrize("role", ["events", "acquisitions", "editor"])
def test_other_roles_may_not(network, role):
    copy = make_item(make_record("Kongens Fald"), network.glostrup_main)
    with pytest.raises(DomainError) as refusal:
        change(staff(network, role), copy.barcode, "withdrawn")
    assert refusal.value.code == "not_allowed"


def test_staff_of_another_library_may_not_change_a_copy(network):
    copy = make_item(make_record("Kongens Fald"), network.randers_main)
    with pytest.raises(DomainError) as refusal:
        change(staff(network, "leader"), copy.barcode, "withdrawn")
    assert refusal.value.code == "not_your_library"
    copy.refresh_from_db()
    assert copy.status == "available"


def test_a_damaged_copy_is_neither_lent_nor_taken_back_at_the_desk(network):
    copy = make_item(make_record("Kongens Fald"), network.glostrup_main, status="damaged")
    with pytest.raises(DomainError) as lent:
        services.check_out(make_patron(network.glostrup), copy.barcode, "glostrup")
    assert lent.value.code == "item_damaged"
    with pytest.raises(DomainError) as back:
        services.check_in(copy.barcode, "glostrup")
    assert back.value.code == "item_damaged"


def test_a_copy_declared_lost_is_lost_until_found_at_the_desk(network):
    copy = make_item(make_record("Kongens Fald"), network.glostrup_main)
    loan = services.check_out(make_patron(network.glostrup), copy.barcode, "glostrup")
    lost = services.declare_lost(loan)
    copy.refresh_from_db()
    assert copy.status == "lost" and lost.fee > 0
    with pytest.raises(DomainError):
        services.check_out(make_patron(network.glostrup), copy.barcode, "glostrup")
    found = services.check_in(copy.barcode, "glostrup")
    assert found.found
    loan.refresh_from_db()
    assert loan.fee == 0  # the replacement charge falls away
    assert list(CopyStatusChange.objects.filter(item=copy).order_by("id").values_list(
        "old_status", "status", "reason")) == [("on_loan", "lost", "lost by patron"),
                                               ("lost", "available", "found at check-in")]


def test_the_copy_page_shows_every_error_at_once_and_changes_the_status(network):
    copy = make_item(make_record("Kongens Fald"), network.glostrup_main)
    client = Client()
    client.force_login(staff(network))
    url = f"/staff/copies/{copy.barcode}/"
    bad = client.post(url, {"status": "", "reason": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 400
    assert bad.content.decode().count("This field is required.") == 2
    done = client.post(url, {"status": "missing", "reason": "ikke på hylden"}, follow=True,
                       HTTP_ACCEPT_LANGUAGE="en")
    page = done.content.decode()
    assert "is now: Missing" in page and "ikke på hylden" in page
    assert StaffChange.objects.filter(model="catalogue.item", user__username="birte").exists()


def test_the_copy_page_of_another_library_is_refused(network):
    copy = make_item(make_record("Kongens Fald"), network.randers_main)
    client = Client()
    client.force_login(staff(network))
    assert client.get(f"/staff/copies/{copy.barcode}/").status_code == 403
    answer = client.post(f"/staff/copies/{copy.barcode}/",
                         {"status": "withdrawn", "reason": "x"})
    assert answer.status_code == 403
    copy.refresh_from_db()
    assert copy.status == "available"


def test_the_admin_shows_a_copys_status_but_does_not_change_it(network):
    copy = make_item(make_record("Kongens Fald"), network.glostrup_main)
    root = User.objects.create_superuser("root", password="hemmelig-42")
    client = Client()
    client.force_login(root)
    url = f"/admin/catalogue/item/{copy.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="status"' not in page
    saved = client.post(url, {"barcode": copy.barcode, "record": copy.record_id,
                      "library": copy.library_id, "home_branch": copy.home_branch_id,
                      "current_branch": copy.current_branch_id, "shelf_location": "",
                      "loan_category": "standard", "status": "withdrawn"})
    assert saved.status_code == 302  # saved, all but the status
    assert Item.objects.get(pk=copy.pk).status == "available"


def test_a_leader_reads_the_change_and_its_reason_on_the_staff_record(network):
    copy = make_item(make_record("Kongens Fald"), network.glostrup_main)
    client = Client()
    client.force_login(staff(network, "leader", name="lone"))
    client.post(f"/staff/copies/{copy.barcode}/", {"status": "in_repair",
                                                   "reason": "sendt til bogbinderen"})
    page = client.get("/staff/record/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "sendt til bogbinderen" in page and "in_repair" in page
