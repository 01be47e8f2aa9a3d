"""Text with a NUL character (0x00) is refused with a 400 that says why, before any view or
query sees it: PostgreSQL cannot store or compare it (it was a 500 there), and no name,
card or search needs it."""

import json

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/v1/rooms?branch=a%00b", "/api/v1/search?q=krimi%00",
                                  "/api/v1/libraries/x%00y"])
def test_the_api_refuses_a_nul_in_the_path_or_query(client, network, path):
    answer = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 400
    assert answer.json() == {"code": "nul_character", "detail": "The request holds a NUL "
                             "character (0x00), which no text may contain."}


def test_a_json_body_with_a_nul_is_refused(client, network):
    answer = client.post("/api/v1/patron/session", json.dumps({"card": "12\u00003", "pin": "1"}),
                         content_type="application/json")
    assert answer.status_code == 400 and answer.json()["code"] == "nul_character"


def test_pages_and_forms_refuse_it_in_danish(client, network):
    page = client.get("/?q=krimi%00")
    assert page.status_code == 400 and "nul-tegn" in page.content.decode()
    form = client.post("/login/", "card=12%003&pin=1234",
                       content_type="application/x-www-form-urlencoded")
    assert form.status_code == 400 and "nul-tegn" in form.content.decode()
