"""Reserving is simple: the work page tells the queue and the due dates before the patron
reserves, offers houses before bookmobile stops, and says why instead of a form; Min side
asks before cancelling."""

import re

import pytest
from django.test import Client

from reol.circulation import patrons, services
from reol.circulation.reservations import reserve_work
from reol.libraries.models import BookmobileStop
from tests.factories import make_item, make_patron, make_record


@pytest.fixture
def randers(network):
    for n in range(3):
        BookmobileStop.objects.create(branch=network.randers_bus, position=n, name=f"Stop {n}")
    return make_patron(network.randers, pin="4321", language="en")


@pytest.fixture
def work(network):
    book = make_record("Det syvende barn", creators=["Erik Valeur"])
    audio = make_record("Det syvende barn : roman", creators=["Erik Valeur"],
                        material_type="audiobook")
    lent = make_item(book, network.randers_main)
    services.check_out(make_patron(network.randers), lent.barcode, "randers-hb")
    make_item(audio, network.randers_main)
    book.refresh_from_db()
    return book.work


def page_of(patron, work) -> str:
    client = Client()
    client.post("/login/", {"card": patron.card, "pin": "4321"})
    return client.get(f"/works/{work.pk}/").content.decode()


def test_the_work_page_shows_queue_and_due_dates_before_reserving(network, randers, work):
    reserve_work(make_patron(network.randers), work, "book", "randers-hb")
    page = page_of(randers, work)
    book = page[page.index('data-format="book"'):page.index('data-format="audiobook"')]
    assert "1 patron waiting" in book and "copies on loan due back" in book
    assert "Reserve as book (any edition)" in book


def test_houses_come_before_the_bookmobile_stops(randers, work):
    page = page_of(randers, work)
    options = re.findall(r'<option value="([^"]+)"', page)
    assert options.index("randers-hb") < min(i for i, v in enumerate(options) if ":" in v)


def test_a_blocked_patron_sees_why_instead_of_a_form(randers, work):
    patrons.add_block(randers, "suspended", "")
    page = page_of(randers, work)
    assert "You cannot reserve right now:" in page and "The card is suspended" in page
    assert "any edition)</button>" not in page


def test_min_side_asks_before_cancelling(randers, work):
    reserve_work(randers, work, "audiobook", "randers-hb")
    client = Client()
    client.post("/login/", {"card": randers.card, "pin": "4321"})
    page = client.get("/me/reservations/").content.decode()
    assert "<details class=\"confirm\">" in page and "Yes, cancel the reservation" in page
    assert "audiobook, any edition" in page
