"""A patron registered without a name, as the libraries' sites register them (reol/fbs
createV9 sends none): staff see the card and a marker instead of a blank, notices greet
without a name, and Min side asks the patron for it until they give it. Every other door
still refuses a patron without a name."""

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client

from reol.circulation import notices, patrons, services
from reol.circulation.models import Patron, PatronChange
from reol.circulation.reservations import place_reservation
from reol.core.models import Notice
from reol.core.roles import grant
from reol.errors import DomainError
from tests.factories import make_item, make_patron, make_record

pytestmark = pytest.mark.django_db
MARKER = "navn ikke oplyst"


def unnamed(network, card: str = "716100123456") -> Patron:
    return patrons.register(patrons.PatronData(
        card=card, pin="2468", name="", birth_date=date(1990, 2, 5), library="716100"),
        name_later=True)


def staff_client(network, name: str, role: str = "desk") -> Client:
    user = User.objects.create_user(name, password="hemmelig-42")
    grant(user, network.glostrup, role)
    client = Client()
    client.force_login(user)
    return client


def on_min_side(patron: Patron, pin: str = "2468") -> Client:
    client = Client()
    response = client.post("/login/", {"card": patron.card, "pin": pin})
    assert response.status_code == 302
    return client


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_reols_own_registration_still_refuses_a_patron_without_a_name(network):
    data = patrons.PatronData(card="55554444", pin="2468", name="   ",
                              birth_date=date(1990, 1, 14), library="716100")
    with pytest.raises(DomainError) as refused:
        patrons.register(data)
    assert refused.value.code == "no_name"
    desk = staff_client(network, "birte")
    form = desk.post("/staff/patrons/new/", {
        "library": "716100", "card": "55554444", "pin": "2468", "name": "   ",
        "birth_date": "1990-01-14", "language": "da", "pickup_branch": "", "guardian_card": ""})
    assert form.status_code == 400
    assert not Patron.objects.exists()
    assert patrons.register(data, name_later=True).name == ""  # only when asked for


def test_a_name_once_given_is_never_taken_away(network):
    karen = make_patron(network.glostrup, name="Karen Blixen")
    with pytest.raises(DomainError) as refused:
        patrons.update(karen, {"name": "  "})
    assert refused.value.code == "no_name"
    karen.refresh_from_db()
    assert karen.name == "Karen Blixen"


def test_staff_pages_show_the_card_and_a_marker_instead_of_a_blank(network):
    patron = unnamed(network)
    shown = f"{patron.card} ({MARKER})"
    desk = staff_client(network, "birte")
    for url in (f"/staff/patrons/{patron.pk}/", "/staff/patrons/?q=716100123456",
                f"/staff/patrons/{patron.pk}/edit/"):
        assert shown in page(desk, url), url
    scanned = desk.post("/staff/desk/scan/", {"code": patron.card})
    assert scanned.status_code in (200, 302)
    assert shown in page(desk, "/staff/")
    book = make_record("Kongens Fald")
    item = make_item(book, network.glostrup_main)
    services.check_out(make_patron(network.glostrup), item.barcode, "glostrup")
    place_reservation(patron, book, "glostrup")
    services.check_in(item.barcode, "glostrup")  # on the hold shelf, for the patron
    assert shown in page(desk, "/staff/hold-shelf/")
    leader = staff_client(network, "lone", "leader")
    record = page(leader, f"/staff/record/?card={patron.card}")
    assert shown in record and f"{shown} ({patron.card})" not in record


def test_notices_greet_a_patron_without_a_name_without_one(network):
    for card, language, greeting in (("716100000001", "da", "Kære låner\n\n"),
                                     ("716100000002", "en", "Dear patron,\n\n")):
        patron = unnamed(network, card=card)
        Patron.objects.filter(pk=patron.pk).update(language=language, email="x@example.dk")
        patron.refresh_from_db()
        item = make_item(make_record("Kongens Fald"), network.glostrup_main)
        loan = services.check_out(patron, item.barcode, "glostrup")
        notices.queue(patron, "due_soon", f"due_soon:{loan.pk}", loan=loan)
        body = Notice.objects.get(patron_id=patron.pk, channel="email").body
        assert body.startswith(greeting), body[:40]


def test_min_side_asks_for_the_name_saves_it_and_stops_asking(network):
    patron = unnamed(network)
    client = on_min_side(patron)
    loans = page(client, "/me/")
    assert "Hvad hedder du?" in loans and 'action="/me/profile/name/"' in loans
    assert 'name="csrfmiddlewaretoken"' in loans
    saved = client.post("/me/profile/name/", {"name": "  Signe Holm  "})
    assert saved.status_code == 302 and saved["Location"] == "/me/profile/"
    patron.refresh_from_db()
    assert patron.name == "Signe Holm"
    change = PatronChange.objects.filter(patron=patron, action="updated").get()
    assert change.fields == {"changed": ["name"]} and change.user is None
    after = page(client, "/me/profile/")
    assert "Tak. Nu har biblioteket dit navn." in after
    assert "Hvad hedder du?" not in page(client, "/me/")


def test_an_empty_or_too_long_name_is_refused_in_danish_and_nothing_is_saved(network):
    patron = unnamed(network)
    client = on_min_side(patron)
    for sent, said in (("   ", "Skriv dit navn."), ("", "Skriv dit navn."),
                       ("x" * 201, "højst have 200 tegn")):
        refused = client.post("/me/profile/name/", {"name": sent})
        assert refused.status_code == 400
        html = refused.content.decode()
        assert said in html and 'role="alert"' in html, sent
    patron.refresh_from_db()
    assert patron.name == "" and not PatronChange.objects.filter(action="updated").exists()


def test_a_patron_with_a_name_cannot_rename_themselves_on_min_side(network):
    karen = make_patron(network.glostrup, name="Karen Blixen", pin="2468")
    client = on_min_side(karen)
    assert "Hvad hedder du?" not in page(client, "/me/")
    refused = client.post("/me/profile/name/", {"name": "Tania"})
    assert refused.status_code == 400
    assert "Biblioteket har allerede dit navn" in refused.content.decode()
    karen.refresh_from_db()
    assert karen.name == "Karen Blixen"


def test_the_name_form_needs_the_csrf_token_and_a_logged_in_patron(network):
    patron = unnamed(network)
    client = Client(enforce_csrf_checks=True)
    client.cookies = on_min_side(patron).cookies
    assert client.post("/me/profile/name/", {"name": "Signe Holm"}).status_code == 403
    stranger = Client().post("/me/profile/name/", {"name": "Signe Holm"})
    assert stranger.status_code == 302 and "/login/" in stranger["Location"]
    patron.refresh_from_db()
    assert patron.name == ""



def test_an_event_registration_and_a_room_booking_name_the_card_not_a_blank(network):
    from reol.events import registration
    from reol.rooms.models import Booking
    from tests.events.helpers import at, make_series

    patron = unnamed(network)
    now = at("2026-03-01 10:00")
    occurrence = make_series(network, now, registration_required=True).occurrences.get()
    signed_up = registration.register(occurrence.pk, patron=patron, now=now)
    assert signed_up.name == f"{patron.card} (navn ikke oplyst)"
    assert Booking(patron=patron, name="").who == f"{patron.card} (navn ikke oplyst)"
