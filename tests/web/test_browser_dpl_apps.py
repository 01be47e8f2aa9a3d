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
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import Page, Route, expect

from reol.circulation import accounts, demo
from reol.circulation.models import Loan, Patron, Reservation
from tests.fbs.test_demo_patrons import demo_network  # noqa: F401 (a fixture)
from tests.oauth.conftest import api_client_for, library_token, patron_token  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUILD = Path(os.environ.get("REOL_DPL_BUILD") or Path(__file__).resolve().parents[3] / "dpl-build")
REACT = BUILD / "dpl-react"
DIST = REACT / "dist"
SITE = "http://library.test"  # the library's own site, another origin than reol's
APPS = {"loan-list": "src/apps/loan-list/list/loan-list.stories.tsx",
        "reservation-list": "src/apps/reservation-list/list/reservation-list.stories.tsx",
        "fee-list": "src/apps/fee-list/FeeList.stories.tsx"}

if not (DIST / "mount.js").exists():
    pytest.skip(f"the libraries' apps are not built in {BUILD}: run scripts/dpl-apps "
                "(README: The libraries' apps); skipped", allow_module_level=True)

_PAIR = re.compile(r"""(\w+):\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`$]*`|-?\d+)\s*[,}\n]""")
_SPREAD = re.compile(r"\.\.\.(\w+)\b")


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
        found[key] = (json.loads(value) if value[0] == '"' else
                      value[1:-1].replace("\\'", "'") if value[0] in "'`" else value)
    return found


def data_attributes(values: dict[str, str]) -> str:
    def kebab(key: str) -> str:
        return re.sub(r"[A-Z]", lambda m: "-" + m.group(0).lower(), key)
    return " ".join(f"data-{kebab(k)}='{v.replace(chr(39), '&#39;')}'" for k, v in values.items())


def host_page(app: str, reol: str, tokens: dict[str, str]) -> str:
    shared = story_args(REACT / "src/core/storybook/globalConfigArgs.ts", "export default {")
    values = {**shared, **story_args(REACT / APPS[app]), "fbsBaseUrl": reol,
              "publizonBaseUrl": reol + "/publizon", "fbiBaseUrl": reol + "/fbi/graphql",
              "fbiLocalBaseUrl": reol + "/fbi/graphql", "fbiGlobalBaseUrl": reol + "/fbi/graphql",
              "userinfoUrl": reol + "/userinfo", "dplCmsBaseUrl": SITE, "coverBaseUrl": SITE,
              "materialListBaseUrl": SITE}
    scripts = "".join(f'<script src="/dist/{name}.js"></script>'
                      for name in ("runtime", "bundle", "mount", app) if (DIST / f"{name}.js")
                      .exists())
    return f"""<!doctype html><html><head><meta charset="utf-8"></head><body>
<div id="dpl-react-apps-error-messages"></div>
<div data-dpl-app="{app}" {data_attributes(values)}></div>{scripts}
<script>
  window.dplReact.setToken("user", {json.dumps(tokens["user"])});
  window.dplReact.setToken("library", {json.dumps(tokens["library"])});
  window.dplReact.mount(document);
</script></body></html>"""


class Calls:
    """Every call an app made to reol, and those that failed (status ≥ 400 or no answer)."""

    def __init__(self, page: Page, reol: str) -> None:
        self.failed: list[str] = []
        page.on("response", lambda r: self.failed.append(f"{r.request.method} {r.url} → "
                                                         f"{r.status}")
                if r.url.startswith(reol) and r.status >= 400 else None)
        page.on("requestfailed", lambda r: self.failed.append(
            f"{r.method} {r.url} → {r.failure}") if r.url.startswith(reol) else None)


@pytest.fixture
def apps(open_page, live_server, settings, client, library_token, patron_token,  # noqa: F811
         demo_network):  # noqa: F811
    """Open an app on the library's site for the demo's adult patron of Glostrup."""
    settings.CORS_ALLOWED_ORIGINS = [SITE]
    patron = Patron.objects.select_related("library").get(
        card=demo.card_number("716100", demo.ROLES["adult"].number))
    tokens = {"user": patron_token(Client(), patron, demo.ROLES["adult"].pin),
              "library": library_token(Client(), patron.library)}

    def open_app(app: str) -> tuple[Page, Calls]:
        page = open_page()
        calls = Calls(page, live_server.url)

        def site(route: Route) -> None:
            path = route.request.url.removeprefix(SITE)
            if path.startswith("/dist/") and (DIST / path[6:]).is_file():
                route.fulfill(path=str(DIST / path[6:]))
            elif path in ("", "/"):
                route.fulfill(body=host_page(app, live_server.url, tokens),
                              content_type="text/html")
            else:
                route.fulfill(status=404, body="")

        page.route(f"{SITE}/**", site)
        page.route(SITE, site)
        page.goto(SITE + "/")
        return page, calls

    return {"open": open_app, "patron": patron}


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
        expect(page.get_by_text(loan.item.record.title).first).to_be_visible(timeout=30_000)
    failures["loan-list"] = calls.failed

    page, calls = apps["open"]("reservation-list")
    for reservation in held:
        expect(page.get_by_text(reservation.record.title).first).to_be_visible(timeout=30_000)
    failures["reservation-list"] = calls.failed

    page, calls = apps["open"]("fee-list")
    owed = accounts.statement(patron).left
    if owed:
        expect(page.locator("[data-dpl-app=fee-list]")).to_contain_text(
            re.compile(r"\d"), timeout=30_000)
    failures["fee-list"] = calls.failed

    renewable = next((loan for loan in loans if loan.renewals == 0), loans[0])
    page, calls = apps["open"]("loan-list")
    page.get_by_text(renewable.item.record.title).first.click()
    page.get_by_role("button", name=re.compile("Renew your loan", re.I)).click()
    expect(page.get_by_text(re.compile("renewed|fornyet", re.I)).first).to_be_visible(
        timeout=30_000)
    renewable.refresh_from_db()
    failures["renew"] = calls.failed
    print("calls to reol that failed:", json.dumps(failures, indent=1))
    assert renewable.renewals >= 1
    assert not any(failures.values()), failures
