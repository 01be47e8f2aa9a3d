"""The booking rules as pure functions: each refusal says why."""

from datetime import date, datetime, time

from reol.libraries.rules import DayHours, Interval
from reol.rooms import rules

MON = date(2027, 3, 1)
NOW = datetime(2027, 3, 1, 8, 0)
DAY = DayHours(MON, (Interval(time(7), time(10), "self_service"),
                     Interval(time(10), time(19), "staffed")))
TERMS = rules.Terms(slot_minutes=60, max_minutes=180, max_per_week=2, days_ahead=14)


def when(hour: int, minute: int = 0, day: date = MON) -> datetime:
    return datetime.combine(day, time(hour, minute))


def code(start, end, day=DAY, count=0, terms=TERMS, override=False, now=NOW):
    error = rules.refusal(start, end, now, terms, day, count, override)
    return error.code if error else None


def test_a_booking_in_staffed_hours_on_slot_boundaries_is_fine():
    assert code(when(10), when(12)) is None


def test_each_refusal_names_its_reason():
    assert code(when(12), when(11)) == "bad_time"
    assert code(when(10, 30), when(11, 30)) == "bad_slot"
    assert code(when(7, 0, MON), when(9, 0, MON), now=when(10)) == "in_the_past"
    assert code(when(8), when(9)) == "outside_hours"  # self-service hours, not allowed
    assert code(when(18), when(20)) == "outside_hours"
    assert code(when(10), when(14)) == "too_long"
    far = date(2027, 3, 16)
    assert code(when(10, day=far), when(11, day=far), day=DayHours(far, DAY.intervals)) \
        == "too_far_ahead"
    assert code(when(10), when(11), count=2) == "over_limit"
    sunday = date(2027, 3, 7)
    assert code(when(10, day=sunday), when(11, day=sunday), day=DayHours(sunday)) == "closed"


def test_the_refusal_is_in_danish_and_english():
    error = rules.refusal(when(10), when(14), NOW, TERMS, DAY, 0)
    assert error.message("da") == "Rummet kan højst bookes 3 timer ad gangen."
    assert error.message("en") == "The room can be booked for at most 3 hours at a time."


def test_self_service_hours_count_when_the_room_allows_them_and_join_the_staffed_ones():
    terms = rules.Terms(self_service_allowed=True, max_minutes=240)
    assert rules.windows(DAY, True) == [(when(7), when(19))]
    assert code(when(8), when(12), terms=terms) is None


def test_staff_override_everything_but_the_shape_and_the_past():
    sunday = date(2027, 3, 7)
    assert code(when(10, day=sunday), when(18, day=sunday), day=DayHours(sunday), count=9,
                override=True) is None
    assert code(when(10, 30), when(11), override=True) == "bad_slot"


def test_the_buffer_keeps_time_free_between_bookings():
    booked = [(when(10), when(11))]
    assert not rules.clash(when(11), when(12), booked, 0)
    assert rules.clash(when(11), when(12), booked, 15)
    assert rules.clash(when(10, 30), when(11, 30), booked, 0)
    assert not rules.clash(when(12), when(13), booked, 15)


def test_slots_follow_the_windows():
    assert rules.slots(DAY, TERMS)[0] == (when(10), when(11))
    assert len(rules.slots(DAY, TERMS)) == 9
    assert len(rules.slots(DAY, rules.Terms(slot_minutes=30, self_service_allowed=True))) == 24
