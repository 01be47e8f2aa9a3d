"""Exhibitions and the open call: submissions with checked images, staff decisions, and pages
that show accepted works only."""

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from reol.community import exhibitions, rules
from reol.community.exhibitions import ExhibitionData, SubmissionData
from reol.community.models import Submission
from reol.core.roles import grant
from reol.errors import DomainError

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def image(kind: str = "PNG", name: str = "work.png", size=(40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, format=kind)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def show(network):
    return exhibitions.create_exhibition(ExhibitionData(
        title="Borgernes udstilling", branch=network.glostrup_main, starts=date(2026, 12, 1),
        ends=date(2027, 1, 31), open_call=True, call_deadline=NOW + timedelta(days=10)))


def work(**fields) -> SubmissionData:
    fields = {"images": [image()], "name": "Grethe Maler", "email": "grethe@example.dk",
              "title": "Havnen", "description": "Akvarel", **fields}
    return SubmissionData(**fields)


def refusal(call, *args) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call(*args)
    return caught.value


def test_a_citizen_submits_before_the_deadline_and_not_after(show):
    submission = exhibitions.submit(show, work(), NOW)
    stored = submission.images.get()
    assert (stored.content_type, stored.width, stored.height) == ("image/png", 40, 30)
    assert stored.file.name.endswith(".png") and "work" not in stored.file.name
    error = refusal(exhibitions.submit, show, work(), NOW + timedelta(days=11))
    assert error.code == "call_closed"
    assert "frist" in error.message("da").lower()


def test_uploads_are_checked_by_content_and_size(show, monkeypatch):
    fake = SimpleUploadedFile("virus.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    assert refusal(exhibitions.submit, show, work(images=[fake]),
                         NOW).code == "not_an_image"
    gif = image("GIF", "anim.gif")
    assert refusal(exhibitions.submit, show, work(images=[gif]),
                         NOW).code == "not_an_image"
    monkeypatch.setattr(rules, "MAX_IMAGE_BYTES", 100)
    assert refusal(exhibitions.submit, show, work(images=[image()]),
                         NOW).code == "image_too_large"
    monkeypatch.undo()
    assert refusal(exhibitions.submit, show, work(images=[]),
                         NOW).code == "no_image"
    assert refusal(exhibitions.submit, show,
                         work(email="grethe@", images=[image()]), NOW).code == "bad_email"
    assert not Submission.objects.exists()  # a refusal stores nothing
    assert exhibitions.submit(show, work(images=[image("WEBP", "a.webp"),
                                                 image("JPEG", "b.jpg")]), NOW)


def test_staff_of_the_library_decide(show, network):
    submission = exhibitions.submit(show, work(), NOW)
    outsider = User.objects.create_user("randers-staff")
    grant(outsider, network.randers)
    assert refusal(exhibitions.decide, submission.pk, True, outsider,
                         NOW).code == "not_your_library"
    staff = User.objects.create_user("glostrup-staff")
    grant(staff, network.glostrup, "events")
    exhibitions.decide(submission.pk, True, staff, NOW)
    assert list(exhibitions.accepted_works(show)) == [submission]


def test_the_exhibition_page_shows_only_accepted_works_and_their_images(show, network, client):
    accepted = exhibitions.submit(show, work(title="Havnen"), NOW)
    waiting = exhibitions.submit(show, work(title="Skoven"), NOW)
    staff = User.objects.create_user("glostrup-staff")
    grant(staff, network.glostrup, "events")
    exhibitions.decide(accepted.pk, True, staff, NOW)
    page = client.get(f"/exhibitions/{show.slug}/").content.decode()
    assert "Havnen" in page and "Skoven" not in page
    shown, hidden = accepted.images.get(), waiting.images.get()
    response = client.get(f"/exhibitions/{show.slug}/images/{shown.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
    assert client.get(f"/exhibitions/{show.slug}/images/{hidden.pk}/").status_code == 404


def test_the_open_call_form_and_its_refusal_after_the_deadline(show, client):
    show.call_deadline = timezone.now() + timedelta(days=10)
    show.save()
    form = client.get(f"/exhibitions/{show.slug}/submit/")
    assert form.status_code == 200 and 'type="file"' in form.content.decode()
    response = client.post(f"/exhibitions/{show.slug}/submit/", {
        "name": "Grethe Maler", "email": "grethe@example.dk", "title": "Havnen",
        "description": "Akvarel", "images": [image()]}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert Submission.objects.get().title == "Havnen"
    bad = client.post(f"/exhibitions/{show.slug}/submit/", {
        "name": "Grethe Maler", "email": "grethe@example.dk", "title": "Havnen",
        "images": [SimpleUploadedFile("x.png", b"nope")]}, HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 400
    assert "Only JPEG, PNG or WebP" in bad.content.decode()
    show.call_deadline = datetime(2020, 1, 1, tzinfo=UTC)
    show.save()
    closed = client.get(f"/exhibitions/{show.slug}/submit/", HTTP_ACCEPT_LANGUAGE="en")
    assert "The deadline for submissions was" in closed.content.decode()
    assert 'type="file"' not in closed.content.decode()


def test_staff_review_page_accepts_a_work(show, network, client):
    submission = exhibitions.submit(show, work(title="Havnen"), NOW)
    staff = User.objects.create_user("glostrup-staff")
    grant(staff, network.glostrup, "events")
    client.force_login(staff)
    assert show.title in client.get("/staff/exhibitions/").content.decode()
    page = client.get(f"/staff/exhibitions/{show.pk}/").content.decode()
    assert "Havnen" in page and "grethe@example.dk" in page
    image_id = submission.images.get().pk
    assert client.get(f"/staff/exhibitions/images/{image_id}/").status_code == 200
    client.post(f"/staff/exhibitions/{show.pk}/submissions/{submission.pk}/decide/",
                {"decision": "accept"})
    assert Submission.objects.get().status == "accepted"
    outsider = User.objects.create_user("randers-staff")
    grant(outsider, network.randers)
    client.force_login(outsider)
    assert client.get(f"/staff/exhibitions/{show.pk}/").status_code == 403
    assert client.get(f"/staff/exhibitions/images/{image_id}/").status_code == 403
