"""The rooms API under /api/v1/: rooms, free slots, booking and cancelling.

Patrons book with card and PIN (PatronBasic, or the session of POST /api/v1/patron/session);
staff with a token or their session, for a patron's card or a name, and may override the
rules (never a clash). Refusals come back as {"detail", "code"} with the rule's reason.
"""

from datetime import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from reol.circulation.api_auth import PATRON
from reol.circulation.api_schemas import ERRORS
from reol.circulation.models import Patron
from reol.core.api_auth import STAFF, not_found
from reol.requests import PatronOrStaffRequest, PatronRequest

from . import services
from .models import Booking, Room

router = Router(tags=["rooms"])


class RoomOut(Schema):
    slug: str
    name: str
    branch: str
    branch_name: str
    capacity: int
    description: str
    slot_minutes: int
    max_minutes: int
    max_per_week: int
    days_ahead: int
    buffer_minutes: int
    needs_approval: bool
    self_service_allowed: bool


class SlotOut(Schema):
    start: datetime
    end: datetime
    state: str


class DayOut(Schema):
    date: str
    open: bool
    slots: list[SlotOut]


class BookingIn(Schema):
    start: str
    end: str
    purpose: str = ""
    card: str = ""  # staff: book for this patron
    name: str = ""  # staff: or for a name
    override: bool = False  # staff: past the rules, never over another booking


class BookingOut(Schema):
    id: int
    room: str
    start: datetime
    end: datetime
    status: str
    purpose: str


def _room(slug: str) -> Room:
    room = Room.objects.select_related("branch").filter(slug=slug[:80], active=True).first()
    if room is None:
        raise not_found("unknown_room")
    return room


def room_out(room: Room) -> dict:
    return {**{f: getattr(room, f) for f in RoomOut.model_fields if hasattr(room, f)},
            "branch": room.branch.code, "branch_name": room.branch.name}


def booking_out(booking: Booking) -> dict:
    return {"id": booking.pk, "room": booking.room.slug, "start": timezone.localtime(booking.start),
            "end": timezone.localtime(booking.end), "status": booking.status,
            "purpose": booking.purpose}


@router.get("/rooms", response=list[RoomOut], summary="Bookable rooms")
def rooms(request: HttpRequest, branch: str = "") -> list[dict]:
    found = Room.objects.filter(active=True).select_related("branch")
    if branch:
        found = found.filter(branch__code=branch[:40])
    return [room_out(r) for r in found]


@router.get("/rooms/{slug}/availability", response={200: DayOut, **ERRORS},
            summary="A room's slots on a day: free, taken or past")
def availability(request: HttpRequest, slug: str, date: str = "") -> dict:
    room = _room(slug)
    day = services.availability(room, services.parse_day(date, timezone.localdate()))[0]
    return {"date": day.day.isoformat(),
            "open": day.hours.open_for(room.self_service_allowed),
            "slots": [{"start": timezone.make_aware(s.start), "end": timezone.make_aware(s.end),
                       "state": s.state} for s in day.slots]}


@router.post("/rooms/{slug}/bookings", response={201: BookingOut, **ERRORS},
             auth=[*PATRON, *STAFF], summary="Book a room")
def book(request: PatronOrStaffRequest, slug: str, payload: BookingIn):
    """A patron books for themselves under the rules. Staff give `card` or `name`, and may set
    `override`. Times are local (Europe/Copenhagen) unless they carry an offset."""
    room = _room(slug)
    start = services.parse_moment(payload.start, "start")
    end = services.parse_moment(payload.end, "end")
    caller = request.auth
    if isinstance(caller, Patron):
        booking = services.book(room, start, end, patron=caller, purpose=payload.purpose)
    else:
        patron = None
        if payload.card:
            patron = Patron.objects.filter(card=payload.card.strip()[:20]).first()
            if patron is None:
                raise not_found("unknown_card")
        booking = services.book(room, start, end, patron=patron, name=payload.name,
                                purpose=payload.purpose, by=caller, override=payload.override)
    return Status(201, booking_out(booking))


@router.get("/rooms/bookings", response={200: list[BookingOut], **ERRORS}, auth=PATRON,
            summary="My room bookings that are not over")
def my_bookings(request: PatronRequest) -> list[dict]:
    return [booking_out(b) for b in services.bookings_of(request.auth)]


@router.delete("/rooms/bookings/{id}", response={204: None, **ERRORS}, auth=[*PATRON, *STAFF],
               summary="Cancel a room booking")
def cancel(request: PatronOrStaffRequest, id: int):
    booking = Booking.objects.select_related("room__branch").filter(pk=id).first() \
        if 0 < id < 2**31 else None
    caller = request.auth
    if booking is None or (isinstance(caller, Patron) and booking.patron_id != caller.pk):
        raise not_found("unknown_booking")
    if isinstance(caller, Patron):
        services.cancel(booking, patron=caller)
    else:
        services.cancel(booking, by=caller)
    return Status(204, None)
