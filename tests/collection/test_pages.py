"""The collection pages, the public policy page, the record page's recommendations and the
API, through the client, as staff and patrons meet them."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from reol.circulation import services
from reol.circulation.reservations import place_reservation
from reol.collection.models import CollectionPolicy, CoLoan
from reol.core import roles
from tests.factories import make_item, make_order, make_patron, make_record


@pytest.fixture
def staff(client, network):
    user = get_user_model().objects.create_user("bibliotekar", password="pw")
    roles.grant(user, network.glostrup, "cataloguing")  # the collection advice is theirs
    client.force_login(user)
    return client


@pytest.fixture
def hit(network):
    record = make_record("Kongens Fald", creators=["Johannes V. Jensen"])
    services.check_out(make_patron(network.glostrup),
                       make_item(record, network.glostrup_main).barcode, "glostrup")
    for _ in range(6):
        place_reservation(make_patron(network.glostrup), record, "glostrup")
    return record


def test_the_holds_page_shows_copies_to_buy_for_the_staff_members_library(staff, hit):
    make_order(hit, hit.items.first().library, 1, date(2026, 11, 1))
    page = staff.get("/insight/holds/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Glostrup Bibliotek" in page and "Kongens Fald" in page
    assert "<caption>" in page and '<th scope="col" class="num">To buy</th>' in page
    # 6 waiting, 1 copy, 1 on order at threshold 4: one more copy to buy.
    assert "<strong>0</strong>" in page  # ceil(6/4)=2 − 1 − 1
    network_page = staff.get("/insight/holds/?library=&threshold=2,5").content.decode()
    assert "Kongens Fald" in network_page and 'value="2,5"' in network_page  # Danish decimal comma
    bad = staff.get("/insight/holds/?threshold=abc", HTTP_ACCEPT_LANGUAGE="en")
    assert "The threshold must be a number" in bad.content.decode()


def test_the_weeding_page_lists_a_sleeping_copy_on_its_shelf(staff, network):
    old = make_record("Glemt bog", year=1980)
    item = make_item(old, network.glostrup_main)
    item.shelf_location = "Voksen faglitteratur"
    item.save()
    page = staff.get("/insight/weeding/?years=3", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Glemt bog" in page and "Voksen faglitteratur" in page and item.barcode in page
    assert "Never, as far as the log reaches" in page


def test_staff_pages_need_a_staff_log_in(client, network):
    assert client.get("/insight/holds/").status_code == 302
    assert client.get("/insight/weeding/").status_code == 302
    assert client.get("/insight/profile/716100/").status_code == 302


def test_the_profile_page_shows_languages_held_and_asked_for(staff, network):
    record = make_record("English crime", language="eng", subjects=["krimi"])
    make_item(record, network.glostrup_main)
    page = staff.get("/insight/profile/716100/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Languages held and languages asked for" in page and "English" in page
    assert "Krimi" in page and "English crime" in page


def test_the_policy_page_is_public_and_in_danish(client, network):
    CollectionPolicy.objects.create(library=network.glostrup, weeding_years=4,
                                    purchase_text="Vi køber efter efterspørgsel.")
    page = client.get("/libraries/716100/policy/").content.decode()
    assert "Vi køber efter efterspørgsel." in page and "4 år" in page
    assert client.get("/libraries/999999/policy/").status_code == 404
    default = client.get("/libraries/773000/policy/", HTTP_ACCEPT_LANGUAGE="en")
    assert "has not published a purchase policy" in default.content.decode()


def test_the_record_page_shows_co_loans_only_with_five_borrowers(client, network):
    one, other = make_record("Den ene"), make_record("Den anden")
    make_item(other, network.glostrup_main)
    CoLoan.objects.create(record_a=one, record_b=other, borrowers=4)
    page = client.get(f"/records/{one.pid}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Others who borrowed this also borrowed" not in page
    CoLoan.objects.update(borrowers=5)
    page = client.get(f"/records/{one.pid}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Others who borrowed this also borrowed" in page and "Den anden" in page
    answer = Client().get(f"/api/v1/records/{one.pid}/recommendations").json()
    assert answer["also_borrowed"] == [
        {"pid": other.pid, "title": "Den anden", "creators": [], "borrowers": 5}]


def test_the_api_answers_staff_with_holds_weeding_and_profile(staff, hit, network):
    holds = staff.get("/api/v1/insight/holds-ratio?library=716100&threshold=2").json()
    assert holds["threshold"] == "2.0" or float(holds["threshold"]) == 2
    assert holds["rows"][0]["title"] == "Kongens Fald" and holds["rows"][0]["to_buy"] == 2
    assert staff.get("/api/v1/insight/holds-ratio?threshold=0").json()["code"] == (
        "bad_threshold")
    weeding = staff.get("/api/v1/insight/weeding?branch=glostrup&years=2").json()
    assert weeding["years"] == 2 and weeding["branch"] == "glostrup"
    assert staff.get("/api/v1/insight/weeding?branch=nowhere").status_code == 404
    today = timezone.localdate()
    profile = staff.get(f"/api/v1/insight/profile/716100?start={today - timedelta(days=1)}"
                        f"&end={today}").json()
    assert profile["copies"] == 1 and profile["loans"] == 1
    assert Client().get("/api/v1/insight/holds-ratio").status_code == 401
