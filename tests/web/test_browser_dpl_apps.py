"""The Danish libraries' own apps (dpl-react's loan-list, reservation-list and fee-list), built
by scripts/dpl-apps, mounted in Chromium on a library's site of another origin and pointed at a
live reol: FBS for the patron's account, /fbi/graphql for the titles, /userinfo, tokens from
/oauth/token. They show a demo patron's loans, reservations and fees with their titles, and
renew a loan.

The build is too heavy for `make test` on a fresh machine (≈ 2 GB of packages): without it
this test skips and says how to make it (README: The libraries' apps).
"""

import json
import os
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from reol.catalogue.models import Record
from reol.circulation import demo
from reol.circulation.models import Loan, Patron, Reservation
from tests.fbs.test_demo_patrons import demo_network  # noqa: F401 (a fixture)
from tests.oauth.conftest import api_client_for, library_token, patron_token  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUILD = Path(os.environ.get("REOL_DPL_BUILD") or Path(__file__).resolve().parents[3] / "dpl-build")
REACT = BUILD / "dpl-react"
DIST = REACT / "dist"
# Each app: its story (for the texts and settings it needs) and its script in dist/.
APPS = {"loan-list": ("src/apps/loan-list/list/loan-list.stories.tsx", "loan-list"),
        "reservation-list": ("src/apps/reservation-list/list/reservation-list.stories.tsx",
                             "reservation-list"),
        "fee-list": ("src/apps/fee-list/FeeList.stories.tsx", "FeeList")}

if not (DIST / "mount.js").exists():
    pytest.skip(f"the libraries' apps are not built in {BUILD}: run scripts/dpl-apps "
                "(README: The libraries' apps); skipped", allow_module_level=True)

# Doors the apps call that reol does not serve (yet): Publizon, the e-book and audiobook
# service, is not among issue 18's; without it the apps still show physical material.
NOT_SERVED = ("/publizon/",)

_PAIR = re.compile(r"""(\w+):\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`$]*`|-?\d+)\s*[,}\n]""")
_SPREAD = re.compile(r"\.\.\.(\w+)\b")
_ESCAPE = re.compile(r"\\(.)")
_ESCAPES = {"n": "\n", "t": "\t"}


def story_args(path: Path, block: str = "args: {") -> dict[str, str]:
    """The story's default arguments (the texts and settings the apps need), read from the
    story file and the argument modules it spreads in: string and number literals only."""
    text = path.read_text()
    start = text.find(block)
    body = text[start:text.find("\n}", start)] + "\n" if start >= 0 else ""
    found: dict[str, str] = {}
    for name in _SPREAD.findall(body):
        module = re.search(rf'import {name}(?:,[^;]*?)? from "([^"]+)"', text)
        if module:
            for suffix in (".ts", ".tsx"):
                target = (path.parent / (module.group(1) + suffix)).resolve()
                if target.exists():
                    found.update(story_args(target, "export default {"))
    for key, value in _PAIR.findall(body):
        found[key] = _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)),
                                 value[1:-1]) if value[0] in "'\"`" else value
    return found


def data_attributes(values: dict[str, str]) -> str:
    def kebab(key: str) -> str:
        return re.sub(r"[A-Z]", lambda m: "-" + m.group(0).lower(), key)
    return " ".join(f"data-{kebab(k)}='{v.replace(chr(39), '&#39;')}'" for k, v in values.items())


def host_page(app: str, reol: str, site: str, tokens: dict[str, str],
              branches: str) -> str:
    shared = story_args(REACT / "src/core/storybook/globalConfigArgs.ts", "export default {")
    values = {**shared, **story_args(REACT / APPS[app][0]), "fbsBaseUrl": reol,
              "publizonBaseUrl": reol + "/publizon", "fbiBaseUrl": reol + "/fbi/graphql",
              "fbiLocalBaseUrl": reol + "/fbi/graphql", "fbiGlobalBaseUrl": reol + "/fbi/graphql",
              "userinfoUrl": reol + "/userinfo", "dplCmsBaseUrl": site, "coverBaseUrl": site,
              "materialListBaseUrl": site, "branchesConfig": branches}
    scripts = "".join(f'<script src="/dist/{name}.js"></script>'
                      for name in ("runtime", "bundle", "mount", APPS[app][1])
                      if (DIST / f"{name}.js").exists())
    return f"""<!doctype html><html><head><meta charset="utf-8"></head><body>
<div id="dpl-react-apps-error-messages"></div>
<div data-dpl-app="{app}" {data_attributes(values)}></div>{scripts}
<script>
  window.dplReact.setToken("user", {json.dumps(tokens["user"])});
  window.dplReact.setToken("library", {json.dumps(tokens["library"])});
  window.dplReact.mount(document);
</script></body></html>"""


class Calls:
    """Every call an app made to reol, those that failed (status ≥ 400 or no answer), and what
    the apps wrote to the console as errors."""

    def __init__(self, page: Page, reol: str) -> None:
        self.seen: list[str] = []
        self.failed: list[str] = []
        self.console: list[str] = []
        page.on("response", lambda r: self._answered(r, reol))
        page.on("requestfailed", lambda r: self.failed.append(
            f"{r.method} {r.url.removeprefix(reol)} → {r.failure}") if r.url.startswith(reol)
            else None)
        page.on("console", lambda m: self.console.append(m.text[:300])
                if m.type == "error" else None)

    def _answered(self, response, reol: str) -> None:
        if not response.url.startswith(reol):
            return
        line = f"{response.request.method} {response.url.removeprefix(reol)} → {response.status}"
        if response.status >= 400:
            body = response.text()[:300] if response.request.method != "OPTIONS" else ""
            self.failed.append(f"{line} {body}")
        self.seen.append(line)

    def report(self) -> str:
        return json.dumps({"calls": self.seen, "failed": self.failed,
                           "console": self.console}, indent=1, ensure_ascii=False)


def shows(page: Page, calls: Calls, text: str) -> None:
    try:
        expect(page.get_by_text(text).first).to_be_visible(timeout=30_000)
    except AssertionError as missing:
        raise AssertionError(f"{text!r} not shown; {calls.report()}") from missing


@pytest.fixture
def library_site() -> Iterator[tuple[str, dict[str, str]]]:
    """The library's own web site: a real HTTP server on another origin than reol's (and on
    the loopback address, as reol's test server is: Chromium lets a page call only as
    private an address as its own). `/<app>` is a page with the app; `/dist/` the bundle."""
    pages: dict[str, str] = {}

    class Site(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, directory=str(DIST), **kwargs)

        def do_GET(self) -> None:
            page = pages.get(self.path.strip("/"))
            if page is None:
                self.path = self.path.removeprefix("/dist")
                return super().do_GET()
            body = page.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", pages
    server.shutdown()
    server.server_close()


@pytest.fixture
def apps(open_page, live_server, settings, library_token, patron_token,  # noqa: F811
         demo_network, library_site):  # noqa: F811
    """Open an app on the library's site for the demo's adult patron of Glostrup."""
    site, pages = library_site
    settings.CORS_ALLOWED_ORIGINS = [site]
    patron = Patron.objects.select_related("library").get(
        card=demo.card_number("716100", demo.ROLES["adult"].number))
    tokens = {"user": patron_token(Client(), patron, demo.ROLES["adult"].pin),
              "library": library_token(Client(), patron.library)}
    # The library's branches as its site configures them: from reol's FBS branches.
    branches = Client().get("/external/v1/agencyid/branches",
                            HTTP_AUTHORIZATION=f"Bearer {tokens['library']}").json()
    branches_config = json.dumps([{"branchId": b["branchId"], "title": b["title"]}
                                  for b in branches])

    def open_app(app: str) -> tuple[Page, Calls]:
        pages[app] = host_page(app, live_server.url, site, tokens, branches_config)
        page = open_page()
        calls = Calls(page, live_server.url)
        page.goto(f"{site}/{app}")
        return page, calls

    return {"open": open_app, "patron": patron, "tokens": tokens}


def test_the_apps_show_the_demo_patrons_loans_reservations_and_fees_and_renew_a_loan(apps):
    patron = apps["patron"]
    loans = list(Loan.objects.filter(patron=patron, returned__isnull=True)
                 .select_related("item__record"))
    held = list(Reservation.objects.filter(patron=patron, status__in=Reservation.ACTIVE)
                .select_related("record"))
    assert loans and held, "the demo's adult patron has loans and reservations"
    failures = {}

    page, calls = apps["open"]("loan-list")
    for loan in loans:
        shows(page, calls, loan.item.record.title)
    failures["loan-list"] = calls.failed

    page, calls = apps["open"]("reservation-list")
    for reservation in held:
        shows(page, calls, reservation.record.title)
    failures["reservation-list"] = calls.failed

    # The fees as reol's FBS lists them; each one's materials are shown by their titles.
    fees = Client().get("/external/agencyid/patron/patronid/fees/v2",
                        {"includepaid": "false", "includenonpayable": "true"},
                        HTTP_AUTHORIZATION=f"Bearer {apps['tokens']['user']}").json()
    fausts = {m["recordId"] for fee in fees for m in fee.get("materials") or []}
    page, calls = apps["open"]("fee-list")
    for title in Record.objects.filter(faust__in=fausts).values_list("title", flat=True):
        shows(page, calls, title)
    if fees and not fausts:
        expect(page.locator("[data-dpl-app=fee-list]")).to_contain_text(
            re.compile(r"\d"), timeout=30_000)
    failures["fee-list"] = calls.failed

    # A loan reol's FBS says may be renewed now, renewed from the loan's own details.
    answered = Client().get("/external/agencyid/patrons/patronid/loans/v2",
                            HTTP_AUTHORIZATION=f"Bearer {apps['tokens']['user']}").json()
    renewable_ids = {x["loanDetails"]["loanId"] for x in answered if x["isRenewable"]}
    renewable = next(loan for loan in loans if loan.pk in renewable_ids)
    due, renewals = renewable.due, renewable.renewals
    page, calls = apps["open"]("loan-list")
    shows(page, calls, renewable.item.record.title)
    page.get_by_text(renewable.item.record.title).first.click()
    button = page.locator("[data-cy=material-renew-button]:visible").first  # desktop's
    try:
        expect(button).to_be_enabled(timeout=30_000)
    except AssertionError as missing:
        raise AssertionError(f"no renew button in {page.url}; {calls.report()}") from missing
    button.click()
    for _ in range(120):  # the app's POST …/loans/renew/v2, seen in reol's own records
        renewable.refresh_from_db()
        if renewable.renewals > renewals:
            break
        page.wait_for_timeout(250)
    failures["renew"] = calls.failed
    print("calls to reol that failed:", json.dumps(failures, indent=1))
    assert renewable.renewals == renewals + 1 and renewable.due > due, calls.report()
    unexpected = {app: [f for f in failed if not f.split(" ", 2)[1].startswith(NOT_SERVED)]
                  for app, failed in failures.items()}
    assert not any(unexpected.values()), unexpected
