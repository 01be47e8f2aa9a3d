"""A room's booking rules as pure functions over plain values.

Times here are naive local times (Europe/Copenhagen wall clock): opening hours are kept that
way, and a librarian's rule ("from 10 to 19, in whole hours") reads that way. services.py
converts to and from the aware UTC times in the database.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from reol.errors import DomainError
from reol.libraries.rules import CLOSED, SELF_SERVICE, STAFFED, DayHours
from reol.refusals import Both, refuse

Span = tuple[datetime, datetime]


class RoomSettings(Protocol):
    """The rule fields of a room (rooms.models.Room), as Terms.of reads them."""

    slot_minutes: int
    max_minutes: int
    max_per_week: int
    days_ahead: int
    buffer_minutes: int
    self_service_allowed: bool


@dataclass(frozen=True)
class Terms:
    """What a room allows (the rule fields of Room as plain values)."""

    slot_minutes: int = 60
    max_minutes: int = 180
    max_per_week: int = 3
    days_ahead: int = 14
    buffer_minutes: int = 0
    self_service_allowed: bool = False

    @classmethod
    def of(cls, room: "RoomSettings") -> "Terms":
        return cls(room.slot_minutes, room.max_minutes, room.max_per_week, room.days_ahead,
                   room.buffer_minutes, room.self_service_allowed)


def _hours(minutes: int) -> tuple[str, str]:
    """'2 timer', '90 minutter' — Danish and English."""
    if minutes % 60 == 0:
        n = minutes // 60
        return (f"{n} time" if n == 1 else f"{n} timer", f"{n} hour" if n == 1 else f"{n} hours")
    return f"{minutes} minutter", f"{minutes} minutes"


def windows(day: DayHours, self_service_allowed: bool) -> list[Span]:
    """The bookable stretches of a day: staffed intervals (and self-service ones when the room
    allows it), with intervals that touch merged, so 7–10 self-service + 10–19 staffed is one
    stretch 7–19."""
    kinds = {STAFFED, SELF_SERVICE} if self_service_allowed else {STAFFED}
    merged: list[Span] = []
    for interval in sorted(day.intervals, key=lambda i: i.opens):
        if interval.service not in kinds or interval.service == CLOSED:
            continue
        start = datetime.combine(day.day, interval.opens)
        end = datetime.combine(day.day, interval.closes) if interval.closes > interval.opens \
            else datetime.combine(day.day + timedelta(days=1), datetime.min.time())
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def shape_refusal(start: datetime, end: datetime, terms: Terms) -> DomainError | None:
    """A booking that makes no sense whoever asks: backwards, across midnight, off the slots."""
    if end <= start:
        return refuse("bad_time.order")
    if end.date() != start.date() and end.time() != datetime.min.time():
        return refuse("bad_time.same_day")
    slot = terms.slot_minutes
    minutes = start.hour * 60 + start.minute
    if start.second or end.second or minutes % slot or ((end - start).seconds // 60) % slot:
        da, en = _hours(slot) if slot % 60 == 0 else (f"{slot} minutter", f"{slot} minutes")
        return refuse("bad_slot", slot=Both(da, en))
    return None


def past_refusal() -> DomainError:
    """A booking that starts before now: no one books the past, staff neither."""
    return refuse("in_the_past")


def refusal(start: datetime, end: datetime, now: datetime, terms: Terms, day: DayHours,
            bookings_that_week: int, override: bool = False) -> DomainError | None:
    """Why this booking cannot be made (None: it can, unless it is taken — see clash).

    `bookings_that_week` counts the patron's active bookings in the ISO week of `start`.
    Staff may override everything here except a booking that makes no sense or lies in the
    past; no one overrides a clash.
    """
    error = shape_refusal(start, end, terms)
    if error:
        return error
    if start < now:
        return past_refusal()
    if override:
        return None
    if not day.open_for(terms.self_service_allowed):
        why_da = f" ({day.holiday})" if day.holiday else ""
        return refuse("closed.day", holiday=why_da)
    if not any(s <= start and end <= e for s, e in windows(day, terms.self_service_allowed)):
        spans = ", ".join(f"{s:%H.%M}–{e:%H.%M}"
                          for s, e in windows(day, terms.self_service_allowed))
        return refuse("outside_hours", spans=spans)
    minutes = (end - start).seconds // 60 + (end - start).days * 1440
    if minutes > terms.max_minutes:
        da, en = _hours(terms.max_minutes)
        return refuse("too_long", most=Both(da, en))
    if start.date() > now.date() + timedelta(days=terms.days_ahead):
        n = terms.days_ahead
        return refuse("too_far_ahead", n=n)
    if bookings_that_week >= terms.max_per_week:
        n = terms.max_per_week
        return refuse("over_limit", n=n)
    return None


def clash(start: datetime, end: datetime, others: Iterable[Span], buffer_minutes: int) -> bool:
    """Does the booking overlap another, with the buffer kept free between them?"""
    gap = timedelta(minutes=buffer_minutes)
    return any(s < end + gap and start < e + gap for s, e in others)


TAKEN = refuse("taken")


def slots(day: DayHours, terms: Terms) -> list[Span]:
    """The bookable slots of a day, on slot boundaries inside its windows."""
    step = timedelta(minutes=terms.slot_minutes)
    found: list[Span] = []
    for s, e in windows(day, terms.self_service_allowed):
        midnight = datetime.combine(s.date(), datetime.min.time())
        offset = (s - midnight) % step
        t = s if not offset else s + (step - offset)
        while t + step <= e:
            found.append((t, t + step))
            t += step
    return found


def iso_week(day: date) -> tuple[date, date]:
    """Monday and the following Monday of the ISO week holding `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=7)


def open_minutes(day: DayHours, self_service_allowed: bool) -> int:
    return sum(int((e - s).total_seconds()) // 60 for s, e in windows(day, self_service_allowed))
