"""Phone first: every public and patron page at 390×844 in real Chromium, none wider than the
window, and the main pages without serious or critical accessibility violations (axe-core).

The pages are an explicit list: a public or patron route added to ROUTES
(tests/web/test_library_lines.py) must be named here, as a page to walk or as no page at all,
or test_every_public_and_patron_page_is_walked fails.
"""

import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page, expect

from reol.events.models import Partner, Registration
from reol.events.registration import cancel_token
from tests.factories import make_network, make_record
from tests.rooms.conftest import give_hours
from tests.web.test_library_lines import PATRON, PUBLIC, ROUTES, randers_objects

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def next_monday() -> date:
    today = timezone.localdate()
    return today + timedelta(days=7 - today.weekday())


Paths = Callable[[dict], tuple[str, ...]]

# Route (as in ROUTES) -> the paths that show it, given the objects of `rasmus` below.
PUBLIC_PAGES: dict[str, Paths] = {
    "": lambda o: ("/", "/?q=kongens", "/no-such-page/"),  # and the 404 page
    "records/<str:pid>/": lambda o: (f"/records/{o['record'].pid}/",),
    "libraries/": lambda o: ("/libraries/",),
    "search/advanced/": lambda o: ("/search/advanced/",
                                   "/search/advanced/?year_from=2020&year_to=1990"),
    "libraries/<slug:code>/hours/": lambda o: (f"/libraries/{o['branch'].code}/hours/",),
    "^libraries/(?P<agency>\\d{6})/policy/$": lambda o: (
        f"/libraries/{o['library'].agency}/policy/",),
    "events/": lambda o: ("/events/",),
    "events/<int:pk>/": lambda o: (f"/events/{o['occurrence'].pk}/",),
    "events/cancel/<str:token>/": lambda o: (f"/events/cancel/{o['cancel_token']}/",),
    "events/confirm/<str:token>/": lambda o: ("/events/confirm/gone/",),
    "partners/": lambda o: ("/partners/",),
    "partners/<slug:slug>/": lambda o: (f"/partners/{o['partner'].slug}/",),
    "rooms/": lambda o: ("/rooms/",),
    "rooms/<slug:slug>/": lambda o: (f"/rooms/{o['room'].slug}/",  # and a week of free slots
                                     f"/rooms/{o['room'].slug}/?week={next_monday()}"),
    "exhibitions/": lambda o: ("/exhibitions/",),
    "exhibitions/<slug:slug>/": lambda o: (f"/exhibitions/{o['exhibition'].slug}/",),
    "exhibitions/<slug:slug>/submit/": lambda o: (
        f"/exhibitions/{o['exhibition'].slug}/submit/",),
    "insight/report/<str:agency>/<int:year>/": lambda o: (
        f"/insight/report/{o['library'].agency}/{timezone.localdate().year}/",),
    "staff/login/": lambda o: ("/staff/login/",),
    "login/": lambda o: ("/login/",),
    "api/v1/docs": lambda o: ("/api/v1/docs",),
    "libraries/<slug:code>/": lambda o: (f"/libraries/{o['branch'].code}/",),
    "works/<int:work_id>/": lambda o: (
        f"/works/{type(o['record']).objects.get(pk=o['record'].pk).work_id}/",),
}
PATRON_PAGES: dict[str, Paths] = {
    "me/": lambda o: ("/me/",),
    "me/bookings/": lambda o: ("/me/bookings/",),
    "me/charges/": lambda o: ("/me/charges/",),
    "payments/test/<uuid:payment_id>/": lambda o: (f"/payments/test/{o['payment'].pk}/",),
    "me/favourites/": lambda o: ("/me/favourites/",),
    "me/digital/": lambda o: ("/me/digital/",),
    "me/notices/": lambda o: ("/me/notices/",),
    "me/suggestions/": lambda o: ("/me/suggestions/",),
    "me/reservations/": lambda o: ("/me/reservations/",),
    "me/profile/": lambda o: ("/me/profile/",),
    "me/history/": lambda o: ("/me/history/",),
    "me/data/": lambda o: ("/me/data/",),
    "rooms/my-bookings/": lambda o: ("/rooms/my-bookings/",),
    "volunteer/": lambda o: ("/volunteer/",),
}
# Pages that draw themselves after they load are measured once drawn: Swagger UI fetches the
# OpenAPI document, then renders it (with its table of refusal codes).
DRAWN = {"/api/v1/docs": ".swagger-ui .opblock"}
# Public and patron routes that are no page of their own: the API's JSON, feeds, images,
# downloads and actions that only take a POST (their answers are the pages above).
NOT_PAGES = {
    route for route, kind in ROUTES.items()
    if kind in (PUBLIC, PATRON) and route.startswith(("api/v1/", "external/", "publizon/"))
    and route != "api/v1/docs"
} | {
    "i18n/setlang/", "events/feed.ics", "events/feed/branch/<slug:code>.ics",
    "events/feed/category/<slug:slug>.ics", "events/<int:pk>/register/",
    "exhibitions/<slug:slug>/images/<int:image_id>/", "records/<str:pid>/cover/", "logout/",
    "me/renew/", "search/suggest/", "sru", "oai",
    "me/reservations/<int:pk>/cancel/", "me/reservations/<int:pk>/pause/",
    "me/reservations/<int:pk>/pickup/", "me/profile/pin/", "me/profile/name/",
    "me/data/download/",
    "me/data/delete/", "records/<str:pid>/reserve/", "rooms/bookings/<int:pk>/cancel/",
    "rooms/<slug:slug>/book/", "volunteer/shifts/<int:shift_id>/take/",
    "volunteer/signups/<int:signup_id>/drop/", "volunteer/signups/<int:signup_id>/log/",
    "events/<int:pk>/event.ics", "me/favourites/<str:pid>/", "works/<int:work_id>/reserve/",
    "me/charges/pay/", "fbi/graphql", "userinfo",
    "me/digital/<int:pk>/return/", "digital/access/<str:token>/",
    "digital/<str:pid>/borrow/", "digital/<str:pid>/reserve/",
}
# The pages a patron meets first and most: no serious or critical axe-core violation.
MAIN_PAGES = ("/", "/?q=kongens", "record", "/libraries/", "/events/", "/rooms/", "room",
              "/login/", "/me/", "/me/reservations/", "/me/profile/", "/me/history/",
              "/me/data/")


def test_every_public_and_patron_page_is_walked():
    routes = {route for route, kind in ROUTES.items() if kind in (PUBLIC, PATRON)}
    named = set(PUBLIC_PAGES) | set(PATRON_PAGES) | NOT_PAGES
    assert not sorted(routes - named), "name these routes in PUBLIC_PAGES, PATRON_PAGES or " \
        "NOT_PAGES"
    assert not sorted(named - routes), "these are no public or patron routes (any more)"


@pytest.fixture
def rasmus(live_server, settings, tmp_path) -> dict:
    """A Randers patron with a loan, a reservation, a room booking, an event registration and
    a volunteer shift, in a network with an exhibition and a partner; card 7730001, PIN 1234."""
    settings.MEDIA_ROOT = tmp_path
    settings.PAYMENT_PROVIDER = "test"  # its payment page is one of the patron's pages
    network = make_network()
    give_hours(network.randers_main)
    found = randers_objects(network)
    make_record("Hvordan man fortæller en meget lang historie om Randers og omegn",
                creators=["Anne-Marie Østergaard-Kristensen"])
    found["partner"] = Partner.objects.create(
        name="Randers Egnsteater", slug="egnsteater",
        description="Teater for børn og voksne i hele kommunen.")
    registration = Registration.objects.get(patron=found["patron"])
    found["cancel_token"] = cancel_token(registration)
    return found


def log_in(page: Page, card: str) -> None:
    page.goto("/login/")
    page.get_by_label("Library card number").fill(card)
    page.get_by_label("PIN").fill("1234")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/me/$"))


def overflow(page: Page) -> int:
    """How far the page reaches past the phone's right edge. A mobile browser zooms a page
    that is too wide out until it fits the window, so the window's width counts too."""
    return page.evaluate(
        "Math.max(document.documentElement.scrollWidth, window.innerWidth)") - PHONE["width"]


def test_no_public_or_patron_page_is_wider_than_a_phone(open_page, rasmus):
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    too_wide = {}
    for pages in (PUBLIC_PAGES, PATRON_PAGES):
        if pages is PATRON_PAGES:
            log_in(page, rasmus["patron"].card)
        for paths in pages.values():
            for path in paths(rasmus):
                page.goto(path)
                if path in DRAWN:
                    # Swagger UI's script is large: parsing it takes a while on a busy machine.
                    page.locator(DRAWN[path]).first.wait_for(timeout=30_000)
                if (wider := overflow(page)) > 0:
                    too_wide[path] = wider
    assert not too_wide, f"pages wider than the phone (px): {too_wide}"


def test_the_menu_folds_on_a_phone_and_opens_with_a_tap(open_page, rasmus):
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto("/")
    menu = page.get_by_role("navigation", name="Main menu")
    expect(menu).to_be_hidden()
    page.locator("summary", has_text="Menu").click()
    expect(menu.get_by_role("link", name="Log in")).to_be_in_viewport()
    assert overflow(page) <= 0


def test_without_javascript_the_menu_stays_open_and_fits(open_page, rasmus):
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=False)
    page.goto("/")
    expect(page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="Log in")).to_be_visible()
    assert overflow(page) <= 0


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 800}],
                         ids=["phone", "desktop"])
def test_main_pages_have_no_serious_accessibility_violations(open_page, rasmus, viewport):
    """axe-core runs inside the test's page only (Playwright evaluates it); reol never
    serves it."""
    page = open_page(viewport=viewport)
    paths = {"record": f"/records/{rasmus['record'].pid}/",
             "room": f"/rooms/{rasmus['room'].slug}/"}
    axe, found = Axe(), {}
    for name in MAIN_PAGES:
        if name == "/me/":
            log_in(page, rasmus["patron"].card)
        page.goto(paths.get(name, name))
        results = axe.run(page).response
        serious = [f"{v['id']} ({v['impact']}): {v['help']} — "
                   f"{[n['target'] for n in v['nodes']][:3]}"
                   for v in results["violations"] if v["impact"] in ("serious", "critical")]
        if serious:
            found[name] = serious
    assert not found, f"serious or critical accessibility violations: {found}"
