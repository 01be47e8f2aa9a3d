"""Dates, years and offsets out of what reol works with are the caller's mistake: a 400 with a
message on every page and API operation that takes one, never a 500 (reol.bounds)."""

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client

from reol import bounds
from reol.circulation.models import Patron
from reol.core import roles
from reol.rooms.models import Room
from reol.sharing import inbox
from reol.sharing import iso18626 as iso
from reol.sharing.models import IllRequest
from tests.factories import make_patron, make_record

ABSURD_DAYS = ["0001-01-01", "9999-12-31", "1899-12-31", "2200-01-01"]


@pytest.fixture
def staff(network) -> Client:
    user = User.objects.create_user("glostrup-leader")
    roles.grant(user, network.glostrup, "leader")
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def room(network) -> Room:
    return Room.objects.create(branch=network.glostrup_main, name="Studierummet",
                               slug="studie", capacity=6, slot_minutes=60, max_minutes=180,
                               max_per_week=2, days_ahead=14)


def refused(response, language: str = "da") -> str:
    assert response.status_code == 400, response.status_code
    text = response.content.decode()
    assert "1900" in text or "2199" in text or "ÅÅÅÅ" in text or "YYYY" in text, text[:500]
    return text


@pytest.mark.parametrize("day", ABSURD_DAYS)
def test_public_pages_refuse_a_week_or_date_out_of_range(client, network, room, day):
    refused(client.get(f"/libraries/{network.glostrup_main.code}/hours/?week={day}"))
    refused(client.get(f"/rooms/{room.slug}/?week={day}"))
    refused(client.get(f"/rooms/{room.slug}/?start={day}T10:00"))
    refused(client.get(f"/events/?start={day}"))
    refused(client.get(f"/events/?end={day}"))


@pytest.mark.parametrize("year", ["0", "1", "9999", "99999999999999999999"])
def test_a_yearly_report_of_an_absurd_year_is_400(client, network, year):
    refused(client.get(f"/insight/report/{network.glostrup.agency}/{year}/"))
    refused(client.get(f"/api/v1/reports/yearly/{network.glostrup.agency}/{year}"))


def test_staff_pages_refuse_months_years_and_dates_out_of_range(staff, network):
    refused(staff.get("/staff/rooms/usage/?month=9999-12"))
    refused(staff.get("/staff/rooms/usage/?month=0001-01"))
    refused(staff.get(f"/insight/dashboard/{network.glostrup.agency}/?year=0"))
    refused(staff.get(f"/insight/dashboard/{network.glostrup.agency}/?year=9999"))
    refused(staff.get(f"/insight/profile/{network.glostrup.agency}/?from=0001-01-01"))
    refused(staff.get(f"/insight/profile/{network.glostrup.agency}/?to=9999-12-31"))
    refused(staff.get("/staff/transport/figures/?year=0"))
    refused(staff.get("/staff/transport/figures/?year=9999"))


def test_the_refusal_page_speaks_english_too(client, network):
    response = client.get(f"/libraries/{network.glostrup_main.code}/hours/?week=9999-12-31",
                          HTTP_ACCEPT_LANGUAGE="en")
    assert "outside the dates reol works with" in refused(response)


@pytest.mark.parametrize("day", ABSURD_DAYS)
def test_api_operations_refuse_a_date_out_of_range(client, network, room, day):
    refused(client.get(f"/api/v1/libraries/branches/{network.glostrup_main.code}/hours",
                       {"week": day}))
    refused(client.get(f"/api/v1/rooms/{room.slug}/availability", {"date": day}))
    refused(client.get("/api/v1/events/occurrences", {"start": day}))
    refused(client.get("/api/v1/events/occurrences", {"end": day}))
    refused(client.get("/api/v1/transport/estimate",
                       {"source": "glostrup", "destination": "randers", "sent": day}))


@pytest.mark.parametrize("year", [0, 1, 9999, 2**63])
def test_staff_api_years_are_bounded(client, network, year):
    from tests.circulation.test_api import bearer, new_token

    user = User.objects.create_user("glostrup-leader")
    roles.grant(user, network.glostrup, "leader")
    response = client.get("/api/v1/volunteers/helped",
                          {"library": network.glostrup.agency, "year": year},
                          **bearer(new_token(user)))
    assert response.status_code == 400 and response.json()["code"] == "invalid"


def test_api_offsets_and_pages_are_bounded(client, network):
    make_record("Kongens Fald")
    for path, params in [("/api/v1/events/occurrences", {"offset": 10**20}),
                         ("/api/v1/events/occurrences", {"offset": -1}),
                         ("/api/v1/search", {"q": "kongens", "page": 10**20}),
                         ("/api/v1/search", {"q": "kongens", "page": 0})]:
        response = client.get(path, params)
        assert response.status_code == 400, (path, params, response.status_code)
        assert response.json()["code"] == "invalid"


@pytest.mark.parametrize("stamp", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00",
                                   "0001-01-01T00:00:00Z"])
def test_an_iso18626_timestamp_out_of_range_gets_the_protocols_error(network, stamp):
    make_record("Kongens Fald", faust="29500000")
    body = iso.build(iso.Message(
        kind=iso.REQUEST, supplier="DK-773000", requester="DK-999900", request_id="r-1",
        title="Kongens Fald", ids={"FAUST": "29500000"}, pickup="Hovedbiblioteket"))
    good = iso.parse(body).timestamp.astimezone(iso.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    assert good.encode() in body
    answer = iso.parse(inbox.handle_message(body.replace(good.encode(), stamp.encode())))
    assert answer.message_status == "ERROR" and answer.error_type == "UnrecognisedDataValue"
    assert not IllRequest.objects.exists()


def test_the_bounds_themselves():
    assert bounds.day(date(1900, 1, 1)) and bounds.day(date(2199, 12, 31))
    for text in ("0001-01-01", "9999-12-31"):
        with pytest.raises(bounds.OutOfRange):
            bounds.parse_day(text)
    with pytest.raises(bounds.OutOfRange):
        bounds.parse_year("0")
    assert bounds.parse_month("2027-03") == date(2027, 3, 1)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_forms_refuse_a_date_out_of_range(client, staff, network, day):
    patron = make_patron(network.glostrup, name="Alice")
    client.post("/login/", {"card": patron.card, "pin": "1234"})
    profile = client.post("/me/profile/", {"language": "da", "pause_from": day,
                                           "pause_to": day})
    refused(profile)
    new = staff.post("/staff/patrons/new/", {
        "library": network.glostrup.agency, "card": "1111222233", "pin": "2468",
        "name": "Bo", "birth_date": day})
    assert new.status_code in (200, 400) and "1900" in new.content.decode()
    assert not Patron.objects.filter(card="1111222233").exists()


def _pages_without_arguments():
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                if "api/v1" in str(p.pattern) or "admin" in str(p.pattern):
                    continue
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and not p.pattern.regex.groups:
                route = prefix + str(p.pattern)
                if "<" not in route and "(" not in route and "^" not in route:
                    yield "/" + route.lstrip("/")

    return sorted(set(walk(get_resolver().url_patterns)))


@pytest.mark.parametrize("values", [
    {"week": "9999-12-31", "month": "9999-12", "year": "9999", "date": "9999-12-31",
     "day": "9999-12-31", "start": "9999-12-31", "end": "9999-12-31", "from": "0001-01-01",
     "to": "9999-12-31", "offset": "99999999999999999999", "page": "99999999999999999999",
     "years": "99999999999999999999", "days": "99999999999999999999"},
    {"week": "0001-01-01", "month": "0000-01", "year": "0", "date": "0001-01-01",
     "day": "0001-01-01", "start": "0001-01-01T00:00", "end": "0001-01-01", "from": "x",
     "to": "0001-01-01", "offset": "-1", "page": "-1", "years": "-1", "days": "-1"},
], ids=["late", "early"])
def test_no_page_answers_an_absurd_date_with_a_500(staff, client, network, values):
    """Every page without path arguments, as a member of staff and anonymously, with every
    date-like parameter absurd: a page added later is covered too."""
    pages = _pages_without_arguments()
    assert "/events/" in pages and "/staff/rooms/usage/" in pages
    staff.raise_request_exception = client.raise_request_exception = False
    for page in pages:
        for who in (staff, client):
            response = who.get(page, values)
            assert response.status_code < 500, (page, response.status_code)


def test_a_refusal_of_range_no_page_catches_is_a_400_page(rf):
    """The safety net for pages (reol.web.middleware): an OutOfRange that escapes a view."""
    from reol.web.middleware import BadInputMiddleware

    def view(request):
        return bounds.parse_year("0")

    middleware = BadInputMiddleware(view)
    request = rf.get("/anywhere/?year=0")
    try:
        view(request)
    except bounds.OutOfRange as escaped:
        response = middleware.process_exception(request, escaped)
    assert response.status_code == 400
    assert "ligger uden for de datoer, reol arbejder med" in response.content.decode()
    assert middleware.process_exception(request, ValueError("other")) is None
