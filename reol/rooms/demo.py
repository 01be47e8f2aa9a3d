"""The demo's rooms: study and meeting rooms at the demo libraries, with a month of bookings
behind them and the coming days partly booked, all made through services.book.

Assumes the network, its opening hours and the lending demo (patrons, staff) are loaded.
Deterministic: random.Random(SEED) and times relative to today; loads only into an empty
rooms table.
"""

import random
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from reol.circulation.models import Patron
from reol.errors import DomainError
from reol.libraries.models import Branch

from . import services
from .models import Booking, Room

SEED = 2026
PURPOSES = ["Eksamenslæsning", "Gruppearbejde", "Studiegruppe", "Projektmøde", "Lektiehjælp",
            "Bogklub", "Foreningsmøde", "Podcastoptagelse", ""]

ROOMS = [
    # branch, name, slug, capacity, description, rules
    ("glostrup", "Studierummet i kælderen", "glostrup-studierum", 8,
     "Et roligt rum i kælderen, som grupper kan booke, også i de selvbetjente timer.",
     {"slot_minutes": 60, "max_minutes": 180, "max_per_week": 2, "days_ahead": 14,
      "self_service_allowed": True}),
    ("randers-hb", "Mødelokalet", "randers-moedelokale", 20,
     "Til foreninger og borgergrupper. Biblioteket godkender hver booking.",
     {"slot_minutes": 30, "max_minutes": 240, "max_per_week": 2, "days_ahead": 60,
      "buffer_minutes": 30, "needs_approval": True}),
    ("randers-hb", "Grupperum 1", "randers-grupperum-1", 6,
     "Grupperum med whiteboard og skærm.",
     {"slot_minutes": 60, "max_minutes": 120, "max_per_week": 3, "days_ahead": 14}),
    ("ballerup-hb", "Lydstudiet", "ballerup-lydstudie", 3,
     "Lydstudie til podcasts og indtaling.",
     {"slot_minutes": 60, "max_minutes": 120, "max_per_week": 1, "days_ahead": 21,
      "buffer_minutes": 15}),
    ("odense-hb", "Læsesalens grupperum", "odense-grupperum", 6,
     "Grupperum ved læsesalen på Odense Centralbibliotek.",
     {"slot_minutes": 60, "max_minutes": 180, "max_per_week": 2, "days_ahead": 14}),
]


def load_demo(console=None) -> dict[str, int]:
    """Create the demo rooms and their bookings; returns counts. Does nothing when rooms exist."""
    if Room.objects.exists():
        return {"rooms": 0, "bookings": 0}
    rng = random.Random(SEED)
    now = timezone.now()
    today = timezone.localdate()
    made = 0
    with transaction.atomic():
        branches = {b.code: b for b in Branch.objects.filter(code__in={r[0] for r in ROOMS})}
        rooms = [Room.objects.create(branch=branches[code], name=name, slug=slug,
                                     capacity=capacity, description=text, **rules)
                 for code, name, slug, capacity, text, rules in ROOMS if code in branches]
        staff = get_user_model().objects.filter(username__startswith="leder-").order_by("pk")
        for room in rooms:
            patrons = list(Patron.objects.filter(library=room.branch.library).order_by("card")
                           [:60])
            leader = next((u for u in staff if u.username == f"leder-{room.branch.library.agency}"),
                          None)
            if not patrons:
                continue
            for offset in range(-28, room.days_ahead // 2):
                day = today + timedelta(days=offset)
                free = [s for d in services.availability(room, day, now=now - timedelta(days=40))
                        for s in d.slots]
                for _ in range(rng.randint(0, 3)):
                    if not free:
                        break
                    slot = rng.choice(free)
                    length = rng.choice([1, 1, 2, 2, 3]) * room.slot_minutes
                    end = min(slot.start + timedelta(minutes=length), free[-1].end)
                    # A booking made one to five days before, or just now for the coming days.
                    made_at = min(now, timezone.make_aware(slot.start)
                                  - timedelta(days=rng.randint(1, 5)))
                    try:
                        booking = services.book(
                            room, slot.start, end, patron=rng.choice(patrons),
                            purpose=rng.choice(PURPOSES), now=made_at)
                    except DomainError:
                        continue
                    made += 1
                    free = [s for s in free if s.end <= booking_start(booking)
                            or s.start >= booking_end(booking)]
                    if booking.status == Booking.Status.REQUESTED and leader and \
                            (offset < 0 or rng.random() < 0.6):
                        services.decide(booking, rng.random() < 0.85, by=leader,
                                        now=made_at + timedelta(hours=3))
            if console:
                console.print(f"  {room.name} ({room.branch.name})")
    return {"rooms": len(rooms), "bookings": made}


def booking_start(booking: Booking) -> datetime:
    return services.local(booking.start) - timedelta(minutes=booking.room.buffer_minutes)


def booking_end(booking: Booking) -> datetime:
    return services.local(booking.end) + timedelta(minutes=booking.room.buffer_minutes)
