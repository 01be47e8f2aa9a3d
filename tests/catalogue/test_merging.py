"""Two records of one edition merged: copies, reservations in queue order, loan history and
statistics, cover and favourites move to the survivor; the other's address leads there."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from reol.catalogue import merging
from reol.catalogue.models import Item, Record, RecordCover, RecordRedirect
from reol.circulation import services
from reol.circulation.models import Loan, Reservation
from reol.circulation.models_mine import Favourite
from reol.circulation.reservations import place_reservation
from reol.core.actor import Actor
from reol.core.models import Event, StaffChange
from reol.errors import DomainError
from tests.catalogue.test_cataloguing import staff
from tests.factories import make_item, make_order, make_patron, make_record
from tests.searching import index_caught_up


@pytest.fixture
def twins(network) -> dict:
    """One edition catalogued twice, each with a copy on loan and a queue."""
    now = timezone.now()
    survivor = make_record("Kongens Fald", isbns=["9788702173352"], year=1901)
    loser = make_record("Kongens fald", isbns=["9788702173352", "87-00-00000-0"], year=1901)
    first, second = (make_patron(network.glostrup, name=n) for n in ("Anna", "Bent"))
    early, late = (make_patron(network.glostrup, name=n) for n in ("Carl", "Dorte"))
    copy_s = make_item(survivor, network.glostrup_main)
    copy_l = make_item(loser, network.glostrup_main)
    services.check_out(first, copy_s.barcode, "glostrup")
    services.check_out(second, copy_l.barcode, "glostrup")
    # Carl joined the loser's queue before Dorte joined the survivor's.
    place_reservation(early, loser, network.glostrup_main, now=now - timedelta(days=3))
    place_reservation(late, survivor, network.glostrup_main, now=now - timedelta(days=1))
    Favourite.objects.create(patron=late, record=loser)
    Favourite.objects.create(patron=late, record=survivor)
    Favourite.objects.create(patron=early, record=loser)
    RecordCover.objects.create(record=loser, image=b"x", content_type="image/png",
                               width=1, height=1)
    Record.objects.filter(pk=loser.pk).update(cover_set=now)
    index_caught_up()
    return {"survivor": survivor, "loser": loser, "copies": [copy_s, copy_l],
            "queue": [early, late], "borrowers": [first, second]}


def test_everything_moves_to_the_survivor_and_the_queue_keeps_its_order(twins, network):
    survivor, loser = twins["survivor"], twins["loser"]
    loser_events = Event.objects.filter(record=loser).count()
    assert loser_events >= 2  # its loan and its reservation are in the log
    moved = merging.merge_records(survivor, loser, Actor("lone"), network.glostrup.pk)
    assert not Record.objects.filter(pk=loser.pk).exists()
    assert set(Item.objects.filter(record=survivor)) == set(twins["copies"])
    queue = Reservation.objects.filter(record=survivor, status="waiting").order_by(
        "placed", "id")
    assert [r.patron for r in queue] == twins["queue"]  # Carl first, as he was
    assert Loan.objects.filter(item__record=survivor, returned__isnull=True).count() == 2
    assert Event.objects.filter(record=survivor).count() >= loser_events + 2
    assert sorted(Favourite.objects.filter(record=survivor).values_list(
        "patron__name", flat=True)) == ["Carl", "Dorte"]  # Dorte's kept once
    assert RecordCover.objects.get(record=survivor).image == b"x"
    survivor.refresh_from_db()
    assert survivor.cover_set is not None
    assert survivor.isbns == ["9788702173352", "9788700000001"]
    assert moved["catalogue.item"] == 1 and moved["circulation.reservation"] == 1
    change = StaffChange.objects.get(model="catalogue.record", object_id=str(survivor.pk))
    assert change.changes["merged"] == [loser.pid, survivor.pid]


def test_the_losers_address_leads_to_the_survivor_and_search_forgets_it(twins, network):
    survivor, loser = twins["survivor"], twins["loser"]
    merging.merge_records(survivor, loser, Actor("lone"), network.glostrup.pk)
    answer = Client().get(f"/records/{loser.pid}/")
    assert answer.status_code == 301 and answer["Location"] == f"/records/{survivor.pid}/"
    index_caught_up()
    found = Client().get("/api/v1/search", {"q": "kongens fald"}).json()
    assert [hit["pid"] for hit in found["results"]] == [survivor.pid]


def test_a_redirect_follows_a_second_merge(twins, network):
    survivor, loser = twins["survivor"], twins["loser"]
    merging.merge_records(survivor, loser, Actor("lone"), None)
    third = make_record("Kongens Fald", isbns=["9788702173352"])
    merging.merge_records(third, survivor, Actor("lone"), None)
    assert RecordRedirect.objects.get(pid=loser.pid).record_id == third.pk
    assert Client().get(f"/records/{loser.pid}/")["Location"] == f"/records/{third.pid}/"


def test_different_material_types_merge_only_when_confirmed(network):
    book, film = make_record("Kongens Fald"), make_record("Kongens Fald", material_type="film")
    with pytest.raises(DomainError) as refused:
        merging.merge_records(book, film, Actor("lone"), None)
    assert refused.value.code == "merge_types_differ"
    assert Record.objects.filter(pk=film.pk).exists()
    merging.merge_records(book, film, Actor("lone"), None, types_confirmed=True)
    assert not Record.objects.filter(pk=film.pk).exists()
    with pytest.raises(DomainError):
        merging.merge_records(book, book, Actor("lone"), None)


def test_staff_merge_on_the_page_and_desk_staff_may_not(twins, network):
    survivor, loser = twins["survivor"], twins["loser"]
    url = f"/staff/records/{survivor.pid}/merge/"
    desk = staff(network.glostrup, "desk", "desk")
    assert desk.post(url, {"other": loser.pid}).status_code == 403
    assert staff(network.randers, "cat-r").post(url, {"other": loser.pid}).status_code == 403
    client = staff(network.glostrup)
    randers_only = make_record("Kongens Fald", isbns=["9788702173352"])
    make_item(randers_only, network.randers_main)
    # Both records must be the user's to change: Randers' own is not Glostrup's to merge.
    assert client.post(url, {"other": randers_only.pid}).status_code == 403
    assert Record.objects.filter(pk=randers_only.pk).exists()
    form = client.get(url, headers={"accept-language": "en"}).content.decode()
    assert "Records with the same ISBN" in form and loser.pid in form
    assert client.post(url, {"other": loser.pid}).status_code == 302
    assert not Record.objects.filter(pk=loser.pk).exists()


def test_a_patron_waiting_on_both_records_keeps_one_place_the_earlier(twins, network):
    survivor, loser = twins["survivor"], twins["loser"]
    carl, dorte = twins["queue"]
    # Dorte waited on the loser too, earlier than on the survivor.
    place_reservation(dorte, loser, network.glostrup_main,
                      now=timezone.now() - timedelta(days=5))
    merging.merge_records(survivor, loser, Actor("lone"), None)
    waiting = Reservation.objects.filter(record=survivor, status="waiting").order_by("placed")
    assert [r.patron for r in waiting] == [dorte, carl]  # Dorte's earlier place stands
    cancelled = Reservation.objects.get(record=survivor, status="cancelled")
    assert (cancelled.patron, cancelled.closed_reason) == (dorte, "merged")


def test_co_loan_counts_and_orders_become_the_survivors(twins, network):
    from reol.collection.models import CoLoan, OrderLine

    survivor, loser = twins["survivor"], twins["loser"]
    other = make_record("Himmerlandshistorier")
    pair = sorted([loser.pk, other.pk])
    CoLoan.objects.create(record_a_id=pair[0], record_b_id=pair[1], borrowers=3)
    pair = sorted([survivor.pk, other.pk])
    CoLoan.objects.create(record_a_id=pair[0], record_b_id=pair[1], borrowers=2)
    CoLoan.objects.create(record_a_id=min(survivor.pk, loser.pk),
                          record_b_id=max(survivor.pk, loser.pk), borrowers=9)
    make_order(loser, network.glostrup, 2, timezone.localdate())
    merging.merge_records(survivor, loser, Actor("lone"), None)
    assert list(CoLoan.objects.values_list("borrowers", flat=True)) == [5]  # 3 + 2
    assert OrderLine.objects.get().record_id == survivor.pk
