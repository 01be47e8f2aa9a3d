"""Room bookings as use cases, one transaction each. Refusals are DomainErrors from rules.py.

No double booking, also when two people ask at once: the booking transaction locks the room
row (select_for_update on PostgreSQL; on SQLite the IMMEDIATE transaction already holds the
single write lock) before it looks for clashes, so the second of two requests for the same
slot sees the first one's booking and is refused as taken.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from reol import bounds
from reol.circulation import facts
from reol.circulation.models import Patron
from reol.core.access import require_staff
from reol.errors import DomainError
from reol.libraries import calendar
from reol.libraries.rules import DayHours
from reol.refusals import Both, refuse

from . import rules
from .models import Booking, Room

NOT_YOURS = refuse("not_your_booking")
INACTIVE = refuse("room_unavailable")


def local(moment: datetime) -> datetime:
    """An aware moment as naive Copenhagen wall-clock time; a naive one is taken as that."""
    return timezone.localtime(moment).replace(tzinfo=None) if timezone.is_aware(moment) \
        else moment


def aware(moment: datetime) -> datetime:
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def parse_moment(text: str, what: str = "start") -> datetime:
    """'2026-11-23T10:00' (or with a space, or with an offset) as local wall-clock time."""
    names = {"start": ("begyndelsen", "start"), "end": ("slutningen", "end")}[what]
    try:
        moment = datetime.fromisoformat(str(text).strip())
    except ValueError:
        raise refuse("bad_time", what=Both(*names)) from None
    return local(bounds.moment(moment))


def parse_day(text: str | None, default: date) -> date:
    if not text:
        return default
    try:
        found = date.fromisoformat(str(text).strip())
    except ValueError:
        raise refuse("bad_date") from None
    return bounds.day(found)


def _active(room: Room, start: datetime, end: datetime) -> QuerySet[Booking]:
    """Active bookings of the room between two local times (as aware filters)."""
    return Booking.objects.filter(room=room, status__in=Booking.ACTIVE,
                                  start__lt=aware(end), end__gt=aware(start))


def booking_block(patron: Patron) -> DomainError | None:
    """Why the patron may book no room at all, or None: a block on the card refuses room
    bookings as it refuses loans and reservations (staff may override it)."""
    return facts.block(patron)


def book(room: Room, start: datetime, end: datetime, *, patron: Patron | None = None,
         name: str = "", purpose: str = "", by: User | None = None, override: bool = False,
         now: datetime | None = None) -> Booking:
    """Book the room. A patron books under the room's rules; staff (`by`) book for a patron or
    a name, confirmed at once, and may override every rule but a clash."""
    now = now or timezone.now()
    start, end = local(start), local(end)
    if by is not None:
        require_staff(by, room.branch.library_id)
    else:
        override = False
    if patron is None and not (by is not None and name.strip()):
        raise refuse("who")
    if patron is not None and not override:
        block = booking_block(patron)
        if block is not None:
            raise block
    if not room.active and not override:
        raise INACTIVE
    terms = rules.Terms.of(room)
    with transaction.atomic():
        # The lock that makes check-then-insert safe between concurrent requests.
        Room.objects.select_for_update().filter(pk=room.pk).first()
        day = calendar.hours(room.branch_id, start.date(), start.date())[0]
        count = 0
        if patron is not None and by is None:
            monday, next_monday = rules.iso_week(start.date())
            count = Booking.objects.filter(
                room=room, patron=patron, status__in=Booking.ACTIVE,
                start__gte=aware(datetime.combine(monday, datetime.min.time())),
                start__lt=aware(datetime.combine(next_monday, datetime.min.time())),
            ).count()
        error = rules.refusal(start, end, local(now), terms, day, count, override)
        if error:
            raise error
        gap = timedelta(minutes=room.buffer_minutes)
        others = [(local(s), local(e)) for s, e in
                  _active(room, start - gap, end + gap).values_list("start", "end")]
        if rules.clash(start, end, others, room.buffer_minutes):
            raise rules.TAKEN
        status = Booking.Status.REQUESTED if room.needs_approval and by is None \
            else Booking.Status.CONFIRMED
        return Booking.objects.create(
            room=room, patron=patron, name="" if patron else name.strip()[:200],
            purpose=purpose.strip()[:200], start=aware(start), end=aware(end), status=status,
            created=now, created_by=by, overridden=override and by is not None,
            decided=now if by is not None else None)


def _locked(booking: Booking) -> Booking:
    return Booking.objects.select_for_update().select_related("room__branch").get(pk=booking.pk)


def cancel(booking: Booking, *, patron: Patron | None = None, by: User | None = None,
           now: datetime | None = None) -> Booking:
    """The patron who booked, or staff of the room's library, cancel a booking not yet over."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = _locked(booking)
        if by is not None:
            require_staff(by, booking.room.branch.library_id)
        elif patron is None or booking.patron_id != patron.pk:
            raise NOT_YOURS
        if booking.status not in Booking.ACTIVE:
            raise refuse("not_active")
        if booking.end <= now:
            raise refuse("over")
        booking.status = Booking.Status.CANCELLED
        booking.decided = now
        booking.save(update_fields=["status", "decided"])
        return booking


def decide(booking: Booking, approve: bool, *, by: User, now: datetime | None = None) -> Booking:
    """Staff approve or decline a booking that awaits approval."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = _locked(booking)
        require_staff(by, booking.room.branch.library_id)
        if booking.status != Booking.Status.REQUESTED:
            raise refuse("not_requested")
        booking.status = Booking.Status.CONFIRMED if approve else Booking.Status.DECLINED
        booking.decided, booking.created_by = now, booking.created_by or by
        booking.save(update_fields=["status", "decided", "created_by"])
        return booking


# --- reading --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    start: datetime  # local
    end: datetime
    state: str  # free, taken, past

    @property
    def free(self) -> bool:
        return self.state == "free"


@dataclass(frozen=True)
class Day:
    hours: DayHours
    slots: list[Slot]

    @property
    def day(self) -> date:
        return self.hours.day


def availability(room: Room, first: date, last: date | None = None,
                 now: datetime | None = None) -> list[Day]:
    """Each day's slots from `first` to `last`: free, taken (incl. the buffer) or past."""
    last = last or first
    now_local = local(now or timezone.now())
    terms = rules.Terms.of(room)
    gap = timedelta(minutes=room.buffer_minutes)
    start = datetime.combine(first, datetime.min.time()) - gap
    end = datetime.combine(last + timedelta(days=1), datetime.min.time()) + gap
    booked = [(local(s), local(e))
              for s, e in _active(room, start, end).values_list("start", "end")]
    days = []
    for hours in calendar.hours(room.branch_id, first, last):
        slots = []
        for s, e in rules.slots(hours, terms):
            state = "past" if s < now_local else \
                "taken" if rules.clash(s, e, booked, room.buffer_minutes) else "free"
            slots.append(Slot(s, e, state))
        days.append(Day(hours, slots))
    return days


@dataclass(frozen=True)
class Usage:
    room: Room
    bookings: int
    hours_booked: float
    open_hours: float
    weeks: float

    @property
    def occupancy(self) -> float:
        """The share of the room's bookable hours that were booked."""
        return self.hours_booked / self.open_hours if self.open_hours else 0.0

    @property
    def per_week(self) -> float:
        return self.bookings / self.weeks if self.weeks else 0.0


def usage(rooms: list[Room], year: int, month: int) -> list[Usage]:
    """Confirmed bookings per room in a month: hours, occupancy of open hours, per week."""
    first = date(year, month, 1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    start = aware(datetime.combine(first, datetime.min.time()))
    end = aware(datetime.combine(last + timedelta(days=1), datetime.min.time()))
    found = []
    for room in rooms:
        spans = Booking.objects.filter(room=room, status=Booking.Status.CONFIRMED,
                                       start__gte=start, start__lt=end).values_list("start", "end")
        minutes = sum((e - s).total_seconds() / 60 for s, e in spans)
        open_minutes = sum(rules.open_minutes(h, room.self_service_allowed)
                           for h in calendar.hours(room.branch_id, first, last))
        found.append(Usage(room, len(spans), minutes / 60, open_minutes / 60,
                           ((last - first).days + 1) / 7))
    return found


def bookings_of(patron: Patron, now: datetime | None = None) -> QuerySet[Booking]:
    """The patron's bookings that are not over, soonest first."""
    return Booking.objects.filter(patron=patron, end__gt=now or timezone.now()) \
        .select_related("room__branch").order_by("start")
