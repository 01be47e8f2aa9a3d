"""HTTPS behind a reverse proxy, and the headers that keep a patron's data on their screen:
the settings read from the environment, forwarding headers believed only from trusted proxies,
the client's address, CSRF through the proxy, Basic auth only over HTTPS, the
Content-Security-Policy, the Permissions-Policy and Cache-Control: no-store."""

import base64
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, RequestFactory

import reol
from reol.core.addresses import client_address
from reol.settings import _https
from reol.throttle.models import Attempts
from tests.factories import make_patron

ROOT = Path(reol.__file__).resolve().parent
SITE = "https://bibliotek.example.dk"
PROXY = "127.0.0.1"  # the test client's REMOTE_ADDR
STRANGER = "203.0.113.9"


# --- settings ------------------------------------------------------------------------------


def test_a_plain_http_site_has_no_secure_cookies_no_hsts_and_believes_no_proxy():
    found = _https({}, "http://127.0.0.1:8000")
    assert found["SECURE_PROXY_SSL_HEADER"] is None
    assert found["REOL_TRUSTED_PROXIES"] == []
    assert not found["SESSION_COOKIE_SECURE"] and not found["CSRF_COOKIE_SECURE"]
    assert found["SECURE_HSTS_SECONDS"] == 0
    assert found["REOL_ALLOW_INSECURE_BASIC"] is False


def test_an_https_site_gets_secure_cookies_hsts_and_its_origin_trusted_for_forms():
    found = _https({}, SITE + "/")
    assert found["SESSION_COOKIE_SECURE"] and found["CSRF_COOKIE_SECURE"]
    assert found["LANGUAGE_COOKIE_SECURE"]
    assert found["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert found["CSRF_TRUSTED_ORIGINS"] == [SITE]
    assert _https({"REOL_HSTS_SECONDS": "0"}, SITE)["SECURE_HSTS_SECONDS"] == 0
    other = "https://reol.example.dk, https://www.example.dk"
    assert _https({"REOL_CSRF_TRUSTED_ORIGINS": other}, SITE)["CSRF_TRUSTED_ORIGINS"] == [
        "https://reol.example.dk", "https://www.example.dk"]


def test_proxy_headers_are_believed_only_when_the_operator_says_so():
    behind = _https({"REOL_BEHIND_PROXY": "1"}, SITE)
    assert behind["REOL_TRUSTED_PROXIES"] == ["127.0.0.1", "::1"]
    assert behind["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    named = _https({"REOL_TRUSTED_PROXIES": "10.0.0.0/24, 192.0.2.7"}, SITE)
    assert named["REOL_TRUSTED_PROXIES"] == ["10.0.0.0/24", "192.0.2.7"]
    assert named["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    with pytest.raises(ValueError):
        _https({"REOL_TRUSTED_PROXIES": "10.0.0.0/33"}, SITE)
    assert _https({"REOL_ALLOW_INSECURE_BASIC": "1"}, SITE)["REOL_ALLOW_INSECURE_BASIC"]


def test_the_settings_module_takes_them_from_the_environment(tmp_path):
    """The real module, imported with a production environment in a fresh interpreter."""
    names = ["SECURE_PROXY_SSL_HEADER", "CSRF_TRUSTED_ORIGINS", "SESSION_COOKIE_SECURE",
             "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS", "ALLOWED_HOSTS",
             "REOL_TRUSTED_PROXIES", "REOL_ALLOW_INSECURE_BASIC"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("REOL_")}
    env |= {"REOL_SITE_URL": SITE, "REOL_BEHIND_PROXY": "1", "REOL_VAR_DIR": str(tmp_path),
            "REOL_SECRET_KEY": "test", "DJANGO_SETTINGS_MODULE": "reol.settings"}
    script = ("import json; from django.conf import settings as s; "
              f"print(json.dumps({{n: getattr(s, n) for n in {names!r}}}))")
    found = json.loads(subprocess.run([sys.executable, "-c", script], env=env, check=True,
                                      capture_output=True, text=True).stdout)
    assert found["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert found["CSRF_TRUSTED_ORIGINS"] == [SITE]
    assert found["SESSION_COOKIE_SECURE"] and found["CSRF_COOKIE_SECURE"]
    assert found["SECURE_HSTS_SECONDS"] > 0
    assert "bibliotek.example.dk" in found["ALLOWED_HOSTS"]
    assert found["REOL_TRUSTED_PROXIES"] == ["127.0.0.1", "::1"]
    assert found["REOL_ALLOW_INSECURE_BASIC"] is False


def test_djangos_deployment_checks_pass_for_an_https_site(tmp_path):
    # Not the browser fixture's DJANGO_ALLOW_ASYNC_UNSAFE: production never sets it.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("REOL_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env |= {"REOL_SITE_URL": SITE, "REOL_BEHIND_PROXY": "1", "REOL_VAR_DIR": str(tmp_path),
            "REOL_SECRET_KEY": "k" * 20 + "-an-unguessable-production-key-" + "x" * 20}
    checked = subprocess.run([sys.executable, "-m", "reol", "check", "--deploy",
                              "--fail-level", "WARNING"], env=env, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_every_setting_is_documented_in_the_settings_module_and_the_readme():
    readme = (ROOT.parent / "README.md").read_text()
    docstring = reol.settings.__doc__ or ""
    for name in ["REOL_BEHIND_PROXY", "REOL_TRUSTED_PROXIES", "REOL_CSRF_TRUSTED_ORIGINS",
                 "REOL_HSTS_SECONDS", "REOL_ALLOW_INSECURE_BASIC", "REOL_SITE_URL"]:
        assert name in docstring, name
        assert f"`{name}`" in readme, name


# --- forwarding headers and the client's address -----------------------------------------


@pytest.fixture
def behind_proxy(settings, db):
    """reol as `REOL_SITE_URL=https://… REOL_BEHIND_PROXY=1` sets it up."""
    for name, value in _https({"REOL_BEHIND_PROXY": "1"}, SITE).items():
        setattr(settings, name, value)
    settings.ALLOWED_HOSTS = ["bibliotek.example.dk"]
    return settings


FROM_PROXY = {"HTTP_HOST": "bibliotek.example.dk", "HTTP_X_FORWARDED_PROTO": "https"}


def test_hsts_is_sent_when_the_trusted_proxy_says_https(client, behind_proxy):
    response = client.get("/libraries/", **FROM_PROXY)
    assert response["Strict-Transport-Security"] == "max-age=31536000"


def test_a_client_cannot_claim_https_with_the_proxys_header(client, behind_proxy):
    response = client.get("/libraries/", REMOTE_ADDR=STRANGER, **FROM_PROXY)
    assert "Strict-Transport-Security" not in response


def address(remote: str, forwarded: str | None = None) -> str:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


def test_the_client_address_is_the_peer_unless_the_peer_is_a_trusted_proxy(settings):
    settings.REOL_TRUSTED_PROXIES = ["127.0.0.1", "::1", "10.0.0.0/24"]
    assert address(STRANGER) == STRANGER
    assert address(STRANGER, "198.51.100.1") == STRANGER  # a client's own header: ignored
    assert address("127.0.0.1", "198.51.100.1") == "198.51.100.1"
    assert address("::ffff:127.0.0.1", "198.51.100.1") == "198.51.100.1"
    assert address("::1", "2001:db8::5") == "2001:db8::5"
    assert address("127.0.0.1") == "127.0.0.1"  # the proxy itself, naming nobody


def test_only_the_part_of_x_forwarded_for_written_by_trusted_proxies_counts(settings):
    settings.REOL_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/24"]
    # The client wrote "1.2.3.4" itself; the proxies appended the client's real address.
    assert address("127.0.0.1", "1.2.3.4, 198.51.100.1, 10.0.0.8") == "198.51.100.1"
    assert address("127.0.0.1", "198.51.100.1:5123") == "198.51.100.1"
    assert address("127.0.0.1", "[2001:db8::5]:443") == "2001:db8::5"
    assert address("127.0.0.1", "1.2.3.4, not-an-address") == "127.0.0.1"
    assert address("127.0.0.1", "") == "127.0.0.1"


def test_without_trusted_proxies_x_forwarded_for_is_ignored(settings):
    settings.REOL_TRUSTED_PROXIES = []
    assert address("127.0.0.1", "198.51.100.1") == "127.0.0.1"


# --- CSRF through the proxy --------------------------------------------------------------


def post_form_through_the_proxy(**extra):
    """The language switch, posted with its CSRF token from https://bibliotek.example.dk."""
    browser = Client(enforce_csrf_checks=True)
    browser.get("/libraries/", **FROM_PROXY, **extra)
    token = browser.cookies["csrftoken"].value
    return browser.post("/i18n/setlang/", {"language": "en", "csrfmiddlewaretoken": token},
                        HTTP_ORIGIN=SITE, **FROM_PROXY, **extra)


def test_a_form_posted_through_an_https_proxy_is_accepted(behind_proxy):
    assert post_form_through_the_proxy().status_code == 302


def test_the_sites_origin_is_trusted_even_where_the_proxy_is_not(behind_proxy):
    behind_proxy.REOL_TRUSTED_PROXIES = []
    behind_proxy.SECURE_PROXY_SSL_HEADER = None
    assert post_form_through_the_proxy().status_code == 302


def test_a_form_from_another_origin_is_refused(behind_proxy):
    behind_proxy.CSRF_TRUSTED_ORIGINS = []
    behind_proxy.REOL_TRUSTED_PROXIES = []
    behind_proxy.SECURE_PROXY_SSL_HEADER = None
    # What every form post met behind an HTTPS proxy before: http://… is not https://….
    assert post_form_through_the_proxy().status_code == 403


# --- patrons' Basic auth only over HTTPS ---------------------------------------------------


def basic(card: str, pin: str) -> dict:
    token = base64.b64encode(f"{card}:{pin}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


@pytest.fixture
def karen(network):
    return make_patron(network.glostrup, card="1111222233", pin="4321")


def test_card_and_pin_over_plain_http_are_refused_unchecked(client, karen):
    response = client.get("/api/v1/patron", **basic(karen.card, "0000"))
    assert response.status_code == 403
    assert response.json()["code"] == "insecure_connection"
    assert "https://" in response.json()["detail"]
    # not checked: plain HTTP never tells whether a PIN is right, and counts no attempt
    assert not Attempts.objects.exists()
    assert client.get("/api/v1/patron", **basic(karen.card, "4321")).status_code == 403


def test_card_and_pin_over_https_are_accepted(client, karen):
    assert client.get("/api/v1/patron", secure=True, **basic(karen.card, "4321")).json()[
        "card"] == karen.card


def test_card_and_pin_through_the_https_proxy_are_accepted_and_a_fake_proxy_is_not(
        client, karen, behind_proxy):
    via_proxy = client.get("/api/v1/patron", **FROM_PROXY, **basic(karen.card, "4321"))
    assert via_proxy.status_code == 200
    faked = client.get("/api/v1/patron", REMOTE_ADDR=STRANGER, **FROM_PROXY,
                       **basic(karen.card, "4321"))
    assert faked.status_code == 403


def test_a_development_setting_allows_basic_over_plain_http(client, karen, settings):
    settings.REOL_ALLOW_INSECURE_BASIC = True
    assert client.get("/api/v1/patron", **basic(karen.card, "4321")).status_code == 200


# --- headers on every answer -------------------------------------------------------------


def csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in header.split(";") if d.strip()}


def test_pages_carry_a_content_security_policy_without_inline_script(client, network):
    policy = csp(client.get("/libraries/"))
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]
    header = client.get("/api/v1/docs")["Content-Security-Policy"]
    assert "unsafe" not in header


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"),
     "an inline <script>: move it to a file under static/"),
    (re.compile(r"\son[a-z]+\s*=", re.IGNORECASE), "an inline event handler (onclick=…)"),
    (re.compile(r"\shx-on[:-]"), "hx-on: htmx would need eval"),
    (re.compile(r"\sstyle\s*="), "an inline style attribute"),
    (re.compile(r"<style"), "an inline <style>"),
    (re.compile(r"javascript:"), "a javascript: URL"),
]


def test_no_template_holds_what_the_policy_would_block():
    """The policy blocks these in the browser; here they are found before a patron meets a
    dead button."""
    found = []
    for template in sorted(ROOT.glob("**/templates/**/*.html")):
        text = template.read_text()
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{template.relative_to(ROOT)}:{line}: {what}")
    assert found == []


def test_every_answer_carries_a_permissions_policy(client, network):
    for url in ["/libraries/", "/api/v1/libraries", "/no-such-page/"]:
        policy = client.get(url)["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


def test_personal_pages_and_api_answers_are_never_stored(client, karen, network):
    client.post("/login/", {"card": karen.card, "pin": "4321"})
    assert client.get("/me/").status_code == 200
    for url in ["/me/", "/me/profile/", "/api/v1/patron"]:
        assert client.get(url)["Cache-Control"] == "no-store", url
    over_basic = client.get("/api/v1/patron/loans", secure=True, **basic(karen.card, "4321"))
    assert over_basic["Cache-Control"] == "no-store"


def test_staff_pages_and_the_admin_are_never_stored(client, network, admin_user):
    client.force_login(admin_user)
    for url in ["/staff/", "/admin/", "/api/v1/patrons/1111222233"]:
        assert "no-store" in client.get(url)["Cache-Control"], url


def test_public_pages_are_not_stored_either_but_static_files_are_cached(client, network):
    # The header of every page says who is logged in and forms carry a CSRF token: reol
    # marks every answer of its own no-store rather than sort pages by hand.
    assert client.get("/libraries/")["Cache-Control"] == "no-store"
    assert client.get("/api/v1/libraries")["Cache-Control"] == "no-store"
    static = client.get(settings.STATIC_URL + "reol/reol.js")
    static.close()
    assert static.status_code == 200
    assert "no-store" not in static.get("Cache-Control", "")


def test_the_readme_shows_the_tested_nginx_configuration_verbatim():
    """tests/web/test_browser_https.py runs docs/nginx.conf; the README must show that file."""
    readme = (ROOT.parent / "README.md").read_text()
    conf = (ROOT.parent / "docs" / "nginx.conf").read_text()
    assert "## Production" in readme
    assert f"```nginx\n{conf}```" in readme
