"""A study room in Glostrup with known hours, and a fixed 'now' so the rules are repeatable."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from reol.libraries.models import OpeningPattern
from reol.rooms.models import Room
from tests.factories import make_network

# Monday 1 March 2027, 08:00 in Copenhagen: no holiday near, the study week ahead.
NOW = timezone.make_aware(datetime(2027, 3, 1, 8, 0))
MONDAY = date(2027, 3, 1)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A local moment on 1 + day March 2027 (day 0 is Monday)."""
    return timezone.make_aware(datetime(2027, 3, 1 + day, hour, minute))


def give_hours(branch) -> None:
    """Weekdays self-service 7–10 and staffed 10–19; Saturday staffed 10–14; Sunday closed."""
    for weekday in range(5):
        OpeningPattern.objects.create(branch=branch, valid_from=date(2026, 1, 1), weekday=weekday,
                                      opens=time(7), closes=time(10), service="self_service")
        OpeningPattern.objects.create(branch=branch, valid_from=date(2026, 1, 1), weekday=weekday,
                                      opens=time(10), closes=time(19), service="staffed")
    OpeningPattern.objects.create(branch=branch, valid_from=date(2026, 1, 1), weekday=5,
                                  opens=time(10), closes=time(14), service="staffed")


def make_room(branch, **rules) -> Room:
    fields = {"name": "Studierummet", "slug": f"studie-{branch.code}", "capacity": 6,
              "slot_minutes": 60, "max_minutes": 180, "max_per_week": 2, "days_ahead": 14}
    fields.update(rules)
    return Room.objects.create(branch=branch, **fields)


@pytest.fixture
def setting(db):
    network = make_network()
    give_hours(network.glostrup_main)
    give_hours(network.randers_main)
    return {"network": network, "room": make_room(network.glostrup_main)}
