"""The demo season: Randers' rhythm of recurring events, registrations and attendance."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reol.events.demo import load_demo
from reol.events.models import Attendance, EventSeries, Occurrence, Registration
from reol.libraries.demo import load_hours, load_network
from tests.factories import make_patron

pytestmark = pytest.mark.django_db


def test_demo_season_is_made_once_with_registrations_and_attendance():
    libraries = load_network()
    load_hours()
    for i in range(30):
        make_patron(libraries["773000"], name=f"Låner {i}")
    made = load_demo()
    assert made > 300
    titles = set(EventSeries.objects.values_list("title", flat=True))
    assert {"Læsehund", "IT-café", "Strikkecafé", "Leg og lær-café", "Børneteater",
            "Reparationscafé", "Demokratidag for 8. klasse", "Kulturfestival"} <= titles
    theatre = EventSeries.objects.get(title="Børneteater")
    assert theatre.occurrences.count() == 12
    repair = EventSeries.objects.get(title="Reparationscafé").occurrences.all()[:6]
    for o in repair:  # the last Saturday of every month
        day = timezone.localtime(o.start).date()
        assert day.weekday() == 5 and (day + timedelta(days=7)).month != day.month
    assert Registration.objects.filter(status="confirmed").exists()
    assert Attendance.objects.exists()
    assert Occurrence.objects.filter(series__venue_name="Randers Svømmehal").exists()
    assert load_demo() == 0
