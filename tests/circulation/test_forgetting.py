""""The library forgets" (docs/privacy.md): once a loan is returned by a patron who keeps no
history and REOL_RETENTION_DAYS have passed, no row of any table and no file reol wrote ties
that patron to that title — found by searching every column of every model and every file."""

import email
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone

from reol.catalogue.models import Item, Record
from reol.circulation import services
from reol.circulation.models import Loan, LoanRule, Patron, Reservation
from reol.circulation.reservations import place_reservation
from reol.core import jobs as core_jobs
from reol.core import outbox
from reol.core.models import Notice
from tests.factories import make_item, make_patron, make_record

TITLE = "Sommerfuglens Hemmelighed"
TEXT = (models.CharField, models.TextField, models.JSONField)


@dataclass
class Trail:
    """What names the patron and what names the title, as the search looks for them."""

    patron: Patron
    record: Record
    item: Item
    loans: set[int] = field(default_factory=set)
    reservations: set[int] = field(default_factory=set)

    def patron_words(self) -> list[str]:
        p = self.patron
        return [p.card, p.name, p.email, p.phone, str(p.reference), p.reference.hex]

    def title_words(self) -> list[str]:
        return [self.record.title, self.record.pid, self.item.barcode]

    def refs(self) -> dict[type, set]:
        return {Patron: {self.patron.pk}, Record: {self.record.pk}, Item: {self.item.pk},
                Loan: self.loans, Reservation: self.reservations}


def ties_in_tables(trail: Trail) -> list[str]:
    """Every row of every table that holds a patron identifier and a title identifier."""
    found = []
    refs = trail.refs()
    for model in apps.get_models(include_auto_created=True):
        columns = list(model._meta.concrete_fields)
        for values in model._base_manager.values_list(*(f.attname for f in columns)):
            names_patron = names_title = False
            for column, value in zip(columns, values, strict=True):
                if value is None:
                    continue
                if column.is_relation:
                    target = column.related_model
                    hit = value in refs.get(target, ())
                    names_patron |= hit and target is Patron
                    names_title |= hit and target is not Patron
                elif isinstance(column, models.UUIDField):
                    names_patron |= value == trail.patron.reference
                elif isinstance(column, TEXT):
                    text = value if isinstance(value, str) else json.dumps(value)
                    names_patron |= any(w and w in text for w in trail.patron_words())
                    names_title |= any(w in text for w in trail.title_words())
            if model is Patron and values[0] == trail.patron.pk:
                names_patron = True
            if names_patron and names_title:
                found.append(f"{model._meta.label}: {values}")
    return found


def readable(path: Path) -> str:
    """A file as text; mail files decoded message by message (bodies may be encoded)."""
    raw = path.read_bytes()
    text = raw.decode("utf-8", "replace")
    if path.suffix != ".log":
        return text
    parts = [text]
    for chunk in text.split("-" * 79):
        if not chunk.strip():
            continue
        message = email.message_from_string(chunk.strip())
        parts.extend(f"{k}: {v}" for k, v in message.items())
        for part in message.walk():
            payload = part.get_payload(decode=True)
            if payload:
                parts.append(payload.decode(part.get_content_charset() or "utf-8", "replace"))
    return "\n".join(parts)


def ties_in_files(trail: Trail, *directories: Path) -> list[str]:
    found = []
    for directory in directories:
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            if ".sqlite3" in path.name:  # the database itself: its rows are searched above
                continue
            text = readable(path)
            if (any(w and w in text for w in trail.patron_words())
                    and any(w in text for w in trail.title_words())):
                found.append(str(path))
    return found


@pytest.fixture
def written(settings, tmp_path) -> dict[str, Path]:
    """Mail and SMS go to files, as the default settings have it, in this test's directories."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    settings.REOL_SMS_URL = f"file://{tmp_path}/sms"
    return {"mail": tmp_path / "mail", "sms": tmp_path / "sms"}


@pytest.fixture
def an_ordinary_morning():
    """The trail runs on a weekday morning when the library is open: on a holiday or at night
    the pickup notice waits for opening hours, and this test is about forgetting, not the
    calendar (which has its own tests at the chosen dates)."""
    with time_machine.travel(datetime(2026, 11, 10, 10, tzinfo=ZoneInfo("Europe/Copenhagen")),
                             tick=True):
        yield


def borrow_and_return(network) -> tuple[Trail, datetime]:
    """A patron without history reserves a title, is told by mail and SMS that it waits, is
    reminded before the due date, borrows and returns it. Returns the trail and the return."""
    patron = make_patron(network.glostrup, name="Agnete Privatsen", email="agnete@example.dk",
                         phone="20304050", notify_email=True, notify_sms=True,
                         pickup_branch=network.glostrup_main)
    record = make_record(TITLE)
    item = make_item(record, network.glostrup_main)
    first = make_patron(network.glostrup, name="Første Låner")
    services.check_out(first, item.barcode, "glostrup")
    reservation = place_reservation(patron, record, "glostrup")
    services.check_in(item.barcode, "glostrup")  # on the hold shelf: "ready" is queued
    outbox.send_pending()
    loan = services.check_out(patron, item.barcode, "glostrup")
    reminder = timezone.make_aware(datetime.combine(loan.due - timedelta(days=2),
                                                    datetime.min.time())) + timedelta(hours=8)
    core_jobs.run_all(reminder)  # queues and sends the due-soon reminder
    returned = reminder + timedelta(days=1)
    services.check_in(item.barcode, "glostrup", now=returned)
    return Trail(patron, record, item, loans={loan.pk},
                 reservations={reservation.pk}), returned


def test_after_the_retention_period_nothing_ties_the_patron_to_the_title(
        an_ordinary_morning, network, written):
    trail, returned = borrow_and_return(network)
    var = Path(settings.VAR_DIR)
    # Before the period: the trail is there, and the search finds it where it should.
    rows = ties_in_tables(trail)
    for label in ("circulation.Reservation", "core.Event", "core.Notice"):
        assert any(r.startswith(label) for r in rows), (label, rows)
    files = ties_in_files(trail, written["mail"], written["sms"])
    assert any("/mail/" in f for f in files) and any("/sms/" in f for f in files), files

    later = returned + timedelta(days=settings.REOL_RETENTION_DAYS, hours=1)
    with time_machine.travel(later, tick=False):
        summary = core_jobs.run_all()
    assert not summary.errors

    assert ties_in_tables(trail) == []
    assert ties_in_files(trail, written["mail"], written["sms"], var) == []
    assert summary.done["forget"]["reservations"] >= 1
    # What the statistics need is still there, anonymous.
    assert Loan.objects.filter(pk__in=trail.loans, patron=None).exists()
    assert trail.patron.__class__.objects.filter(pk=trail.patron.pk).exists()


def test_within_the_retention_period_the_trail_is_kept(an_ordinary_morning, network, written,
                                                       settings):
    """The period is a promise both ways: "I returned it" and "I never got the notice" can be
    answered for REOL_RETENTION_DAYS."""
    # Longer than a loan: with the default 30 days, a 30-day loan lent just after midnight in
    # Copenhagen (still the day before in UTC) came back after the period had nearly run out.
    settings.REOL_RETENTION_DAYS = 60
    start = timezone.now()  # when the reservation closed: the first act to be forgotten
    trail, returned = borrow_and_return(network)
    assert returned < start + timedelta(days=settings.REOL_RETENTION_DAYS - 1)
    with time_machine.travel(start + timedelta(days=settings.REOL_RETENTION_DAYS - 1),
                             tick=False):
        core_jobs.run_all()
    assert ties_in_tables(trail)
    assert ties_in_files(trail, written["mail"], written["sms"])


def test_a_loan_still_out_keeps_its_notices_so_the_reminder_is_not_sent_again(network,
                                                                                written):
    LoanRule.objects.create(renewals=0)  # so the loan falls overdue
    patron = make_patron(network.glostrup, notify_email=True)
    item = make_item(make_record(TITLE), network.glostrup_main)
    loan = services.check_out(patron, item.barcode, "glostrup")
    overdue = timezone.make_aware(datetime.combine(loan.due + timedelta(days=1),
                                                   datetime.min.time()))
    first = core_jobs.run_all(overdue)
    assert first.done["overdue"]["queued"] == 1
    much_later = overdue + timedelta(days=settings.REOL_RETENTION_DAYS + 5)
    with time_machine.travel(much_later, tick=False):
        again = core_jobs.run_all()
    assert again.done["overdue"]["queued"] == 0
    assert Notice.objects.filter(patron_id=patron.pk, kind="overdue").count() == 1


def test_files_that_reol_did_not_write_are_left_alone(network, written):
    written["mail"].mkdir(parents=True)
    mine = written["mail"] / "notes.txt"
    mine.write_text("the operator's own notes")
    with time_machine.travel(timezone.now() + timedelta(days=365), tick=False):
        core_jobs.run_all()
    assert mine.exists()


def test_mail_goes_to_files_under_var_by_default_never_to_the_console(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "REOL_EMAIL_URL"}
    env.update(REOL_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="reol.settings")
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "print(s.EMAIL_BACKEND); print(s.EMAIL_FILE_PATH)")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True).stdout.split()
    assert out == ["django.core.mail.backends.filebased.EmailBackend", str(tmp_path / "mail")]


def test_a_closed_interlibrary_request_forgets_its_patron_after_the_period(
        an_ordinary_morning, network, written):
    """The request and its ISO 18626 messages carry the patron's reference beside the title."""
    from reol.sharing import iso18626 as iso
    from reol.sharing.models import IllMessage, IllRequest
    from reol.sharing.routing import _request_message

    trail, returned = borrow_and_return(network)
    request = IllRequest.objects.create(
        role="requester", requester_isil="DK-716100", supplier_isil="DK-763000",
        request_id="r1", library=network.glostrup, state="closed", record=trail.record,
        title=TITLE, pid=trail.record.pid, patron_ref=str(trail.patron.reference),
        pickup_name="Glostrup Bibliotek", created=timezone.now(), updated=timezone.now())
    message = _request_message(request)
    message.requester, message.supplier = "DK-716100", "DK-763000"
    message.request_id, message.time = "r1", timezone.now()
    body = iso.build(message, validate=False).decode()
    assert str(trail.patron.reference) in body and TITLE in body
    IllMessage.objects.create(direction="out", request=request, kind="request",
                              to_isil="DK-763000", body=body)
    with time_machine.travel(returned + timedelta(days=settings.REOL_RETENTION_DAYS, hours=1),
                             tick=False):
        core_jobs.run_all()
    assert ties_in_tables(trail) == []
    assert TITLE in IllMessage.objects.get().body  # the record of the exchange stays


def test_past_event_registrations_and_room_bookings_keep_only_numbers(network):
    from reol.events import registration
    from reol.events.models import Registration
    from reol.events.services import SeriesData, create_series
    from reol.rooms.models import Booking, Room

    now = timezone.now()
    patron = make_patron(network.glostrup, name="Agnete Privatsen")
    series = create_series(SeriesData(
        library=network.glostrup.agency, branch=network.glostrup_main.code, title="Sorggruppe",
        category="talk", first_start=now + timedelta(days=3), registration_required=True),
        now=now)
    mine = registration.register(series.occurrences.get(), patron=patron, now=now)
    room = Room.objects.create(branch=network.glostrup_main, name="Studierummet", slug="s",
                               capacity=4)
    booking = Booking.objects.create(room=room, patron=patron, start=now + timedelta(days=1),
                                     end=now + timedelta(days=1, hours=1), created=now,
                                     purpose="Agnete øver")
    with time_machine.travel(now + timedelta(days=settings.REOL_RETENTION_DAYS + 5),
                             tick=False):
        core_jobs.run_all()
    mine = Registration.objects.get(pk=mine.pk)
    assert (mine.patron_id, mine.name, mine.email, mine.party_size) == (None, "", "", 1)
    booking.refresh_from_db()
    assert (booking.patron_id, booking.name, booking.purpose) == (None, "", "")
