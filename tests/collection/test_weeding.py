"""A weeding list from the advice page carried out (issue 16, point 2): copies scanned off
the shelf are withdrawn with the reason "weeded"; a copy not on the list only warns."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from reol.catalogue.models import CopyStatusChange, Item
from reol.collection import weeding
from reol.collection.models import Weeding
from reol.core.actor import acting_as
from reol.core.models import StaffChange
from reol.core.roles import grant
from reol.errors import DomainError
from tests.factories import make_item, make_record


@pytest.fixture
def birte(network) -> User:
    user = User.objects.create_user("birte", password="hemmelig-42")
    grant(user, network.glostrup, "cataloguing")
    return user


def test_carrying_out_the_advice_pages_list_withdraws_what_is_scanned(network, birte):
    sleeping = [make_item(make_record(f"Glemt {n}", year=1980), network.glostrup_main)
                for n in range(2)]
    fresh = make_item(make_record("Ny bog", year=2100), network.glostrup_main)  # spared
    client = Client()
    client.force_login(birte)
    page = client.get("/insight/weeding/?years=3", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Carry out" in page
    started = client.post("/insight/weeding/carry-out/?branch=glostrup", {"years": "3"})
    carried = Weeding.objects.get()
    assert started["Location"] == f"/staff/weeding/{carried.pk}/"
    assert carried.years == 3 and carried.copies.count() == 2
    url = started["Location"]
    page = client.post(url + "scan/", {"barcode": sleeping[0].barcode}, follow=True,
                       HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"{sleeping[0].barcode}: withdrawn (weeded)" in page
    assert "1 withdrawn, 1 left on the list." in page
    page = client.post(url + "scan/", {"barcode": fresh.barcode}, follow=True,
                       HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"{fresh.barcode}: not on the weeding list, not withdrawn" in page
    statuses = dict(Item.objects.values_list("pk", "status"))
    assert statuses[sleeping[0].pk] == "withdrawn"
    assert statuses[sleeping[1].pk] == statuses[fresh.pk] == "available"
    history = CopyStatusChange.objects.get()
    assert (history.item_id, history.reason, history.user) == (sleeping[0].pk, "weeded", birte)
    assert StaffChange.objects.filter(model="catalogue.item",
                                      object_id=str(sleeping[0].pk)).exists()


def test_a_copy_lent_since_the_list_was_made_is_not_withdrawn(network, birte):
    copy = make_item(make_record("Glemt", year=1980), network.glostrup_main)
    with acting_as("birte", birte):
        carried = weeding.start(birte, network.glostrup_main, 5, [copy.pk])
        Item.objects.filter(pk=copy.pk).update(status="on_loan")
        weeded = weeding.scan(birte, carried, copy.barcode)
    assert weeded.outcome == "refused" and weeded.refusal.code == "copy_on_loan"
    assert Item.objects.get(pk=copy.pk).status == "on_loan"


def test_a_finished_list_takes_no_more_scans(network, birte):
    copy = make_item(make_record("Glemt", year=1980), network.glostrup_main)
    carried = weeding.start(birte, network.glostrup_main, 5, [copy.pk])
    weeding.finish(birte, carried)
    with pytest.raises(DomainError) as refusal:
        weeding.scan(birte, carried, copy.barcode)
    assert refusal.value.code == "weeding_closed"


def test_another_librarys_list_and_copies_are_out_of_reach(network, birte):
    theirs = make_item(make_record("Glemt", year=1980), network.randers_main)
    with pytest.raises(DomainError) as start:
        weeding.start(birte, network.randers_main, 5, [theirs.pk])
    assert start.value.code == "not_your_library"
    # Another library's copies smuggled into our own list are left out of it.
    ours = make_item(make_record("Vores", year=1980), network.glostrup_main)
    carried = weeding.start(birte, network.glostrup_main, 5, [theirs.pk, ours.pk])
    assert list(carried.copies.values_list("item_id", flat=True)) == [ours.pk]
    rasmus = User.objects.create_user("rasmus", password="hemmelig-42")
    grant(rasmus, network.randers, "leader")
    with pytest.raises(DomainError) as scan:
        weeding.scan(rasmus, carried, ours.barcode)
    assert scan.value.code == "not_your_library"
    assert Item.objects.get(pk=ours.pk).status == "available"
