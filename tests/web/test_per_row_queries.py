"""No page and no API read runs a query per row (issue 14): every public, patron and staff
GET is asked with a few rows of everything a page lists (loans, reservations, hold-shelf
copies, transits, blocks, patrons, records, events, bookings, shifts, exhibitions,
interlibrary loans, loan rules) and again with three times as many, and must run the same
number of statements both times (counts, not times).

CHECKED names every route asked, as whom; NOT_CHECKED every other public, patron or staff
route with the reason. A new route fails test_every_route_is_checked_or_says_why until it is
put in one of them.
"""

import re
from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reol.circulation import accounts, services
from reol.circulation.models import Block, LoanRule, OnlinePayment
from reol.circulation.reservations import place_reservation
from reol.collection import services as buying
from reol.collection.models import CollectionPolicy
from reol.community.models import (
    Exhibition,
    Shift,
    ShiftSignup,
    Submission,
    Volunteer,
    VolunteerRole,
)
from reol.core.roles import grant
from reol.digital import services as digital
from reol.events.models import Partner, Registration
from reol.libraries.models import Branch
from reol.rooms.models import Booking, Room
from reol.sharing.models import IllRequest
from reol.transport.models import Hub
from tests.digital.conftest import make_title
from tests.events.helpers import make_series
from tests.factories import make_item, make_patron, make_record
from tests.web.test_library_lines import (
    PATRON,
    PUBLIC,
    ROUTES,
    STAFF,
    _shaped,
    copy_work,
    url_of,
    walk,
)

# The route, and who asks it: "public" (nobody logged in), "patron", or "staff" (a leader).
CHECKED: dict[str, str] = {
    'api/v1/events/partners/<slug>': PUBLIC, 'partners/<slug:slug>/': PUBLIC,
    'api/v1/search': PUBLIC, 'api/v1/records/<pid>': PUBLIC, 'api/v1/libraries': PUBLIC,
    'api/v1/libraries/branches/<code>/hours': PUBLIC, 'api/v1/transport/grant': PUBLIC,
    'api/v1/events/occurrences': PUBLIC, 'api/v1/events/occurrences/<occurrence_id>': PUBLIC,
    'api/v1/events/partners': PUBLIC, 'api/v1/rooms': PUBLIC,
    'api/v1/rooms/<slug>/availability': PUBLIC, 'api/v1/exhibitions': PUBLIC,
    'api/v1/exhibitions/<slug>': PUBLIC, 'api/v1/reports/yearly/<agency>/<year>': PUBLIC,
    'api/v1/records/<pid>/recommendations': PUBLIC, '': PUBLIC, 'records/<str:pid>/': PUBLIC,
    'libraries/': PUBLIC, 'libraries/<slug:code>/hours/': PUBLIC, 'staff/login/': PUBLIC,
    'search/advanced/': PUBLIC, 'search/suggest/': PUBLIC, 'sru': PUBLIC,
    'events/': PUBLIC, 'events/feed.ics': PUBLIC, 'events/feed/branch/<slug:code>.ics': PUBLIC,
    'events/feed/category/<slug:slug>.ics': PUBLIC, 'events/<int:pk>/': PUBLIC,
    'partners/': PUBLIC, 'rooms/': PUBLIC, 'rooms/<slug:slug>/': PUBLIC, 'exhibitions/': PUBLIC,
    'exhibitions/<slug:slug>/': PUBLIC, 'exhibitions/<slug:slug>/submit/': PUBLIC,
    'insight/report/<str:agency>/<int:year>/': PUBLIC,
    '^libraries/(?P<agency>\\d{6})/policy/$': PUBLIC, 'api/v1/volunteer/shifts': PATRON,
    'volunteer/': PATRON, 'api/v1/patron': PATRON, 'api/v1/patron/loans': PATRON,
    'api/v1/patron/history': PATRON, 'api/v1/patron/data': PATRON,
    'api/v1/patron/reservations': PATRON, 'api/v1/rooms/bookings': PATRON,
    'rooms/my-bookings/': PATRON, 'me/': PATRON, 'me/reservations/': PATRON,
    'me/profile/': PATRON, 'me/history/': PATRON, 'me/data/': PATRON,
    'me/data/download/': PATRON, 'staff/records/<str:pid>/cover/': STAFF,
    'api/v1/transport/estimate': STAFF, 'api/v1/transport/hubs/<code>/sorting': STAFF,
    'staff/transport/hubs/<slug:code>/': STAFF, 'api/v1/patrons': STAFF,
    'api/v1/patrons/<card>': STAFF, 'api/v1/patrons/<card>/loans': STAFF,
    'api/v1/patrons/<card>/reservations': STAFF, 'api/v1/branches/<code>/holdshelf': STAFF,
    'api/v1/branches/<code>/pulllist': STAFF, 'api/v1/branches/<code>/transits': STAFF,
    'api/v1/loanrules/explain': STAFF, 'api/v1/ill/requests': STAFF,
    'api/v1/transport/items/<barcode>': STAFF, 'api/v1/volunteers/shifts': STAFF,
    'api/v1/volunteers/helped': STAFF, 'api/v1/statistics': STAFF,
    'api/v1/insight/holds-ratio': STAFF, 'api/v1/insight/weeding': STAFF,
    'api/v1/insight/profile/<agency>': STAFF, 'staff/': STAFF, 'staff/hold-shelf/': STAFF,
    'staff/pull-list/': STAFF, 'staff/transit/': STAFF, 'staff/patrons/': STAFF,
    'staff/patrons/new/': STAFF, 'staff/patrons/<int:patron_id>/': STAFF,
    'staff/patrons/<int:patron_id>/edit/': STAFF, 'staff/record/': STAFF,
    'staff/loan-rules/': STAFF, 'staff/loan-rules/new/': STAFF,
    'staff/loan-rules/<int:rule_id>/': STAFF, 'staff/sharing/incoming/': STAFF,
    'staff/sharing/outgoing/': STAFF, 'staff/sharing/<int:pk>/': STAFF,
    'staff/sharing/<int:pk>/slip/': STAFF, 'staff/transport/pack/': STAFF,
    'staff/transport/where/': STAFF, 'staff/transport/grant/': STAFF,
    'staff/transport/figures/': STAFF, 'staff/events/': STAFF, 'staff/events/new/': STAFF,
    'staff/events/occurrences/<int:pk>/': STAFF, 'staff/rooms/': STAFF,
    'staff/rooms/usage/': STAFF, 'staff/volunteers/': STAFF, 'staff/volunteers/shifts/': STAFF,
    'staff/exhibitions/': STAFF, 'staff/exhibitions/<int:exhibition_id>/': STAFF,
    'insight/': STAFF, 'insight/dashboard/<str:agency>/': STAFF, 'insight/holds/': STAFF,
    'insight/weeding/': STAFF, 'insight/profile/<str:agency>/': STAFF,
    'api/v1/works': PUBLIC, 'api/v1/works/<work_id>': PUBLIC, 'works/<int:work_id>/': PUBLIC,
    'events/<int:pk>/event.ics': PUBLIC, 'libraries/<slug:code>/': PUBLIC,
    'me/bookings/': PATRON, 'me/charges/': PATRON, 'me/favourites/': PATRON,
    'me/notices/': PATRON, 'me/suggestions/': PATRON, 'staff/front-page/': STAFF,
    'staff/suggestions/': STAFF, 'staff/works/<int:work_id>/': STAFF, 'staff/roles/': STAFF,
    'staff/acquisitions/': STAFF, 'staff/acquisitions/setup/': STAFF,
    'staff/acquisitions/lines/new/': STAFF, 'staff/acquisitions/orders/<int:pk>/': STAFF,
    'staff/acquisitions/invoices/': STAFF,
    'staff/digital/terms/': STAFF,
    'staff/catalogue/': STAFF, 'staff/records/new/': STAFF,
    'staff/records/<str:pid>/edit/': STAFF, 'staff/records/<str:pid>/copies/': STAFF,
    'staff/records/<str:pid>/merge/': STAFF, 'staff/authorities/': STAFF,
    'staff/authorities/<int:pk>/': STAFF, 'staff/sharing/sru/': STAFF,
    'staff/copies/': STAFF, 'staff/copies/<str:barcode>/': STAFF,
    'staff/stocktakes/': STAFF, 'staff/stocktakes/<int:pk>/': STAFF,
    'staff/weeding/<int:pk>/': STAFF,
    'api/v1/patron/fees': PATRON, 'staff/fees/daily/': STAFF, 'me/digital/': PATRON,
}

# Why a route is not asked here.
ACT = ("an act (POST, PATCH, DELETE), not a read; the desk scan is counted in"
       " tests/circulation/test_desk_statements.py")
DESCRIPTION = "the API's own description: the same whatever the rows"
REDIRECT = "answers with a redirect to a page that is checked"
TOKEN = "one registration's mailed link: one row by its token"
IMAGE = "one uploaded image's bytes"
ONE_ROW = "one front-page block's form: one row by its id"
NOT_CHECKED: dict[str, str] = {
    'records/<str:pid>/cover/': IMAGE, 'api/v1/openapi.json': DESCRIPTION,
    'me/favourites/<str:pid>/': ACT, 'works/<int:work_id>/reserve/': ACT,
    'staff/suggestions/<int:pk>/': ACT, 'staff/front-page/<int:pk>/': ONE_ROW,
    'api/v1/docs': DESCRIPTION, 'api/v1/events/occurrences/<occurrence_id>/registrations': ACT,
    'api/v1/events/registrations/confirm': ACT, 'api/v1/events/registrations/cancel': ACT,
    'api/v1/': DESCRIPTION, 'i18n/setlang/': REDIRECT, 'events/<int:pk>/register/': ACT,
    'events/cancel/<str:token>/': TOKEN, 'events/confirm/<str:token>/': TOKEN,
    'exhibitions/<slug:slug>/images/<int:image_id>/': IMAGE, 'api/v1/patron/session': ACT,
    'api/v1/patron/loans/renew': ACT, 'api/v1/patron/loans/<id>/renew': ACT,
    'api/v1/patron/reservations/<id>': ACT, 'api/v1/rooms/<slug>/bookings': ACT,
    'api/v1/patron/works/<work_id>/reservations': ACT,
    'api/v1/patrons/<card>/works/<work_id>/reservations': ACT,
    'api/v1/rooms/bookings/<id>': ACT, 'rooms/bookings/<int:pk>/cancel/': ACT,
    'rooms/<slug:slug>/book/': ACT, 'volunteer/shifts/<int:shift_id>/take/': ACT,
    'volunteer/signups/<int:signup_id>/drop/': ACT,
    'volunteer/signups/<int:signup_id>/log/': ACT, 'login/': REDIRECT, 'logout/': ACT,
    'me/renew/': ACT, 'me/reservations/<int:pk>/cancel/': ACT,
    'me/reservations/<int:pk>/pause/': ACT, 'me/reservations/<int:pk>/pickup/': ACT,
    'me/profile/pin/': ACT, 'me/profile/name/': ACT, 'me/data/delete/': ACT,
    'records/<str:pid>/reserve/': REDIRECT,
    'api/v1/circulation/checkout': ACT, 'api/v1/circulation/checkin': ACT,
    'api/v1/loans/<id>/renew': ACT, 'api/v1/loans/<id>/lost': ACT,
    'api/v1/patrons/<card>/blocks': ACT, 'api/v1/patrons/<card>/blocks/<id>': ACT,
    'api/v1/patrons/<card>/reservations/<id>': ACT, 'staff/logout/': ACT,
    'staff/desk/scan/': ACT, 'staff/desk/mode/': ACT, 'staff/desk/end/': ACT,
    'staff/pull-list/pull/': ACT, 'staff/patrons/<int:patron_id>/pin/': ACT,
    'staff/patrons/<int:patron_id>/blocks/': ACT,
    'staff/patrons/<int:patron_id>/blocks/<int:block_id>/lift/': ACT,
    'staff/loans/<int:loan_id>/renew/': ACT, 'staff/loans/<int:loan_id>/lost/': ACT,
    'staff/reservations/<int:reservation_id>/cancel/': ACT,
    'staff/loan-rules/<int:rule_id>/remove/': ACT, 'staff/sharing/<int:pk>/<slug:action>/': ACT,
    'staff/rooms/bookings/<int:pk>/': ACT,
    'staff/exhibitions/<int:exhibition_id>/submissions/<int:submission_id>/decide/': ACT,
    'staff/exhibitions/images/<int:image_id>/': IMAGE, 'staff/roles/<int:pk>/remove/': ACT,
    'staff/acquisitions/lines/<int:pk>/receive/': ACT,
    'staff/acquisitions/orders/<int:pk>/send/': ACT,
    'staff/acquisitions/orders/<int:pk>/order.edi': "one order's EDIFACT file, made by the"
    " same query for its lines whatever their number",
    'staff/stocktakes/<int:pk>/scan/': ACT, 'staff/stocktakes/<int:pk>/upload/': ACT,
    'staff/stocktakes/<int:pk>/confirm/': ACT, 'staff/weeding/<int:pk>/scan/': ACT,
    'staff/weeding/<int:pk>/finish/': ACT, 'insight/weeding/carry-out/': ACT,
    'me/charges/pay/': ACT, 'api/v1/patron/fees/payments': ACT,
    'payments/test/<uuid:payment_id>/': "one payment by its id, only for its payer",
    'staff/patrons/<int:patron_id>/fees/pay/': ACT,
    'staff/patrons/<int:patron_id>/fees/charge/': ACT,
    'staff/patrons/<int:patron_id>/fees/<int:entry_id>/waive/': ACT,
    'fbi/graphql': "POST only; 1 and 20 manifestations cost the same statements"
    " (tests/fbi/test_graphql.py::test_many_manifestations_cost_no_more_statements_than_one)",
    'userinfo': "the token's own patron, read with the token in one query; lists nothing",
    # The FBS Adapter answers bearer tokens only; tests/fbs/test_queries.py asks its reads
    # with few and many rows the same way.
    **dict.fromkeys((
        'external/agencyid/patrons/patronid/v4', 'external/agencyid/patrons/patronid/loans/v2',
        'external/v1/agencyid/patrons/patronid/reservations',
        'external/v1/agencyid/patrons/patronid/reservations/v2',
        'external/agencyid/patron/patronid/fees/v2'), "bearer tokens: tests/fbs/test_queries.py"),
    # The provider API of e-books answers bearer tokens only; tests/publizon/test_queries.py
    # asks its reads with few and many rows the same way.
    **dict.fromkeys((
        'publizon/v1/user/cardnumber/friendly',
        'publizon/v1/user/loans', 'publizon/v1/user/loans/<identifier>',
        'publizon/v1/user/reservations', 'publizon/v1/user/reservations/<identifier>',
        'publizon/v1/user/checklist', 'publizon/v1/user/checklist/<identifier>'),
        "bearer tokens: tests/publizon/test_queries.py"),
    **dict.fromkeys(('external/agencyid/patrons/patronid/v8',
                     'external/agencyid/patrons/withGuardian/v1',
                     'external/agencyid/patrons/patronid/loans/renew/v2'), ACT),
    'me/digital/<int:pk>/return/': ACT, 'digital/<str:pid>/borrow/': ACT,
    'digital/<str:pid>/reserve/': ACT,
    'digital/access/<str:token>/': "one loan's file by its signed link",
    'oai': "OAI-PMH needs a verb in the query, which this walk does not give; a page of"
    " records costs the same statements for 5 or 15 records: tests/oai/test_oai.py",
}

# Transactional, as in production: the per-process memories remember what they read.
pytestmark = pytest.mark.django_db(transaction=True)
SMALL, GROWTH = 2, 4  # rows of each kind, then this many more


def test_every_route_is_checked_or_says_why():
    ours = {route for route, kind in ROUTES.items() if kind in (PUBLIC, PATRON, STAFF)}
    assert not set(CHECKED) & set(NOT_CHECKED)
    missing = sorted(ours - set(CHECKED) - set(NOT_CHECKED))
    assert not missing, f"put these routes in CHECKED or NOT_CHECKED: {missing}"
    assert not sorted((set(CHECKED) | set(NOT_CHECKED)) - ours), "no longer routes"


class Library:
    """Glostrup with rows of every kind that pages list, made through the services."""

    def __init__(self, network) -> None:
        self.network = network
        self.branch = network.glostrup_main
        self.annex = Branch.objects.create(library=network.glostrup, code="glostrup-filial",
                                           name="Glostrup Filial", kind="branch")
        self.patron = make_patron(network.glostrup, name="Gitte Glostrup", card="7161009",
                                  keep_history=True)
        self.objects: dict = {"library": network.glostrup, "branch": self.branch,
                              "patron": self.patron}
        self.serial = 0
        # What the routes that name no object of their own ask for ("x": tests/web/
        # test_library_lines.fill), and the patron as a volunteer.
        Partner.objects.create(name="Skolen", slug="x")
        Hub.objects.create(code="x", name="Knudepunkt", library=network.glostrup,
                           region=network.glostrup.region)
        self.volunteer = Volunteer.objects.create(
            library=network.glostrup, name=self.patron.name, email=self.patron.email,
            patron=self.patron)

    def grow(self, n: int) -> None:
        for _ in range(n):
            self.serial += 1
            self._one(self.serial)

    def _one(self, k: int) -> None:
        now, network, me = timezone.now(), self.network, self.patron
        other = make_patron(network.glostrup, name=f"Låner {k}")
        record = make_record(f"Bog nummer {k}", creators=[f"Forfatter {k}"],
                             subjects=["krimi"])
        copies = [make_item(record, self.branch) for _ in range(3)]
        loan = services.check_out(me, copies[0].barcode, "glostrup")
        services.check_out(other, copies[1].barcode, "glostrup",
                           now=now - timedelta(days=90))  # overdue
        old = services.check_out(me, copies[2].barcode, "glostrup")
        services.check_in(old.item.barcode, "glostrup")  # in her history
        wanted = make_record(f"Venteliste {k}")
        services.check_out(other, make_item(wanted, self.branch).barcode, "glostrup")
        reservation = place_reservation(me, wanted, self.branch)  # waiting
        held = make_record(f"Reserveret {k}")
        copy = make_item(held, self.annex)
        place_reservation(other, held, self.branch)
        services.check_in(copy.barcode, "glostrup-filial")  # in transit to the hold shelf
        ready = make_record(f"Klar {k}")
        copy = make_item(ready, self.branch)
        place_reservation(me, ready, self.branch)
        services.check_in(copy.barcode, "glostrup")  # on the hold shelf
        block = Block.objects.create(patron=other, code="fees", reason=f"gebyr {k}")
        # Digital loans on Min side: one running, one given back (her history), one queued.
        digital.lend(me, make_title("free", title=f"E-bog {k}"))
        back = digital.lend(me, make_title("free", title=f"Lydbog {k}",
                                           material_type="eaudiobook"))
        digital.give_back(me, back.pk)
        queued = make_title("one_copy", title=f"Eftertragtet {k}")
        # Lent to someone unblocked: a blocked patron borrows nothing digital.
        digital.lend(make_patron(network.glostrup, name=f"Digital {k}"), queued)
        digital.reserve(me, queued)
        # Her account: a charge, a part payment and a waiver on every page that lists it.
        charge = accounts.manual_charge(me, "30", f"Beskadiget {k}",
                                        library_id=network.glostrup.pk, by=None)
        accounts.pay(me, "10", "cash", library_id=network.glostrup.pk)
        accounts.waive(me, charge.pk, "Fejl", by=None, amount="5")
        payment = OnlinePayment.objects.create(patron=me, library=network.glostrup,
                                               provider="test", amount=15, created=now)
        rule = LoanRule.objects.create(library=network.glostrup, material_type="film",
                                       loan_category=f"kat{k}", loan_days=7)
        start = now + timedelta(days=2, hours=k)
        room, _ = Room.objects.get_or_create(branch=self.branch, slug="moede-glostrup",
                                             defaults={"name": "Mødelokalet", "capacity": 6})
        booking = Booking.objects.create(room=room, patron=me, start=start + timedelta(days=k),
                                         end=start + timedelta(days=k, hours=1), created=now)
        series = make_series(network, now - timedelta(days=1), first_start=start,
                             capacity=20, library=network.glostrup.agency, partners=["x"],
                             branch=self.branch.code, title=f"Læsehund {k}")
        occurrence = series.occurrences.first()
        Registration.objects.create(occurrence=occurrence, patron=me, name=me.name,
                                    email=me.email, status="confirmed", created=now)
        role, _ = VolunteerRole.objects.get_or_create(name="Læsehund", slug="laesehund")
        volunteer = Volunteer.objects.create(library=network.glostrup, name=f"Frivillig {k}",
                                             email=f"frivillig{k}@example.dk", patron=other)
        shift = Shift.objects.create(branch=self.branch, title=f"Læsehund {k}", role=role,
                                     start=start, end=start + timedelta(hours=2),
                                     signup_opens=now - timedelta(days=1),
                                     signup_closes=start, dropout_deadline=start)
        signup = ShiftSignup.objects.create(shift=shift, volunteer=volunteer, signed_up=now)
        ShiftSignup.objects.create(shift=shift, volunteer=self.volunteer, signed_up=now)
        show = Exhibition.objects.create(title=f"Glostrup udstiller {k}",
                                         slug=f"glostrup-udstiller-{k}", branch=self.branch,
                                         starts=start.date(),
                                         ends=start.date() + timedelta(days=30))
        submission = Submission.objects.create(exhibition=show, name=f"Kunstner {k}",
                                               email=f"kunst{k}@example.dk", title="Havnen",
                                               submitted=now)
        ill = IllRequest.objects.create(role="requester", requester_isil="DK-716100",
                                        request_id=f"glostrup-{k}", library=network.glostrup,
                                        pickup_branch=self.branch, title=f"Gift {k}",
                                        pickup_name=me.name, created=now, updated=now)
        line = self._bought(record, k)
        if "first" in self.objects:
            return
        self.objects["first"] = {
            "order": line.order, "line": line,
            "loan": loan, "reservation": reservation, "block": block, "rule": rule,
            "record": record, "item": copies[0], "room": room, "booking": booking,
            "occurrence": occurrence, "shift": shift, "signup": signup, "exhibition": show,
            "submission": submission, "ill": ill, "entry": charge, "payment": payment,
            **copy_work(self.branch, copies[1])}

    def _bought(self, record, k: int):
        """An order of its own with two lines, one copy of each received, and an invoice."""
        library = self.network.glostrup
        if k == 1:
            CollectionPolicy.objects.create(library=library, gln="5798000000017")
            buying.add_vendor(library, "Leverandøren", "5790000000012")
            buying.add_fund(library, timezone.localdate().year, "MAT", "Materialer",
                            Decimal(10))
        vendor, fund = library.vendors.get(), library.funds.get()
        line = buying.add_line(vendor, fund, record, 3, Decimal(10), leader_confirms=True)
        buying.add_line(vendor, fund, record, 2, Decimal(10), leader_confirms=True)
        buying.send_order(line.order)
        for each in line.order.lines.all():
            done = buying.receive(each, self.branch, 1)
        buying.record_invoice(vendor, f"F-{k}", timezone.localdate(), Decimal(10),
                              [done.receipt.pk])
        return line

    def named(self) -> dict:
        return {**self.objects, **self.objects["first"]}


def _client(actor: str, network) -> Client:
    client = Client(raise_request_exception=True)
    if actor == "staff":
        user = User.objects.create_user("lone", password="hemmelig-42", is_staff=True)
        grant(user, network.glostrup, "leader")
        client.force_login(user)
    elif actor == "patron":
        assert client.post("/login/", {"card": "7161009", "pin": "1234"}).status_code == 302
    return client


def _statements(client: Client, url: str) -> tuple[int, list[str]]:
    client.get(url)  # warm: memories, kept answers, the session
    with CaptureQueriesContext(connection) as statements:
        status = client.get(url).status_code
    return status, [q["sql"] for q in statements]


def _urls(actor: str, named: dict) -> dict[str, str]:
    from reol.api import api

    schema, found = api.get_openapi_schema(), {}
    body = {"card": named["patron"].card, "branch": named["branch"].code, "q": "krimi",
            "library": named["library"].agency, "barcode": named["item"].barcode,
            "pid": named["record"].pid, "year": str(timezone.localdate().year),
            "source": named["branch"].code, "destination": named["branch"].code}
    for route, name, pattern in walk():
        if CHECKED.get(route) != actor:
            continue
        url = url_of(route, name, pattern, named)
        if route == "sru":  # a searchRetrieve of a page of MARCXML records, not the explain
            url += "?query=krimi&maximumRecords=50"
        if url.startswith("/api/"):
            query, _ = _shaped(schema, route, "get", body)
            url += ("?" + "&".join(f"{k}={v}" for k, v in query.items())) if query else ""
        found[route] = url
    return found


def test_no_page_or_api_read_runs_a_query_per_row(network, settings, tmp_path):
    """Every actor's routes in one library, built once: a few rows, then more (the rows take
    most of the time; building them once per actor would prove nothing more)."""
    settings.MEDIA_ROOT = tmp_path
    library = Library(network)
    library.grow(SMALL)
    actors = (PUBLIC, PATRON, STAFF)
    clients = {actor: _client(actor, network) for actor in actors}
    urls = {actor: _urls(actor, library.named()) for actor in actors}
    few = {actor: {route: _statements(clients[actor], url) for route, url in urls[actor].items()}
           for actor in actors}
    library.grow(GROWTH)
    more = {actor: {route: _statements(clients[actor], url) for route, url in urls[actor].items()}
            for actor in actors}
    grown = []
    for actor in actors:
        for route, url in urls[actor].items():
            before, after = few[actor][route], more[actor][route]
            assert before[0] == after[0], f"{actor} {url}: {before[0]} then {after[0]}"
            if len(after[1]) > len(before[1]):
                grown.append(f"{actor} {url}: {len(before[1])} -> {len(after[1])} statements;"
                             f" repeated: {_repeated(before[1], after[1])}")
    assert not grown, "statements grow with the rows:\n" + "\n".join(grown)


def _shape(statement: str) -> str:
    return re.sub(r"'[^']*'|\b\d+\b", "?", statement)[:200]


def _repeated(few: list[str], more: list[str]) -> list[str]:
    """The statements (values left out) run more often with more rows."""
    before, after = Counter(map(_shape, few)), Counter(map(_shape, more))
    return [shape for shape, n in after.items() if n > before[shape]][:3]
