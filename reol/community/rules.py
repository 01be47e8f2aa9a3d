"""The policy of volunteering and open calls, as pure functions over plain values.

Each function answers with the refusal (a DomainError a volunteer or citizen can read) or None.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from reol.errors import DomainError
from reol.refusals import refuse

LOCAL = ZoneInfo("Europe/Copenhagen")
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGES = 5
IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
MAX_HOURS = Decimal(24)


@dataclass(frozen=True)
class ShiftView:
    start: datetime
    end: datetime
    role_id: int
    role_name: str
    needed: int
    taken: int
    signup_opens: datetime
    signup_closes: datetime
    cancelled: bool = False


@dataclass(frozen=True)
class VolunteerView:
    role_ids: frozenset[int]
    active: bool
    signed_up: bool  # already on this shift
    busy: tuple[tuple[datetime, datetime], ...]  # their other shifts


def _local(moment: datetime) -> str:
    return moment.astimezone(LOCAL).strftime("%d.%m.%Y %H:%M")


def signup_refusal(shift: ShiftView, volunteer: VolunteerView, now: datetime
                   ) -> DomainError | None:
    """Why this volunteer cannot take this shift now, or None when they can."""
    if shift.cancelled:
        return refuse("shift_cancelled")
    if volunteer.signed_up:
        return refuse("already_signed_up")
    if not volunteer.active:
        return refuse("volunteer_inactive")
    if shift.role_id not in volunteer.role_ids:
        return refuse("lacks_role", role_name=shift.role_name)
    if now >= shift.start:
        return refuse("shift_started")
    if now < shift.signup_opens:
        when = _local(shift.signup_opens)
        return refuse("signup_not_open", when=when)
    if now >= shift.signup_closes:
        when = _local(shift.signup_closes)
        return refuse("signup_closed", when=when)
    if shift.taken >= shift.needed:
        return refuse("shift_full")
    for start, end in volunteer.busy:
        if start < shift.end and shift.start < end:
            span = f"{_local(start)}–{end.astimezone(LOCAL):%H:%M}"
            return refuse("overlaps", span=span)
    return None


def dropout_refusal(deadline: datetime, start: datetime, now: datetime) -> DomainError | None:
    """After the drop-out deadline the library counts on you: ask staff instead."""
    if now >= start:
        return refuse("shift_started")
    if now >= deadline:
        when = _local(deadline)
        return refuse("dropout_deadline_passed", when=when)
    return None


def log_refusal(start: datetime, now: datetime, hours: Decimal, people: int
                ) -> DomainError | None:
    """Hours and people helped are logged once the shift has begun, within sane bounds."""
    if now < start:
        return refuse("shift_not_begun")
    if not (Decimal(0) < hours <= MAX_HOURS):
        return refuse("bad_hours")
    if people < 0:
        return refuse("bad_people")
    return None


def shift_defaults(start: datetime, now: datetime, opens: datetime | None,
                   closes: datetime | None, dropout: datetime | None
                   ) -> tuple[datetime, datetime, datetime]:
    """Sign-up opens now, closes at the start; volunteers may drop out until a day before."""
    return opens or now, closes or start, dropout or start - timedelta(hours=24)


def shift_problems(start: datetime, end: datetime, needed: int, opens: datetime,
                   closes: datetime, dropout: datetime) -> dict[str, DomainError]:
    """Everything that does not make sense in a shift staff set up, by the field it is in."""
    problems = {}
    if end <= start:
        problems["end"] = refuse("bad_times")
    if needed < 1:
        problems["needed"] = refuse("bad_needed")
    if not (opens < closes <= start):
        problems["signup_closes"] = refuse("bad_window")
    if dropout > start:
        problems["dropout_deadline"] = refuse("bad_dropout")
    return problems


def shift_refusal(start: datetime, end: datetime, needed: int, opens: datetime,
                  closes: datetime, dropout: datetime) -> DomainError | None:
    """A shift staff set up must make sense in time: the first thing that does not."""
    problems = shift_problems(start, end, needed, opens, closes, dropout)
    return next(iter(problems.values()), None)


def reminder_due(start: datetime, now: datetime) -> bool:
    """The reminder goes out the day before (local time); a run missed then still reminds
    on the day itself, as long as the shift has not begun."""
    day_before = start.astimezone(LOCAL).date() - timedelta(days=1)
    return now < start and now.astimezone(LOCAL).date() >= day_before


def submission_refusal(open_call: bool, deadline: datetime | None, now: datetime
                       ) -> DomainError | None:
    if not open_call:
        return refuse("no_open_call")
    if deadline is not None and now >= deadline:
        when = _local(deadline)
        return refuse("call_closed", when=when)
    return None


def image_refusal(image_format: str | None, size: int) -> DomainError | None:
    """Only real JPEG, PNG and WebP images up to MAX_IMAGE_BYTES (the file's content, not its
    name, decides the type)."""
    if size > MAX_IMAGE_BYTES:
        mb = MAX_IMAGE_BYTES // (1024 * 1024)
        return refuse("image_too_large", mb=mb)
    if image_format not in IMAGE_FORMATS:
        return refuse("not_an_image")
    return None


def exhibition_phase(starts: date, ends: date, today: date) -> str:
    """current, upcoming or past."""
    if today < starts:
        return "upcoming"
    return "past" if today > ends else "current"
