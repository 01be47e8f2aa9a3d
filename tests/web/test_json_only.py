"""The API reads a body as JSON only when it is sent as JSON: a browser posts `text/plain` and
form bodies across sites without asking (no CORS preflight), so reading those as JSON would let
another site log a patron in or act through their session (CSRF)."""

import json

import pytest
from django.contrib.auth.models import User
from django.test import Client

from reol.api import is_json
from reol.circulation.models import Loan
from reol.core import roles
from tests.circulation.test_api import bearer, new_token
from tests.factories import make_item, make_patron, make_record

API = "/api/v1"


@pytest.fixture
def alice(network):
    return make_patron(network.glostrup, name="Alice")


@pytest.mark.parametrize("kind", ["text/plain", "text/plain;charset=UTF-8",
                                  "application/x-www-form-urlencoded",
                                  "multipart/form-data; boundary=x",
                                  "application/jsonp", "application/xml", ""])
def test_a_log_in_not_sent_as_json_is_refused_and_logs_nobody_in(alice, kind):
    browser = Client(enforce_csrf_checks=True)
    body = json.dumps({"card": alice.card, "pin": "1234"})
    response = browser.generic("POST", f"{API}/patron/session", body, content_type=kind)
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert "sessionid" not in response.cookies
    assert browser.get(f"{API}/patron").status_code == 401


def test_the_same_log_in_sent_as_json_works(alice):
    browser = Client(enforce_csrf_checks=True)
    body = json.dumps({"card": alice.card, "pin": "1234"})
    for kind in ("application/json", "application/json; charset=utf-8",
                 "application/merge-patch+json"):
        response = browser.post(f"{API}/patron/session", body, content_type=kind)
        assert response.status_code == 200, kind
    assert browser.get(f"{API}/patron").json()["name"] == "Alice"


def test_a_refusal_says_why_in_english_too(alice):
    response = Client().post(f"{API}/patron/session", "{}", content_type="text/plain",
                             HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 415 and "application/json" in response.json()["detail"]


def test_a_staff_change_sent_as_text_changes_nothing(network, client):
    desk = User.objects.create_user("glostrup-desk")
    roles.grant(desk, network.glostrup)
    patron = make_patron(network.glostrup, name="Bob")
    item = make_item(make_record("Kongens Fald"), network.glostrup_main)
    body = json.dumps({"card": patron.card, "barcode": item.barcode, "branch": "glostrup"})
    response = client.post(f"{API}/circulation/checkout", body, content_type="text/plain",
                           **bearer(new_token(desk)))
    assert response.status_code == 415
    assert not Loan.objects.exists()


def test_json_media_types():
    assert is_json("application/json") and is_json("Application/JSON; charset=utf-8")
    assert is_json("application/problem+json")
    assert not any(map(is_json, ["text/plain", "application/jsonp", "text/json+x", "",
                                 "application/x-www-form-urlencoded"]))
