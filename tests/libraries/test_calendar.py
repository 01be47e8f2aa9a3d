"""A branch's calendar from the database: what due dates and pickup deadlines rely on."""

from datetime import date, time

import pytest

from reol.libraries import calendar
from reol.libraries.models import BookmobileStop, OpeningException, OpeningPattern, Service


def pattern(branch, weekdays, opens, closes, service=Service.STAFFED, valid_from=date(2026, 1, 1),
            valid_to=None, **kw):
    OpeningPattern.objects.bulk_create(
        OpeningPattern(branch=branch, weekday=wd, opens=time(opens), closes=time(closes),
                       service=service, valid_from=valid_from, valid_to=valid_to, **kw)
        for wd in weekdays
    )


@pytest.fixture
def glostrup(network):
    """Staffed Mon–Fri 10–17, self-service 7–22 Mon–Sat, closed on Sundays."""
    branch = network.glostrup_main
    pattern(branch, range(5), 10, 17)
    pattern(branch, range(5), 7, 10, Service.SELF_SERVICE)
    pattern(branch, range(5), 17, 22, Service.SELF_SERVICE)
    pattern(branch, [5], 7, 22, Service.SELF_SERVICE)
    return branch


def test_week_is_monday_to_sunday_of_the_iso_week(glostrup):
    days = calendar.week(glostrup, date(2026, 3, 5))
    assert [d.day for d in days] == [date(2026, 3, d) for d in range(2, 9)]
    assert [d.is_open for d in days] == [True] * 6 + [False]
    assert [d.is_staffed for d in days] == [True] * 5 + [False] * 2


def test_next_open_day_over_a_weekend(glostrup):
    sunday = date(2026, 3, 8)
    assert calendar.next_open_day(glostrup, sunday) == date(2026, 3, 9)
    saturday = date(2026, 3, 7)
    assert calendar.next_open_day(glostrup, saturday) == saturday  # open library
    assert calendar.next_open_day(glostrup, saturday, self_service=False) == date(2026, 3, 9)


def test_next_open_day_over_easter_and_christmas(glostrup):
    maundy_thursday = date(2026, 4, 2)  # then Good Friday, Saturday, Easter Sunday and Monday
    assert calendar.next_open_day(glostrup, maundy_thursday) == date(2026, 4, 4)
    assert calendar.next_open_day(glostrup, maundy_thursday, self_service=False) == date(
        2026, 4, 7)
    assert calendar.next_open_day(glostrup, date(2026, 12, 24)) == date(2026, 12, 28)
    assert not calendar.is_open(glostrup, date(2026, 12, 25))
    assert calendar.is_open(glostrup, date(2026, 12, 28), self_service=False)


def test_add_open_days_counts_only_open_days(glostrup):
    monday = date(2026, 3, 2)
    assert calendar.add_open_days(glostrup, monday, 7) == date(2026, 3, 10)  # Mon–Sat open
    assert calendar.add_open_days(glostrup, monday, 7, self_service=False) == date(2026, 3, 11)
    # Over Easter 2026: after Wed 1 April come Sat 4, Tue 7, Wed 8 …
    assert calendar.add_open_days(glostrup, date(2026, 4, 1), 3) == date(2026, 4, 8)
    assert calendar.add_open_days(glostrup, date(2026, 3, 8), 0) == date(2026, 3, 9)


def test_exceptions_in_the_database_close_and_open(glostrup):
    OpeningException.objects.create(branch=glostrup, date=date(2026, 3, 9),
                                    service=Service.CLOSED, reason="Personaledag")
    OpeningException.objects.create(branch=glostrup, date=date(2026, 3, 15), opens=time(12),
                                    closes=time(16), service=Service.STAFFED, reason="Kulturnat")
    assert calendar.next_open_day(glostrup, date(2026, 3, 8)) == date(2026, 3, 10)
    sunday = calendar.week(glostrup, date(2026, 3, 15))[-1]
    assert sunday.is_staffed and sunday.note == "Kulturnat"
    assert calendar.is_open(glostrup, date(2026, 3, 15), self_service=False)


def test_validity_windows_in_the_database(network):
    branch = network.randers_main
    pattern(branch, range(7), 10, 16, valid_to=date(2026, 6, 30))
    pattern(branch, range(7), 12, 20, valid_from=date(2026, 7, 1))
    days = calendar.hours(branch, date(2026, 6, 29), date(2026, 7, 2))
    assert [d.intervals[0].opens for d in days] == [time(10), time(10), time(12), time(12)]
    assert all(len(d.intervals) == 1 for d in days)
    assert not calendar.is_open(branch, date(2025, 12, 31))


def test_a_branch_without_a_calendar_never_moves_a_date(network):
    branch = network.randers_main
    day = date(2026, 12, 25)
    assert calendar.next_open_day(branch, day) == day
    assert calendar.add_open_days(branch, day, 7) == date(2027, 1, 1)
    assert not calendar.is_open(branch, date(2026, 3, 3))
    assert [d.holiday for d in calendar.week(branch, day)][3:5] == ["Juleaftensdag", "Juledag"]


def test_a_calendar_that_ends_counts_the_days_after_it_as_open(network):
    branch = network.randers_main
    pattern(branch, range(7), 10, 16, valid_to=date(2026, 3, 3))
    assert calendar.add_open_days(branch, date(2026, 3, 1), 5) == date(2026, 3, 6)


def test_branches_are_given_as_instance_or_id(glostrup):
    assert calendar.next_open_day(glostrup.pk, date(2026, 3, 8)) == date(2026, 3, 9)
    assert calendar.week(glostrup.pk, date(2026, 3, 8)) == calendar.week(glostrup, date(2026, 3, 8))


def test_each_call_costs_few_queries(glostrup, django_assert_num_queries,
                                     django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        assert len(calendar.hours(glostrup, date(2026, 1, 1), date(2027, 12, 31))) == 730
    # A due date on an open day (every checkout asks) reads that day alone; past the
    # Christmas closing the next weeks are read, never the whole year. Each answer is
    # remembered; asking costs one read of the memories' generation (reol.memo).
    with django_assert_num_queries(3):
        assert calendar.next_open_day(glostrup, date(2026, 12, 23)) == date(2026, 12, 23)
    with django_assert_num_queries(5):
        assert calendar.next_open_day(glostrup, date(2026, 12, 24)) == date(2026, 12, 28)
    with django_assert_max_num_queries(5):
        calendar.add_open_days(glostrup, date(2026, 12, 22), 7)


def test_a_bookmobile_is_open_on_the_days_it_visits_a_stop(network):
    bus = network.randers_bus
    assentoft, gassum = (BookmobileStop.objects.create(branch=bus, position=n, name=name)
                         for n, name in ((1, "Assentoft"), (2, "Gassum")))
    pattern(bus, [1], 10, 11, stop=assentoft)
    pattern(bus, [3], 13, 14, stop=gassum)
    days = calendar.week(bus, date(2026, 3, 2))
    assert [d.is_open for d in days] == [False, True, False, True, False, False, False]
    assert [i.stop for d in days for i in d.intervals] == ["Assentoft", "Gassum"]
    assert calendar.next_open_day(bus, date(2026, 3, 4)) == date(2026, 3, 5)
