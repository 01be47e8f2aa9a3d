"""The policy of events as pure functions: recurrence, registration windows, places and the
waiting list. No database, no request."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.rrule import rrulestr

from reol import bounds
from reol.errors import DomainError
from reol.refusals import Both, refuse

HORIZON_DAYS = 400  # an open-ended rule is stored this far ahead; a job extends it
MAX_OCCURRENCES = 1000  # per expansion: a rule "every minute" is a mistake, not a calendar
MAX_PARTY = 10
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LINE = re.compile(r"^(RRULE|RDATE|EXDATE)(;[^:]*)?:", re.IGNORECASE)


def bad_rule(detail: str) -> DomainError:
    return refuse("bad_recurrence", detail=detail)


def parse_dates(text: str) -> list[date]:
    """A list of dates, one per line or separated by commas: 2026-03-14, 2026-04-11."""
    days = []
    for word in re.split(r"[\s,;]+", text.strip()):
        if not word:
            continue
        try:
            days.append(bounds.day(date.fromisoformat(word)))
        except ValueError:
            raise refuse("bad_date.word", word=word[:20]) from None
    return sorted(set(days))


def recurrence_text(rule: str, extra: Sequence[date] = (), skip: Sequence[date] = (),
                    at: time = time(0)) -> str:
    """RFC 5545 lines from a rule (with or without `RRULE:`), extra dates and exceptions."""
    lines = []
    rule = rule.strip()
    if rule:
        lines.append(rule if rule.upper().startswith("RRULE:") else f"RRULE:{rule}")

    def stamp(d: date) -> str:
        return datetime.combine(d, at).strftime("%Y%m%dT%H%M%S")

    if extra:
        lines.append("RDATE:" + ",".join(stamp(d) for d in extra))
    if skip:
        lines.append("EXDATE:" + ",".join(stamp(d) for d in skip))
    return "\n".join(lines)


def expand(recurrence: str, first: datetime, start: datetime, end: datetime) -> list[datetime]:
    """The starts of a series between start and end inclusive, as naive Copenhagen times.

    `first` is the first start (DTSTART, naive local time); an empty recurrence means once.
    Raises DomainError for a rule that cannot be read or that recurs absurdly often.
    """
    text = "\n".join(
        f"RRULE:{line}" if line.upper().startswith("FREQ=") else line
        for line in (raw.strip() for raw in recurrence.strip().splitlines()) if line
    )
    if not text:
        return [first] if start <= first <= end else []
    for line in text.splitlines():
        if not LINE.match(line):
            raise bad_rule(f"»{line[:40]}«")
    try:
        rules = rrulestr(text, dtstart=first, forceset=True, ignoretz=True)
        starts: list[datetime] = []
        for moment in rules.xafter(start - timedelta(microseconds=1), inc=False):
            if moment > end:
                break
            starts.append(moment)
            if len(starts) > MAX_OCCURRENCES:
                raise refuse("too_many_occurrences", max_occurrences=MAX_OCCURRENCES)
    except DomainError:
        raise
    except (ValueError, TypeError, KeyError, IndexError) as error:
        raise bad_rule(str(error)[:80] or "?") from None
    # RFC 5545: DTSTART is always the first occurrence, even when the rule would not produce
    # it; dateutil leaves it out. Only the series' own exceptions remove it.
    # The set's own exceptions are a private list of dateutil's (the stubs leave it out).
    exceptions: list[datetime] = rules._exdate  # type: ignore[attr-defined]
    if start <= first <= end and first not in starts and first not in exceptions:
        starts.insert(0, first)
    return starts


def check_minutes(duration: int, setup: int, teardown: int) -> None:
    if duration <= 0 or duration > 14 * 24 * 60:
        raise refuse("bad_duration")
    if setup > 24 * 60 or teardown > 24 * 60:
        raise refuse("bad_setup")


def check_sdgs(goals: Sequence[int]) -> list[int]:
    if any(not 1 <= g <= 17 for g in goals):
        raise refuse("bad_sdg")
    return sorted(set(goals))


def check_email(email: str) -> str:
    email = email.strip().lower()
    if not EMAIL.match(email) or len(email) > 254:
        raise refuse("bad_email.example")
    return email


# --- registration --------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    opens: datetime | None
    closes: datetime


def window(start: datetime, opens_days: int | None, closes_hours: int) -> Window:
    opens = start - timedelta(days=opens_days) if opens_days is not None else None
    return Window(opens, start - timedelta(hours=closes_hours))


def places_left(capacity: int | None, taken: int) -> int | None:
    """None means no limit."""
    return None if capacity is None else max(capacity - taken, 0)


def registration_refusal(
    *, now: datetime, start: datetime, cancelled: bool, required: bool, window: Window,
    party_size: int,
) -> DomainError | None:
    """Why nobody may register now (None: they may; whether it fits is another question)."""
    if not required:
        return refuse("no_registration")
    if cancelled:
        return refuse("event_cancelled")
    if start <= now:
        return refuse("event_past")
    if window.opens and now < window.opens:
        return refuse("registration_not_open",
                      when=Both(_when(window.opens), _when(window.opens, "en")))
    if now >= window.closes:
        return refuse("registration_closed")
    if not 1 <= party_size <= MAX_PARTY:
        return refuse("bad_party_size", max_party=MAX_PARTY)
    return None


def _when(moment: datetime, language: str = "da") -> str:
    from django.utils import timezone

    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return local.strftime("%d.%m.%Y %H:%M" if language == "da" else "%Y-%m-%d %H:%M")


def fits(capacity: int | None, taken: int, party_size: int) -> bool:
    return capacity is None or taken + party_size <= capacity


def promotions(capacity: int | None, taken: int, waiting: Sequence[tuple[int, int]]) -> list[int]:
    """Which of the waiting (id, party size), in queue order, move up. Strictly in order: a
    party that does not fit yet keeps its place and nobody behind it overtakes it."""
    promoted = []
    for registration_id, size in waiting:
        if not fits(capacity, taken, size):
            break
        promoted.append(registration_id)
        taken += size
    return promoted


def reminder_due(now: datetime, start: datetime, cancelled: bool) -> bool:
    """A reminder goes out the day before (from 24 hours ahead), never for the cancelled or
    the past."""
    return not cancelled and now < start <= now + timedelta(hours=24)


def on_closure(open_that_day: bool, holiday: str | None, note: str | None,
               house_has_hours: bool) -> bool:
    """An occurrence falls on a closure when its house is closed that day — a holiday, a
    closing exception, or a weekday it keeps shut. A house without any opening hours (a
    deposit collection, an outside venue) has no closures."""
    if open_that_day:
        return False
    return bool(holiday or note or house_has_hours)


# --- guests confirm their email address --------------------------------------------------------

# A guest's seat is taken only when the link mailed to them is followed, within this time.
CONFIRM_WITHIN = timedelta(hours=24)
# Confirmation mails asked for within ATTEMPT_WINDOW: at most this many from one source
# address (a family, a school class on one network) and to one email address.
ATTEMPT_WINDOW = timedelta(hours=1)
GUEST_LIMITS = {"address": 10, "email": 3}
ATTEMPT_MEMORY = timedelta(days=1)  # attempts are forgotten after this


class TooManyAttempts(DomainError):
    status = 429  # the API answers 429 Too Many Requests


def guest_attempt_refusal(by_address: int, by_email: int) -> TooManyAttempts | None:
    """A guest may ask for a confirmation mail while their source address has asked fewer
    than GUEST_LIMITS["address"] times, and their email address has been written to fewer
    than GUEST_LIMITS["email"] times, within ATTEMPT_WINDOW."""
    if by_email >= GUEST_LIMITS["email"]:
        return TooManyAttempts(
            "too_many_mails", "Vi har allerede sendt flere bekræftelser til den e-mailadresse. "
            "Brug linket i en af dem, eller prøv igen om en time.",
            "We have already sent several confirmations to that email address. Use the link "
            "in one of them, or try again in an hour.")
    if by_address >= GUEST_LIMITS["address"]:
        return TooManyAttempts(
            "too_many_attempts", "Der er sendt mange tilmeldinger herfra. Prøv igen om en "
            "time, eller log ind med dit lånerkort.",
            "Many registrations have been sent from here. Try again in an hour, or log in "
            "with your library card.")
    return None
