"""What the apps ask besides the FBS description: who the patron is (/userinfo, as the
national log-in answers it) and, from the library's own site, CORS preflights."""

import uuid

import pytest

from reol.oauth import rules
from tests.factories import make_patron
from tests.oauth.conftest import bearer

SITE = "https://glostrup.bibliotek.example"


@pytest.fixture
def karen(network):
    return make_patron(network.glostrup, card="1111222233")


def test_userinfo_says_who_the_patron_is_as_the_national_log_in_does(
        client, network, karen, patron_token, library_token):
    answer = client.get("/userinfo", **bearer(patron_token(client, karen)))
    assert answer.status_code == 200
    attributes = answer.json()["attributes"]
    unique = attributes.pop("uniqueId")
    assert uuid.UUID(unique).version == 4
    assert attributes == {
        "userId": "1111222233",
        "agencies": [{"agencyId": "716100", "userId": "1111222233", "userIdType": "LOCAL"}],
        "municipality": "161", "municipalityAgencyId": "716100",
    }
    # The same patron has the same uniqueId in a new token; another patron another.
    again = client.get("/userinfo", **bearer(patron_token(client, karen))).json()
    assert again["attributes"]["uniqueId"] == unique
    other = make_patron(network.glostrup)
    assert client.get("/userinfo", **bearer(patron_token(client, other))).json()[
        "attributes"]["uniqueId"] != unique
    # A library's token names no patron.
    refused = client.get("/userinfo", **bearer(library_token(client, network.glostrup)))
    assert refused.status_code == 403


def test_a_municipal_librarys_agency_names_its_municipality():
    assert rules.municipality_code("716100") == "161"
    assert rules.municipality_code("773000") == "730"
    assert rules.municipality_code("820010") is None  # a research library


def preflight(client, path: str, origin: str, method: str = "GET"):
    return client.options(path, HTTP_ORIGIN=origin, HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
                          HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type")


def test_the_librarys_site_gets_its_preflights_answered_and_no_other_site_does(
        client, settings, karen, patron_token):
    settings.CORS_ALLOWED_ORIGINS = [SITE]
    for path, method in (("/oauth/token", "POST"), ("/userinfo", "GET"),
                         ("/external/agencyid/patrons/patronid/v4", "GET"),
                         ("/fbi/graphql", "POST"), ("/publizon/v1/user/loans", "GET")):
        answer = preflight(client, path, SITE, method)
        assert answer.status_code in (200, 204), path
        assert answer["Access-Control-Allow-Origin"] == SITE
        assert {h.strip() for h in answer["Access-Control-Allow-Headers"].split(",")} == {
            "authorization", "content-type"}
        assert method in answer["Access-Control-Allow-Methods"]
        assert "Access-Control-Allow-Credentials" not in answer  # tokens, never cookies
        stranger = preflight(client, path, "https://evil.example", method)
        assert not any(h.startswith("Access-Control-") for h in stranger.headers)
    # The answer itself carries the origin too, so the browser hands it to the app.
    answer = client.get("/userinfo", HTTP_ORIGIN=SITE, **bearer(patron_token(client, karen)))
    assert answer["Access-Control-Allow-Origin"] == SITE
    # reol's own pages and /api/v1 stay same-origin.
    assert "Access-Control-Allow-Origin" not in preflight(client, "/api/v1/libraries", SITE)
