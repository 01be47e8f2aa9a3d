"""reol in production: Debian's nginx, configured with docs/nginx.conf (the README's Production
section), ends TLS with a self-signed certificate in front of a real `reol serve`; a patron
logs in through it in Chromium.

This is the setup in which every form post used to fail (CSRF origin), pushing operators to
plain HTTP. Here the log-in and a second form post go through, the cookies are Secure, and
HSTS, the Content-Security-Policy, the Permissions-Policy and no-store arrive in the browser.
nginx runs with its own prefix in a temporary folder; `make test` installs it
(scripts/ensure-nginx) when it is missing and may.
"""

import base64
import http.client
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import expect

import reol
from tests.installations import migrated_sqlite
from tests.waiting import until

# django_db: reol behind nginx starts from a copy of the run's test database, which pytest-django
# makes only when a test asks for it (tests/installations.py).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

REPO = Path(reol.__file__).resolve().parent.parent
CARD, PIN = "4455667788", "2580"

SETUP = f"""
import django
django.setup()
from tests.factories import make_network, make_patron
make_patron(make_network().glostrup, name="Karen Blixen", card="{CARD}", pin="{PIN}",
            language="en")
"""


def executable(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    fallback = Path("/usr/sbin") / name
    return str(fallback) if os.access(fallback, os.X_OK) else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    """Until the server listens; fails at once, with its log, when the process dies."""
    def listens() -> bool:
        if process.poll() is not None:
            pytest.fail(f"{process.args[0]} stopped:\n{log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            return False
        return True

    until(listens, lambda: f"{process.args[0]} never listened on {port}:\n{log.read_text()}")


def nginx_conf(folder: Path, reol_port: int, https_port: int, http_port: int) -> str:
    """docs/nginx.conf as the README shows it, with this test's ports, name and certificate."""
    conf = (REPO / "docs" / "nginx.conf").read_text()
    swaps = {
        "/etc/letsencrypt/live/bibliotek.example.dk/fullchain.pem": str(folder / "cert.pem"),
        "/etc/letsencrypt/live/bibliotek.example.dk/privkey.pem": str(folder / "key.pem"),
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{reol_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "bibliotek.example.dk": "localhost",
    }
    for old, new in swaps.items():
        assert old in conf, f"docs/nginx.conf no longer has {old!r}: update this test"
        conf = conf.replace(old, new)
    # Only the loopback address of IPv4 here: the test machine may have no IPv6.
    return "\n".join(line for line in conf.splitlines() if "listen [::]" not in line)


MAIN_CONF = """
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/reol.conf;
}}
"""


@dataclass
class Site:
    url: str  # https://localhost:<port>, through nginx
    http_port: int  # nginx's plain HTTP server, which only redirects
    reol_port: int  # reol serve itself, plain HTTP on the loopback address
    certificate: Path  # the self-signed certificate nginx shows


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def site(django_db_setup) -> Iterator[Site]:
    if connections["default"].vendor != "sqlite":
        pytest.skip("reol behind nginx runs on its own SQLite file: the SQLite pass runs it")
    nginx, openssl = executable("nginx"), executable("openssl")
    if nginx is None or openssl is None:
        pytest.skip("nginx or openssl is not installed: `make test` installs Debian's nginx "
                    "(scripts/ensure-nginx) when it runs as root")
    # Under /tmp and readable: run as root, nginx's workers run as nobody.
    folder = Path(tempfile.mkdtemp(prefix="reol-https-"))
    folder.chmod(0o755)
    reol_port, https_port, http_port = free_port(), free_port(), free_port()
    processes: list[subprocess.Popen] = []
    try:
        subprocess.run(
            [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
             "-nodes", "-keyout", folder / "key.pem", "-out", folder / "cert.pem", "-days", "2",
             "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"],
            check=True, capture_output=True,
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith("REOL_")}
        env |= {
            "DJANGO_SETTINGS_MODULE": "reol.settings",
            "REOL_VAR_DIR": str(folder / "var"),
            "REOL_SECRET_KEY": "https-test",
            "REOL_SITE_URL": f"https://localhost:{https_port}",
            "REOL_BEHIND_PROXY": "1",
            "REOL_SIP2": "0",
            "REOL_JOBS_INTERVAL": "0",
            "REOL_EMAIL_URL": "file:",
        }
        # Its database as `reol migrate` leaves it (tests/installations.py), then a patron.
        migrated_sqlite(folder / "var" / "reol.sqlite3")
        subprocess.run([sys.executable, "-c", SETUP], cwd=REPO, env=env, check=True)
        log = folder / "reol.log"
        with log.open("wb") as out:
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "reol", "serve", "--host", "127.0.0.1",
                 "--port", str(reol_port)], cwd=REPO, env=env, stdout=out, stderr=out))
        wait_for_port(reol_port, processes[-1], log)

        (folder / "reol.conf").write_text(nginx_conf(folder, reol_port, https_port, http_port))
        (folder / "nginx.conf").write_text(MAIN_CONF.format(folder=folder))
        command = [nginx, "-p", str(folder), "-c", str(folder / "nginx.conf"),
                   "-e", str(folder / "error.log")]
        checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        processes.append(subprocess.Popen(command))
        wait_for_port(https_port, processes[-1], folder / "error.log")
        yield Site(f"https://localhost:{https_port}", http_port, reol_port,
                   folder / "cert.pem")
    finally:
        for process in reversed(processes):
            stop(process)
        shutil.rmtree(folder, ignore_errors=True)


def basic() -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{CARD}:{PIN}".encode()).decode()}


def test_a_patron_logs_in_through_nginx_over_https(browser, site):
    context = browser.new_context(base_url=site.url, ignore_https_errors=True, locale="en-GB")
    context.set_default_timeout(20_000)
    try:
        page = context.new_page()
        blocked: list[str] = []
        page.on("console", lambda m: blocked.append(m.text)
                if "Content Security Policy" in m.text else None)

        first = page.goto("/login/")
        headers = first.all_headers()
        assert headers["strict-transport-security"].startswith("max-age=")
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "unsafe-inline" not in headers["content-security-policy"]
        assert "camera=()" in headers["permissions-policy"]
        assert headers["cache-control"] == "no-store"

        page.get_by_label("Library card number").fill(CARD)
        page.get_by_label("PIN").fill(PIN)
        with page.expect_response(re.compile(r"/login/$")) as posted:
            page.get_by_role("button", name="Log in").click()
        assert posted.value.status == 302  # the form post passed the CSRF check
        expect(page).to_have_url(re.compile(r"^https://localhost:\d+/me/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("My loans")

        # A second form post with the session: the language switch.
        page.get_by_role("button", name="Dansk").click()
        expect(page.locator("html")).to_have_attribute("lang", "da")
        expect(page.get_by_role("heading", level=1)).to_have_text("Mine lån")

        cookies = {c["name"]: c for c in context.cookies()}
        assert {"sessionid", "csrftoken", "django_language"} <= set(cookies)
        assert all(c["secure"] for c in cookies.values()), cookies
        assert cookies["sessionid"]["httpOnly"]
        assert blocked == []
    finally:
        context.close()


def test_plain_http_at_the_proxy_only_redirects_to_https(site):
    connection = http.client.HTTPConnection("127.0.0.1", site.http_port, timeout=30)
    connection.request("GET", "/login/", headers={"Host": "localhost"})
    response = connection.getresponse()
    assert response.status == 301
    assert response.getheader("Location") == "https://localhost/login/"
    connection.close()


def test_card_and_pin_as_basic_are_taken_through_https_and_refused_over_plain_http(site):
    trusting = ssl.create_default_context(cafile=site.certificate)
    secure = http.client.HTTPSConnection("localhost", int(site.url.rsplit(":", 1)[1]),
                                         context=trusting, timeout=60)
    secure.request("GET", "/api/v1/patron", headers=basic())
    answer = secure.getresponse()
    body = answer.read()
    assert answer.status == 200, body
    assert json.loads(body)["card"] == CARD
    secure.close()

    plain = http.client.HTTPConnection("127.0.0.1", site.reol_port, timeout=60)
    plain.request("GET", "/api/v1/patron", headers=basic())
    refused = plain.getresponse()
    assert refused.status == 403
    assert b"insecure_connection" in refused.read()
    plain.close()
