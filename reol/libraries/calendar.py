"""A branch's calendar: the entry point for everything that asks "is it open?".

Due dates, hold-shelf deadlines, notices and room bookings call these functions; each call
costs two small queries (the patterns valid in the range, the exceptions in it). A branch is
given as a Branch or its id. A branch with no opening hours at all (a deposit collection, a
house nobody has configured) never moves a date: see next_open_day and add_open_days.
"""

from collections.abc import Iterator
from datetime import date, timedelta

from django.utils import translation

from reol import memo, sql

from . import rules
from .models import BookmobileStop, Branch, OpeningException, OpeningPattern
from .rules import DayHours


def _branch_id(branch: Branch | int) -> int:
    return branch.pk if isinstance(branch, Branch) else int(branch)


SOON_DAYS = 21
OPEN_DAYS = memo.Memory()  # reol.memo: new after a branch, its patterns or exceptions change
_PATTERN = sql.Columns(OpeningPattern, "o",
                       "valid_from valid_to weekday opens closes service open_on_holidays")
_EXCEPTION = sql.Columns(OpeningException, "e", "date opens closes service reason")
_PATTERNS = sql.Statement(lambda: (
    f"SELECT {_PATTERN.sql}, s.name FROM {sql.table(OpeningPattern)} o"
    f" LEFT JOIN {sql.table(BookmobileStop)} s ON s.id = o.stop_id"
    " WHERE o.branch_id = %s AND o.valid_from <= %s AND (o.valid_to IS NULL OR o.valid_to >= %s)"
))
_PATTERNS_ON = sql.Statement(lambda: _PATTERNS.build() + " AND o.weekday = %s")
_EXCEPTIONS = sql.Statement(lambda: (
    f"SELECT {_EXCEPTION.sql} FROM {sql.table(OpeningException)} e"
    " WHERE e.branch_id = %s AND e.date BETWEEN %s AND %s"
))


def _iter_hours(branch: Branch | int, start: date, end: date) -> Iterator[DayHours]:
    # Hand-written SQL: every due date asks, so this runs at every checkout.
    branch_id = _branch_id(branch)
    patterns = []
    rows = (sql.fetch(_PATTERNS_ON, [branch_id, end, start, start.weekday()]) if start == end
            else sql.fetch(_PATTERNS, [branch_id, end, start]))
    for row in rows:
        valid_from, valid_to, weekday, opens, closes, service, on_holidays = _PATTERN.values(row)
        patterns.append(rules.Pattern(valid_from, valid_to, weekday, opens, closes, service,
                                      row[-1], on_holidays))
    exceptions = [
        rules.DateException(*_EXCEPTION.values(row))
        for row in sql.fetch(_EXCEPTIONS, [branch_id, start, end])
    ]
    names = rules.danish_holidays(range(start.year, end.year + 1),
                                  translation.get_language() or "da")
    return rules.iter_days(start, end, patterns, exceptions, names)


def hours(branch: Branch | int, start: date, end: date) -> list[DayHours]:
    """Each day's hours from start to end inclusive."""
    return list(_iter_hours(branch, start, end))


def week(branch: Branch | int, day: date) -> list[DayHours]:
    """Monday to Sunday of the ISO week that holds `day`."""
    monday = day - timedelta(days=day.weekday())
    return hours(branch, monday, monday + timedelta(days=6))


def is_open(branch: Branch | int, day: date, self_service: bool = True) -> bool:
    """Open at some time that day; with self_service=False only staffed hours count."""
    return hours(branch, day, day)[0].open_for(self_service)


def _soon_first(branch: Branch | int, start: date, end: date) -> Iterator[DayHours]:
    """Lazily: the first day alone, then the next weeks, then the rest, each only if asked. A
    due date nearly always falls on an open day, and every checkout asks."""
    yield from _iter_hours(branch, start, start)
    near = min(start + timedelta(days=SOON_DAYS - 1), end)
    if start < near:
        yield from _iter_hours(branch, start + timedelta(days=1), near)
    if near < end:
        yield from _iter_hours(branch, near + timedelta(days=1), end)


def next_open_day(
    branch: Branch | int, day: date, self_service: bool = True, limit_days: int = 366
) -> date:
    """The first day on or after `day` the branch is open.

    When no day in the next `limit_days` is open (a branch without a calendar, or past the end
    of its patterns), `day` comes back unchanged: a missing calendar never moves a due date.
    """
    def find() -> date:
        end = day + timedelta(days=max(limit_days, 1) - 1)
        for hours_of_day in _soon_first(branch, day, end):
            if hours_of_day.open_for(self_service):
                return hours_of_day.day
        return day

    # Every checkout asks for its due date: remembered (emptied when hours change).
    return OPEN_DAYS.get((_branch_id(branch), day, self_service, limit_days), find)


def add_open_days(
    branch: Branch | int, day: date, n: int, self_service: bool = True, limit_days: int = 366
) -> date:
    """The n-th open day after `day` (a hold-shelf deadline of "7 open days"); n <= 0 gives
    the next open day on or after `day`.

    A branch with no open day in the window counts every day as open (`day` + n days); when
    its calendar ends before the n-th open day, the days after its last open day count as open.
    """
    if n <= 0:
        return next_open_day(branch, day, self_service, limit_days)
    counted, last = 0, day
    end = day + timedelta(days=n + limit_days)
    for hours_of_day in _soon_first(branch, day + timedelta(days=1), end):
        if hours_of_day.open_for(self_service):
            counted, last = counted + 1, hours_of_day.day
            if counted == n:
                return last
    return last + timedelta(days=n - counted)
