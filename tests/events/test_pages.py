"""Public pages, feeds read back by an independent parser (vobject), the JSON API and the
staff pages."""

from datetime import timedelta

import pytest
import vobject
from django.contrib.auth.models import User
from django.utils import timezone

from reol.core.roles import grant
from reol.events import registration
from reol.events.models import Partner, PartnerContact, Registration
from reol.events.services import SeriesData, create_series
from tests.events.helpers import confirmation_token
from tests.events.strict_ical import strict_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def season(network):
    """A weekly reading dog in Randers with 4 places, and a talk at the cinema with a partner."""
    now = timezone.now()
    soon = timezone.localtime(now + timedelta(days=3)).replace(hour=16, minute=0, second=0,
                                                               microsecond=0)
    cinema = Partner.objects.create(name="Biografen Randers", slug="biografen")
    PartnerContact.objects.create(partner=cinema, name="Mads", email="mads@bio.dk",
                                  role="Programchef")
    dog = create_series(SeriesData(
        library="773000", branch="randers-hb", title="Læsehund", category="reading",
        audiences=["children"], first_start=soon, rule="FREQ=WEEKLY;COUNT=4", capacity=4,
        registration_required=True), now=now)
    talk = create_series(SeriesData(
        library="773000", title="Film & bog", category="talk", venue_name="Biografen",
        venue_address="Østervold 1, 8900 Randers", first_start=soon + timedelta(days=1),
        partners=["biografen"], audiences=["adults"], sdgs=[4]), now=now)
    return {"dog": dog, "talk": talk, "cinema": cinema}


def test_calendar_filters_by_audience_branch_and_category(client, season):
    page = client.get("/events/").content.decode()
    assert page.count("Læsehund") >= 4 and "Film &amp; bog" in page
    children = client.get("/events/", {"audience": "children"}).content.decode()
    assert "Læsehund" in children and "Film &amp; bog" not in children
    branch = client.get("/events/", {"branch": "randers-hb"}).content.decode()
    assert "Film &amp; bog" not in branch
    talks = client.get("/events/", {"category": "talk"}).content.decode()
    assert "Læsehund</a>" not in talks and "Film &amp; bog" in talks
    later = client.get("/events/", {"start": "2099-01-01"}).content.decode()
    assert "Læsehund</a>" not in later


def test_guest_registers_on_the_event_page_and_cancels_by_link(client, season):
    occurrence = season["dog"].occurrences.first()
    page = client.get(f"/events/{occurrence.pk}/")
    assert "4 ledige pladser." in page.content.decode()
    response = client.post(f"/events/{occurrence.pk}/register/",
                           {"name": "Ida", "email": "ida@example.dk", "party_size": 3})
    assert response.status_code == 302
    assert not Registration.objects.exists()  # no seat before the address is confirmed
    link = f"/events/confirm/{confirmation_token('ida@example.dk')}/"
    assert "Ida, 3 personer" in client.get(link).content.decode()
    assert not Registration.objects.exists()  # opening the link is not confirming
    assert client.post(link).status_code == 200
    done = Registration.objects.get(email="ida@example.dk")
    assert done.status == "confirmed" and done.party_size == 3
    bad = client.post(f"/events/{occurrence.pk}/register/",
                      {"name": "Ida", "email": "ida@example.dk", "party_size": 1},
                      HTTP_ACCEPT_LANGUAGE="en", headers={"HX-Request": "true"})
    assert bad.status_code == 400
    token = registration.cancel_token(done)
    assert client.get(f"/events/cancel/{token}/").status_code == 200
    client.post(f"/events/cancel/{token}/")
    done.refresh_from_db()
    assert done.status == "cancelled"
    assert client.get("/events/cancel/garbage/").status_code == 404


def test_feeds_are_valid_icalendar_read_back_by_vobject(client, season):
    occurrence = season["dog"].occurrences.first()
    registration.cancel_occurrence(occurrence)
    for url, titles in [("/events/feed.ics", {"Læsehund", "Film & bog"}),
                        ("/events/feed/branch/randers-hb.ics", {"Læsehund"}),
                        ("/events/feed/category/talk.ics", {"Film & bog"})]:
        response = client.get(url)
        assert response["Content-Type"].startswith("text/calendar")
        parsed = vobject.readOne(response.content.decode())
        assert parsed.version.value == "2.0" and parsed.prodid.value
        events = parsed.vevent_list
        assert {e.summary.value for e in events} == titles
        for event in events:
            assert event.uid.value.endswith("@reol") and event.dtstamp.value
            assert event.dtstart.value.tzinfo is not None
            assert event.dtend.value > event.dtstart.value
    parsed = vobject.readOne(client.get("/events/feed.ics").content.decode())
    statuses = {e.uid.value: e.status.value for e in parsed.vevent_list}
    assert statuses[f"occurrence-{occurrence.pk}@reol"] == "CANCELLED"
    talk = next(e for e in parsed.vevent_list if e.summary.value == "Film & bog")
    assert talk.location.value == "Biografen, Østervold 1, 8900 Randers"
    assert client.get("/events/feed/category/nonsense.ics").status_code == 404


def test_every_feed_is_accepted_by_strict_readers_libical_included(client, season):
    registration.cancel_occurrence(season["dog"].occurrences.first())
    season["talk"].description = "Om filmen; og bogen, med en lang tekst " * 8
    season["talk"].save()
    first = season["dog"].occurrences.first()
    for url in ("/events/feed.ics", "/events/feed/branch/randers-hb.ics",
                "/events/feed/category/talk.ics", f"/events/{first.pk}/event.ics"):
        assert strict_errors(client.get(url).content) == [], url


def test_each_event_has_its_own_calendar_file_linked_from_its_page(client, season):
    talk = season["talk"].occurrences.first()
    page = client.get(f"/events/{talk.pk}/").content.decode()
    assert f'href="/events/{talk.pk}/event.ics"' in page and "Tilføj til kalender" in page
    response = client.get(f"/events/{talk.pk}/event.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == f'attachment; filename="event-{talk.pk}.ics"'
    parsed = vobject.readOne(response.content.decode())
    assert [(e.summary.value, e.uid.value) for e in parsed.vevent_list] == [
        ("Film & bog", f"occurrence-{talk.pk}@reol")]
    assert parsed.vevent.organizer.params["CN"] == ["Randers Bibliotek"]
    assert client.get("/events/999999/event.ics").status_code == 404


def test_api_lists_occurrences_and_registers_a_guest(client, season):
    listed = client.get("/api/v1/events/occurrences", {"audience": "children"}).json()
    assert [o["title"] for o in listed] == ["Læsehund"] * 4
    first = listed[0]
    assert first["places_left"] == 4 and first["branch"] == "randers-hb"
    asked = client.post(f"/api/v1/events/occurrences/{first['id']}/registrations",
                        {"name": "Ole", "email": "ole@example.dk", "party_size": 4},
                        content_type="application/json")
    assert asked.status_code == 202 and asked.json()["status"] == "unconfirmed"
    assert not Registration.objects.exists()
    made = client.post("/api/v1/events/registrations/confirm",
                       {"token": confirmation_token("ole@example.dk")},
                       content_type="application/json")
    assert made.status_code == 200 and made.json()["status"] == "confirmed"
    full = client.get(f"/api/v1/events/occurrences/{first['id']}").json()
    assert full["places_left"] == 0
    client.post(f"/api/v1/events/occurrences/{first['id']}/registrations",
                {"name": "Pia", "email": "pia@example.dk"}, content_type="application/json")
    waiting = client.post("/api/v1/events/registrations/confirm",
                          {"token": confirmation_token("pia@example.dk")},
                          content_type="application/json")
    assert waiting.json()["status"] == "waiting"
    bad = client.post(f"/api/v1/events/occurrences/{first['id']}/registrations",
                      {"name": "Pia", "email": "not-an-email"},
                      content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 400 and bad.json()["code"] == "bad_email"
    cancelled = client.post("/api/v1/events/registrations/cancel",
                            {"token": made.json()["cancel_token"]},
                            content_type="application/json")
    assert cancelled.json()["status"] == "cancelled"
    promoted = Registration.objects.get(email="pia@example.dk")
    assert promoted.status == "confirmed"


def test_partner_page_lists_its_activities(client, season):
    page = client.get("/partners/biografen/").content.decode()
    assert "Biografen Randers" in page and "Film &amp; bog" in page and "Mads" in page
    api = client.get("/api/v1/events/partners/biografen").json()
    assert api["series"] == ["Film & bog"] and api["contacts"][0]["email"] == "mads@bio.dk"


def test_staff_create_a_series_and_record_attendance(client, network):
    user = User.objects.create_user("leder", password="x")
    grant(user, network.randers, "leader")
    client.force_login(user)
    start = timezone.localtime(timezone.now() + timedelta(days=2)).replace(
        hour=10, minute=0, second=0, microsecond=0)
    form = {
        "title": "IT-café", "category": "digital", "audiences": ["seniors"],
        "branch": "randers-hb", "first_start": start.strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": 120, "setup_minutes": 15, "teardown_minutes": 15,
        "rule": "FREQ=WEEKLY;COUNT=5", "price": "0", "exception_dates": "",
        "extra_dates": "", "sdgs": "4, 10",
    }
    bad = client.post("/staff/events/new/?branch=randers-hb", {**form, "rule": "FREQ=OFTEN"})
    assert bad.status_code == 400 and "FREQ" in bad.content.decode()
    made = client.post("/staff/events/new/?branch=randers-hb", form)
    assert made.status_code == 302
    from reol.events.models import EventSeries

    series = EventSeries.objects.get(title="IT-café")
    assert series.occurrences.count() == 5 and series.sdgs == [4, 10]
    first = series.occurrences.first()
    assert client.get(f"/staff/events/occurrences/{first.pk}/").status_code == 200
    assert client.get("/staff/events/").status_code == 200
    # Glostrup's staff cannot touch Randers' events.
    other = User.objects.create_user("glostrup", password="x")
    grant(other, network.glostrup, "desk")
    client.force_login(other)
    assert client.get(f"/staff/events/occurrences/{first.pk}/").status_code == 403


def test_the_strict_reader_refuses_what_rfc_5545_and_5546_forbid():
    bad = ("BEGIN:VCALENDAR\nVERSION:2.0\nMETHOD:PUBLISH\nBEGIN:VEVENT\n"
           "SUMMARY:Film, bog\nDTSTART;TZID=Europe/Copenhagen:20261206T100000\n"
           f"DESCRIPTION:{'x' * 80}\nEND:VEVENT\nEND:VCALENDAR\n").encode()
    errors = " | ".join(strict_errors(bad))
    for wrong in ("without CRLF", "longer than 75", "SUMMARY not escaped", "has no VTIMEZONE",
                  "no UID", "no DTSTAMP", "X-LIC-ERROR"):
        assert wrong in errors
