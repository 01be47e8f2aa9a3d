"""Many people booking the same slot at the same moment, in real threads with their own
connections: exactly one booking, the others told it is taken."""

import pytest

from reol.errors import DomainError
from reol.rooms import services
from reol.rooms.models import Booking
from tests.circulation.test_concurrency import at_once
from tests.factories import make_network, make_patron

from .conftest import NOW, at, give_hours, make_room

pytestmark = pytest.mark.django_db(transaction=True)


def test_people_booking_the_same_slot_at_once_get_exactly_one_booking():
    network = make_network()
    give_hours(network.glostrup_main)
    room = make_room(network.glostrup_main, buffer_minutes=30)
    patrons = [make_patron(network.glostrup) for _ in range(8)]
    # Overlapping requests, and touching ones that only clash through the 30-minute buffer.
    spans = [(at(1, 10), at(1, 12)), (at(1, 11), at(1, 12)), (at(1, 12), at(1, 13))] * 3
    results = at_once([
        lambda p=p, s=s: services.book(room, *s, patron=p, now=NOW)
        for p, s in zip(patrons, spans, strict=False)
    ])
    made = [r for r in results if isinstance(r, Booking)]
    refusals = [r for r in results if isinstance(r, DomainError)]
    assert len(made) == 1 and len(refusals) == 7, results
    assert {r.code for r in refusals} == {"taken"}
    assert Booking.objects.filter(room=room).count() == 1


def test_different_rooms_and_separate_slots_are_all_booked_at_once():
    network = make_network()
    give_hours(network.glostrup_main)
    rooms = [make_room(network.glostrup_main, slug=f"rum-{i}") for i in range(2)]
    patrons = [make_patron(network.glostrup) for _ in range(6)]
    calls = [lambda p=p, i=i: services.book(rooms[i % 2], at(2, 10 + i // 2), at(2, 11 + i // 2),
                                             patron=p, now=NOW)
             for i, p in enumerate(patrons)]
    results = at_once(calls)
    assert all(isinstance(r, Booking) for r in results), results
    assert Booking.objects.count() == 6
