"""Booking, cancelling, approving and usage through the services, on the real database."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User

from reol.core.roles import grant
from reol.errors import DomainError
from reol.rooms import services
from reol.rooms.models import Booking
from tests.factories import make_patron

from .conftest import MONDAY, NOW, at, make_room


def refused(call) -> str:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value.code


def test_a_patron_books_and_the_slot_is_then_taken(setting):
    room = setting["room"]
    karen, jens = (make_patron(setting["network"].glostrup) for _ in range(2))
    booking = services.book(room, at(0, 10), at(0, 12), patron=karen, purpose="Eksamen", now=NOW)
    assert booking.status == "confirmed"
    assert refused(lambda: services.book(room, at(0, 11), at(0, 12), patron=jens, now=NOW)) \
        == "taken"
    day = services.availability(room, MONDAY, now=NOW)[0]
    assert [s.state for s in day.slots[:3]] == ["taken", "taken", "free"]


def test_refusals_from_the_calendar_and_the_limits(setting):
    room = setting["room"]
    karen = make_patron(setting["network"].glostrup)
    assert refused(lambda: services.book(room, at(6, 10), at(6, 11), patron=karen, now=NOW)) \
        == "closed"  # Sunday
    assert refused(lambda: services.book(room, at(0, 8), at(0, 9), patron=karen, now=NOW)) \
        == "outside_hours"
    services.book(room, at(1, 10), at(1, 11), patron=karen, now=NOW)
    services.book(room, at(2, 10), at(2, 11), patron=karen, now=NOW)
    assert refused(lambda: services.book(room, at(3, 10), at(3, 11), patron=karen, now=NOW)) \
        == "over_limit"
    # The next ISO week starts afresh.
    assert services.book(room, at(7, 10), at(7, 11), patron=karen, now=NOW).pk


def test_a_cancelled_booking_frees_the_slot_and_the_weekly_count(setting):
    room = setting["room"]
    karen = make_patron(setting["network"].glostrup)
    first = services.book(room, at(1, 10), at(1, 11), patron=karen, now=NOW)
    services.book(room, at(2, 10), at(2, 11), patron=karen, now=NOW)
    other = make_patron(setting["network"].glostrup)
    assert refused(lambda: services.cancel(first, patron=other, now=NOW)) == "not_your_booking"
    services.cancel(first, patron=karen, now=NOW)
    assert Booking.objects.get(pk=first.pk).status == "cancelled"
    assert refused(lambda: services.cancel(first, patron=karen, now=NOW)) == "not_active"
    assert services.book(room, at(1, 10), at(1, 11), patron=karen, now=NOW).pk


def test_a_room_that_needs_approval_holds_the_slot_until_staff_decide(setting):
    network = setting["network"]
    room = make_room(network.randers_main, slug="moedelokale", needs_approval=True)
    leader = User.objects.create_user("leder")
    grant(leader, network.randers, "leader")
    outsider = User.objects.create_user("glostrup-desk")
    grant(outsider, network.glostrup)
    karen, jens = (make_patron(network.randers) for _ in range(2))
    booking = services.book(room, at(1, 13), at(1, 15), patron=karen, now=NOW)
    assert booking.status == "requested"
    assert refused(lambda: services.book(room, at(1, 14), at(1, 15), patron=jens, now=NOW)) \
        == "taken"
    assert refused(lambda: services.decide(booking, True, by=outsider, now=NOW)) \
        == "not_your_library"
    assert services.decide(booking, False, by=leader, now=NOW).status == "declined"
    assert services.book(room, at(1, 14), at(1, 15), patron=jens, now=NOW).status == "requested"


def test_staff_book_for_a_name_past_the_rules_but_never_over_another_booking(setting):
    network = setting["network"]
    room = setting["room"]
    desk = User.objects.create_user("skranke")
    grant(desk, network.glostrup, "events")  # events and rooms staff
    karen = make_patron(network.glostrup)
    services.book(room, at(0, 10), at(0, 11), patron=karen, now=NOW)
    sunday = services.book(room, at(6, 9), at(6, 17), name="Læsekredsen", by=desk,
                           override=True, now=NOW)
    assert sunday.status == "confirmed" and sunday.overridden and sunday.who == "Læsekredsen"
    assert refused(lambda: services.book(room, at(6, 9), at(6, 10), name="X", by=desk,
                                         now=NOW)) \
        == "closed"  # without override the rules apply to staff too
    assert refused(lambda: services.book(room, at(0, 10), at(0, 12), name="Y", by=desk,
                                         override=True, now=NOW)) == "taken"
    stranger = User.objects.create_user("randers")
    grant(stranger, network.randers)
    assert refused(lambda: services.book(room, at(1, 10), at(1, 11), name="Z", by=stranger,
                                         now=NOW)) == "not_your_library"
    front_desk = User.objects.create_user("glostrup-skranke")
    grant(front_desk, network.glostrup, "desk")  # sees the day's bookings, books none
    assert refused(lambda: services.book(room, at(1, 10), at(1, 11), name="Z", by=front_desk,
                                         now=NOW)) == "not_allowed"


def test_bad_times_get_clear_messages():
    with pytest.raises(DomainError) as caught:
        services.parse_moment("i morgen kl. 10")
    assert "YYYY-MM-DDThh:mm" in caught.value.en
    with pytest.raises(DomainError):
        services.parse_day("2027-02-30", MONDAY)


def test_usage_counts_hours_occupancy_and_bookings_per_week(setting):
    room = setting["room"]
    karen = make_patron(setting["network"].glostrup)
    services.book(room, at(1, 10), at(1, 13), patron=karen, now=NOW)
    cancelled = services.book(room, at(2, 10), at(2, 12), patron=karen, now=NOW)
    services.cancel(cancelled, patron=karen, now=NOW)
    figures = services.usage([room], 2027, 3)[0]
    assert figures.bookings == 1 and figures.hours_booked == 3
    # March 2027: 23 weekdays of 9 staffed hours and 4 Saturdays of 4 (Easter Monday is 29 March,
    # and Maundy Thursday and Good Friday 25–26 March are holidays too).
    assert figures.open_hours == 20 * 9 + 4 * 4
    assert figures.occupancy == pytest.approx(3 / figures.open_hours)
    assert figures.per_week == pytest.approx(1 / (31 / 7))


def test_booking_in_the_past_is_refused(setting):
    karen = make_patron(setting["network"].glostrup)
    assert refused(lambda: services.book(setting["room"], at(0, 10), at(0, 11), patron=karen,
                                         now=NOW + timedelta(hours=3))) == "in_the_past"
