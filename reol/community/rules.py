"""The policy of volunteering and open calls, as pure functions over plain values.

Each function answers with the refusal (a DomainError a volunteer or citizen can read) or None.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from reol.errors import DomainError

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
        return DomainError("shift_cancelled", "Vagten er aflyst.", "The shift is cancelled.")
    if volunteer.signed_up:
        return DomainError("already_signed_up", "Du har allerede taget denne vagt.",
                           "You have already taken this shift.")
    if not volunteer.active:
        return DomainError("volunteer_inactive", "Din frivilligprofil er ikke aktiv.",
                           "Your volunteer profile is not active.")
    if shift.role_id not in volunteer.role_ids:
        return DomainError(
            "lacks_role", f"Vagten kræver rollen »{shift.role_name}«, som du ikke har.",
            f"The shift needs the role “{shift.role_name}”, which you do not have.")
    if now >= shift.start:
        return DomainError("shift_started", "Vagten er allerede begyndt.",
                           "The shift has already begun.")
    if now < shift.signup_opens:
        when = _local(shift.signup_opens)
        return DomainError("signup_not_open", f"Tilmeldingen åbner {when}.",
                           f"Sign-up opens {when}.")
    if now >= shift.signup_closes:
        when = _local(shift.signup_closes)
        return DomainError("signup_closed", f"Tilmeldingen lukkede {when}.",
                           f"Sign-up closed {when}.")
    if shift.taken >= shift.needed:
        return DomainError("shift_full", "Vagten er fuldt besat.",
                           "The shift already has all the volunteers it needs.")
    for start, end in volunteer.busy:
        if start < shift.end and shift.start < end:
            span = f"{_local(start)}–{end.astimezone(LOCAL):%H:%M}"
            return DomainError("overlaps", f"Du har en anden vagt på samme tid ({span}).",
                               f"You have another shift at the same time ({span}).")
    return None


def dropout_refusal(deadline: datetime, start: datetime, now: datetime) -> DomainError | None:
    """After the drop-out deadline the library counts on you: ask staff instead."""
    if now >= start:
        return DomainError("shift_started", "Vagten er allerede begyndt.",
                           "The shift has already begun.")
    if now >= deadline:
        when = _local(deadline)
        return DomainError(
            "dropout_deadline_passed",
            f"Fristen for at melde fra var {when}. Kontakt biblioteket, hvis du ikke kan komme.",
            f"The deadline for dropping out was {when}. Contact the library if you cannot come.")
    return None


def log_refusal(start: datetime, now: datetime, hours: Decimal, people: int
                ) -> DomainError | None:
    """Hours and people helped are logged once the shift has begun, within sane bounds."""
    if now < start:
        return DomainError("shift_not_begun", "Timer kan først registreres, når vagten er begyndt.",
                           "Hours can be logged once the shift has begun.")
    if not (Decimal(0) < hours <= MAX_HOURS):
        return DomainError("bad_hours", "Timer skal være mellem 0 og 24.",
                           "Hours must be between 0 and 24.")
    if people < 0:
        return DomainError("bad_people", "Antal hjulpne borgere kan ikke være negativt.",
                           "The number of people helped cannot be negative.")
    return None


def shift_refusal(start: datetime, end: datetime, needed: int, opens: datetime,
                  closes: datetime, dropout: datetime) -> DomainError | None:
    """A shift staff set up must make sense in time."""
    if end <= start:
        return DomainError("bad_times", "Vagten skal slutte efter den begynder.",
                           "The shift must end after it begins.")
    if needed < 1:
        return DomainError("bad_needed", "En vagt skal bruge mindst én frivillig.",
                           "A shift needs at least one volunteer.")
    if not (opens < closes <= start):
        return DomainError(
            "bad_window",
            "Tilmeldingen skal åbne før den lukker og lukke senest ved vagtens start.",
            "Sign-up must open before it closes and close by the start of the shift.")
    if dropout > start:
        return DomainError("bad_dropout", "Fristen for afbud skal ligge før vagten begynder.",
                           "The drop-out deadline must be before the shift begins.")
    return None


def reminder_due(start: datetime, now: datetime) -> bool:
    """The reminder goes out the day before (local time); a run missed then still reminds
    on the day itself, as long as the shift has not begun."""
    day_before = start.astimezone(LOCAL).date() - timedelta(days=1)
    return now < start and now.astimezone(LOCAL).date() >= day_before


def submission_refusal(open_call: bool, deadline: datetime | None, now: datetime
                       ) -> DomainError | None:
    if not open_call:
        return DomainError("no_open_call", "Udstillingen tager ikke imod bidrag.",
                           "This exhibition does not take submissions.")
    if deadline is not None and now >= deadline:
        when = _local(deadline)
        return DomainError("call_closed",
                           f"Fristen for at indsende var {when}. Der modtages ikke flere bidrag.",
                           f"The deadline for submissions was {when}. No more works are taken.")
    return None


def image_refusal(image_format: str | None, size: int) -> DomainError | None:
    """Only real JPEG, PNG and WebP images up to MAX_IMAGE_BYTES (the file's content, not its
    name, decides the type)."""
    if size > MAX_IMAGE_BYTES:
        mb = MAX_IMAGE_BYTES // (1024 * 1024)
        return DomainError("image_too_large", f"Et billede må højst fylde {mb} MB.",
                           f"An image may be at most {mb} MB.")
    if image_format not in IMAGE_FORMATS:
        return DomainError("not_an_image", "Kun billeder i JPEG, PNG eller WebP kan sendes.",
                           "Only JPEG, PNG or WebP images can be sent.")
    return None


def exhibition_phase(starts: date, ends: date, today: date) -> str:
    """current, upcoming or past."""
    if today < starts:
        return "upcoming"
    return "past" if today > ends else "current"
