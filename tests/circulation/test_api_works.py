"""A patron's app reserves a work in a format ("any edition") through the API, as the work page
does: every copy of every edition of that format may fill it; one edition can still be chosen;
refusals come as codes."""

import pytest

from reol.circulation import services
from reol.circulation.models import Reservation
from tests.circulation.test_api import API, basic, bearer, new_token, send
from tests.circulation.test_staff_pages import staff
from tests.factories import make_item, make_patron


def test_the_record_names_its_work_and_the_work_lists_its_editions(client, potter):
    first, second, audio = potter
    record = client.get(f"{API}/records/{first.pid}").json()
    assert record["work"] == first.work_id
    work = client.get(f"{API}/works/{record['work']}").json()
    assert {e["pid"] for e in work["editions"]} == {first.pid, second.pid, audio.pid}


def test_a_patron_reserves_a_work_in_a_format_and_gets_the_copy_of_another_edition(
        client, network, potter):
    first, second, _ = potter
    lent = make_item(first, network.randers_main)
    services.check_out(make_patron(network.randers).card, lent.barcode, "randers-hb")
    shelf = make_item(second, network.randers_main)
    patron = make_patron(network.randers)
    response = send(client, "post", f"/patron/works/{first.work_id}/reservations",
                    {"material_type": "book", "pickup_branch": "randers-hb"}, **basic(patron))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["any_edition"] is True and body["barcode"] == shelf.barcode
    assert body["status"] == "allocated" and body["queue_position"] == 0
    mine = client.get(f"{API}/patron/reservations", **basic(patron)).json()
    assert [r["id"] for r in mine] == [body["id"]] and mine[0]["any_edition"] is True


def test_one_edition_can_still_be_chosen(client, network, potter):
    first, second, _ = potter
    make_item(first, network.randers_main)
    only = make_item(second, network.randers_main)
    services.check_out(make_patron(network.randers).card, only.barcode, "randers-hb")
    patron = make_patron(network.randers)
    response = send(client, "post", "/patron/reservations",
                    {"pid": second.pid, "pickup_branch": "randers-hb"}, **basic(patron))
    body = response.json()
    assert response.status_code == 201 and body["any_edition"] is False
    assert body["status"] == "waiting" and body["barcode"] is None


def test_any_edition_from_a_pid(client, network, potter):
    first, second, _ = potter
    shelf = make_item(first, network.randers_main)
    only = make_item(second, network.randers_main)
    services.check_out(make_patron(network.randers).card, only.barcode, "randers-hb")
    response = send(client, "post", "/patron/reservations",
                    {"pid": second.pid, "pickup_branch": "randers-hb", "any_edition": True},
                    **basic(make_patron(network.randers)))
    assert response.status_code == 201
    assert response.json()["barcode"] == shelf.barcode


@pytest.mark.parametrize("payload, status, code", [
    ({"material_type": "film", "pickup_branch": "randers-hb"}, 400, "no_such_format"),
    ({"material_type": "book", "pickup_branch": "glostrup"}, 400, "bad_pickup"),
    ({"material_type": "book", "pickup_branch": "nowhere"}, 400, "unknown_branch"),
    ({"material_type": "spaceship", "pickup_branch": "randers-hb"}, 400, "invalid"),
    ({"material_type": "book"}, 400, "invalid"),
    ({"material_type": "book", "pickup_branch": "randers-hb", "pid": "x"}, 400, "invalid"),
])
def test_refusals_are_codes_and_reserve_nothing(client, network, potter, payload, status, code):
    first, _, _ = potter
    make_item(first, network.randers_main)
    response = send(client, "post", f"/patron/works/{first.work_id}/reservations", payload,
                    **basic(make_patron(network.randers)))
    assert response.status_code == status, response.content
    if code:
        assert response.json()["code"] == code
    assert response.json()["detail"]
    assert not Reservation.objects.exists()


def test_twice_and_an_unknown_work_are_refused(client, network, potter):
    first, _, _ = potter
    make_item(first, network.randers_main)
    patron = make_patron(network.randers)
    path = f"/patron/works/{first.work_id}/reservations"
    payload = {"material_type": "book", "pickup_branch": "randers-hb"}
    assert send(client, "post", path, payload, **basic(patron)).status_code == 201
    again = send(client, "post", path, payload, **basic(patron))
    assert again.status_code == 400 and again.json()["code"] == "already_reserved"
    unknown = send(client, "post", "/patron/works/999999/reservations", payload,
                   **basic(patron))
    assert unknown.status_code == 404 and unknown.json()["code"] == "unknown_work"
    assert send(client, "post", path, payload).status_code == 401
    assert Reservation.objects.count() == 1


def test_staff_reserve_a_work_for_a_patron_of_their_own_library_only(client, network, potter):
    first, _, _ = potter
    make_item(first, network.randers_main)
    randers = make_patron(network.randers)
    glostrup_desk = bearer(new_token(staff("birte", network.glostrup)))
    path = f"/patrons/{randers.card}/works/{first.work_id}/reservations"
    payload = {"material_type": "book", "pickup_branch": "randers-hb"}
    assert send(client, "post", path, payload, **glostrup_desk).status_code == 403
    assert not Reservation.objects.exists()
    randers_desk = bearer(new_token(staff("rikke", network.randers)))
    response = send(client, "post", path, payload, **randers_desk)
    assert response.status_code == 201 and response.json()["card"] == randers.card
