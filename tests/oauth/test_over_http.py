"""The README's steps over real HTTP, as a library's site and the citizen's browser take them:
a preflight from the site, a patron's token by the password grant, /userinfo, revocation."""

import base64
import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

from reol.oauth import services
from tests.factories import make_patron

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
SITE = "https://glostrup.bibliotek.example"


def call(url: str, method: str = "GET", data: dict | None = None, **headers: str):
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as refused:
        return refused.code, dict(refused.headers), refused.read()


def test_a_site_gets_a_patrons_token_and_asks_who_the_patron_is(live_server, network,
                                                                  settings):
    settings.CORS_ALLOWED_ORIGINS = [SITE]
    settings.REOL_ALLOW_INSECURE_BASIC = True  # the live server speaks plain HTTP
    patron = make_patron(network.glostrup, card="1111222233")
    client_id, secret = services.add_client(network.glostrup, "glostrup.dk")
    basic = "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    base = live_server.url

    status, headers, _ = call(f"{base}/oauth/token", "OPTIONS", Origin=SITE,
                              **{"Access-Control-Request-Method": "POST",
                                 "Access-Control-Request-Headers": "authorization"})
    assert status in (200, 204) and headers["access-control-allow-origin"] == SITE

    status, _, body = call(f"{base}/oauth/token", "POST",
                           {"grant_type": "password", "username": patron.card,
                            "password": "1234"}, Authorization=basic, Origin=SITE)
    assert status == 200, body
    token = json.loads(body)["access_token"]

    status, headers, body = call(f"{base}/userinfo", Authorization=f"Bearer {token}",
                                 Origin=SITE)
    assert status == 200 and headers["access-control-allow-origin"] == SITE
    assert json.loads(body)["attributes"]["userId"] == "1111222233"

    status, _, _ = call(f"{base}/oauth/revoke", "POST", {"token": token}, Authorization=basic)
    assert status == 200
    status, headers, _ = call(f"{base}/userinfo", Authorization=f"Bearer {token}")
    assert status == 401 and headers["WWW-Authenticate"].startswith("Bearer")
