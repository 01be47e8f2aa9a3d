"""Opening hours as pure rules: which intervals a branch keeps on a given day.

The inputs are plain values (a branch's weekly patterns, its dated exceptions, the holidays);
`calendar.py` loads them from the database.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import lru_cache
from urllib.parse import urlencode

import holidays

from reol import bounds

STAFFED, SELF_SERVICE, CLOSED = "staffed", "self_service", "closed"

# Not public holidays by law, but days most Danish libraries close: Grundlovsdag is a half
# or whole day off by custom and agreement, Christmas Eve and New Year's Eve are family days.
# The `holidays` package keeps them (with 1 May, when libraries do open) in its "optional"
# category, whose content varies between versions, so we name them ourselves.
CLOSED_BY_CUSTOM = {
    (6, 5): ("Grundlovsdag", "Constitution Day"),
    (12, 24): ("Juleaftensdag", "Christmas Eve"),
    (12, 31): ("Nytårsaften", "New Year's Eve"),
}


@dataclass(frozen=True)
class Interval:
    opens: time
    closes: time
    service: str
    stop: str | None = None


@dataclass(frozen=True)
class DayHours:
    day: date
    intervals: tuple[Interval, ...] = ()
    holiday: str | None = None  # the holiday's name when the branch is closed for it
    note: str | None = None  # the reason given by the day's exceptions ("Kulturnat")

    @property
    def is_open(self) -> bool:
        return any(i.service != CLOSED for i in self.intervals)

    @property
    def is_staffed(self) -> bool:
        return any(i.service == STAFFED for i in self.intervals)

    def open_for(self, self_service: bool = True) -> bool:
        """Open for a patron who can (self_service) or cannot let themselves in."""
        return self.is_open if self_service else self.is_staffed


@dataclass(frozen=True)
class Pattern:
    """A weekly interval (OpeningPattern as plain values)."""

    valid_from: date
    valid_to: date | None
    weekday: int
    opens: time
    closes: time
    service: str
    stop: str | None = None
    open_on_holidays: bool = False

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class DateException:
    """A dated interval or closing (OpeningException as plain values)."""

    day: date
    opens: time | None
    closes: time | None
    service: str
    reason: str = ""


@lru_cache(maxsize=64)
def _holidays(year: int, language: str) -> dict[date, str]:
    english = language.startswith("en")
    official = holidays.country_holidays("DK", years=year, language="en_US" if english else "da")
    days = dict(official.items())  # categories: public only
    for (month, day), names in CLOSED_BY_CUSTOM.items():
        days.setdefault(date(year, month, day), names[english])
    return days


def danish_holidays(years: Iterable[int], language: str = "da") -> dict[date, str]:
    """Days a branch is closed unless told otherwise: the public holidays, and the custom
    closing days above. Names in Danish, or English when `language` starts with "en"."""
    found: dict[date, str] = {}
    for year in years:
        found.update(_holidays(year, language))
    return found


def iter_days(
    start: date, end: date, patterns: Iterable[Pattern], exceptions: Iterable[DateException],
    holiday_names: Mapping[date, str],
) -> Iterator[DayHours]:
    """The hours of each day from start to end inclusive, lazily (so a search for the next
    open day stops at the first one).

    A day's exceptions replace its patterns; otherwise the patterns valid that day apply,
    except on a holiday, where only those marked open_on_holidays remain.
    """
    by_weekday: dict[int, list[Pattern]] = defaultdict(list)
    for p in patterns:
        by_weekday[p.weekday].append(p)
    by_day: dict[date, list[DateException]] = defaultdict(list)
    for e in exceptions:
        by_day[e.day].append(e)
    day = start
    while day <= end:
        yield _one_day(day, by_weekday[day.weekday()], by_day.get(day), holiday_names.get(day))
        day += timedelta(days=1)


def days(
    start: date, end: date, patterns: Iterable[Pattern], exceptions: Iterable[DateException],
    holiday_names: Mapping[date, str],
) -> list[DayHours]:
    return list(iter_days(start, end, patterns, exceptions, holiday_names))


def _one_day(
    day: date, patterns: list[Pattern], exceptions: list[DateException] | None, holiday: str | None
) -> DayHours:
    if exceptions:
        intervals = [
            Interval(e.opens, e.closes, e.service)
            for e in exceptions if e.opens is not None and e.closes is not None
        ]
        reasons = dict.fromkeys(e.reason for e in exceptions if e.reason)  # in order, once
        return DayHours(day, _sorted(intervals), note=", ".join(reasons) or None)
    intervals = [
        Interval(p.opens, p.closes, p.service, p.stop)
        for p in patterns if p.covers(day) and (holiday is None or p.open_on_holidays)
    ]
    hours = DayHours(day, _sorted(intervals))
    if holiday is not None and not hours.is_open:
        return DayHours(day, hours.intervals, holiday=holiday)
    return hours


def _sorted(intervals: list[Interval]) -> tuple[Interval, ...]:
    return tuple(sorted(intervals, key=lambda i: (i.opens, i.closes, i.stop or "")))


def week_start(value: str | None, today: date) -> date:
    """The Monday of the week a caller asked for ("YYYY-MM-DD", any day of it; empty: today)."""
    day = bounds.parse_day(value, today)
    return day - timedelta(days=day.weekday())


def open_now(hours: DayHours, at: time) -> Interval | None:
    """The interval the house is open in at this time of day ("åbent nu"), staffed or
    self-service, or None when it is closed right now."""
    return next((i for i in hours.intervals
                 if i.service != CLOSED and i.opens <= at < i.closes), None)


def map_link(address: str) -> str:
    """A plain link to the address on OpenStreetMap: pages embed no third-party map."""
    return "https://www.openstreetmap.org/search?" + urlencode({"query": address})
