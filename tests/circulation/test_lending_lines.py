"""The network's lending rules (docs/lending-rules.md): a copy is lent only where it is,
returns are accepted anywhere and routed home, and a library changes another library's
patrons only as the network's rules allow. Pure rules first, then the services, then doors."""

import json

import pytest
from django.contrib.auth.models import User

from reol.catalogue.models import Item
from reol.circulation import patrons, rules, services
from reol.circulation.models import Block, Loan, Transit
from reol.circulation.reservations import place_reservation
from reol.core.roles import grant
from reol.errors import DomainError
from reol.libraries.models import Branch
from tests.factories import make_item, make_patron, make_record

# --- pure rules -----------------------------------------------------------------------------


def test_a_copy_is_lent_at_the_branch_where_it_is():
    assert rules.lending_place_refusal(copy_at_branch=7, lending_branch=7) is None


def test_a_copy_on_another_branchs_shelf_is_refused_with_a_code_in_danish_and_english():
    refusal = rules.lending_place_refusal(copy_at_branch=7, lending_branch=8)
    assert refusal.code == "item_elsewhere"
    assert refusal.da == "Materialet står på en anden filial og kan kun lånes dér."
    assert refusal.en == "The item is at another branch and can only be borrowed there."


@pytest.mark.parametrize("act", sorted(rules.PATRON_ACTS))
def test_a_patrons_own_library_may_do_every_act(act):
    assert rules.may_change_patron(1, 1, act)
    assert rules.patron_change_refusal(1, 1, act) is None


@pytest.mark.parametrize("act", ["lend", "renew", "return", "reserve"])
def test_any_library_serves_another_librarys_patron(act):
    assert rules.may_change_patron(1, 2, act)


@pytest.mark.parametrize("act", ["register", "change_details", "change_pin", "block",
                                 "lift_block"])
def test_only_the_patrons_own_library_changes_their_card(act):
    assert not rules.may_change_patron(1, 2, act)
    refusal = rules.patron_change_refusal(1, 2, act)
    assert refusal.code == "other_library_patron"
    assert refusal.da.startswith("Låneren hører til et andet bibliotek")
    assert refusal.en.startswith("The patron belongs to another library")


def test_a_library_may_open_more_acts_to_the_network_or_fewer():
    assert rules.may_change_patron(1, 2, "block", opened=frozenset({"block"}))
    assert not rules.may_change_patron(1, 2, "lend", opened=frozenset())


def test_an_unknown_act_is_a_programming_error_not_a_yes():
    with pytest.raises(ValueError):
        rules.may_change_patron(1, 2, "delete")


# --- through the services -------------------------------------------------------------------


@pytest.fixture
def karen(network):
    return make_patron(network.glostrup, name="Karen Blixen")


def test_a_desk_cannot_lend_another_librarys_copy_from_its_shelf_200_km_away(network, karen):
    randers_copy = make_item(make_record("Kongens Fald"), network.randers_main)
    with pytest.raises(DomainError) as refused:
        services.check_out(karen, randers_copy.barcode, "glostrup")
    assert refused.value.code == "item_elsewhere"
    randers_copy.refresh_from_db()
    assert randers_copy.status == Item.Status.AVAILABLE
    assert not Loan.objects.exists()


def test_nor_a_copy_on_the_shelf_of_another_branch_of_the_same_library(network, karen):
    bus_copy = make_item(make_record("Kongens Fald"), network.randers_bus)
    rasmus = make_patron(network.randers)
    with pytest.raises(DomainError) as refused:
        services.check_out(rasmus, bus_copy.barcode, "randers-hb")
    assert refused.value.code == "item_elsewhere"
    assert services.check_out(rasmus, bus_copy.barcode, "randers-bogbus").branch.code == (
        "randers-bogbus")


def test_a_copy_that_arrived_in_transit_is_lent_where_it_arrived(network, karen):
    book = make_record("Kongens Fald")
    randers_copy = make_item(book, network.randers_main)
    rasmus = make_patron(network.randers)
    west = Branch.objects.create(library=network.randers, code="randers-vest",
                                 name="Randers Vest", kind="branch")
    place_reservation(rasmus, book, west)
    sent = services.check_in(randers_copy.barcode, "randers-hb")  # pulled for the reservation
    assert sent.routing.action == "transit" and sent.routing.to_branch == west
    arrived = services.check_in(randers_copy.barcode, "randers-vest")
    assert arrived.routing.action == "hold_shelf"
    with pytest.raises(DomainError) as refused:  # it has left its own branch's shelf
        services.check_out(rasmus, randers_copy.barcode, "randers-hb")
    assert refused.value.code == "item_elsewhere"
    assert services.check_out(rasmus, randers_copy.barcode, "randers-vest").branch == west


def test_a_copy_is_returned_anywhere_and_sent_home(network, karen):
    randers_copy = make_item(make_record("Kongens Fald"), network.randers_main)
    services.check_out(karen, randers_copy.barcode, "randers-hb")  # lent where it stood
    back = services.check_in(randers_copy.barcode, "glostrup")  # fri aflevering
    assert back.loan is not None and back.loan.returned is not None
    assert back.routing.action == "transit" and back.routing.to_branch == network.randers_main
    transit = Transit.objects.get(item=randers_copy)
    assert (transit.from_branch, transit.to_branch) == (network.glostrup_main,
                                                        network.randers_main)
    with pytest.raises(DomainError) as refused:  # in transit: not lent in Glostrup either
        services.check_out(karen, randers_copy.barcode, "glostrup")
    assert refused.value.code == "item_in_transit"


def test_a_machine_blocks_only_its_own_librarys_patrons(network, karen):
    rasmus = make_patron(network.randers)
    with pytest.raises(DomainError) as refused:
        patrons.add_block(rasmus, "no_self_service", "kiosk", at_library=network.glostrup.pk)
    assert refused.value.code == "other_library_patron"
    assert not Block.objects.filter(patron=rasmus).exists()
    patrons.add_block(karen, "no_self_service", "kiosk", at_library=network.glostrup.pk)
    assert Block.objects.filter(patron=karen).count() == 1


# --- doors: the API and the desk (SIP2: tests/selfservice/test_kiosk_lines.py) ---------------


def _staff(network) -> User:
    user = User.objects.create_user("birte", password="hemmelig-42")
    grant(user, network.glostrup)
    return user


def test_the_api_refuses_to_lend_a_copy_that_is_elsewhere(client, network, karen):
    client.force_login(_staff(network))
    client.get("/")
    randers_copy = make_item(make_record("Kongens Fald"), network.randers_main)
    answer = client.post("/api/v1/circulation/checkout", json.dumps(
        {"card": karen.card, "barcode": randers_copy.barcode, "branch": "glostrup"}),
        content_type="application/json", HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    assert answer.status_code == 400, answer.content
    assert answer.json()["code"] == "item_elsewhere"
    assert not Loan.objects.exists()


def test_the_desk_refuses_to_lend_a_copy_that_is_elsewhere(client, network, karen):
    client.force_login(_staff(network))
    randers_copy = make_item(make_record("Kongens Fald"), network.randers_main)
    client.post("/staff/desk/scan/", {"code": karen.card})
    client.post("/staff/desk/scan/", {"code": randers_copy.barcode})
    page = client.get("/staff/").content.decode()
    assert "Materialet står på en anden filial og kan kun lånes dér." in page
    assert not Loan.objects.exists()


def test_the_desk_stops_lending_to_a_patron_once_the_role_in_their_library_is_gone(
        client, network):
    """A patron held at the desk was seen with a role in their library; when that role is
    taken away, the next scan lends them nothing."""
    from reol.core.models import StaffRole

    user = _staff(network)
    grant(user, network.randers)
    client.force_login(user)
    randers_patron = make_patron(network.randers, name="Rasmus Randersen")
    copy = make_item(make_record("Kongens Fald"), network.glostrup_main)
    desk = f"/staff/desk/scan/?branch={network.glostrup_main.code}"
    client.post(desk, {"code": randers_patron.card})
    StaffRole.objects.filter(user=user, library=network.randers).delete()
    client.post(desk, {"code": copy.barcode})
    assert not Loan.objects.exists()


# --- returned elsewhere: where it goes, never for whom ----------------------------------------


def test_only_the_patrons_own_library_sees_who_they_are():
    assert rules.may_see_patron(1, 1)
    assert not rules.may_see_patron(1, 2)


@pytest.fixture
def returned_in_glostrup(network):
    """Two Randers copies about to be scanned at Glostrup: one on loan to a Randers patron
    who keeps a history, one in transit between Randers' houses for Rasmus' reservation."""
    on_loan = make_item(make_record("Kongens Fald"), network.randers_main)
    else_ = make_patron(network.randers, name="Else Eksempel", keep_history=True)
    services.check_out(else_, on_loan.barcode, "randers-hb")
    gift = make_record("Gift")
    in_transit = make_item(gift, network.randers_main)
    rasmus = make_patron(network.randers, name="Rasmus Randersen")
    west = Branch.objects.create(library=network.randers, code="randers-vest",
                                 name="Randers Vest", kind="branch")
    place_reservation(rasmus, gift, west)
    assert services.check_in(in_transit.barcode, "randers-hb").routing.action == "transit"
    return on_loan, in_transit, else_, rasmus


def _api_checkin(client, network, barcode: str):
    client.force_login(_staff(network))
    client.get("/")
    return client.post("/api/v1/circulation/checkin", json.dumps(
        {"barcode": barcode, "branch": "glostrup"}), content_type="application/json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)


def test_the_api_takes_it_back_without_naming_another_librarys_borrower(
        client, network, returned_in_glostrup):
    on_loan, _, else_, _ = returned_in_glostrup
    answer = _api_checkin(client, network, on_loan.barcode)
    assert answer.status_code == 200, answer.content
    assert (answer.json()["action"], answer.json()["to_branch"]) == ("transit", "randers-hb")
    assert answer.json()["loan"]["card"] is None
    assert else_.card not in answer.content.decode()


def test_the_api_sends_it_on_without_naming_another_librarys_patron(
        client, network, returned_in_glostrup):
    _, in_transit, _, rasmus = returned_in_glostrup
    answer = _api_checkin(client, network, in_transit.barcode)
    assert answer.status_code == 200, answer.content
    assert (answer.json()["action"], answer.json()["to_branch"]) == ("transit", "randers-vest")
    assert answer.json()["reservation"] is None
    assert rasmus.name not in answer.content.decode()
    assert rasmus.card not in answer.content.decode()


def test_the_desk_sends_it_on_without_naming_another_librarys_patron(
        client, network, returned_in_glostrup):
    _, in_transit, _, rasmus = returned_in_glostrup
    client.force_login(_staff(network))
    answer = client.post("/staff/desk/scan/", {"code": in_transit.barcode},
                         headers={"HX-Request": "true"})
    page = answer.content.decode()
    assert "Randers Vest" in page and rasmus.name not in page
