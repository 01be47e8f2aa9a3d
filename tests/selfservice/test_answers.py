"""SIP2's proper answers over real TCP (issue 16): Item Status Update (19) gets 20 and Patron
Enable (25) gets 26, re-enabling only what a machine may; a hold's queue position is the same
in BR as on the screen; and a message we cannot read is answered with the sequence number and
checksum the machine sent, or with its own message's refusal."""

import re

import pytest
from django.contrib.auth.models import User

from reol.catalogue.models import Item
from reol.circulation import services
from reol.circulation.models import Block, Loan, Reservation
from reol.circulation.reservations import place_reservation
from tests.factories import make_item, make_patron, make_record

from .conftest import DATE_FIELD, Raw, fields, frame

pytestmark = pytest.mark.django_db(transaction=True)


def checksum_ok(reply: str) -> bool:
    head, given = reply[:-4].encode(), reply[-4:]
    return reply[-6:-4] == "AZ" and f"{(-sum(head)) & 0xFFFF:04X}" == given


def logged_in(raw) -> Raw:
    kiosk = raw()
    assert kiosk.login() == "941"
    return kiosk


# --- 19 item status update -> 20 ----------------------------------------------------------------


def test_item_status_update_is_answered_and_changes_nothing(place, raw):
    item = make_item(make_record("Kongens Fald"), place.network.glostrup_main)
    Item.objects.filter(pk=item.pk).update(shelf_location="Skønlitteratur")
    kiosk = logged_in(raw)

    answer = kiosk.ask(f"19{DATE_FIELD}AODK-716100|AB{item.barcode}|AC|CHsikkerhedsmærke|",
                       seq=2, checksum=True)

    assert answer.startswith("200")  # item properties ok: 0
    got = fields(answer)
    assert got["AB"] == [item.barcode] and got["AJ"] == ["Kongens Fald"] and got["CH"] == [""]
    assert got["AF"] == [
        "Materialets oplysninger ændres af personalet i kataloget, ikke på en automat."]
    assert got["AY"] == ["2"] and checksum_ok(answer)
    assert Item.objects.get(pk=item.pk).shelf_location == "Skønlitteratur"

    unknown = kiosk.ask(f"19{DATE_FIELD}AODK-716100|AB404404|CHx|")
    assert unknown.startswith("200") and fields(unknown)["AB"] == ["404404"]
    assert fields(unknown)["AF"] == ["Stregkoden kendes ikke."]


# --- 25 patron enable -> 26 ---------------------------------------------------------------------


def block(kiosk: Raw, card: str) -> str:
    return kiosk.ask(f"01N{DATE_FIELD}AODK-716100|ALKortet sad fast|AA{card}|AC|AD1234|")


def enable(kiosk: Raw, card: str, pin: str | None = "1234") -> str:
    return kiosk.ask(f"25{DATE_FIELD}AODK-716100|AA{card}|AC|"
                     + (f"AD{pin}|" if pin is not None else ""))


def test_patron_enable_lifts_the_block_a_machine_placed(place, raw):
    patron = make_patron(place.network.glostrup, name="Tove Ditlevsen")
    item = make_item(make_record("Barndommens gade"), place.network.glostrup_main)
    kiosk = logged_in(raw)
    assert block(kiosk, patron.card).startswith("24YYYY")

    without_pin = enable(kiosk, patron.card, pin=None)
    assert without_pin.startswith("26") and fields(without_pin)["AF"] == ["Indtast din PIN-kode."]
    assert fields(without_pin)["BL"] == ["N"] and fields(without_pin)["AE"] == [""]
    assert Block.objects.get(patron=patron).lifted is None

    enabled = enable(kiosk, patron.card)
    assert enabled.startswith("26" + " " * 14 + "009")  # no flags left; Danish
    got = fields(enabled)
    assert got["AO"] == ["DK-716100"] and got["AA"] == [patron.card]
    assert got["AE"] == ["Tove Ditlevsen"] and got["BL"] == ["Y"] and got["CQ"] == ["Y"]
    assert got["AF"] == ["Dit kort kan bruges på automaterne igen."]
    assert Block.objects.get(patron=patron).lifted is not None
    lent = kiosk.ask(f"11NN{DATE_FIELD}{' ' * 18}AODK-716100|AA{patron.card}|AB{item.barcode}|")
    assert lent.startswith("121")


def test_patron_enable_never_lifts_fees_or_what_staff_placed(place, raw):
    patron = make_patron(place.network.glostrup)
    fees = Block.objects.create(patron=patron, code="fees")
    kiosk = logged_in(raw)
    block(kiosk, patron.card)

    kept = enable(kiosk, patron.card)

    assert kept.startswith("26YYYY") and fields(kept)["BL"] == ["Y"]
    assert fields(kept)["AF"] == [
        "Stadig spærret: Låneren har ubetalte gebyrer. Kontakt personalet."]
    assert set(Block.objects.filter(patron=patron, lifted__isnull=True)
               .values_list("code", flat=True)) == {"fees"}  # the machine's own block is lifted

    Block.objects.filter(pk=fees.pk).update(lifted=fees.created)  # staff settled the charges
    birte = User.objects.create_user("birte")
    by_staff = Block.objects.create(patron=patron, code="no_self_service",
                                    reason="SIP2 kiosk-1: ring til os", created_by=birte)
    kept = enable(kiosk, patron.card)
    assert kept.startswith("26YYYY")
    assert fields(kept)["AF"] == [
        "Stadig spærret: Låneren må ikke bruge selvbetjening. Kontakt personalet."]
    assert Block.objects.get(pk=by_staff.pk).lifted is None


def test_patron_enable_is_refused_for_another_librarys_card(place, raw):
    stranger = make_patron(place.network.randers)
    Block.objects.create(patron=stranger, code="no_self_service", reason="SIP2 kiosk-9: fast")
    answer = enable(logged_in(raw), stranger.card)
    assert answer.startswith("26") and fields(answer)["BL"] == ["N"]
    assert fields(answer)["AF"] == [
        "Låneren hører til et andet bibliotek; kun det kan ændre lånerens kort."]
    assert Block.objects.get(patron=stranger).lifted is None


# --- 15 hold: BR is the position on the screen ---------------------------------------------------


def hold(kiosk: Raw, card: str, barcode: str) -> str:
    return kiosk.ask(f"15+{DATE_FIELD}BSglostrup|AODK-716100|AA{card}|AB{barcode}|AD1234|")


def position_on_screen(reply: str) -> str:
    found = re.search(r"nummer (\d+) i køen", fields(reply)["AF"][0])
    assert found, reply
    return found.group(1)


def test_a_holds_queue_position_is_the_same_in_br_and_on_the_screen(place, raw):
    network = place.network
    first, second = make_patron(network.glostrup), make_patron(network.glostrup)
    lent_out = make_record("Gift")
    copy = make_item(lent_out, network.glostrup_main)
    services.check_out(make_patron(network.glostrup), copy.barcode, "glostrup")
    place_reservation(first, lent_out, "glostrup")
    on_shelf = make_item(make_record("Vejene"), network.glostrup_main)
    kiosk = logged_in(raw)

    queued = hold(kiosk, second.card, copy.barcode)  # one ahead: number 2
    served = hold(kiosk, second.card, on_shelf.barcode)  # a copy on the shelf serves it

    assert queued.startswith("161N") and fields(queued)["BR"] == ["2"]
    assert position_on_screen(queued) == "2"
    assert served.startswith("161") and fields(served)["BR"] == [position_on_screen(served)]
    assert Reservation.objects.filter(patron=second).count() == 2


# --- what cannot be read ------------------------------------------------------------------------


def test_unreadable_messages_get_the_machines_sequence_number_and_checksum(place, raw):
    kiosk = logged_in(raw)

    unknown = kiosk.ask("42hello|", seq=3, checksum=True)
    assert unknown.startswith("96AY3AZ") and checksum_ok(unknown)

    damaged = frame("9900802.00", seq=4, checksum=True)[:-4] + b"0000"
    kiosk.send(damaged)
    answer = kiosk.reply()
    assert answer.startswith("96AY4AZ") and checksum_ok(answer)

    assert kiosk.ask("42hello|", seq=5) == "96AY5"
    assert kiosk.ask("42hello|") == "96"  # the machine sent neither: none comes back


def test_a_garbled_message_whose_code_is_known_gets_its_own_refusal(place, raw):
    patron = make_patron(place.network.glostrup)
    item = make_item(make_record("Kongens Fald"), place.network.glostrup_main)
    kiosk = logged_in(raw)

    garbled = kiosk.ask(f"11N\x01AA{patron.card}|AB{item.barcode}|", seq=6, checksum=True)

    assert garbled.startswith("120")  # a checkout refused: nothing lent
    assert fields(garbled)["AF"] == ["Automatens besked kunne ikke læses. Prøv igen."]
    assert fields(garbled)["AY"] == ["6"] and checksum_ok(garbled)
    assert not Loan.objects.exists()


def test_resend_with_nothing_to_resend_and_an_over_long_line_keep_ay_and_az(place, raw,
                                                                           sip2_server):
    kiosk = raw()
    nothing = kiosk.ask("97", checksum=True)
    assert nothing.startswith("96AZ") and checksum_ok(nothing)

    strict = sip2_server(max_line=100)
    flood = Raw(strict.port)
    try:
        flood.send(frame("17" + "A" * 200, seq=7, checksum=True))  # one line, whole
        last = flood.reply()
        assert last.startswith("96AY7AZ") and checksum_ok(last)
        assert flood.reply() == ""  # then closed
    finally:
        flood.close()


def test_twenty_garbled_messages_in_a_row_close_the_connection(place, raw):
    kiosk = logged_in(raw)
    answers = [kiosk.ask("11N\x01garbled|") for _ in range(20)]
    assert all(answer.startswith("120") for answer in answers)
    assert kiosk.reply() == ""  # closed, as after 20 frames of garbage
    assert logged_in(raw).ask("9900802.00").startswith("98Y")


def test_a_patron_without_a_name_is_greeted_by_card_at_the_kiosk(place, raw):
    """A patron registered through a library's site may have no name yet (reol/fbs): the
    kiosk shows the card and says the name is missing, never a blank greeting."""
    patron = make_patron(place.network.glostrup, name="")
    got = fields(enable(logged_in(raw), patron.card))
    assert got["AE"] == [f"{patron.card} (navn ikke oplyst)"] and got["BL"] == ["Y"]
