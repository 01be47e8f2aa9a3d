"""A kiosk or door learns nothing about a patron — name, validity, age, fees, blocks — until
the patron's PIN is right, where the machine asks for PINs; and a machine blocks a card only
with its PIN and only for its own library. Over real TCP, with a plain SIP2 client."""

import re

import pytest

from reol.circulation import accounts, services
from reol.circulation.models import Block
from tests.factories import make_item, make_patron, make_record

from .conftest import DATE_FIELD, Raw, fields, terminal

pytestmark = pytest.mark.django_db(transaction=True)
UNKNOWN = "9999999999"


def status(kiosk: Raw, card: str, pin: str | None) -> str:
    return kiosk.ask(f"23009{DATE_FIELD}AODK-716100|AA{card}|AC|"
                     + (f"AD{pin}|" if pin is not None else ""))


def information(kiosk: Raw, card: str, pin: str | None) -> str:
    return kiosk.ask(f"63009{DATE_FIELD}Y         AODK-716100|AA{card}|AC|"
                     + (f"AD{pin}|" if pin is not None else ""))


def neutral(reply: str, card: str) -> str:
    """The reply without what differs by itself: the time and the card the machine sent."""
    return re.sub(r"\d{8} {4}\d{6}", "<time>", reply).replace(f"AA{card}|", "AA<card>|")


@pytest.fixture
def patron(place):
    """A child with a name, fees, a block and loans: everything a stranger should not learn."""
    child = make_patron(place.network.glostrup, name="Tove Ditlevsen", born="2016-12-14")
    item = make_item(make_record("Barndommens gade"), place.network.glostrup_main)
    services.check_out(child.card, item.barcode, "glostrup")
    accounts.manual_charge(child, "45", "Beskadiget bog", library_id=child.library_id, by=None)
    Block.objects.create(patron=child, code="fees")
    return child


@pytest.mark.parametrize("ask", [status, information], ids=["23", "63"])
def test_a_kiosk_tells_nothing_about_a_card_before_its_pin_is_right(place, raw, patron, ask):
    kiosk = raw()
    assert kiosk.login() == "941"
    for pin in (None, "", "0000"):
        known, unknown = ask(kiosk, patron.card, pin), ask(kiosk, UNKNOWN, pin)
        # An unknown card and a known one without the right PIN: the same answer.
        assert neutral(known, patron.card) == neutral(unknown, UNKNOWN), pin
        seen = fields(known)
        assert seen["AE"] == [""] and (seen["BL"], seen["CQ"]) == (["N"], ["N"])
        assert seen["BV"] == ["0.00"] and "BZ" not in seen and "CB" not in seen
        assert known[2:16] == " " * 14  # no privileges, blocks or fees in the flags
        assert "AU" not in seen and "AV" not in seen  # no loans, no fines
    right = fields(ask(kiosk, patron.card, "1234"))
    assert right["AE"] == ["Tove Ditlevsen"] and right["BV"] == ["45.00"]
    assert (right["BL"], right["CQ"]) == (["Y"], ["Y"])


def test_a_kiosk_without_pins_still_serves_by_card_alone(place, raw, patron):
    terminal("kiosk-nopin", place.network.glostrup_main, pin_required=False)
    kiosk = raw()
    assert kiosk.login("kiosk-nopin") == "941"
    seen = fields(status(kiosk, patron.card, None))
    assert seen["AE"] == ["Tove Ditlevsen"] and seen["BL"] == ["Y"]


def test_a_door_tells_whether_it_opens_and_nothing_more(place, raw, patron):
    door = raw()
    assert door.login("door-1") == "941"
    adult = make_patron(place.network.glostrup, name="Karen Blixen")
    welcome = fields(status(door, adult.card, "1234"))
    assert (welcome["BL"], welcome["CQ"], welcome["AE"]) == (["Y"], ["Y"], [""])
    assert neutral(status(door, patron.card, "0000"), patron.card) == neutral(
        status(door, UNKNOWN, "0000"), UNKNOWN)


def raw_logged_in(raw) -> Raw:
    kiosk = raw()
    assert kiosk.login() == "941"
    return kiosk


def block(kiosk: Raw, card: str, pin: str | None = None) -> str:
    return kiosk.ask(f"01N{DATE_FIELD}AODK-716100|ALKortet sad fast|AA{card}|AC|"
                     + (f"AD{pin}|" if pin is not None else ""))


def test_a_kiosk_blocks_a_card_only_with_its_pin(place, raw, patron):
    terminal("kiosk-nopin", place.network.glostrup_main, pin_required=False)
    for login in ("kiosk-1", "kiosk-nopin"):
        kiosk = raw()
        assert kiosk.login(login) == "941"
        for pin in (None, "0000"):
            refused = block(kiosk, patron.card, pin)
            assert refused.startswith("24") and fields(refused)["AE"] == [""]
            assert neutral(refused, patron.card) == neutral(block(kiosk, UNKNOWN, pin), UNKNOWN)
        status(kiosk, patron.card, None)  # by card alone at kiosk-nopin: still no PIN
        assert fields(block(kiosk, patron.card))["AE"] == [""]
    assert not Block.objects.filter(code="no_self_service").exists()

    kiosk = raw()
    kiosk.login()
    assert fields(status(kiosk, patron.card, "1234"))["CQ"] == ["Y"]  # right PIN, then block
    blocked = block(kiosk, patron.card)
    assert blocked.startswith("24YYYY")
    assert Block.objects.filter(patron=patron, code="no_self_service").count() == 1
    assert block(raw_logged_in(raw), patron.card, "1234").startswith("24YYYY")  # PIN in 01


def test_a_kiosk_does_not_block_another_librarys_card(place, raw):
    stranger = make_patron(place.network.randers, name="Steen Steensen Blicher")
    kiosk = raw_logged_in(raw)
    refused = block(kiosk, stranger.card, "1234")
    assert refused.startswith("24") and fields(refused)["AE"] == [""]
    assert fields(refused)["AF"] == [
        "Låneren hører til et andet bibliotek; kun det kan ændre lånerens kort."]
    assert not Block.objects.filter(patron=stranger).exists()
