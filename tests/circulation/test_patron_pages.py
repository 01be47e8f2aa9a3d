"""The patron's own pages, through the real views, services and templates: log in, loans and
renewals, reservations, profile, loan history, reserving from the record page."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format

from reol.circulation import patrons, services
from reol.circulation.models import PatronChange, Reservation
from reol.circulation.reservations import place_reservation
from reol.core.models import Event
from reol.libraries.models import BookmobileStop
from reol.throttle import rules as throttle_rules
from tests.factories import make_item, make_patron, make_record


@pytest.fixture
def karen(network):
    """A Glostrup patron who reads the site in English."""
    return make_patron(network.glostrup, card="1111222233", pin="4321", language="en",
                       pickup_branch=network.glostrup_main)


def log_in(client, patron, pin="4321", **extra):
    return client.post("/login/", {"card": patron.card, "pin": pin, **extra})


def html(response) -> str:
    return response.content.decode()


def lend(patron, record, branch, days_ago=28):
    """Lent 28 days ago by default: a 30-day loan then is in its renewal window."""
    item = make_item(record, branch)
    return services.check_out(patron, item.barcode, branch,
                              now=timezone.now() - timedelta(days=days_ago))


# --- log in -------------------------------------------------------------------------------


def test_my_pages_ask_for_a_log_in_and_come_back_after_it(client, karen):
    response = client.get("/me/reservations/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/me/reservations/"
    response = log_in(client, karen, next="/me/reservations/")
    assert response.status_code == 302 and response["Location"] == "/me/reservations/"
    assert client.get("/me/reservations/").status_code == 200


def test_log_in_ignores_a_next_that_leads_off_the_site(client, karen):
    response = log_in(client, karen, next="https://evil.example/steal")
    assert response["Location"] == "/me/"


def test_log_in_speaks_the_patrons_language(client, network):
    dane = make_patron(network.glostrup, pin="4321", language="da")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = log_in(client, dane)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "da"
    assert '<html lang="da">' in html(client.get("/me/"))


def test_a_wrong_pin_is_refused_and_six_pause_the_card_briefly(client, karen):
    response = log_in(client, karen, pin="0000")
    assert response.status_code == 400
    assert "Forkert kortnummer eller PIN-kode." in html(response)
    for _ in range(5):
        log_in(client, karen, pin="0000")
    response = log_in(client, karen)  # the right PIN, but the card waits now
    assert response.status_code == 400
    assert "Forkert kortnummer eller PIN-kode." in html(response)  # and says no more
    assert client.get("/me/").status_code == 302  # still not logged in
    with time_machine.travel(timezone.now() + throttle_rules.CARD.pause, tick=False):
        assert log_in(client, karen).status_code == 302


def test_log_out_ends_the_session(client, karen):
    log_in(client, karen)
    response = client.post("/logout/")
    assert response["Location"] == "/login/"
    assert "You are logged out." in html(client.get("/login/"))
    assert client.get("/me/").status_code == 302


# --- loans --------------------------------------------------------------------------------


def test_my_loans_show_due_date_and_mark_an_overdue_loan(client, karen, network):
    lend(karen, make_record("Kongens Fald"), network.glostrup_main, days_ago=40)
    lend(karen, make_record("Journal 64"), network.glostrup_main, days_ago=3)
    log_in(client, karen)
    page = html(client.get("/me/"))
    assert "Kongens Fald" in page and "Journal 64" in page
    assert page.count("is-overdue") == 1 and "Overdue" in page
    assert "Glostrup Bibliotek" in page and "0 of 3" in page


def test_renewing_one_loan_moves_its_due_date_from_today(client, karen, network):
    loan = lend(karen, make_record("Kongens Fald"), network.glostrup_main)
    log_in(client, karen)
    response = client.post("/me/renew/", {"loan": loan.pk})
    assert response.status_code == 302
    loan.refresh_from_db()
    assert loan.renewals == 1 and loan.due == timezone.localdate() + timedelta(days=30)
    page = html(client.get(response["Location"]))
    assert "1 loan renewed." in page and "Renewed." in page
    assert f'datetime="{loan.due:%Y-%m-%d}"' in page and "1 of 3" in page


def test_renew_all_renews_what_it_may_and_says_why_not_for_the_rest(client, karen, network):
    free = lend(karen, make_record("Kongens Fald"), network.glostrup_main)
    wanted_record = make_record("Journal 64")
    wanted = lend(karen, wanted_record, network.glostrup_main)
    place_reservation(make_patron(network.glostrup), wanted_record, "glostrup")
    log_in(client, karen)
    page = html(client.get(client.post("/me/renew/", {"all": "1"})["Location"]))
    free.refresh_from_db()
    wanted.refresh_from_db()
    assert free.renewals == 1 and wanted.renewals == 0
    assert "1 loan renewed." in page and "1 loan could not be renewed" in page
    assert "Cannot be renewed: another patron is waiting for it." in page


def test_someone_elses_loan_cannot_be_renewed_from_my_page(client, karen, network):
    theirs = lend(make_patron(network.glostrup), make_record("Kongens Fald"),
                  network.glostrup_main)
    log_in(client, karen)
    page = html(client.get(client.post("/me/renew/", {"loan": theirs.pk})["Location"]))
    theirs.refresh_from_db()
    assert theirs.renewals == 0
    assert "Kongens Fald" not in page and "There is no such loan." in page


def test_a_blocked_patron_sees_why_and_renewal_is_refused(client, karen, network):
    loan = lend(karen, make_record("Kongens Fald"), network.glostrup_main)
    patrons.add_block(karen, "suspended", "")
    log_in(client, karen)
    page = html(client.get("/me/"))
    assert "Your card is blocked." in page and "The card is suspended" in page
    page = html(client.get(client.post("/me/renew/", {"loan": loan.pk})["Location"]))
    assert "The card is suspended. Please ask staff." in page
    loan.refresh_from_db()
    assert loan.renewals == 0


# --- reservations ---------------------------------------------------------------------------


@pytest.fixture
def queue(network, karen):
    """Karen is second in the queue for a title whose only copy is on loan."""
    record = make_record("Skyggen over Randers")
    lend(make_patron(network.glostrup), record, network.glostrup_main)
    place_reservation(make_patron(network.glostrup), record, "glostrup")
    return place_reservation(karen, record, "glostrup")


def test_my_reservations_show_queue_position_pickup_and_interest_date(client, karen, queue):
    log_in(client, karen)
    page = html(client.get("/me/reservations/"))
    assert "Skyggen over Randers" in page
    assert "Number 2 in the queue" in page and "estimated wait about 60 days" in page
    assert "Glostrup Bibliotek" in page
    assert f'datetime="{queue.interest_until:%Y-%m-%d}"' in page


def test_cancelling_a_reservation_says_so_and_leaves_the_queue(client, karen, queue):
    log_in(client, karen)
    response = client.post(f"/me/reservations/{queue.pk}/cancel/")
    queue.refresh_from_db()
    assert queue.status == Reservation.Status.CANCELLED
    page = html(client.get(response["Location"]))
    assert "Your reservation of “Skyggen over Randers” is cancelled." in page
    assert "You have no reservations." in page


def test_pausing_and_resuming_a_reservation(client, karen, queue):
    log_in(client, karen)
    start = timezone.localdate() + timedelta(days=2)
    end = start + timedelta(days=10)
    client.post(f"/me/reservations/{queue.pk}/pause/", {"pause_from": start, "pause_to": end})
    queue.refresh_from_db()
    assert (queue.pause_from, queue.pause_to) == (start, end)
    page = html(client.get("/me/reservations/"))
    assert "is paused from" in page and "Resume" in page
    client.post(f"/me/reservations/{queue.pk}/pause/", {"pause_from": end,
                                                        "pause_to": start})
    assert "The pause ends before it starts." in html(client.get("/me/reservations/"))
    client.post(f"/me/reservations/{queue.pk}/pause/", {"resume": "1"})
    queue.refresh_from_db()
    assert queue.pause_from is None and queue.pause_to is None


def test_pickup_moves_to_a_bookmobile_stop_but_not_to_another_library(client, network, queue):
    randers = make_patron(network.randers, pin="4321", language="en")
    record = queue.record
    mine = place_reservation(randers, record, "randers-hb")
    stop = BookmobileStop.objects.create(branch=network.randers_bus, position=1,
                                         name="Langå Kirke")
    log_in(client, randers)
    client.post(f"/me/reservations/{mine.pk}/pickup/", {"pickup": f"randers-bogbus:{stop.pk}"})
    mine.refresh_from_db()
    assert mine.pickup_branch == network.randers_bus and mine.pickup_stop == stop
    page = html(client.get("/me/reservations/"))
    assert "at Langå Kirke." in page
    client.post(f"/me/reservations/{mine.pk}/pickup/", {"pickup": "glostrup"})
    mine.refresh_from_db()
    assert mine.pickup_branch == network.randers_bus
    assert "That is not a place where reservations can be picked up." in html(
        client.get("/me/reservations/"))


# --- profile ------------------------------------------------------------------------------


def profile_form(patron, **changes) -> dict:
    data = {
        "pickup_branch": patron.pickup_branch.code if patron.pickup_branch else "",
        "email": patron.email, "phone": patron.phone, "language": patron.language,
        "interest_days": patron.interest_days or "", "pause_from": "", "pause_to": "",
        **({"notify_email": "on"} if patron.notify_email else {}),
        **({"keep_history": "on"} if patron.keep_history else {}),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_profile_change_is_saved_and_logged(client, karen):
    log_in(client, karen)
    response = client.post("/me/profile/", profile_form(karen, phone="20304050",
                                                        notify_sms="on", interest_days=60))
    assert response.status_code == 302
    karen.refresh_from_db()
    assert karen.phone == "20304050" and karen.notify_sms and karen.interest_days == 60
    change = PatronChange.objects.get(patron=karen, action="updated")
    assert change.fields == {"changed": ["interest_days", "notify_sms", "phone"]}
    assert change.user is None
    assert "Your profile is saved." in html(client.get("/me/profile/"))


def test_a_bad_email_is_refused_without_writing_anything(client, karen):
    log_in(client, karen)
    before = karen.email
    response = client.post("/me/profile/", profile_form(karen, email="not-an-address",
                                                        phone="20304050"))
    assert response.status_code == 400
    page = html(response)
    assert "The email address is not valid." in page
    assert 'value="not-an-address"' in page and 'value="20304050"' in page  # input kept
    karen.refresh_from_db()
    assert karen.email == before and karen.phone == ""
    assert not PatronChange.objects.filter(patron=karen, action="updated").exists()


def test_a_pickup_branch_of_another_library_is_refused(client, karen):
    log_in(client, karen)
    response = client.post("/me/profile/", profile_form(karen, pickup_branch="randers-hb"))
    assert response.status_code == 400
    assert "The pickup branch does not belong to your library." in html(response)


def test_changing_the_language_switches_the_site(client, karen):
    log_in(client, karen)
    response = client.post("/me/profile/", profile_form(karen, language="da"))
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "da"
    assert '<html lang="da">' in html(client.get("/me/profile/"))


def test_the_pin_changes_only_with_the_current_pin_and_twice_the_same(client, karen):
    log_in(client, karen)
    response = client.post("/me/profile/pin/", {"old_pin": "9999", "new_pin": "2468",
                                                "new_pin_again": "2468"})
    assert response.status_code == 400 and "The current PIN is not right." in html(response)
    response = client.post("/me/profile/pin/", {"old_pin": "4321", "new_pin": "2468",
                                                "new_pin_again": "2469"})
    assert "The two new PINs are not the same." in html(response)
    response = client.post("/me/profile/pin/", {"old_pin": "4321", "new_pin": "24",
                                                "new_pin_again": "24"})
    assert "A PIN has 4 to 8 digits." in html(response)
    response = client.post("/me/profile/pin/", {"old_pin": "4321", "new_pin": "2468",
                                                "new_pin_again": "2468"})
    assert response.status_code == 302
    assert patrons.authenticate(karen.card, "2468").pk == karen.pk


# --- loan history -----------------------------------------------------------------------


def test_without_consent_there_is_no_history_only_how_to_ask_for_one(client, karen, network):
    loan = lend(karen, make_record("Kongens Fald"), network.glostrup_main)
    services.check_in(loan.item.barcode, "glostrup")
    log_in(client, karen)
    page = html(client.get("/me/history/"))
    assert "The library keeps no history of your loans." in page
    assert "Kongens Fald" not in page


def test_with_consent_returned_loans_are_listed(client, karen, network):
    karen.keep_history = True
    karen.save()
    loan = lend(karen, make_record("Kongens Fald"), network.glostrup_main)
    services.check_in(loan.item.barcode, "glostrup")
    lend(karen, make_record("Journal 64"), network.glostrup_main)  # still on loan
    log_in(client, karen)
    page = html(client.get("/me/history/"))
    assert "1 returned loan" in page and "Kongens Fald" in page and "Journal 64" not in page


def test_withdrawing_consent_deletes_the_kept_history(client, karen, network):
    karen.keep_history = True
    karen.save()
    returned = lend(karen, make_record("Kongens Fald"), network.glostrup_main)
    services.check_in(returned.item.barcode, "glostrup")
    still_out = lend(karen, make_record("Journal 64"), network.glostrup_main)
    log_in(client, karen)
    response = client.post("/me/profile/", profile_form(karen, keep_history=None))
    assert response.status_code == 302
    returned.refresh_from_db()
    still_out.refresh_from_db()
    assert returned.patron is None and still_out.patron == karen
    assert not Event.objects.filter(loan=returned, patron_ref=karen.reference).exists()
    assert Event.objects.filter(loan=still_out, patron_ref=karen.reference).exists()
    assert "Your loan history is deleted (1 loan)." in html(client.get("/me/profile/"))
    assert "Kongens Fald" not in html(client.get("/me/history/"))


# --- reserving from the record page --------------------------------------------------------


@pytest.fixture
def title(network):
    record = make_record("Døden ved fjorden", pid="870970-basis:61000001")
    lend(make_patron(network.glostrup), record, network.glostrup_main)
    return record


def test_a_visitor_is_asked_to_log_in_to_reserve(client, title):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = html(client.get(f"/records/{title.pid}/"))
    assert "Log in to reserve" in page and "<form" not in page.split('id="reserve"')[1][:800]
    assert "/login/?next=/records/" in page


def test_a_patron_reserves_from_the_record_page_and_learns_their_place(client, karen, title,
                                                                       network):
    place_reservation(make_patron(network.glostrup), title, "glostrup")
    log_in(client, karen)
    page = html(client.get(f"/records/{title.pid}/"))
    assert 'action="/records/870970-basis:61000001/reserve/"' in page
    assert '<option value="glostrup" selected>' in page
    interest = timezone.localdate() + timedelta(days=180)
    assert f'value="{interest:%Y-%m-%d}"' in page  # the rules' default interest period
    response = client.post(f"/records/{title.pid}/reserve/",
                           {"pickup": "glostrup", "interest_until": interest})
    assert response["Location"] == f"/records/{title.pid}/#reserve"
    mine = Reservation.objects.get(patron=karen)
    assert mine.pickup_branch == network.glostrup_main and mine.interest_until == interest
    page = html(client.get(response["Location"]))
    assert "You have reserved “Døden ved fjorden”. You are number 2 in the queue." in page


def test_a_copy_on_the_shelf_is_on_its_way_at_once(client, karen, network):
    record = make_record("Kogebog for begyndere")
    make_item(record, network.glostrup_main)
    log_in(client, karen)
    response = client.post(f"/records/{record.pid}/reserve/", {
        "pickup": "glostrup", "interest_until": timezone.localdate() + timedelta(days=30)})
    page = html(client.get(response["Location"]))
    assert "A copy is on its way to you." in page


def test_a_bad_pickup_is_refused_and_the_input_kept(client, karen, title):
    log_in(client, karen)
    day = timezone.localdate() + timedelta(days=45)
    response = client.post(f"/records/{title.pid}/reserve/",
                           {"pickup": "randers-hb", "interest_until": day})
    assert response.status_code == 400
    page = html(response)
    assert "That is not a place where reservations can be picked up." in page
    assert f'value="{day:%Y-%m-%d}"' in page and "Døden ved fjorden" in page
    assert not Reservation.objects.filter(patron=karen).exists()


def test_an_interest_date_in_the_past_is_refused(client, karen, title):
    log_in(client, karen)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(f"/records/{title.pid}/reserve/",
                           {"pickup": "glostrup", "interest_until": yesterday})
    assert response.status_code == 400
    assert "The interest date has already passed." in html(response)


def test_reserving_needs_a_log_in(client, title):
    response = client.post(f"/records/{title.pid}/reserve/", {"pickup": "glostrup"})
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert not Reservation.objects.exists()


def test_dates_are_shown_in_the_patrons_language(client, network):
    dane = make_patron(network.glostrup, pin="4321", language="da")
    loan = lend(dane, make_record("Kongens Fald"), network.glostrup_main)
    log_in(client, dane)
    page = html(client.get("/me/"))
    with translation.override("da"):
        assert date_format(loan.due) in page


def test_the_bookmobile_is_a_pickup_place_only_with_one_of_its_stops(client, network, title):
    stop = BookmobileStop.objects.create(branch=network.randers_bus, position=1,
                                         name="Langå Kirke")
    rider = make_patron(network.randers, pin="4321", language="en")
    log_in(client, rider)
    page = html(client.get(f"/records/{title.pid}/"))
    assert '<optgroup label="Bogbussen">' in page
    assert f'<option value="randers-bogbus:{stop.pk}">Langå Kirke</option>' in page
    day = timezone.localdate() + timedelta(days=60)
    response = client.post(f"/records/{title.pid}/reserve/",
                           {"pickup": "randers-bogbus", "interest_until": day})
    assert "That is not a place where reservations can be picked up." in html(response)
    client.post(f"/records/{title.pid}/reserve/",
                {"pickup": f"randers-bogbus:{stop.pk}", "interest_until": day})
    mine = Reservation.objects.get(patron=rider)
    assert mine.pickup_branch == network.randers_bus and mine.pickup_stop == stop
