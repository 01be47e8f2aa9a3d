"""POST /oauth/token, the bearer tokens it gives, and taking them back: what the libraries'
apps and their sites meet."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone
from oauth2_provider.models import AccessToken

from reol.oauth import services
from reol.throttle.rules import ADDRESS, CARD
from tests.factories import make_patron
from tests.oauth.conftest import basic, bearer, password_grant

pytestmark = pytest.mark.urls("tests.oauth.urls")
GUESSER, SITE_SERVER = "198.51.100.66", "192.0.2.10"


@pytest.fixture
def karen(network):
    return make_patron(network.glostrup, card="1111222233")


def test_a_sites_client_gets_a_library_token_for_the_librarys_anonymous_calls(
        client, network, library_token, api_client_for):
    token = library_token(client, network.glostrup)
    answer = client.get("/probe/library", **bearer(token))
    assert answer.status_code == 200
    assert answer.json() == {"library": "716100", "patron": None,
                             "client_id": api_client_for(network.glostrup)[0]}
    # … but no patron's operation: that needs the patron logged in.
    refused = client.get("/probe/patron", **bearer(token))
    assert refused.status_code == 403
    assert refused.json()["code"] == "patron_token_needed"


def test_the_patron_logs_in_with_card_and_pin_and_the_token_acts_for_them(
        client, karen, patron_token):
    token = patron_token(client, karen)
    for path in ("/probe/library", "/probe/patron"):
        answer = client.get(path, **bearer(token))
        assert answer.status_code == 200
        assert answer.json()["patron"] == "1111222233"
        assert answer.json()["library"] == "716100"
    # Only the token's SHA-256 is kept: a copy of the database logs nobody in.
    assert not AccessToken.objects.filter(token=token).exists()


def test_a_wrong_pin_an_unknown_card_and_another_librarys_patron_get_one_answer(
        client, network, karen, api_client_for):
    randers_patron = make_patron(network.randers, card="4444555566")
    glostrup_client = api_client_for(network.glostrup)
    answers = [password_grant(client, glostrup_client, card, pin)
               for card, pin in (("1111222233", "9999"), ("7777888899", "1234"),
                                 ("4444555566", "1234"))]
    assert {a.status_code for a in answers} == {400}
    assert {a.content for a in answers} == {answers[0].content}
    assert answers[0].json()["error"] == "invalid_grant"
    # The Randers patron logs in through Randers' own client.
    ok = password_grant(client, api_client_for(network.randers), randers_patron.card, "1234")
    assert ok.status_code == 200


def test_wrong_pins_through_the_token_endpoint_pause_the_card(client, karen, api_client_for):
    credentials = api_client_for(karen.library)
    for _ in range(CARD.free + 1):
        assert password_grant(client, credentials, karen.card, "0000").status_code == 400
    # Now even the right PIN is refused, with the same answer, until the pause ends.
    paused = password_grant(client, credentials, karen.card, "1234")
    assert paused.status_code == 400 and paused.json()["error"] == "invalid_grant"


def test_a_wrong_client_secret_gets_no_token(client, network, api_client_for):
    client_id, _ = api_client_for(network.glostrup)
    answer = client.post("/oauth/token", {"grant_type": "client_credentials",
                                          "client_id": client_id, "client_secret": "guess"},
                             secure=True)
    assert answer.status_code == 401
    assert answer.json()["error"] == "invalid_client"


def test_only_the_two_grants_are_offered(client, karen, api_client_for):
    credentials = api_client_for(karen.library)
    for grant in ("refresh_token", "authorization_code", "implicit", ""):
        answer = client.post("/oauth/token", {"grant_type": grant, "refresh_token": "x",
                                              "code": "x"},
                             HTTP_AUTHORIZATION=basic(*credentials), secure=True)
        assert answer.status_code == 400
        assert answer.json()["error"] in ("unsupported_grant_type", "invalid_request")
    # A patron's token comes without a refresh token: it never outlives its PIN check.
    given = password_grant(client, credentials, karen.card, "1234").json()
    assert "refresh_token" not in given
    assert given["expires_in"] == settings.OAUTH2_PROVIDER["ACCESS_TOKEN_EXPIRE_SECONDS"]


def test_no_token_a_made_up_one_and_an_expired_one_are_challenged(
        client, karen, patron_token):
    token = patron_token(client, karen)
    later = timezone.now() + timedelta(
        seconds=settings.OAUTH2_PROVIDER["ACCESS_TOKEN_EXPIRE_SECONDS"] + 1)
    with time_machine.travel(later):
        expired = client.get("/probe/patron", **bearer(token))
        assert services.forget_expired(timezone.now()) == {"tokens": 1}  # the nightly job
    for answer in (client.get("/probe/library"), client.get("/userinfo"),
                   client.get("/probe/library", **bearer("made-up")),
                   client.get("/probe/library", **bearer("x" * 5000)),
                   client.get("/probe/library", HTTP_AUTHORIZATION="Basic eDp5"),
                   expired):
        assert answer.status_code == 401
        assert answer["WWW-Authenticate"].startswith("Bearer")
        assert answer.json()["code"] == "bearer_token_invalid"


def test_a_client_revokes_its_own_token_and_nobody_elses(
        client, network, karen, patron_token, api_client_for):
    token = patron_token(client, karen)
    other = api_client_for(network.randers)
    by_other = client.post("/oauth/revoke", {"token": token}, HTTP_AUTHORIZATION=basic(*other),
                           secure=True)
    assert by_other.status_code == 200  # RFC 7009: answered alike …
    assert client.get("/probe/patron", **bearer(token)).status_code == 200  # … but kept
    own = api_client_for(network.glostrup)
    assert client.post("/oauth/revoke", {"token": token},
                       HTTP_AUTHORIZATION=basic(*own), secure=True).status_code == 200
    assert client.get("/probe/patron", **bearer(token)).status_code == 401


def test_the_commands_register_a_client_and_revoke_it_with_its_tokens(
        client, karen, capsys):
    call_command("add_api_client", "--library", "716100", "--name", "glostrup.dk")
    lines = capsys.readouterr().out.split()
    assert [line.split("=", 1)[0] for line in lines] == ["client_id", "client_secret"]
    client_id, secret = (line.split("=", 1)[1] for line in lines)
    answer = password_grant(client, (client_id, secret), karen.card, "1234")
    token = answer.json()["access_token"]
    call_command("revoke_api_client", client_id)
    assert client.get("/probe/patron", **bearer(token)).status_code == 401
    assert password_grant(client, (client_id, secret), karen.card, "1234").status_code == 401
    for library, name in (("999999", "x"), ("716100", " ")):
        with pytest.raises(CommandError):
            call_command("add_api_client", "--library", library, "--name", name)
    with pytest.raises(CommandError):
        call_command("revoke_api_client", client_id)  # gone already


def test_a_lost_card_stops_its_tokens(client, karen, patron_token):
    from reol.circulation import patrons
    from reol.circulation.models import Block

    token = patron_token(client, karen)
    patrons.add_block(karen, Block.Code.LOST_CARD)
    assert client.get("/probe/patron", **bearer(token)).status_code == 401


@pytest.mark.parametrize("door", ["service", "desk", "min side"])
def test_a_token_issued_before_a_pin_change_is_refused_after_it(
        client, network, karen, patron_token, library_token, door):
    """Whichever door changes the PIN (all go through patrons.set_pin; FBS's update in
    tests/fbs/test_operations.py), the tokens given for the old PIN get 401 after it. Another
    patron's token and the library's token live on, and the new PIN gives a new token."""
    from django.contrib.auth.models import User
    from django.test import Client

    from reol.circulation import patrons
    from reol.core.roles import grant

    token = patron_token(client, karen)
    other = patron_token(client, make_patron(network.glostrup))
    site = library_token(client, network.glostrup)
    assert client.get("/probe/patron", **bearer(token)).status_code == 200
    if door == "service":
        patrons.set_pin(karen, "8642")
    elif door == "desk":
        desk = Client()
        user = User.objects.create_user("birte")
        grant(user, network.glostrup, "desk")
        desk.force_login(user)
        assert desk.post(f"/staff/patrons/{karen.pk}/pin/", {"pin": "8642"}).status_code == 302
    else:
        mine = Client()
        assert mine.post("/login/", {"card": karen.card, "pin": "1234"}).status_code == 302
        assert mine.post("/me/profile/pin/", {"old_pin": "1234", "new_pin": "8642",
                                              "new_pin_again": "8642"}).status_code == 302
    assert patrons.authenticate(karen.card, "8642").pk == karen.pk
    refused = client.get("/probe/patron", **bearer(token))
    assert refused.status_code == 401 and "Bearer" in refused["WWW-Authenticate"]
    assert client.get("/probe/patron", **bearer(other)).status_code == 200
    assert client.get("/probe/library", **bearer(site)).status_code == 200
    renewed = patron_token(client, karen, "8642")
    assert client.get("/probe/patron", **bearer(renewed)).json()["patron"] == karen.card


def test_over_plain_http_no_pin_or_secret_is_checked(client, karen, api_client_for):
    credentials = api_client_for(karen.library)
    for path, data in (("/oauth/token", {"grant_type": "password", "username": karen.card,
                                         "password": "1234"}),
                       ("/oauth/revoke", {"token": "whatever"})):
        answer = client.post(path, data, HTTP_AUTHORIZATION=basic(*credentials))
        assert answer.status_code == 400
        assert answer.json() == {"error": "invalid_request",
                                 "error_description": "HTTPS is required."}


def test_guessing_a_clients_secret_pauses_the_guesser_not_the_site(client, network,
                                                                   api_client_for):
    client_id, secret = api_client_for(network.glostrup)

    def ask(given: str, address: str):
        return client.post("/oauth/token", {"grant_type": "client_credentials",
                                            "client_id": client_id, "client_secret": given},
                           REMOTE_ADDR=address, secure=True)

    assert ask(secret, SITE_SERVER).status_code == 200  # the site's server is known now
    for _ in range(ADDRESS.free + 1):
        assert ask("guess", GUESSER).status_code == 401
    assert ask(secret, GUESSER).status_code == 401  # paused: the right secret too
    assert ask(secret, SITE_SERVER).status_code == 200


def test_garbage_at_the_token_endpoint_gets_an_oauth_error_never_a_500(client, karen,
                                                                       api_client_for):
    client_id, secret = api_client_for(karen.library)
    own = {"HTTP_AUTHORIZATION": basic(client_id, secret)}
    tries = [
        ({}, {}), ({"grant_type": "password"}, own),
        ({"grant_type": "password", "username": "x" * 10_000, "password": "1"}, own),
        ({"grant_type": "password", "username": "\x00", "password": "\x00"}, own),
        ({"grant_type": "urn:ietf:params:oauth:grant-type:device_code"}, own),
        ({"grant_type": "client_credentials"}, {"HTTP_AUTHORIZATION": "Basic !!!"}),
        ({"grant_type": "client_credentials"}, {"HTTP_AUTHORIZATION": "Basic " + "A" * 9000}),
        ({"grant_type": "client_credentials", "client_id": "x" * 5000,
          "client_secret": "y"}, {}),
        ({"grant_type": "client_credentials", "scope": "\u2603 admin"}, own),
        ({"grant_type": "client_credentials"}, {"HTTP_AUTHORIZATION": basic("\x00", "x")}),
        ({"grant_type": "client_credentials", "client_id": "\x00", "client_secret": "x"}, {}),
    ]
    for data, headers in tries:
        answer = client.post("/oauth/token", data, secure=True, **headers)
        assert 400 <= answer.status_code < 500, (data, answer.content)
        assert "error" in answer.json()
    as_json = client.post("/oauth/token", {"grant_type": "client_credentials"},
                          content_type="application/json", secure=True, **own)
    assert as_json.status_code == 400
    assert client.get("/oauth/token", secure=True).status_code == 405
