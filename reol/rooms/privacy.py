"""Rooms' part of forgetting (docs/privacy.md): a booking keeps who booked until the
retention period after it ended, then only the room and the time stay; a deleted patron's
coming bookings are cancelled and all of theirs lose the name and purpose."""

from datetime import datetime

from django.db.models import Q

from reol.circulation import privacy
from reol.circulation.models import Patron

from . import services
from .models import Booking

_ANONYMOUS = {"patron": None, "name": "", "purpose": ""}


def forget(now: datetime) -> dict[str, int]:
    past = Booking.objects.filter(end__lt=privacy.retention_cutoff(now)).filter(
        Q(patron__isnull=False) | ~Q(name="") | ~Q(purpose=""))
    return {"bookings": past.update(**_ANONYMOUS)}


def erase(patron: Patron, now: datetime) -> dict[str, int]:
    mine = Booking.objects.filter(patron=patron)
    cancelled = 0
    for booking in mine.filter(status__in=Booking.ACTIVE, end__gt=now):
        services.cancel(booking, patron=patron, now=now)
        cancelled += 1
    return {"bookings_cancelled": cancelled, "bookings": mine.update(**_ANONYMOUS)}
