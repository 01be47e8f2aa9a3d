"""The booking form says every mistake at once, in the patron's language, and a blocked card
sees why instead of a form."""

from reol.circulation.models import Block
from reol.rooms.models import Booking
from tests.factories import make_patron

from .test_pages import log_in


def test_a_day_gone_by_and_times_backwards_are_said_together(client, setting):
    patron = make_patron(setting["network"].glostrup, language="en")
    log_in(client, patron)
    room = setting["room"]
    answer = client.post(f"/rooms/{room.slug}/book/", {
        "day": "2020-01-06", "start": "12:00", "end": "11:00", "purpose": "x" * 201,
    }, HTTP_ACCEPT_LANGUAGE="en")
    page = answer.content.decode()
    assert answer.status_code == 400
    assert "That time has already passed." in page
    assert "A booking must end after it starts." in page
    assert "at most 200 characters" in page
    assert not Booking.objects.exists()


def test_times_off_the_slots_are_said_in_danish_beside_the_day(client, setting):
    patron = make_patron(setting["network"].glostrup)
    log_in(client, patron)
    room = setting["room"]
    answer = client.post(f"/rooms/{room.slug}/book/", {
        "day": "2020-01-06", "start": "10:15", "end": "11:00"})
    page = answer.content.decode()
    assert answer.status_code == 400
    assert "Tidspunktet er allerede passeret." in page
    assert "Rummet bookes i hele tidsrum på 1 time." in page


def test_a_blocked_patron_sees_why_instead_of_the_booking_form(client, setting):
    patron = make_patron(setting["network"].glostrup, language="en")
    Block.objects.create(patron=patron, code="suspended", reason="")
    log_in(client, patron)
    room = setting["room"]
    page = client.get(f"/rooms/{room.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your card is blocked." in page and "The card is suspended." in page
    assert "You cannot book rooms until the library lifts the block." in page
    assert 'class="room-form"' not in page
    answer = client.post(f"/rooms/{room.slug}/book/", {
        "day": "2099-01-05", "start": "10:00", "end": "11:00"}, HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 400 and not Booking.objects.exists()
