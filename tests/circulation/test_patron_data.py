"""A patron's own data: downloaded as JSON from "My data" and GET /api/v1/patron/data, and
deleted on request — refused while a loan is out or money is owed, otherwise carried out, with
the statistics kept anonymous (docs/privacy.md)."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone

from reol.circulation import notices, patrons, privacy, rules, services
from reol.circulation.models import Loan, Patron, PatronChange, Reservation
from reol.circulation.reservations import place_reservation
from reol.core.models import Event
from reol.errors import DomainError
from reol.events import registration
from reol.events.models import Registration
from reol.events.services import SeriesData, create_series
from reol.rooms.models import Booking, Room
from reol.sharing.models import IllRequest
from tests.circulation.test_api import API, basic
from tests.factories import make_item, make_patron, make_record

TITLE = "Sommerfuglens Hemmelighed"


@pytest.fixture
def agnete(network) -> Patron:
    return make_patron(network.glostrup, name="Agnete Privatsen", email="agnete@example.dk",
                       phone="20304050", notify_sms=True, pin="4321", language="en",
                       pickup_branch=network.glostrup_main)


def lend(patron: Patron, network, title: str = TITLE) -> Loan:
    item = make_item(make_record(title), network.glostrup_main)
    return services.check_out(patron, item.barcode, "glostrup")


def reserve(patron: Patron, network, title: str = "Kongens Fald") -> Reservation:
    record = make_record(title)
    make_item(record, network.glostrup_main, status="on_loan")
    return place_reservation(patron, record, "glostrup")


def log_in(client, patron: Patron, pin: str = "4321") -> None:
    assert client.post("/login/", {"card": patron.card, "pin": pin}).status_code == 302


def mentions(patron: Patron) -> list[str]:
    """Every row in any table whose text, reference or foreign key names the patron."""
    words = [patron.card, patron.name, patron.email, patron.phone, str(patron.reference),
             patron.reference.hex]
    found = []
    for model in apps.get_models(include_auto_created=True):
        for obj in model._base_manager.all():
            for column in model._meta.concrete_fields:
                value = getattr(obj, column.attname)
                if value is None:
                    continue
                if (column.is_relation and column.related_model is Patron) or (
                        not column.is_relation and column.attname == "patron_id"):
                    hit = value == patron.pk  # a foreign key, or a plain id (core.Notice)
                elif isinstance(column, models.UUIDField):
                    hit = value == patron.reference
                elif isinstance(column, models.CharField | models.TextField | models.JSONField):
                    text = value if isinstance(value, str) else json.dumps(value)
                    hit = any(w in text for w in words)
                else:
                    hit = False
                if hit:
                    found.append(f"{model._meta.label}.{column.name}")
    return found


# --- the rules ------------------------------------------------------------------------------


def test_deletion_is_refused_with_a_reason_while_loans_are_out_or_money_is_owed():
    out = rules.deletion_refusal(2, Decimal("0"))
    assert out.code == "deletion_open_loans" and "2" in out.da and "Return" in out.en
    owed = rules.deletion_refusal(0, Decimal("120"))
    assert owed.code == "deletion_open_fees" and "120.00" in owed.da
    assert rules.deletion_refusal(0, Decimal("0")) is None


def test_a_notice_key_says_which_loan_or_reservation_it_is_about():
    assert rules.notice_concerns("overdue:42:2026-11-20") == ("loan", 42)
    assert rules.notice_concerns("ready:7:2026-11-06") == ("reservation", 7)
    assert rules.notice_concerns("expired:9") == ("reservation", 9)
    assert rules.notice_concerns("something:else") is None


# --- download -------------------------------------------------------------------------------


def test_the_api_hands_the_patron_everything_held_about_them(client, network, agnete):
    loan = lend(agnete, network)
    reservation = reserve(agnete, network)
    patrons.add_block(agnete, "other", "Brugte en andens kort")
    notices.queue(agnete, "due_soon", f"due_soon:{loan.pk}:{loan.due}", loan=loan)
    lend(make_patron(network.glostrup, name="Ole Anden"), network, "Andres Bog")

    answer = client.get(f"{API}/patron/data", **basic(agnete, "4321"))
    assert answer.status_code == 200
    document = answer.json()
    assert document["patron"]["card"] == agnete.card
    assert document["patron"]["email"] == "agnete@example.dk"
    assert "pin" not in document["patron"] and agnete.pin not in answer.content.decode()
    data = document["data"]
    assert [row["item_title"] for row in data["circulation.loan"]] == [TITLE]
    assert [row["record"] for row in data["circulation.reservation"]] == ["Kongens Fald"]
    assert [row["reason"] for row in data["circulation.block"]] == ["Brugte en andens kort"]
    assert {row["kind"] for row in data["circulation.notice"]} == {"due_soon"}
    assert any(TITLE in row["body"] for row in data["circulation.notice"])
    logged = {(row["kind"], row["record"]) for row in data["circulation.event"]}
    assert ("checkout", TITLE) in logged and ("reservation_placed", "Kongens Fald") in logged
    assert document["retention_days"] == 30
    # Nobody else's rows.
    assert "Andres Bog" not in answer.content.decode()
    assert reservation.pk in {row["id"] for row in data["circulation.reservation"]}


def test_the_api_asks_for_the_patrons_card_and_pin(client, agnete):
    assert client.get(f"{API}/patron/data").status_code == 401
    assert client.get(f"{API}/patron/data", **basic(agnete, "0000")).status_code == 401


def test_my_data_page_downloads_the_same_json(client, network, agnete):
    lend(agnete, network)
    log_in(client, agnete)
    page = client.get("/me/data/")
    assert page.status_code == 200 and "/me/data/download/" in page.content.decode()
    download = client.get("/me/data/download/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/json"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "no-store" in download["Cache-Control"]
    document = json.loads(download.content)
    assert document["patron"]["name"] == "Agnete Privatsen"
    assert [row["item_title"] for row in document["data"]["circulation.loan"]] == [TITLE]


def test_my_data_is_only_for_the_logged_in_patron(client):
    assert client.get("/me/data/download/").status_code == 302
    assert client.post("/me/data/delete/", {"confirm": "yes", "pin": "4321"}).status_code == 302


# --- deletion -------------------------------------------------------------------------------


def test_deletion_is_refused_while_a_loan_is_out(client, network, agnete):
    lend(agnete, network)
    log_in(client, agnete)
    page = client.get("/me/data/")
    assert "Return them before we can delete your data" in page.content.decode()
    answer = client.post("/me/data/delete/", {"confirm": "yes", "pin": "4321"})
    assert answer.status_code == 409
    assert "You have 1 loan(s). Return them" in answer.content.decode()
    assert Patron.objects.filter(pk=agnete.pk).exists()


def test_deletion_is_refused_while_a_charge_is_owed(network, agnete):
    loan = lend(agnete, network)
    services.declare_lost(loan)  # the replacement charge is owed
    with pytest.raises(DomainError) as refused:
        services.delete_patron(agnete)
    assert refused.value.code == "deletion_open_fees"
    assert Patron.objects.filter(pk=agnete.pk).exists()


def test_deletion_needs_the_pin_and_the_tick(client, network, agnete):
    log_in(client, agnete)
    assert client.post("/me/data/delete/", {"pin": "4321"}).status_code == 400
    assert client.post("/me/data/delete/", {"confirm": "yes", "pin": "9999"}).status_code == 400
    assert Patron.objects.filter(pk=agnete.pk).exists()


def test_deletion_removes_the_patron_and_everything_that_names_them(client, network, agnete):
    Patron.objects.filter(pk=agnete.pk).update(keep_history=True)
    agnete.refresh_from_db()
    loan = lend(agnete, network)
    services.check_in(loan.item.barcode, "glostrup")  # kept in the history
    reservation = reserve(agnete, network)  # still waiting: cancelled
    patrons.add_block(agnete, "other", "Agnete glemte kortet")
    notices.queue(agnete, "due_soon", f"due_soon:{loan.pk}:{loan.due}", loan=loan)
    patrons.update(agnete, {"phone": "20304051"}, by=None)
    agnete.refresh_from_db()
    IllRequest.objects.create(
        role="requester", requester_isil="DK-716100", request_id="r1",
        library=network.glostrup, title=TITLE, patron_ref=str(agnete.reference),
        created=timezone.now(), updated=timezone.now())
    events_before = Event.objects.count()
    assert mentions(agnete)

    log_in(client, agnete)
    answer = client.post("/me/data/delete/", {"confirm": "yes", "pin": "4321"})
    assert answer.status_code == 200
    assert "Your data is deleted" in answer.content.decode()

    assert not Patron.objects.filter(pk=agnete.pk).exists()
    assert mentions(agnete) == []
    # The statistics keep every act, anonymous; the returned loan stays, without a borrower.
    assert Event.objects.count() == events_before + 1  # the cancellation
    assert Loan.objects.get(pk=loan.pk).patron_id is None
    assert not Reservation.objects.filter(pk=reservation.pk).exists()
    assert not PatronChange.objects.filter(patron_id=agnete.pk).exists()
    # Logged out: the session no longer names anyone.
    assert client.get("/me/").status_code == 302


def test_deletion_cancels_coming_event_registrations_and_room_bookings(network, agnete):
    now = timezone.now()
    series = create_series(SeriesData(
        library=network.glostrup.agency, branch=network.glostrup_main.code, title="Læsekreds",
        category="reading", first_start=now + timedelta(days=10), capacity=1,
        registration_required=True), now=now)
    occurrence = series.occurrences.get()
    mine = registration.register(occurrence, patron=agnete, now=now)
    waiting = registration.register(occurrence, name="Bent Venter", email="bent@example.dk",
                                    now=now)
    room = Room.objects.create(branch=network.glostrup_main, name="Studierummet", slug="studie",
                               capacity=4)
    start = (now + timedelta(days=2)).replace(hour=12, minute=0, second=0, microsecond=0)
    booking = Booking.objects.create(room=room, patron=agnete, start=start,
                                     end=start + timedelta(hours=1), purpose="Agnete læser",
                                     created=now)

    counts = services.delete_patron(agnete)

    assert counts["registrations_cancelled"] == 1 and counts["bookings_cancelled"] == 1
    mine = Registration.objects.get(pk=mine.pk)
    assert (mine.status, mine.patron_id, mine.name, mine.email) == ("cancelled", None, "", "")
    assert Registration.objects.get(pk=waiting.pk).status == "confirmed"  # moved up
    booking.refresh_from_db()
    assert (booking.status, booking.patron_id, booking.purpose) == ("cancelled", None, "")
    assert mentions(agnete) == []


def test_every_table_that_points_at_a_patron_is_in_the_export():
    """A model added later with a foreign key to Patron is exported without anyone
    remembering to: the export walks the model graph."""
    pointing = {f.model._meta.label_lower for m in apps.get_models()
                for f in m._meta.concrete_fields
                if f.is_relation and f.related_model is Patron and f.model is not Patron}
    walked = {r.related_model._meta.label_lower for r in privacy._relations()}
    assert pointing <= walked
    # Below circulation a patron is named by a plain id (core cannot point up at Patron), and
    # each such table is handled by hand: notices are exported and deleted (privacy.py), the
    # staff record's rows deleted with the patron (core/tracked.py). A new one must join them.
    plain = {m._meta.label_lower for m in apps.get_models() for f in m._meta.concrete_fields
             if not f.is_relation and f.attname == "patron_id"}
    assert plain == {"core.notice", "core.staffchange"}, plain


def test_the_refusal_is_in_danish_for_a_danish_patron(client, network):
    patron = make_patron(network.glostrup, pin="4321", language="da")
    lend(patron, network)
    log_in(client, patron)
    answer = client.post("/me/data/delete/", {"confirm": "yes", "pin": "4321"})
    assert answer.status_code == 409
    assert "Du har 1 lån. Aflever dem" in answer.content.decode()


def test_the_history_page_states_the_retention_period(client, agnete, settings):
    settings.REOL_RETENTION_DAYS = 14
    log_in(client, agnete)
    page = client.get("/me/history/").content.decode()
    assert "after 14 days nothing the library keeps ties you to the title" in page
