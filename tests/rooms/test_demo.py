"""The demo rooms load on top of a small network with patrons, deterministically."""

from reol.rooms import demo
from reol.rooms.models import Booking, Room
from tests.factories import make_patron


def test_demo_rooms_and_bookings_follow_the_rules(setting):
    network = setting["network"]
    Room.objects.all().delete()
    for _ in range(20):
        make_patron(network.glostrup)
        make_patron(network.randers)
    counts = demo.load_demo()
    assert counts["rooms"] == 3  # Glostrup and Randers' two; Ballerup and Odense are absent
    study = Room.objects.get(slug="glostrup-studierum")
    assert study.self_service_allowed and not study.needs_approval
    assert Room.objects.get(slug="randers-moedelokale").needs_approval
    assert Booking.objects.count() == counts["bookings"] > 20
    assert Booking.objects.filter(status="requested").exists()
    assert Booking.objects.filter(status="confirmed", room__slug="randers-moedelokale").exists() \
        is False  # no leader log-in in this network: nobody approved
    # Again does nothing.
    assert demo.load_demo() == {"rooms": 0, "bookings": 0}


def test_the_demo_is_deterministic(setting):
    network = setting["network"]
    Room.objects.all().delete()
    for _ in range(10):
        make_patron(network.glostrup)
    first = demo.load_demo()
    rows = list(Booking.objects.values_list("room__slug", "start", "end", "purpose"))
    Booking.objects.all().delete()
    Room.objects.all().delete()
    assert demo.load_demo() == first
    assert list(Booking.objects.values_list("room__slug", "start", "end", "purpose")) == rows
