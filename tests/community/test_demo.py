"""The community demo: volunteers with shifts and logged help, an open call with accepted
works; it tolerates an events table without demo occurrences and loads only once."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User

from reol.community import volunteers
from reol.community.demo import load_demo
from reol.community.models import Exhibition, Shift, Submission, Volunteer
from tests.factories import make_patron


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_demo_volunteers_and_open_call(network, client):
    User.objects.create_superuser("admin")
    make_patron(network.glostrup, card="7161001001")
    now = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    made = load_demo(now=now)
    assert made["volunteers"] == 24 and made["shifts"] > 20
    assert Volunteer.objects.get(patron__card="7161001001").library == network.glostrup
    assert volunteers.helped_per_year(network.glostrup, 2026).people_helped > 50
    assert Shift.objects.filter(start__gt=now, signups__isnull=False).exists()
    show = Exhibition.objects.get(open_call=True)
    assert Submission.objects.filter(exhibition=show, status="accepted").count() == 3
    assert load_demo(now=now) == {}  # a second run changes nothing
