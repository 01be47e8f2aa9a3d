"""Volunteer shifts, exhibitions and the open call: every mistake is said at once, at its
field, in the user's language; nothing is stored."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from reol.community import exhibitions
from reol.community.exhibitions import ExhibitionData
from reol.community.models import Exhibition, Shift, Submission, VolunteerRole
from reol.core.roles import grant


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def staff(client, network):
    user = User.objects.create_user("randers", password="pw-randers-1")
    grant(user, network.randers)
    client.force_login(user)
    return client


def test_a_shift_with_every_time_wrong_says_each(staff):
    role = VolunteerRole.objects.create(name="IT-café-hjælper", slug="it-cafe")
    start = timezone.localtime() + timedelta(days=5)
    moment = lambda d: d.strftime("%Y-%m-%dT%H:%M")  # noqa: E731
    answer = staff.post("/staff/volunteers/shifts/", {
        "title": "Strikkecafé", "role": role.pk, "start": moment(start),
        "end": moment(start - timedelta(hours=1)), "needed": 2,
        "signup_closes": moment(start + timedelta(hours=3)),
        "dropout_deadline": moment(start + timedelta(hours=1)),
    }, HTTP_ACCEPT_LANGUAGE="en")
    page = answer.content.decode()
    assert answer.status_code == 400
    assert "The shift must end after it begins." in page
    assert "Sign-up must open before it closes and close by the start of the shift." in page
    assert "The drop-out deadline must be before the shift begins." in page
    assert not Shift.objects.exists()


def test_an_exhibition_backwards_and_without_a_deadline_says_both(staff):
    answer = staff.post("/staff/exhibitions/", {
        "title": "", "starts": "2027-02-01", "ends": "2027-01-01", "open_call": "on",
    })
    page = answer.content.decode()
    assert answer.status_code == 400
    assert "Dette felt er påkrævet." in page
    assert "Udstillingen skal slutte efter den begynder." in page
    assert "Et åbent kald skal have en frist." in page
    assert not Exhibition.objects.exists()


def test_a_submission_without_a_name_hears_of_its_bad_image_too(client, network):
    show = exhibitions.create_exhibition(ExhibitionData(
        title="Borgernes udstilling", branch=network.glostrup_main, starts=date(2026, 12, 1),
        ends=date(2099, 1, 31), open_call=True,
        call_deadline=timezone.now() + timedelta(days=10)))
    answer = client.post(f"/exhibitions/{show.slug}/submit/", {
        "name": "", "email": "grethe@example.dk", "title": "Havnen",
        "images": [SimpleUploadedFile("x.png", b"nope")]}, HTTP_ACCEPT_LANGUAGE="en")
    page = answer.content.decode()
    assert answer.status_code == 400
    assert "This field is required." in page
    assert "Only JPEG, PNG or WebP images can be sent." in page
    assert not Submission.objects.exists()
