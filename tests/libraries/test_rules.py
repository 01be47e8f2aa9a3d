"""Opening-hours rules over plain values: patterns, exceptions, holidays."""

from datetime import date, time

import pytest

from reol.errors import DomainError
from reol.libraries.rules import (
    CLOSED,
    SELF_SERVICE,
    STAFFED,
    DateException,
    Interval,
    Pattern,
    danish_holidays,
    days,
    week_start,
)

YEARS = danish_holidays(range(2026, 2028))


def weekly(weekdays, opens, closes, service=STAFFED, valid=(date(2026, 1, 1), None), **kw):
    return [Pattern(valid[0], valid[1], wd, time(opens), time(closes), service, **kw)
            for wd in weekdays]


# Self-service 7–22 every day around staffed hours Mon–Fri 10–17; Saturday self-service only.
HOUSE = (weekly(range(5), 7, 10, SELF_SERVICE) + weekly(range(5), 10, 17)
         + weekly(range(5), 17, 22, SELF_SERVICE) + weekly([5], 7, 22, SELF_SERVICE))


def one(day: date, patterns=HOUSE, exceptions=(), holidays=YEARS):
    (hours,) = days(day, day, patterns, exceptions, holidays)
    return hours


def test_a_weekday_has_its_intervals_in_order():
    monday = one(date(2026, 3, 2))
    assert monday.intervals == (
        Interval(time(7), time(10), SELF_SERVICE), Interval(time(10), time(17), STAFFED),
        Interval(time(17), time(22), SELF_SERVICE),
    )
    assert monday.is_open and monday.is_staffed and monday.holiday is None


def test_self_service_only_is_open_but_not_staffed_and_sunday_is_closed():
    saturday, sunday = days(date(2026, 3, 7), date(2026, 3, 8), HOUSE, (), YEARS)
    assert saturday.is_open and not saturday.is_staffed
    assert saturday.open_for(self_service=True) and not saturday.open_for(self_service=False)
    assert sunday.intervals == () and not sunday.is_open and sunday.holiday is None


def test_patterns_apply_only_inside_their_validity_window():
    winter = weekly([0], 10, 16, valid=(date(2026, 1, 1), date(2026, 3, 31)))
    spring = weekly([0], 12, 18, valid=(date(2026, 4, 1), None))
    mondays = days(date(2026, 3, 30), date(2026, 4, 13), winter + spring, (), {})[::7]
    assert [(d.day, d.intervals[0].opens) for d in mondays] == [
        (date(2026, 3, 30), time(10)), (date(2026, 4, 6), time(12)), (date(2026, 4, 13), time(12))
    ]
    assert not one(date(2025, 12, 29), winter, holidays={}).is_open  # before valid_from


def test_a_closing_exception_replaces_the_whole_day():
    staff_day = DateException(date(2026, 3, 4), None, None, CLOSED, "Personaledag")
    wednesday = one(date(2026, 3, 4), exceptions=[staff_day])
    assert not wednesday.is_open and wednesday.intervals == ()
    assert wednesday.note == "Personaledag" and wednesday.holiday is None
    assert one(date(2026, 3, 5), exceptions=[staff_day]).is_open  # the next day is untouched


def test_an_exception_opens_a_sunday_with_its_own_intervals_only():
    kulturnat = [
        DateException(date(2026, 3, 8), time(12), time(16), STAFFED, "Kulturnat"),
        DateException(date(2026, 3, 8), time(16), time(23), SELF_SERVICE, "Kulturnat"),
    ]
    sunday = one(date(2026, 3, 8), exceptions=kulturnat)
    assert sunday.is_staffed and sunday.note == "Kulturnat"
    assert [(i.opens, i.closes) for i in sunday.intervals] == [(time(12), time(16)),
                                                               (time(16), time(23))]


@pytest.mark.parametrize("day, name", [
    (date(2026, 12, 25), "Juledag"),
    (date(2026, 12, 24), "Juleaftensdag"),
    (date(2026, 12, 31), "Nytårsaften"),
    (date(2026, 6, 5), "Grundlovsdag"),
    (date(2027, 3, 25), "Skærtorsdag"),
    (date(2027, 3, 26), "Langfredag"),
    (date(2027, 3, 29), "Anden påskedag"),
    (date(2027, 5, 6), "Kristi himmelfartsdag"),
    (date(2027, 5, 17), "Anden pinsedag"),
    (date(2027, 1, 1), "Nytårsdag"),
])
def test_holidays_close_by_default_and_are_named(day, name):
    hours = one(day)
    assert hours.intervals == () and not hours.is_open
    assert hours.holiday == name


def test_ordinary_days_that_once_were_or_sound_like_holidays_stay_open():
    assert one(date(2026, 5, 1)).is_open  # 1 May; also Store Bededag until 2023
    assert one(date(2027, 4, 23)).is_open  # what would have been Store Bededag in 2027


def test_holiday_names_in_english():
    english = danish_holidays([2026], "en")
    assert english[date(2026, 12, 25)] == "Christmas Day"
    assert english[date(2026, 6, 5)] == "Constitution Day"
    assert english[date(2026, 12, 24)] == "Christmas Eve"


def test_an_exception_opens_on_a_holiday():
    open_anyway = DateException(date(2026, 12, 26), time(10), time(14), SELF_SERVICE, "")
    day = one(date(2026, 12, 26), exceptions=[open_anyway])
    assert day.is_open and day.holiday is None
    assert day.intervals == (Interval(time(10), time(14), SELF_SERVICE),)


def test_a_pattern_may_keep_its_hours_on_holidays():
    doors = weekly(range(7), 7, 22, SELF_SERVICE, open_on_holidays=True)
    christmas = one(date(2026, 12, 25), doors + weekly([4], 10, 17))
    assert christmas.is_open and not christmas.is_staffed  # the doors open, the staff stay home


def test_bookmobile_stops_are_kept_on_the_intervals():
    visits = (weekly([1], 10, 11, stop="Assentoft") + weekly([1], 9, 10, stop="Harridslev"))
    tuesday, wednesday = days(date(2026, 3, 3), date(2026, 3, 4), visits, (), YEARS)
    assert [i.stop for i in tuesday.intervals] == ["Harridslev", "Assentoft"]
    assert tuesday.is_open and not wednesday.is_open


def test_week_start_is_the_monday_and_bad_dates_are_refused_in_both_languages():
    today = date(2026, 3, 5)
    assert week_start(None, today) == date(2026, 3, 2)
    assert week_start("2026-03-08", today) == date(2026, 3, 2)
    with pytest.raises(DomainError) as refused:
        week_start("next tuesday", today)
    assert refused.value.code == "bad_date"
    assert "ikke en dato" in refused.value.message("da")
    assert "not a date" in refused.value.message("en")
