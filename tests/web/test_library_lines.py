"""Every door respects library lines and roles: a walk over EVERY URL pattern (pages and API
operations alike, found through Django's resolver) as Glostrup staff of each role and a
Glostrup patron, with path parameters filled with Randers' objects. No answer may show a
Randers patron's name, e-mail or phone, and nothing that belongs to Randers may change.
A second walk goes over every staff route as Randers staff of each role, with Randers' own
objects: the roles that WHO names for the route get through, every other role is refused.

Every route must be classified in ROUTES, and every staff route in WHO: a route added later
without them fails test_every_route_is_classified, so nobody has to remember these walks.
"""

import json
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.http import urlencode

from reol.circulation import accounts, services
from reol.circulation.models import (
    Block,
    Favourite,
    LoanRule,
    OnlinePayment,
    PurchaseSuggestion,
)
from reol.circulation.reservations import place_reservation
from reol.collection import services as buying
from reol.core.models import StaffRole
from reol.core.roles import grant
from reol.digital import services as digital
from reol.libraries.models import Library
from reol.web.models import FrontBlock
from tests.digital.conftest import make_title
from tests.factories import make_item, make_patron, make_record

# Who a route is for. public: anyone; patron: a logged-in patron (their own data only);
# staff: staff of a library (their own library's data only); machine: kiosks, doors and
# ISO 18626 peers; admin: the back office (superusers; tests/web/test_admin_lines.py).
PUBLIC, PATRON, STAFF, MACHINE, ADMIN = "public", "patron", "staff", "machine", "admin"
ROUTES = {
    "api/v1/openapi.json": PUBLIC, "api/v1/docs": PUBLIC, "api/v1/": PUBLIC,
    "api/v1/search": PUBLIC, "api/v1/records/<pid>": PUBLIC, "api/v1/libraries": PUBLIC,
    "api/v1/libraries/branches/<code>/hours": PUBLIC,
    "api/v1/patron/session": PATRON, "api/v1/patron": PATRON, "api/v1/patron/loans": PATRON,
    "api/v1/patron/loans/renew": PATRON, "api/v1/patron/loans/<id>/renew": PATRON,
    "api/v1/patron/history": PATRON, "api/v1/patron/data": PATRON,
    "api/v1/patron/reservations": PATRON,
    "api/v1/patron/reservations/<id>": PATRON,
    "api/v1/patron/works/<work_id>/reservations": PATRON,
    "api/v1/circulation/checkout": STAFF, "api/v1/circulation/checkin": STAFF,
    "api/v1/loans/<id>/renew": STAFF, "api/v1/loans/<id>/lost": STAFF,
    "api/v1/patrons": STAFF, "api/v1/patrons/<card>": STAFF,
    "api/v1/patrons/<card>/blocks": STAFF, "api/v1/patrons/<card>/blocks/<id>": STAFF,
    "api/v1/patrons/<card>/loans": STAFF, "api/v1/patrons/<card>/reservations": STAFF,
    "api/v1/patrons/<card>/reservations/<id>": STAFF,
    "api/v1/patrons/<card>/works/<work_id>/reservations": STAFF,
    "api/v1/branches/<code>/holdshelf": STAFF, "api/v1/branches/<code>/pulllist": STAFF,
    "api/v1/branches/<code>/transits": STAFF, "api/v1/loanrules/explain": STAFF,
    "api/v1/access": MACHINE, "api/v1/ill/requests": STAFF,
    "api/v1/transport/estimate": STAFF, "api/v1/transport/items/<barcode>": STAFF,
    "api/v1/transport/hubs/<code>/sorting": STAFF, "api/v1/transport/grant": PUBLIC,
    "api/v1/events/occurrences": PUBLIC, "api/v1/events/occurrences/<occurrence_id>": PUBLIC,
    "api/v1/events/occurrences/<occurrence_id>/registrations": PUBLIC,
    "api/v1/events/registrations/cancel": PUBLIC, "api/v1/events/partners": PUBLIC,
    "api/v1/events/registrations/confirm": PUBLIC,
    "api/v1/events/partners/<slug>": PUBLIC,
    "api/v1/rooms": PUBLIC, "api/v1/rooms/<slug>/availability": PUBLIC,
    "api/v1/rooms/<slug>/bookings": PATRON, "api/v1/rooms/bookings": PATRON,
    "api/v1/rooms/bookings/<id>": PATRON,
    "api/v1/exhibitions": PUBLIC, "api/v1/exhibitions/<slug>": PUBLIC,
    "api/v1/volunteers/shifts": STAFF, "api/v1/volunteers/helped": STAFF,
    "api/v1/volunteer/shifts": PATRON,
    "api/v1/statistics": STAFF, "api/v1/reports/yearly/<agency>/<year>": PUBLIC,
    "api/v1/insight/holds-ratio": STAFF, "api/v1/insight/weeding": STAFF,
    "api/v1/insight/profile/<agency>": STAFF, "api/v1/records/<pid>/recommendations": PUBLIC,
    "i18n/setlang/": PUBLIC, "": PUBLIC, "records/<str:pid>/": PUBLIC,
    "records/<str:pid>/cover/": PUBLIC, "staff/records/<str:pid>/cover/": STAFF,
    "libraries/": PUBLIC, "search/advanced/": PUBLIC, "search/suggest/": PUBLIC,
    "oai": PUBLIC,
    "libraries/<slug:code>/": PUBLIC, "libraries/<slug:code>/hours/": PUBLIC,
    "staff/": STAFF, "staff/login/": PUBLIC, "staff/logout/": STAFF, "staff/desk/scan/": STAFF,
    "staff/desk/mode/": STAFF, "staff/desk/end/": STAFF, "staff/hold-shelf/": STAFF,
    "staff/pull-list/": STAFF, "staff/pull-list/pull/": STAFF, "staff/transit/": STAFF,
    "staff/patrons/": STAFF, "staff/patrons/new/": STAFF,
    "staff/patrons/<int:patron_id>/": STAFF, "staff/patrons/<int:patron_id>/edit/": STAFF,
    "staff/patrons/<int:patron_id>/pin/": STAFF, "staff/patrons/<int:patron_id>/blocks/": STAFF,
    "staff/patrons/<int:patron_id>/blocks/<int:block_id>/lift/": STAFF,
    "staff/loans/<int:loan_id>/renew/": STAFF, "staff/loans/<int:loan_id>/lost/": STAFF,
    "staff/reservations/<int:reservation_id>/cancel/": STAFF,
    "staff/loan-rules/": STAFF, "staff/loan-rules/new/": STAFF,
    "staff/loan-rules/<int:rule_id>/": STAFF, "staff/loan-rules/<int:rule_id>/remove/": STAFF,
    "iso18626": MACHINE, "fbi/graphql": PUBLIC, "sru": PUBLIC,
    # The libraries' apps (reol/oauth): clients of a library ask for tokens and revoke them;
    # /userinfo answers a patron's token with that patron only (tests/oauth).
    "oauth/token": MACHINE, "oauth/revoke": MACHINE, "userinfo": PATRON,
    "staff/sharing/incoming/": STAFF, "staff/sharing/outgoing/": STAFF,
    "staff/sharing/<int:pk>/": STAFF, "staff/sharing/<int:pk>/slip/": STAFF,
    "staff/sharing/<int:pk>/<slug:action>/": STAFF,
    "staff/transport/hubs/<slug:code>/": STAFF, "staff/transport/pack/": STAFF,
    "staff/transport/where/": STAFF, "staff/transport/grant/": STAFF,
    "staff/transport/figures/": STAFF,
    "events/": PUBLIC, "events/feed.ics": PUBLIC, "events/feed/branch/<slug:code>.ics": PUBLIC,
    "events/feed/category/<slug:slug>.ics": PUBLIC, "events/<int:pk>/": PUBLIC,
    "events/<int:pk>/event.ics": PUBLIC,
    "events/<int:pk>/register/": PUBLIC, "events/cancel/<str:token>/": PUBLIC,
    "events/confirm/<str:token>/": PUBLIC,
    "partners/": PUBLIC, "partners/<slug:slug>/": PUBLIC,
    "staff/events/": STAFF, "staff/events/new/": STAFF,
    "staff/events/occurrences/<int:pk>/": STAFF,
    "rooms/": PUBLIC, "rooms/my-bookings/": PATRON, "rooms/bookings/<int:pk>/cancel/": PATRON,
    "rooms/<slug:slug>/": PUBLIC, "rooms/<slug:slug>/book/": PATRON,
    "staff/rooms/": STAFF, "staff/rooms/bookings/<int:pk>/": STAFF, "staff/rooms/usage/": STAFF,
    "exhibitions/": PUBLIC, "exhibitions/<slug:slug>/": PUBLIC,
    "exhibitions/<slug:slug>/submit/": PUBLIC,
    "exhibitions/<slug:slug>/images/<int:image_id>/": PUBLIC,
    "volunteer/": PATRON, "volunteer/shifts/<int:shift_id>/take/": PATRON,
    "volunteer/signups/<int:signup_id>/drop/": PATRON,
    "volunteer/signups/<int:signup_id>/log/": PATRON,
    "staff/volunteers/": STAFF, "staff/volunteers/shifts/": STAFF,
    "staff/exhibitions/": STAFF, "staff/exhibitions/<int:exhibition_id>/": STAFF,
    "staff/exhibitions/<int:exhibition_id>/submissions/<int:submission_id>/decide/": STAFF,
    "staff/exhibitions/images/<int:image_id>/": STAFF,
    "insight/": STAFF, "insight/report/<str:agency>/<int:year>/": PUBLIC,
    "insight/dashboard/<str:agency>/": STAFF, "insight/holds/": STAFF,
    "insight/weeding/": STAFF, "insight/profile/<str:agency>/": STAFF,
    "^libraries/(?P<agency>\\d{6})/policy/$": PUBLIC,
    "login/": PATRON, "logout/": PATRON, "me/": PATRON, "me/renew/": PATRON,
    "me/reservations/": PATRON, "me/reservations/<int:pk>/cancel/": PATRON,
    "me/reservations/<int:pk>/pause/": PATRON, "me/reservations/<int:pk>/pickup/": PATRON,
    "me/profile/": PATRON, "me/profile/pin/": PATRON, "me/profile/name/": PATRON,
    "me/history/": PATRON,
    "me/data/": PATRON, "me/data/download/": PATRON, "me/data/delete/": PATRON,
    "me/charges/": PATRON, "me/bookings/": PATRON, "me/favourites/": PATRON,
    "me/charges/pay/": PATRON, "payments/test/<uuid:payment_id>/": PATRON,
    "payments/callback/<str:provider>/": MACHINE,
    "staff/patrons/<int:patron_id>/fees/pay/": STAFF,
    "staff/patrons/<int:patron_id>/fees/charge/": STAFF,
    "staff/patrons/<int:patron_id>/fees/<int:entry_id>/waive/": STAFF,
    "staff/fees/daily/": STAFF,
    "api/v1/patron/fees": PATRON, "api/v1/patron/fees/payments": PATRON,
    "me/favourites/<str:pid>/": PATRON, "me/suggestions/": PATRON, "me/notices/": PATRON,
    "staff/suggestions/": STAFF, "staff/suggestions/<int:pk>/": STAFF,
    "staff/front-page/": STAFF, "staff/front-page/<int:pk>/": STAFF,
    "staff/record/": STAFF, "staff/roles/": STAFF, "staff/roles/<int:pk>/remove/": STAFF,
    "records/<str:pid>/reserve/": PATRON,
    "me/digital/": PATRON, "me/digital/<int:pk>/return/": PATRON,
    "digital/access/<str:token>/": PATRON, "digital/<str:pid>/borrow/": PATRON,
    "digital/<str:pid>/reserve/": PATRON,
    "works/<int:work_id>/": PUBLIC, "works/<int:work_id>/reserve/": PATRON,
    "staff/works/<int:work_id>/": STAFF,
    "staff/copies/": STAFF, "staff/copies/<str:barcode>/": STAFF, "staff/stocktakes/": STAFF,
    "staff/stocktakes/<int:pk>/": STAFF, "staff/stocktakes/<int:pk>/scan/": STAFF,
    "staff/stocktakes/<int:pk>/upload/": STAFF, "staff/stocktakes/<int:pk>/confirm/": STAFF,
    "staff/weeding/<int:pk>/": STAFF, "staff/weeding/<int:pk>/scan/": STAFF,
    "staff/weeding/<int:pk>/finish/": STAFF, "insight/weeding/carry-out/": STAFF,
    "staff/catalogue/": STAFF, "staff/records/new/": STAFF,
    "staff/records/<str:pid>/edit/": STAFF, "staff/records/<str:pid>/copies/": STAFF,
    "staff/records/<str:pid>/merge/": STAFF, "staff/authorities/": STAFF,
    "staff/authorities/<int:pk>/": STAFF, "staff/sharing/sru/": STAFF,
    "api/v1/works": PUBLIC, "api/v1/works/<work_id>": PUBLIC,
    "staff/acquisitions/": STAFF, "staff/acquisitions/setup/": STAFF,
    "staff/acquisitions/lines/new/": STAFF, "staff/acquisitions/lines/<int:pk>/receive/": STAFF,
    "staff/acquisitions/orders/<int:pk>/": STAFF,
    "staff/acquisitions/orders/<int:pk>/send/": STAFF,
    "staff/acquisitions/orders/<int:pk>/order.edi": STAFF, "staff/acquisitions/invoices/": STAFF,
    "staff/digital/terms/": STAFF,
    # The FBS Adapter (docs/fbs.md): bearer tokens only, so these walks (sessions) meet 401;
    # tests/fbs/test_operations.py::test_tokens_decide_library_and_patron walks the lines.
    "external/": MACHINE,  # django-ninja's root of the API: 404, no description served
    "external/v1/agencyid/branches": MACHINE,
    "external/agencyid/catalog/availability/v3": MACHINE,
    "external/agencyid/catalog/holdingsLogistics/v1": MACHINE,
    "external/agencyid/patrons/v9": MACHINE,
    "external/agencyid/patrons/patronid/v4": PATRON,
    "external/agencyid/patrons/patronid/v8": PATRON,
    "external/agencyid/patrons/withGuardian/v1": PATRON,
    "external/agencyid/patrons/patronid/loans/v2": PATRON,
    "external/agencyid/patrons/patronid/loans/renew/v2": PATRON,
    "external/v1/agencyid/patrons/patronid/reservations": PATRON,
    "external/v1/agencyid/patrons/patronid/reservations/v2": PATRON,
    "external/agencyid/patron/patronid/fees/v2": PATRON,
    # The provider API of e-books (docs/publizon.md): bearer tokens only, as the FBS Adapter;
    # tests/publizon/test_operations.py::test_tokens_decide_who_is_asking_and_the_librarys_...
    "publizon/": MACHINE,  # django-ninja's root of the API: 404, no description served
    **dict.fromkeys(("publizon/v1/library/profile", "publizon/v1/products",
                     "publizon/v1/products/<identifier>", "publizon/v1/loanstatus",
                     "publizon/v1/loanstatus/<identifier>"), MACHINE),
    **dict.fromkeys(("publizon/v1/user/cardnumber/friendly", "publizon/v1/user/loans",
                     "publizon/v1/user/loans/<identifier>", "publizon/v1/user/reservations",
                     "publizon/v1/user/reservations/<identifier>", "publizon/v1/user/checklist",
                     "publizon/v1/user/checklist/<identifier>"), PATRON),
}


# Who may use a staff route, in the library whose object it names (docs/security.md, "Staff
# roles"). A leader does all of their library's work; the network role reaches only what the
# libraries share, in every library, and never a patron.
ROLES = ("desk", "cataloguing", "acquisitions", "events", "leader", "editor", "network")
ANY = frozenset(ROLES)
DESK = frozenset({"desk", "leader"})
CATALOGUING = frozenset({"cataloguing", "leader"})
ACQUISITIONS = frozenset({"acquisitions", "leader"})
COLLECTION = CATALOGUING | ACQUISITIONS  # the advice on buying and weeding
EVENTS = frozenset({"events", "leader"})
DESK_OR_EVENTS = DESK | EVENTS  # the desk checks people in at events and rooms
EDITOR = frozenset({"editor", "leader"})
LEADER = frozenset({"leader"})
NETWORK = frozenset({"network", "leader"})  # shared figures; a leader's own library's roles
# The shared catalogue's records, copies and authorities: cataloguers and leaders, and the
# network administrator for every library (reol/circulation/views_staff/cataloguing.py).
CATALOGUE = CATALOGUING | {"network"}
COPIES = DESK | CATALOGUING  # a copy's status, stocktakes, weeding (change_item)
WHO: dict[str, frozenset[str]] = {
    "staff/": ANY, "staff/logout/": ANY,
    "staff/desk/scan/": DESK, "staff/desk/mode/": DESK, "staff/desk/end/": DESK,
    "staff/hold-shelf/": DESK, "staff/pull-list/": DESK, "staff/pull-list/pull/": DESK,
    "staff/transit/": DESK, "staff/patrons/": DESK, "staff/patrons/new/": DESK,
    "staff/patrons/<int:patron_id>/": DESK, "staff/patrons/<int:patron_id>/edit/": DESK,
    "staff/patrons/<int:patron_id>/pin/": DESK, "staff/patrons/<int:patron_id>/blocks/": DESK,
    # Desk staff lift only the blocks they placed themselves (the walk's was placed by nobody).
    "staff/patrons/<int:patron_id>/blocks/<int:block_id>/lift/": LEADER,
    "staff/loans/<int:loan_id>/renew/": DESK, "staff/loans/<int:loan_id>/lost/": DESK,
    "staff/reservations/<int:reservation_id>/cancel/": DESK,
    "staff/patrons/<int:patron_id>/fees/pay/": DESK,
    "staff/patrons/<int:patron_id>/fees/charge/": DESK,
    "staff/patrons/<int:patron_id>/fees/<int:entry_id>/waive/": DESK,
    "staff/fees/daily/": LEADER,
    "staff/loan-rules/": LEADER, "staff/loan-rules/new/": LEADER,
    "staff/loan-rules/<int:rule_id>/": LEADER, "staff/loan-rules/<int:rule_id>/remove/": LEADER,
    "staff/sharing/incoming/": DESK, "staff/sharing/outgoing/": DESK,
    "staff/sharing/<int:pk>/": DESK, "staff/sharing/<int:pk>/slip/": DESK,
    "staff/sharing/<int:pk>/<slug:action>/": DESK,
    "staff/transport/hubs/<slug:code>/": DESK, "staff/transport/pack/": DESK,
    "staff/transport/where/": ANY, "staff/transport/grant/": NETWORK,
    "staff/transport/figures/": NETWORK,
    "staff/events/": DESK_OR_EVENTS, "staff/events/new/": EVENTS,
    "staff/events/occurrences/<int:pk>/": DESK_OR_EVENTS,
    "staff/rooms/": DESK_OR_EVENTS, "staff/rooms/bookings/<int:pk>/": EVENTS,
    "staff/rooms/usage/": EVENTS,
    "staff/volunteers/": EVENTS, "staff/volunteers/shifts/": EVENTS,
    "staff/exhibitions/": EVENTS, "staff/exhibitions/<int:exhibition_id>/": EVENTS,
    "staff/exhibitions/<int:exhibition_id>/submissions/<int:submission_id>/decide/": EVENTS,
    "staff/exhibitions/images/<int:image_id>/": EVENTS,
    "insight/": LEADER, "insight/dashboard/<str:agency>/": LEADER,
    "insight/holds/": COLLECTION, "insight/weeding/": COLLECTION,
    "insight/profile/<str:agency>/": COLLECTION,
    "staff/suggestions/": ACQUISITIONS, "staff/suggestions/<int:pk>/": ACQUISITIONS,
    "staff/acquisitions/": ACQUISITIONS, "staff/acquisitions/setup/": ACQUISITIONS,
    "staff/acquisitions/lines/new/": ACQUISITIONS,
    "staff/acquisitions/lines/<int:pk>/receive/": ACQUISITIONS,
    "staff/acquisitions/orders/<int:pk>/": ACQUISITIONS,
    "staff/acquisitions/orders/<int:pk>/send/": ACQUISITIONS,
    "staff/acquisitions/orders/<int:pk>/order.edi": ACQUISITIONS,
    "staff/acquisitions/invoices/": ACQUISITIONS,
    "staff/digital/terms/": LEADER,  # a library's digital caps and price per loan
    "staff/front-page/": EDITOR, "staff/front-page/<int:pk>/": EDITOR,
    "staff/record/": LEADER, "staff/roles/": NETWORK, "staff/roles/<int:pk>/remove/": NETWORK,
    "staff/works/<int:work_id>/": CATALOGUING, "staff/records/<str:pid>/cover/": CATALOGUING,
    "staff/copies/": COPIES, "staff/copies/<str:barcode>/": COPIES,
    "staff/stocktakes/": COPIES, "staff/stocktakes/<int:pk>/": COPIES,
    "staff/stocktakes/<int:pk>/scan/": COPIES, "staff/stocktakes/<int:pk>/upload/": COPIES,
    "staff/stocktakes/<int:pk>/confirm/": COPIES, "staff/weeding/<int:pk>/": COPIES,
    "staff/weeding/<int:pk>/scan/": COPIES, "staff/weeding/<int:pk>/finish/": COPIES,
    "insight/weeding/carry-out/": COPIES,
    "staff/catalogue/": CATALOGUE, "staff/records/new/": CATALOGUE,
    "staff/records/<str:pid>/edit/": CATALOGUE, "staff/records/<str:pid>/copies/": CATALOGUE,
    "staff/records/<str:pid>/merge/": CATALOGUE, "staff/authorities/": CATALOGUE,
    "staff/authorities/<int:pk>/": CATALOGUE, "staff/sharing/sru/": CATALOGUE,
    "api/v1/circulation/checkout": DESK, "api/v1/circulation/checkin": DESK,
    "api/v1/loans/<id>/renew": DESK, "api/v1/loans/<id>/lost": DESK,
    "api/v1/patrons": DESK, "api/v1/patrons/<card>": DESK,
    "api/v1/patrons/<card>/blocks": DESK, "api/v1/patrons/<card>/blocks/<id>": LEADER,
    "api/v1/patrons/<card>/loans": DESK, "api/v1/patrons/<card>/reservations": DESK,
    "api/v1/patrons/<card>/reservations/<id>": DESK,
    "api/v1/patrons/<card>/works/<work_id>/reservations": DESK,
    "api/v1/branches/<code>/holdshelf": DESK, "api/v1/branches/<code>/pulllist": DESK,
    "api/v1/branches/<code>/transits": DESK, "api/v1/loanrules/explain": ANY,
    "api/v1/ill/requests": DESK, "api/v1/transport/estimate": ANY,
    "api/v1/transport/items/<barcode>": ANY, "api/v1/transport/hubs/<code>/sorting": DESK,
    "api/v1/volunteers/shifts": EVENTS, "api/v1/volunteers/helped": EVENTS,
    "api/v1/statistics": LEADER, "api/v1/insight/holds-ratio": COLLECTION,
    "api/v1/insight/weeding": COLLECTION, "api/v1/insight/profile/<agency>": COLLECTION,
}


# Staff routes naming an object that is the whole network's, not one library's: the shared
# catalogue's works and records (a cataloguer changes only their own library's copies), and
# where a copy is on its way.
SHARED = {"staff/works/<int:work_id>/", "api/v1/transport/items/<barcode>",
          "staff/records/<str:pid>/edit/", "staff/records/<str:pid>/copies/",
          "staff/records/<str:pid>/merge/"}


def walk(resolver=None, prefix: str = "", namespace: str = ""):
    """(route, URL name with its namespaces, pattern) for every pattern, recursively."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace) if n)
            yield from walk(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = ":".join(n for n in (namespace, pattern.name) if n) if pattern.name else ""
            yield prefix + str(pattern.pattern), name, pattern


def test_every_route_is_classified():
    found = {route for route, _, _ in walk() if not route.startswith("admin/")}
    unclassified = sorted(found - set(ROUTES))
    assert not unclassified, f"classify these routes in ROUTES: {unclassified}"
    assert not sorted(set(ROUTES) - found), "ROUTES names routes that no longer exist"
    assert all(kind in (PUBLIC, PATRON, STAFF, MACHINE, ADMIN) for kind in ROUTES.values())
    staff = {route for route, kind in ROUTES.items() if kind == STAFF}
    assert not sorted(staff - set(WHO)), "say in WHO which roles may use these staff routes"
    assert not sorted(set(WHO) - staff), "WHO names routes that are no staff routes"
    assert all(who <= ANY for who in WHO.values())


# --- Randers' objects -----------------------------------------------------------------------

NAME, EMAIL, PHONE = "Rasmus Randersen", "rasmus.randersen@randers.example", "87654321"


@pytest.fixture
def randers(network, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return randers_objects(network)


def randers_objects(network) -> dict:
    """One of each thing a Randers patron leaves behind, reached through Randers' ids (the
    phone walk, tests/web/test_browser_phone.py, shows them to that patron)."""
    now = timezone.now()
    rasmus = make_patron(network.randers, name=NAME, email=EMAIL, phone=PHONE, card="7730001")
    book, wanted = make_record("Kongens Fald"), make_record("Gift")
    copy = make_item(book, network.randers_main)
    loan = services.check_out(rasmus, copy.barcode, "randers-hb")
    # Before the block below: a blocked patron borrows nothing digital.
    digital_loan = digital.lend(rasmus, make_title(title="Randers' e-bog"))
    lent = make_item(wanted, network.randers_main)
    services.check_out(make_patron(network.randers, name="Else"), lent.barcode, "randers-hb")
    reservation = place_reservation(rasmus, wanted, network.randers_main)
    wandering = make_item(make_record("Hærværk"), network.randers_main)
    services.check_in(wandering.barcode, "randers-bogbus")  # in transit home
    block = Block.objects.create(patron=rasmus, code="fees", reason="gebyr")
    rule = LoanRule.objects.create(library=network.randers, material_type="film", loan_days=7)
    suggestion = PurchaseSuggestion.objects.create(patron=rasmus, library=network.randers,
                                                   title="Randers ønsker sig", note=EMAIL)
    Favourite.objects.create(patron=rasmus, record=wanted)
    front = FrontBlock.objects.create(library=network.randers, kind="text", title="Randers")
    colleague = User.objects.create_user("randers-skranke", password="hemmelig-42")
    grant(colleague, network.randers, "desk")
    entry = accounts.manual_charge(rasmus, "25", "Beskadiget bog", library_id=network.randers.pk,
                                   by=None)
    payment = OnlinePayment.objects.create(patron=rasmus, library=network.randers,
                                           provider="test", amount=entry.amount, created=now)
    vendor = buying.add_vendor(network.randers, "Randers' leverandør", "5790000000012")
    fund = buying.add_fund(network.randers, now.year, "R", "Randers", Decimal(1000))
    line = buying.add_line(vendor, fund, book, 2, Decimal(10))
    objects = {**copy_work(network.randers_main, make_item(book, network.randers_main)),
               "patron": rasmus, "loan": loan, "reservation": reservation, "block": block,
               "rule": rule, "record": book, "item": copy, "library": network.randers,
               "branch": network.randers_main, "suggestion": suggestion,
               "front": front, "staffrole": StaffRole.objects.get(user=colleague),
               "entry": entry, "payment": payment, "line": line, "order": line.order,
               "digital_loan": digital_loan}
    objects.update(_elsewhere(network, rasmus, now))
    return objects


def copy_work(branch, item) -> dict:
    """An open stocktake and a weeding list in progress at the branch, the copy on both."""
    from reol.collection.models import Stocktake, StocktakeScan, Weeding, WeedingCopy

    now = timezone.now()
    stocktake = Stocktake.objects.create(library=branch.library, branch=branch, scope="branch",
                                         started=now)
    StocktakeScan.objects.create(stocktake=stocktake, barcode=item.barcode, item=item)
    weeding = Weeding.objects.create(library=branch.library, branch=branch, years=5,
                                     started=now)
    WeedingCopy.objects.create(weeding=weeding, item=item)
    return {"stocktake": stocktake, "weeding": weeding}


def _elsewhere(network, rasmus, now) -> dict:
    """Rooms, events, volunteers, exhibitions and interlibrary loans of Randers."""
    from reol.community.models import (
        Exhibition,
        Shift,
        ShiftSignup,
        Submission,
        Volunteer,
        VolunteerRole,
    )
    from reol.events.models import Registration
    from reol.rooms.models import Booking, Room
    from reol.sharing.models import IllRequest
    from tests.events.helpers import make_series

    room = Room.objects.create(branch=network.randers_main, name="Mødelokalet",
                               slug="moede-randers", capacity=6)
    start = now + timedelta(days=2)
    booking = Booking.objects.create(room=room, patron=rasmus, start=start,
                                     end=start + timedelta(hours=1), created=now)
    series = make_series(network, now - timedelta(days=1), first_start=start,
                         capacity=20)
    occurrence = series.occurrences.first()
    Registration.objects.create(occurrence=occurrence, patron=rasmus, name=NAME, email=EMAIL,
                                status="confirmed", created=now)
    role = VolunteerRole.objects.create(name="Læsehund", slug="laesehund")
    volunteer = Volunteer.objects.create(library=network.randers, name=NAME, email=EMAIL,
                                         phone=PHONE, patron=rasmus)
    shift = Shift.objects.create(branch=network.randers_main, title="Læsehund", role=role,
                                 start=start, end=start + timedelta(hours=2),
                                 signup_opens=now - timedelta(days=1), signup_closes=start,
                                 dropout_deadline=start)
    signup = ShiftSignup.objects.create(shift=shift, volunteer=volunteer, signed_up=now)
    show = Exhibition.objects.create(title="Randers udstiller", slug="randers-udstiller",
                                     branch=network.randers_main, starts=start.date(),
                                     ends=start.date() + timedelta(days=30))
    submission = Submission.objects.create(exhibition=show, name=NAME, email=EMAIL,
                                           phone=PHONE, title="Havnen", submitted=now)
    ill = IllRequest.objects.create(role="requester", requester_isil="DK-773000",
                                    request_id="randers-1", library=network.randers,
                                    pickup_branch=network.randers_main, title="Gift",
                                    pickup_name=NAME, created=now, updated=now)
    return {"room": room, "booking": booking, "occurrence": occurrence, "shift": shift,
            "signup": signup, "exhibition": show, "submission": submission, "ill": ill}


def fill(route: str, name: str, b: dict) -> str:
    """A value for a path parameter: one of Randers' objects where the name says which."""
    by_name = {
        "pid": b["record"].pid, "card": b["patron"].card, "barcode": b["item"].barcode,
        "agency": b["library"].agency, "year": str(timezone.localdate().year),
        "patron_id": b["patron"].pk, "block_id": b["block"].pk, "loan_id": b["loan"].pk,
        "reservation_id": b["reservation"].pk, "rule_id": b["rule"].pk,
        "occurrence_id": b["occurrence"].pk, "shift_id": b["shift"].pk,
        "signup_id": b["signup"].pk, "exhibition_id": b["exhibition"].pk,
        "submission_id": b["submission"].pk, "image_id": 1, "token": "x", "action": "cancel",
        "work_id": type(b["record"]).objects.get(pk=b["record"].pk).work_id,
        "entry_id": b["entry"].pk, "payment_id": b["payment"].pk, "provider": "test",
        "identifier": (b["digital_loan"].title.record if "digital_loan" in b
                       else b["record"]).pid,
    }
    if name in by_name:
        return str(by_name[name])
    if name in ("id", "pk"):
        for part, key in (("me/digital", "digital_loan"), ("loans", "loan"), ("blocks", "block"),
                          ("reservations", "reservation"),
                          ("bookings", "booking"), ("sharing", "ill"),
                          ("occurrences", "occurrence"), ("events", "occurrence"),
                          ("suggestions", "suggestion"), ("front-page", "front"),
                          ("acquisitions/orders", "order"), ("acquisitions/lines", "line"),
                          ("stocktakes", "stocktake"), ("weeding", "weeding"),
                          ("roles", "staffrole")):
            if part in route:
                return str(b[key].pk)
        return "1"
    if name == "slug":
        for part, key in (("rooms", "room"), ("exhibitions", "exhibition")):
            if part in route:
                return b[key].slug
        return "reading" if "category" in route else "x"
    if name == "code":
        return "x" if "hubs" in route else b["branch"].code
    raise AssertionError(f"{route}: no value for the path parameter {name!r}")


def url_of(route: str, name: str, pattern, b: dict) -> str:
    params = list(pattern.pattern.regex.groupindex)
    if not params:
        return "/" + route.lstrip("^").rstrip("$")
    kwargs = {p: fill(route, p, b) for p in params}
    return reverse(name, kwargs=kwargs)


def form(b: dict) -> dict:
    """One body for every POST, PATCH and DELETE: plausible fields naming Randers' patron
    and branch (barcodes are unknown, so lending and returning, open to every library by the
    network's rules, stay out of it)."""
    return {
        "card": b["patron"].card, "pin": "4321", "new_pin": "4321", "name": "Overtaget",
        "email": "overtaget@example.dk", "phone": "11223344", "code": b["patron"].card,
        "reason": "probe", "barcode": "0000000000", "branch": b["branch"].code,
        "library": b["library"].agency, "pickup_branch": b["branch"].code,
        "birth_date": "1990-01-01", "language": "da", "loan_days": "99",
        "loanable": "unknown", "renew_when_reserved": "unknown", "material_type": "film",
        "status": "cancelled", "decision": "decline", "capacity": "1", "hours": "5",
        "people_helped": "3", "mode": "in", "pid": b["record"].pid, "q": NAME.split()[0],
        "interest_days": "30", "keep_history": "on", "note": "probe",
        "year": str(timezone.localdate().year), "source": b["branch"].code,
        "destination": b["branch"].code, "start": "2030-01-07T10:00:00+01:00",
        "end": "2030-01-07T11:00:00+01:00", "token": "x", "patron_group": "adult",
        "loan_category": "standard", "sent": timezone.localdate().isoformat(),
        "day": timezone.localdate().isoformat(),
    }


# --- what belongs to Randers ----------------------------------------------------------------

# Fields that change through guessing (wrong PINs count on the card), not through crossing a
# library line: guessing is limited elsewhere (issue 13, point 5).
VOLATILE = {"failed_pins", "locked_until", "last_used"}


def _path_to_library(model, depth: int = 3) -> str | None:
    """The lookup from a model to its library (or its patron's), e.g. "patron__library"."""
    if model is Library:
        return "pk"
    if depth == 0:
        return None
    fields = [f for f in model._meta.get_fields()
              if isinstance(f, models.ForeignKey | models.OneToOneField) and f.concrete]
    fields.sort(key=lambda f: (f.related_model is not Library, f.name))
    for field in fields:
        if field.related_model is Library:
            return field.name
    for field in fields:
        inner = _path_to_library(field.related_model, depth - 1)
        if inner:
            return f"{field.name}__{inner}" if inner != "pk" else field.name
    return None


def snapshot(library: Library) -> dict:
    """Every row of every model that reaches `library`, with its values."""
    rows = {}
    for model in apps.get_models():
        path = _path_to_library(model)
        if path is None:
            continue
        lookup = "pk" if path == "pk" else path
        values = list(model._default_manager.filter(**{lookup: library.pk}).order_by("pk")
                      .values())
        rows[model._meta.label] = [
            {k: v for k, v in row.items() if k not in VOLATILE} for row in values]
    return rows


# --- the walk -------------------------------------------------------------------------------


def _staff(network, role: str, library=None) -> Client:
    user = User.objects.create_user(role, password="hemmelig-42", is_staff=True)
    grant(user, library or network.glostrup, role)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _patron(network) -> Client:
    make_patron(network.glostrup, name="Gitte Glostrup", card="7161009")
    client = Client(raise_request_exception=False)
    assert client.post("/login/", {"card": "7161009", "pin": "1234"}).status_code == 302
    return client


def _openapi() -> dict:
    from reol.api import api

    return api.get_openapi_schema()


def _shaped(schema: dict, route: str, method: str, body: dict) -> tuple[dict, dict]:
    """The query and the JSON body an API operation takes, from its OpenAPI document, filled
    from `body` (so that a probe gets past validation to the library check)."""
    path = "/" + re.sub(r"<(\w+)>", r"{\1}", route)
    operation = schema["paths"].get(path, {}).get(method)
    if operation is None:
        return {}, {}
    query = {p["name"]: body.get(p["name"], "x") for p in operation.get("parameters", [])
             if p["in"] == "query" and p.get("required")}
    content = operation.get("requestBody", {}).get("content", {})
    ref = next(iter(content.values()), {}).get("schema", {}).get("$ref", "")
    component = schema["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
    fields = component.get("properties", {})
    return query, {name: body[name] for name in fields if name in body} | {
        name: body.get(name, "x") for name in component.get("required", [])}


def _request(client: Client, method: str, url: str, route: str, body: dict, schema: dict):
    if "/blocks" in url:
        body = {**body, "code": "suspended"}  # a kind of block (elsewhere: the card, scanned)
    if "csrftoken" not in client.cookies:
        client.get("/")  # the csrftoken cookie, for the API's cookie sessions
    csrf = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else ""
    if not url.startswith("/api/"):
        if method == "search":  # a page's search box and lookups, asked for Randers' patron
            return client.get(url, {"q": body["q"], "card": body["card"]})
        if method == "get":
            return client.get(url)
        # As htmx posts: pages that answer htmx show the act's outcome in the answer itself.
        return client.post(url, body, headers={"HX-Request": "true"})
    query, payload = _shaped(schema, route, method, body)
    if query:
        url += "?" + urlencode(query)
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, json.dumps(payload), content_type="application/json",
                                   HTTP_X_CSRFTOKEN=csrf)


def _shows(response, leaks: tuple[str, ...]) -> list[str]:
    if response.status_code != 200 or getattr(response, "streaming", False):
        return []
    text = response.content.decode(errors="replace")
    if response.get("Content-Type", "").startswith("application/json"):
        text += json.dumps(json.loads(text or "null"))  # \u escapes read back
    return [leak for leak in leaks if leak in text]


@pytest.mark.parametrize("actor", [*ROLES, "patron"])
def test_no_route_shows_or_changes_another_librarys_patrons(network, randers, actor):
    client = _patron(network) if actor == "patron" else _staff(network, actor)
    body, leaks, schema = form(randers), (NAME, EMAIL, PHONE), _openapi()
    before = snapshot(network.randers)
    crossings = []
    for route, name, pattern in walk():
        if route.startswith("admin/") or route in ("staff/logout/", "logout/"):
            continue  # the back office has its own walk; logging out would end the walk
        url = url_of(route, name, pattern, randers)
        # An API operation is asked with the methods its OpenAPI document names (ninja answers
        # any other 405 before a view runs; tests/web/test_api_schema.py: none is left out of it).
        methods = (_methods(route, schema) or ("get",)) if route.startswith("api/") else (
            "get", "search", "post")
        for method in methods:
            if (route, method) in (("api/v1/patron/session", "delete"),
                                   ("me/data/delete/", "post")):
                continue  # logging out, or deleting the patron who walks
            if actor == "network" and route == "staff/roles/<int:pk>/remove/":
                continue  # the network administrator looks after every library's roles
            response = _request(client, method, url, route, body, schema)
            if actor == "patron" and ROUTES[route] == STAFF and response.status_code == 200:
                crossings.append(f"{method.upper()} {url}: a staff route open to a patron")
            if (ROUTES[route] == STAFF and method == "get" and route not in SHARED
                    and pattern.pattern.regex.groupindex and response.status_code == 200):
                crossings.append(f"GET {url}: Randers' object opened from Glostrup")
            if response.status_code >= 500:
                crossings.append(f"{method.upper()} {url}: {response.status_code}")
            if shown := _shows(response, leaks):
                crossings.append(f"{method.upper()} {url} shows {shown}")
    assert not crossings, "\n".join(crossings)
    after = snapshot(network.randers)
    changed = {label: (before[label], after[label]) for label in before
               if before[label] != after[label]}
    assert not changed, f"Randers' rows changed: {changed}"


def _methods(route: str, schema: dict) -> tuple[str, ...]:
    """The methods a route answers: a page GET (POST when it takes only that), an API
    operation those its OpenAPI document names."""
    if not route.startswith("api/"):
        return ("get",)
    path = "/" + re.sub(r"<(\w+)>", r"{\1}", route)
    return tuple(m for m in ("get", "post", "patch", "delete")
                 if m in schema["paths"].get(path, {}))


@pytest.mark.parametrize("role", ROLES)
def test_each_role_does_its_work_in_its_own_library_and_is_refused_the_rest(
        network, randers, role):
    """Randers staff of one role, with Randers' own objects: the routes WHO gives the role
    let them through (no 403, no 5xx), every other staff route answers 403 (404 where the
    object is unknown to all: a hub, an image)."""
    client = _staff(network, role, network.randers)
    body, schema = form(randers), _openapi()
    wrong = []
    for route, name, pattern in walk():
        if ROUTES.get(route) != STAFF or route == "staff/logout/":
            continue
        url = url_of(route, name, pattern, randers)
        for method in _methods(route, schema):
            response = _request(client, method, url, route, body, schema)
            if method == "get" and response.status_code == 405:  # an act: POST it
                method, response = "post", _request(client, "post", url, route, body, schema)
            status, allowed = response.status_code, role in WHO[route]
            if status >= 500 or (allowed and status == 403) or (
                    not allowed and status not in (403, 404)):
                wrong.append(f"{method.upper()} {url}: {status} "
                             f"({'may' if allowed else 'may not'})")
    assert not wrong, f"as {role}:\n" + "\n".join(wrong)
