"""The staff pages through the real views, services and templates: the desk, the branch
lists, patrons; and that staff act only within their own library."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone

from reol.catalogue.models import Item
from reol.circulation import patrons, services
from reol.circulation.models import Block, Loan, LoanRule, Patron, PatronChange, Reservation
from reol.circulation.reservations import place_reservation
from reol.core.roles import grant
from tests.factories import make_item, make_patron, make_record, renewable_now

NOT_YOUR_LIBRARY = "Du kan kun handle på vegne af dit eget bibliotek."


def staff(name: str, library, role: str = "desk") -> User:
    user = User.objects.create_user(name, password="hemmelig-42")
    grant(user, library, role)
    return user


@pytest.fixture
def desk_user(network):
    return staff("birte", network.glostrup)


@pytest.fixture
def leader(network):
    return staff("lone", network.glostrup, "leader")


@pytest.fixture
def desk(client, desk_user):
    client.force_login(desk_user)
    return client


@pytest.fixture
def book(network):
    return make_record("Kongens Fald", creators=["Johannes V. Jensen"])


@pytest.fixture
def karen(network):
    return make_patron(network.glostrup, name="Karen Blixen", card="11112222")


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def text(response) -> str:
    return response.content.decode()


def scan(client, code: str, **headers):
    return client.post("/staff/desk/scan/", {"code": code}, headers=headers)


def desk_page(client) -> str:
    response = client.get("/staff/")
    assert response.status_code == 200
    return text(response)


# --- log in ---------------------------------------------------------------------------------


def test_staff_pages_ask_for_a_log_in_and_land_on_the_desk(client, desk_user):
    response = client.get("/staff/")
    assert response.status_code == 302 and response["Location"] == "/staff/login/?next=/staff/"
    assert 'autocomplete="current-password"' in text(client.get("/staff/login/"))
    wrong = client.post("/staff/login/", {"username": "birte", "password": "forkert"})
    assert wrong.status_code == 200 and 'role="alert"' in text(wrong)
    response = client.post("/staff/login/", {"username": "birte", "password": "hemmelig-42"})
    assert response.status_code == 302 and response["Location"] == "/staff/"
    assert "<h1>Skranke på Glostrup Bibliotek</h1>" in desk_page(client)
    assert client.post("/staff/logout/").status_code == 302
    assert client.get("/staff/").status_code == 302


def test_a_user_without_a_role_is_refused_clearly(client, network):
    client.force_login(User.objects.create_user("gæst"))
    response = english(client).get("/staff/")
    assert response.status_code == 403
    assert "You have no staff role at any library." in text(response)


# --- the desk ------------------------------------------------------------------------------


def test_the_desk_warns_when_the_patron_already_has_the_title(desk, network, book, karen):
    english(desk)
    first, second = make_item(book, network.glostrup_main), make_item(book, network.glostrup_main)
    scan(desk, karen.card)
    scan(desk, first.barcode)
    assert "another copy of this title" not in desk_page(desk)
    scan(desk, second.barcode)
    page = desk_page(desk)
    assert "Note: The patron already has another copy of this title." in page
    assert 'class="act act-warning"' in page
    assert Loan.objects.filter(patron=karen, returned__isnull=True).count() == 2  # staff decide


def test_the_desk_warns_when_the_patron_owes_more_than_the_rules_allow(desk, network, book,
                                                                        karen):
    LoanRule.objects.create(library=network.glostrup, max_owed=Decimal("200"))
    old = services.check_out(karen, make_item(book, network.glostrup_main).barcode, "glostrup")
    Loan.objects.filter(pk=old.pk).update(fee=Decimal("150"))
    scan(desk, karen.card)
    assert "Skylder" not in desk_page(desk)  # 150 kr. is within the rules
    Loan.objects.filter(pk=old.pk).update(fee=Decimal("250"))
    desk.post("/staff/desk/end/")
    scan(desk, karen.card)
    assert "Bemærk: Skylder 250,00 kr.: mere end reglerne tillader (200,00 kr.)." in desk_page(desk)


def test_the_desk_lends_to_the_scanned_patron_and_takes_the_item_back(desk, network, book,
                                                                       karen):
    english(desk)
    item = make_item(book, network.glostrup_main)
    item.shelf_location = "86 Jensen"
    item.save()
    assert "Scan items to check them in" in desk_page(desk)

    response = scan(desk, karen.card)
    assert response.status_code == 302 and response["Location"] == "/staff/"
    page = desk_page(desk)
    assert "Now serving Karen Blixen" in page and "0 loans" in page
    assert "Scan items to lend them to Karen Blixen" in page

    scan(desk, item.barcode)
    loan = Loan.objects.get(item=item, returned__isnull=True)
    assert loan.patron == karen and loan.branch == network.glostrup_main
    page = desk_page(desk)
    assert "Lent: Kongens Fald" in page and "1 loan" in page
    assert page.index("Lent: Kongens Fald") < page.index("Now serving Karen Blixen")

    desk.post("/staff/desk/end/")
    page = desk_page(desk)
    assert "Done with Karen Blixen" in page and 'id="patron-heading"' not in page
    scan(desk, item.barcode)
    loan.refresh_from_db()
    assert loan.returned is not None
    page = desk_page(desk)
    assert "Put back on the shelf" in page and "Shelf: 86 Jensen" in page


def test_htmx_gets_the_patron_panel_and_the_new_act_but_keeps_the_scan_input(desk, network,
                                                                            book, karen):
    english(desk)
    response = scan(desk, karen.card, HX_Request="true")
    assert response.status_code == 200
    html = text(response)
    assert 'hx-swap-oob="afterbegin:#desk-acts"' in html and "Now serving Karen Blixen" in html
    assert 'id="patron-heading"' in html and "Scan items to lend them to Karen Blixen" in html
    # The input stays on the page: what a scanner types meanwhile is not swapped away.
    assert 'id="scan-code"' not in html and "<html" not in html
    assert '<input id="scan-code" name="code" type="text" required autofocus' in desk_page(desk)


def test_check_in_mode_takes_items_back_while_a_patron_is_at_the_desk(desk, network, book,
                                                                      karen):
    english(desk)
    item = make_item(book, network.glostrup_main)
    services.check_out(karen, item.barcode, "glostrup")
    scan(desk, karen.card)
    desk.post("/staff/desk/mode/", {"mode": "in"})
    assert 'value="in" aria-pressed="true"' in desk_page(desk)
    scan(desk, item.barcode)
    assert not Loan.objects.filter(item=item, returned__isnull=True).exists()
    assert "Put back on the shelf" in desk_page(desk)


def test_a_refusal_is_shown_in_danish_and_in_english(desk, network, book, karen):
    item = make_item(book, network.glostrup_main)
    other = make_patron(network.glostrup, name="Tove Ditlevsen")
    place_reservation(other, book, "glostrup")  # the copy on the shelf is now Tove's
    scan(desk, karen.card)
    scan(desk, item.barcode)
    assert not Loan.objects.exists()
    page = desk_page(desk)
    assert "Materialet er reserveret til en anden låner." in page and "act-refused" in page
    assert "The item is reserved for another patron." in desk_page(english(desk))


def test_check_in_says_which_hold_shelf_number_and_for_whom(desk, network, book, karen):
    english(desk)
    item = make_item(book, network.glostrup_main)
    services.check_out(karen, item.barcode, "glostrup")
    tove = make_patron(network.glostrup, name="Tove Ditlevsen")
    place_reservation(tove, book, "glostrup")
    scan(desk, item.barcode)
    assert "Put on the hold shelf: pickup number 001 for Tove Ditlevsen" in desk_page(desk)
    shelf = text(desk.get("/staff/hold-shelf/"))
    assert "1 reservation ready for pickup" in shelf
    for value in ("001", "Tove Ditlevsen", "Kongens Fald", item.barcode):
        assert value in shelf


def test_an_item_from_another_library_is_sent_home_and_shows_on_both_transit_lists(
        desk, client, network, book):
    english(desk)
    item = make_item(book, network.randers_main)
    scan(desk, item.barcode)
    assert "Send to Randers Bibliotek (in transit)" in desk_page(desk)
    outgoing = text(desk.get("/staff/transit/"))
    assert "Outgoing: 1 copy to send" in outgoing and item.barcode in outgoing
    assert "Incoming: 0 copies" in outgoing
    randers = english(client.__class__())
    randers.force_login(staff("rasmus", network.randers))
    incoming = text(randers.get("/staff/transit/"))
    assert "Incoming: 1 copy on its way here" in incoming and "Glostrup Bibliotek" in incoming


def test_the_pull_list_shows_allocated_copies_and_pulling_puts_them_on_the_hold_shelf(
        desk, network, book, karen):
    english(desk)
    item = make_item(book, network.glostrup_main)
    item.shelf_location = "86 Jensen"
    item.save()
    make_item(make_record("Ikke reserveret"), network.glostrup_main)
    place_reservation(karen, book, "glostrup")
    page = text(desk.get("/staff/pull-list/"))
    assert item.barcode in page and "86 Jensen" in page and "Ikke reserveret" not in page
    response = desk.post("/staff/pull-list/pull/", {"barcode": item.barcode}, follow=True)
    assert "Put on the hold shelf: pickup number 001 for Karen Blixen" in text(response)
    assert "Nothing to pull from the shelves." in text(response)
    assert Reservation.objects.get().status == Reservation.Status.ON_HOLD_SHELF


def test_the_hold_shelf_lists_copies_left_there_to_clear(desk, network, book):
    english(desk)
    item = make_item(book, network.glostrup_main, status=Item.Status.ON_HOLD_SHELF)
    page = text(desk.get("/staff/hold-shelf/"))
    assert "Expired — to clear" in page and item.barcode in page
    assert "1 to clear" in page


def test_check_in_tells_of_an_overdue_fee_and_of_an_item_found_again(desk, network, book,
                                                                     karen):
    english(desk)
    LoanRule.objects.create(library=network.glostrup, fee_policy="overdue",
                            overdue_fee_per_day=Decimal("5"), max_overdue_fee=Decimal("100"))
    late = make_item(book, network.glostrup_main)
    services.check_out(karen, late.barcode, "glostrup",
                       now=timezone.now() - timedelta(days=34))
    scan(desk, late.barcode)
    assert "Overdue fee: 20.00 kr." in desk_page(desk)
    lost = make_item(book, network.glostrup_main)
    services.declare_lost(services.check_out(karen, lost.barcode, "glostrup"))
    scan(desk, lost.barcode)
    assert "Found again: it was registered as missing." in desk_page(desk)


# --- one's own library only -----------------------------------------------------------------


def test_glostrup_staff_cannot_use_a_randers_desk_or_touch_a_randers_patron(desk, network,
                                                                            book):
    randers_patron = make_patron(network.randers, name="Niels Lyhne", card="99998888")
    response = desk.get("/staff/?branch=randers-hb")
    assert response.status_code == 403 and NOT_YOUR_LIBRARY in text(response)
    for url in (f"/staff/patrons/{randers_patron.pk}/",
                f"/staff/patrons/{randers_patron.pk}/edit/"):
        response = desk.get(url)
        assert response.status_code == 403 and NOT_YOUR_LIBRARY in text(response)
    response = desk.post(f"/staff/patrons/{randers_patron.pk}/edit/", {
        "name": "Ændret", "birth_date": "1980-05-17", "language": "da"})
    assert response.status_code == 403
    assert desk.post(f"/staff/patrons/{randers_patron.pk}/blocks/",
                     {"code": "suspended"}).status_code == 403
    randers_patron.refresh_from_db()
    assert randers_patron.name == "Niels Lyhne" and not randers_patron.blocks.exists()
    assert not PatronChange.objects.exists()

    scan(desk, randers_patron.card)
    page = desk_page(desk)
    assert NOT_YOUR_LIBRARY in page and "Niels Lyhne" not in page
    assert "Niels Lyhne" not in text(desk.get("/staff/patrons/", {"q": "Niels"}))


def test_staff_work_at_the_branch_they_pick_and_it_is_remembered(client, network):
    user = staff("rasmus", network.randers)
    english(client).force_login(user)
    assert "Desk at Bogbussen" in text(client.get("/staff/?branch=randers-bogbus"))
    assert "Desk at Bogbussen" in desk_page(client)
    assert "Hold shelf at Bogbussen" in text(client.get("/staff/hold-shelf/"))


# --- patrons --------------------------------------------------------------------------------


def register(client, **changes):
    data = {"library": "716100", "card": "55554444", "pin": "2468", "name": "Inger Christensen",
            "birth_date": "1990-01-14", "email": "inger@example.dk", "phone": "12345678",
            "language": "da", "pickup_branch": "glostrup", "guardian_card": ""}
    return client.post("/staff/patrons/new/", {**data, **changes})


def test_registration_with_bad_input_keeps_it_and_writes_nothing(desk, network, karen):
    english(desk)
    response = register(desk, pin="12")
    assert response.status_code == 400
    html = text(response)
    assert "A PIN has 4 to 8 digits." in html and "Nothing was saved." in html
    assert 'value="Inger Christensen"' in html and 'value="inger@example.dk"' in html
    assert 'value="1990-01-14"' in html
    response = register(desk, card=karen.card)
    assert "That card number is already in use." in text(response)
    assert 'value="Inger Christensen"' in text(response)
    response = register(desk, birth_date="not a date")
    assert response.status_code == 400 and 'value="55554444"' in text(response)
    assert Patron.objects.count() == 1 and not PatronChange.objects.exists()


def test_registration_shows_every_wrong_field_at_once(desk, network):
    english(desk)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = register(desk, card="12", pin="ab", name="", birth_date=tomorrow,
                        email="not an address", guardian_card="nobody")
    assert response.status_code == 400
    html = text(response)
    for said in ("A card number has 4 to 20", "A PIN has 4 to 8 digits.", "This field is required.",
                 "The birth date is in the future.", "The email address is not valid.",
                 "card is not known."):
        assert said in html, said
    assert not PatronChange.objects.exists()


def test_registration_and_changes_are_logged_with_the_staff_user(desk, client, leader,
                                                                  network):
    response = register(desk)
    patron = Patron.objects.get(card="55554444")
    assert response["Location"] == f"/staff/patrons/{patron.pk}/"
    assert patron.pickup_branch == network.glostrup_main
    assert patrons.authenticate("55554444", "2468") == patron
    response = desk.post(f"/staff/patrons/{patron.pk}/edit/", {
        "name": "Inger Christensen", "birth_date": "1990-01-14", "email": "ny@example.dk",
        "phone": "12345678", "language": "da", "pickup_branch": network.glostrup_main.pk,
        "notify_email": "on"})
    assert response.status_code == 302
    patron.refresh_from_db()
    assert patron.email == "ny@example.dk"
    desk.post(f"/staff/patrons/{patron.pk}/pin/", {"pin": "13579"})
    log = list(PatronChange.objects.filter(patron=patron).order_by("id"))
    assert [c.action for c in log] == ["registered", "updated", "pin_changed"]
    assert {c.user.username for c in log} == {"birte"}
    assert "email" in log[1].fields["changed"]
    assert patrons.authenticate("55554444", "13579") == patron

    assert "Change log" not in text(english(desk).get(f"/staff/patrons/{patron.pk}/"))
    client.force_login(leader)
    page = text(english(client).get(f"/staff/patrons/{patron.pk}/"))
    assert "Change log" in page and "birte" in page and "details changed" in page


def test_an_edit_refused_by_the_rules_keeps_the_input(desk, network, karen):
    english(desk)
    response = desk.post(f"/staff/patrons/{karen.pk}/edit/", {
        "name": "Karen Blixen", "birth_date": "1980-05-17", "language": "da",
        "pause_from": "2026-12-10", "pause_to": "2026-12-01", "email": "ny@example.dk"})
    assert response.status_code == 400
    assert "The pause ends before it starts." in text(response)
    assert 'value="ny@example.dk"' in text(response)
    karen.refresh_from_db()
    assert karen.email != "ny@example.dk"


def test_patron_search_finds_by_card_name_email_and_phone(desk, network, karen):
    karen.phone = "20304050"
    karen.save()
    for q in (karen.card, "blixen", karen.email, "20304050"):
        page = text(desk.get("/staff/patrons/", {"q": q}))
        assert f'href="/staff/patrons/{karen.pk}/"' in page, q
    assert "Karen Blixen" not in text(desk.get("/staff/patrons/", {"q": "Ditlevsen"}))


def test_a_block_shows_at_the_desk_refuses_lending_and_only_its_placer_or_a_leader_lifts_it(
        desk, client, leader, network, book, karen):
    english(desk)
    desk.post(f"/staff/patrons/{karen.pk}/blocks/", {"code": "suspended", "reason": "Misbrug"})
    block = Block.objects.get(patron=karen)
    assert block.created_by.username == "birte"
    scan(desk, karen.card)
    scan(desk, make_item(book, network.glostrup_main).barcode)
    page = desk_page(desk)
    assert "Blocked: Suspended" in page and "The card is suspended. Please ask staff." in page
    assert not Loan.objects.exists()

    colleague = english(client.__class__())
    colleague.force_login(staff("bent", network.glostrup))
    assert "Lift block" not in text(colleague.get(f"/staff/patrons/{karen.pk}/"))
    lift = f"/staff/patrons/{karen.pk}/blocks/{block.pk}/lift/"
    assert colleague.post(lift).status_code == 403
    client.force_login(leader)
    assert "Lift block" in text(english(client).get(f"/staff/patrons/{karen.pk}/"))
    assert client.post(lift).status_code == 302
    block.refresh_from_db()
    assert block.lifted is not None


def test_loans_are_renewed_or_declared_lost_and_reservations_cancelled_from_the_patron_page(
        desk, network, book, karen):
    english(desk)
    item = make_item(book, network.glostrup_main)
    loan = services.check_out(karen, item.barcode, "glostrup", now=renewable_now())
    response = desk.post(f"/staff/loans/{loan.pk}/renew/", follow=True)
    assert "Renewed: Kongens Fald" in text(response)
    loan.refresh_from_db()
    assert loan.renewals == 1
    other = make_record("Gøgeungen")
    make_item(other, network.glostrup_main, status=Item.Status.ON_LOAN)
    reservation = place_reservation(karen, other, "glostrup")
    page = text(desk.get(f"/staff/patrons/{karen.pk}/"))
    assert "Gøgeungen" in page and "number 1 in the queue" in page
    response = desk.post(f"/staff/reservations/{reservation.pk}/cancel/", follow=True)
    assert "Reservation cancelled: Gøgeungen" in text(response)
    response = desk.post(f"/staff/loans/{loan.pk}/lost/", follow=True)
    assert "Declared lost: Kongens Fald" in text(response) and "No loans." in text(response)
    item.refresh_from_db()
    assert item.status == Item.Status.LOST
    reservation.refresh_from_db()
    assert reservation.status == Reservation.Status.CANCELLED


def test_a_child_shows_as_a_child_at_the_desk(desk, network):
    child = make_patron(network.glostrup, name="Lille My", born=f"{date.today().year - 9}-01-01")
    scan(english(desk), child.card)
    page = desk_page(desk)
    assert "Child" in page and "9 years" in page
