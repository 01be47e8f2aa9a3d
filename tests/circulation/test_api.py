"""The lending API as another system (a patron's app, a desk client) sees it: real HTTP through
Django's test client, real database, the services underneath."""

import base64
import hashlib
import io
import json
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from reol.circulation import patrons, services
from reol.circulation.models import Block, Loan, LoanRule, Patron, PatronChange, Reservation
from reol.circulation.reservations import place_reservation
from reol.core import roles
from reol.core.models import ApiToken, Event
from reol.throttle.models import Attempts
from tests.factories import make_item, make_patron, make_record, renewable_now

API = "/api/v1"


def basic(patron: Patron, pin: str = "1234") -> dict:
    """Card and PIN as HTTP Basic, over HTTPS (`secure`): plain HTTP is refused."""
    token = base64.b64encode(f"{patron.card}:{pin}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}", "secure": True}


def new_token(user: User, name: str = "desk client") -> str:
    out = io.StringIO()
    call_command("add_api_token", user=user.username, name=name, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def send(client: Client, method: str, path: str, data=None, **headers):
    body = data if isinstance(data, str | bytes) or data is None else json.dumps(data)
    return getattr(client, method)(f"{API}{path}", body, content_type="application/json",
                                   **headers)


def counts() -> tuple:
    return tuple(m.objects.count() for m in (Loan, Reservation, Patron, Block, Event,
                                             PatronChange))


@pytest.fixture
def lib(network):
    """A Glostrup desk with a token, two Glostrup patrons, one Randers patron, a book."""
    book = make_record("Kongens Fald", creators=["Johannes V. Jensen"])
    desk = User.objects.create_user("glostrup-desk")
    roles.grant(desk, network.glostrup)

    class Lib:
        pass

    lib = Lib()
    lib.network, lib.book, lib.desk = network, book, desk
    lib.token = new_token(desk)
    lib.staff = bearer(lib.token)
    lib.alice = make_patron(network.glostrup, name="Alice")
    lib.bob = make_patron(network.glostrup, name="Bob")
    lib.randers = make_patron(network.randers, name="Rasmus")
    lib.item = make_item(book, network.glostrup_main)
    return lib


# --- authentication -------------------------------------------------------------------------


def test_a_patron_sees_their_loans_with_card_and_pin(client, lib):
    loan = services.check_out(lib.alice, lib.item.barcode, "glostrup")
    response = client.get(f"{API}/patron/loans", **basic(lib.alice))
    assert response.status_code == 200
    [mine] = response.json()
    assert (mine["id"], mine["title"], mine["barcode"]) == (loan.pk, "Kongens Fald",
                                                            lib.item.barcode)
    assert mine["due"] == loan.due.isoformat()
    assert date.fromisoformat(mine["due"]) == loan.due
    assert mine["checked_out"].endswith(("+01:00", "+02:00"))  # ISO 8601, Copenhagen time
    assert client.get(f"{API}/patron", **basic(lib.alice)).json()["name"] == "Alice"


def test_no_or_wrong_credentials_are_401_with_a_reason(client, lib):
    nothing = client.get(f"{API}/patron/loans")
    assert nothing.status_code == 401 and nothing.json()["code"] == "unauthorized"
    wrong = client.get(f"{API}/patron/loans", **basic(lib.alice, "9999"))
    assert wrong.status_code == 401 and wrong.json()["code"] == "wrong_pin"
    assert Attempts.objects.get(scope="pin:account").failures == 1  # counted
    odd = base64.b64encode(b"\x00' OR 1=1:1234").decode()
    assert client.get(f"{API}/patron", HTTP_AUTHORIZATION=f"Basic {odd}",
                      secure=True).status_code == 401
    staff_token_on_patron_api = client.get(f"{API}/patron/loans", **lib.staff)
    assert staff_token_on_patron_api.status_code == 401


def test_a_changed_pin_stops_working_at_once(client, lib):
    assert client.get(f"{API}/patron", **basic(lib.alice)).status_code == 200
    assert client.get(f"{API}/patron", **basic(lib.alice)).status_code == 200  # remembered
    patrons.set_pin(lib.alice, "5678")
    assert client.get(f"{API}/patron", **basic(lib.alice)).status_code == 401
    assert client.get(f"{API}/patron", **basic(lib.alice, "5678")).status_code == 200


def test_a_patron_session_needs_the_csrf_token_for_changes(lib):
    browser = Client(enforce_csrf_checks=True)
    services.check_out(lib.alice, lib.item.barcode, "glostrup", now=renewable_now())
    bad = send(browser, "post", "/patron/session", {"card": lib.alice.card, "pin": "0000"})
    assert bad.status_code == 401 and bad.json()["code"] == "wrong_pin"
    login = send(browser, "post", "/patron/session", {"card": lib.alice.card, "pin": "1234"})
    assert login.status_code == 200
    assert login.json()["patron"]["card"] == lib.alice.card
    token = login.json()["csrf_token"]
    assert browser.get(f"{API}/patron/loans").status_code == 200
    forged = send(browser, "post", "/patron/loans/renew")
    assert forged.status_code == 403 and forged.json()["code"] == "csrf_failed"
    assert Loan.objects.get().renewals == 0
    renewed = send(browser, "post", "/patron/loans/renew", HTTP_X_CSRFTOKEN=token)
    assert renewed.status_code == 200 and renewed.json()[0]["renewed"] is True
    assert send(browser, "delete", "/patron/session", HTTP_X_CSRFTOKEN=token).status_code == 204
    assert browser.get(f"{API}/patron/loans").status_code == 401


def test_a_staff_token_works_and_a_bad_one_is_401(client, lib):
    row = ApiToken.objects.get(user=lib.desk)
    assert row.digest == hashlib.sha256(lib.token.encode()).hexdigest()
    assert lib.token not in (row.digest, row.name) and row.last_used is None
    assert client.get(f"{API}/patrons/{lib.alice.card}", **lib.staff).status_code == 200
    row.refresh_from_db()
    assert row.last_used is not None
    bad = client.get(f"{API}/patrons/{lib.alice.card}", **bearer(lib.token + "x"))
    assert bad.status_code == 401 and bad.json()["detail"]
    assert client.get(f"{API}/patrons/{lib.alice.card}").status_code == 401
    assert client.get(f"{API}/patrons/{lib.alice.card}", **basic(lib.alice)).status_code == 401


def test_a_user_without_a_staff_role_is_refused(client, lib):
    outsider = User.objects.create_user("outsider")
    response = client.get(f"{API}/patrons/{lib.alice.card}", **bearer(new_token(outsider)))
    assert response.status_code == 403 and response.json()["code"] == "not_staff"


def test_staff_session_works_and_needs_csrf_for_changes(lib):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(lib.desk)
    assert browser.get(f"{API}/patrons/{lib.alice.card}").status_code == 200
    before = counts()
    forged = send(browser, "post", "/circulation/checkout",
                  {"card": lib.alice.card, "barcode": lib.item.barcode, "branch": "glostrup"})
    assert forged.status_code == 403 and forged.json()["code"] == "csrf_failed"
    assert counts() == before
    browser.get("/")  # a page gives the csrftoken cookie
    token = browser.cookies["csrftoken"].value
    lent = send(browser, "post", "/circulation/checkout",
                {"card": lib.alice.card, "barcode": lib.item.barcode, "branch": "glostrup"},
                HTTP_X_CSRFTOKEN=token)
    assert lent.status_code == 201


def test_glostrup_staff_are_refused_for_a_randers_patron(client, lib):
    card = lib.randers.card
    before = counts()
    for method, path, data in [
        ("get", f"/patrons/{card}", None),
        ("get", f"/patrons/{card}/loans", None),
        ("patch", f"/patrons/{card}", {"phone": "12345678"}),
        ("post", f"/patrons/{card}/blocks", {"code": "suspended", "reason": "x"}),
        ("post", "/patrons", {"card": "R12345", "pin": "1234", "name": "Ny", "library": "773000",
                              "birth_date": "1990-01-01"}),
        ("get", "/branches/randers-hb/holdshelf", None),
    ]:
        response = send(client, method, path, data, **lib.staff)
        assert response.status_code == 403, (method, path, response.content)
        assert response.json()["code"] == "not_your_library"
    randers_copy = make_item(lib.book, lib.network.randers_main)
    response = send(client, "post", "/circulation/checkout",
                    {"card": lib.alice.card, "barcode": randers_copy.barcode,
                     "branch": "randers-hb"}, **lib.staff)
    assert response.status_code == 403
    assert counts() == before
    patrons_found = client.get(f"{API}/patrons", {"q": "a"}, **lib.staff).json()
    assert {p["name"] for p in patrons_found} == {"Alice"}  # Rasmus is Randers'


# --- patrons' own data -------------------------------------------------------------------


def test_a_patron_cannot_see_or_renew_anothers_loan(client, lib):
    bobs = services.check_out(lib.bob, lib.item.barcode, "glostrup", now=renewable_now())
    assert client.get(f"{API}/patron/loans", **basic(lib.alice)).json() == []
    response = client.post(f"{API}/patron/loans/{bobs.pk}/renew", **basic(lib.alice))
    assert response.status_code == 404 and response.json()["code"] == "unknown_loan"
    assert client.post(f"{API}/patron/loans/99999999999999999999/renew",
                       **basic(lib.alice)).status_code in (400, 404)
    bobs.refresh_from_db()
    assert bobs.renewals == 0
    own = client.post(f"{API}/patron/loans/{bobs.pk}/renew", **basic(lib.bob))
    assert own.status_code == 200 and own.json()["renewals"] == 1


def test_renew_all_reports_each_loan(client, lib):
    LoanRule.objects.create(library=lib.network.glostrup, renewals=1)
    # Lent two months ago, renewed a month ago: due about today, renewed as often as it may.
    first = services.check_out(lib.alice, lib.item.barcode, "glostrup",
                               now=renewable_now() - timedelta(days=30))
    services.renew(first, now=renewable_now() - timedelta(days=2))
    services.check_out(lib.alice, make_item(lib.book, lib.network.glostrup_main).barcode,
                       "glostrup", now=renewable_now())
    results = client.post(f"{API}/patron/loans/renew", **basic(lib.alice),
                          HTTP_ACCEPT_LANGUAGE="en").json()
    by_id = {r["id"]: r for r in results}
    refused = by_id.pop(first.pk)
    assert refused["renewed"] is False and refused["code"] == "renewal_limit"
    assert "already been renewed" in refused["reason"]
    [ok] = by_id.values()
    assert ok["renewed"] is True and ok["code"] is None and date.fromisoformat(ok["due"])


def test_reservations_show_the_queue_and_can_be_paused_moved_and_cancelled(client, lib):
    services.check_out(lib.randers, lib.item.barcode, "glostrup")
    first = send(client, "post", "/patron/reservations",
                 {"pid": lib.book.pid, "pickup_branch": "glostrup"}, **basic(lib.bob))
    assert first.status_code == 201
    mine = send(client, "post", "/patron/reservations",
                {"pid": lib.book.pid, "pickup_branch": "glostrup"}, **basic(lib.alice))
    body = mine.json()
    assert (body["status"], body["queue_position"], body["pickup_branch"]) == (
        "waiting", 2, "glostrup")
    assert body["estimated_wait_days"] == 60  # two rounds of a 30-day loan
    assert date.fromisoformat(body["interest_until"]) > timezone.localdate()
    assert body["pickup_number"] is None and body["shelf_deadline"] is None
    rid = body["id"]

    # A pause together with an impossible pickup place: refused as a whole, nothing changed.
    start = timezone.localdate() + timedelta(days=3)
    stop = start + timedelta(days=10)
    refused = send(client, "patch", f"/patron/reservations/{rid}",
                   {"pause_from": str(start), "pause_to": str(stop),
                    "pickup_branch": "randers-hb"}, **basic(lib.alice))
    assert refused.status_code == 400 and refused.json()["code"] == "bad_pickup"
    assert Reservation.objects.get(pk=rid).pause_from is None

    paused = send(client, "patch", f"/patron/reservations/{rid}",
                  {"pause_from": str(start), "pause_to": str(stop)}, **basic(lib.alice))
    assert paused.status_code == 200
    assert (paused.json()["pause_from"], paused.json()["pause_to"]) == (str(start), str(stop))
    listed = client.get(f"{API}/patron/reservations", **basic(lib.alice)).json()
    assert [r["id"] for r in listed] == [rid]

    not_hers = send(client, "delete", f"/patron/reservations/{first.json()['id']}",
                    **basic(lib.alice))
    assert not_hers.status_code == 404
    cancelled = send(client, "delete", f"/patron/reservations/{rid}", **basic(lib.alice))
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert client.get(f"{API}/patron/reservations", **basic(lib.alice)).json() == []
    assert Reservation.objects.get(pk=first.json()["id"]).status == "waiting"


def test_a_patron_changes_their_own_profile_but_not_their_birth_date(client, lib):
    changed = send(client, "patch", "/patron", {"phone": "20304050", "language": "en",
                                                "pickup_branch": "glostrup"},
                   **basic(lib.alice))
    assert changed.status_code == 200
    assert (changed.json()["phone"], changed.json()["pickup_branch"]) == ("20304050",
                                                                          "glostrup")
    refused = send(client, "patch", "/patron", {"birth_date": "2015-01-01"}, **basic(lib.alice))
    assert refused.status_code == 400
    lib.alice.refresh_from_db()
    assert lib.alice.birth_date == date(1980, 5, 17) and lib.alice.language == "en"


def test_history_only_with_consent(client, lib):
    services.check_out(lib.alice, lib.item.barcode, "glostrup")
    services.check_in(lib.item.barcode, "glostrup")
    assert client.get(f"{API}/patron/history", **basic(lib.alice)).json() == {
        "keep_history": False, "loans": []}
    send(client, "patch", "/patron", {"keep_history": True}, **basic(lib.alice))
    services.check_out(lib.alice, lib.item.barcode, "glostrup")
    services.check_in(lib.item.barcode, "glostrup")
    history = client.get(f"{API}/patron/history", **basic(lib.alice)).json()
    assert history["keep_history"] is True
    assert [h["title"] for h in history["loans"]] == ["Kongens Fald"]
    assert history["loans"][0]["returned"]


# --- staff -------------------------------------------------------------------------------


def test_checkout_and_checkin_round_trip_captures_a_reservation(client, lib):
    lent = send(client, "post", "/circulation/checkout",
                {"card": lib.alice.card, "barcode": lib.item.barcode, "branch": "glostrup"},
                **lib.staff)
    assert lent.status_code == 201
    loan = lent.json()
    assert (loan["card"], loan["branch"], loan["overdue"]) == (lib.alice.card, "glostrup", False)
    assert [x["id"] for x in client.get(f"{API}/patrons/{lib.alice.card}/loans",
                                        **lib.staff).json()] == [loan["id"]]
    placed = send(client, "post", f"/patrons/{lib.bob.card}/reservations",
                  {"pid": lib.book.pid, "pickup_branch": "glostrup"}, **lib.staff)
    assert placed.status_code == 201 and placed.json()["queue_position"] == 1

    back = send(client, "post", "/circulation/checkin",
                {"barcode": lib.item.barcode, "branch": "glostrup"}, **lib.staff).json()
    assert back["action"] == "hold_shelf" and back["to_branch"] == "glostrup"
    assert back["pickup_number"] == "001" and back["reservation"]["card"] == lib.bob.card
    assert back["loan"]["id"] == loan["id"] and back["loan"]["returned"]
    assert back["fee"] == "0.00" and back["found"] is False

    shelf = client.get(f"{API}/branches/glostrup/holdshelf", **lib.staff).json()
    assert [(s["pickup_number"], s["card"], s["barcode"]) for s in shelf] == [
        ("001", lib.bob.card, lib.item.barcode)]
    bobs = client.get(f"{API}/patron/reservations", **basic(lib.bob)).json()
    assert (bobs[0]["status"], bobs[0]["pickup_number"]) == ("on_hold_shelf", "001")
    assert bobs[0]["shelf_deadline"]
    again = send(client, "post", "/circulation/checkout",
                 {"card": lib.alice.card, "barcode": lib.item.barcode, "branch": "glostrup"},
                 **lib.staff)
    assert again.status_code == 400 and again.json()["code"] == "reserved_by_another"


def test_pull_list_and_transits(client, lib):
    net = lib.network
    randers_book = make_record("Den lange rejse")
    bus_copy = make_item(randers_book, net.randers_bus)
    randers_desk = User.objects.create_user("randers-desk")
    roles.grant(randers_desk, net.randers)
    staff = bearer(new_token(randers_desk))
    reservation = place_reservation(lib.randers, randers_book, "randers-hb")
    assert reservation.status == "allocated"
    pull = client.get(f"{API}/branches/randers-bogbus/pulllist", **staff).json()
    assert [(p["barcode"], p["pickup_branch"]) for p in pull] == [(bus_copy.barcode,
                                                                   "randers-hb")]
    sent = send(client, "post", "/circulation/checkin",
                {"barcode": bus_copy.barcode, "branch": "randers-bogbus"}, **staff).json()
    assert (sent["action"], sent["to_branch"]) == ("transit", "randers-hb")
    out = client.get(f"{API}/branches/randers-bogbus/transits", {"direction": "out"},
                     **staff).json()
    incoming = client.get(f"{API}/branches/randers-hb/transits", {"direction": "in"},
                          **staff).json()
    assert [t["barcode"] for t in out] == [t["barcode"] for t in incoming] == [bus_copy.barcode]
    assert client.get(f"{API}/branches/randers-hb/transits", {"direction": "out"},
                      **staff).json() == []
    assert client.get(f"{API}/branches/randers-hb/transits", {"direction": "sideways"},
                      **staff).status_code == 400
    assert client.get(f"{API}/branches/nowhere/transits", **staff).status_code == 404


def test_staff_register_change_block_and_find_a_patron(client, lib):
    created = send(client, "post", "/patrons",
                   {"card": "G100200", "pin": "4321", "name": "Karen Blixen",
                    "birth_date": "1985-04-17", "library": "716100", "email": "kb@example.dk"},
                   **lib.staff)
    assert created.status_code == 201 and created.json()["library"] == "716100"
    taken = send(client, "post", "/patrons",
                 {"card": "G100200", "pin": "4321", "name": "Igen", "birth_date": "1985-04-17",
                  "library": "716100"}, **lib.staff)
    assert taken.status_code == 400 and taken.json()["code"] == "card_taken"
    changed = send(client, "patch", "/patrons/G100200",
                   {"name": "Karen Dinesen", "guardian_card": lib.alice.card}, **lib.staff)
    assert changed.json()["name"] == "Karen Dinesen"
    assert changed.json()["guardian"] == lib.alice.card
    found = client.get(f"{API}/patrons", {"q": "dinesen"}, **lib.staff).json()
    assert [p["card"] for p in found] == ["G100200"]
    blocked = send(client, "post", "/patrons/G100200/blocks",
                   {"code": "suspended", "reason": "Misbrug"}, **lib.staff)
    assert blocked.status_code == 201
    lent = send(client, "post", "/circulation/checkout",
                {"card": "G100200", "barcode": lib.item.barcode, "branch": "glostrup"},
                **lib.staff)
    assert lent.status_code == 400 and lent.json()["code"] == "blocked_suspended"
    block_id = blocked.json()["id"]
    lifted = send(client, "delete", f"/patrons/G100200/blocks/{block_id}", **lib.staff)
    assert lifted.status_code == 200 and lifted.json()["lifted"]
    assert send(client, "delete", f"/patrons/G100200/blocks/{block_id}",
                **lib.staff).status_code == 404
    assert client.get(f"{API}/patrons/NOSUCHCARD", **lib.staff).status_code == 404
    assert PatronChange.objects.filter(patron__card="G100200", user=lib.desk).count() == 4


def test_renew_and_declare_lost_by_staff(client, lib):
    loan = services.check_out(lib.alice, lib.item.barcode, "glostrup", now=renewable_now())
    renewed = client.post(f"{API}/loans/{loan.pk}/renew", **lib.staff)
    assert renewed.status_code == 200 and renewed.json()["renewals"] == 1
    lost = client.post(f"{API}/loans/{loan.pk}/lost", **lib.staff)
    assert lost.status_code == 200 and lost.json()["fee"] == "300.00" and lost.json()["lost"]
    assert client.post(f"{API}/loans/{loan.pk}/renew", **lib.staff).status_code == 404


def test_loan_rules_are_explained_value_by_value(client, lib):
    LoanRule.objects.create(library=lib.network.glostrup, material_type="film", loan_days=14,
                            note="Glostrup film")
    answer = client.get(f"{API}/loanrules/explain",
                        {"library": "716100", "patron_group": "child", "material_type": "film"},
                        **lib.staff).json()
    values = {v["name"]: (v["value"], v["source"]) for v in answer["values"]}
    assert values["loan_days"][0] == 14 and "Glostrup" in values["loan_days"][1]
    assert values["renewals"] == (1, "Film")
    assert values["max_loans"] == (30, "Børn")
    assert values["loanable"] == (True, "Standard (dansk praksis)")
    assert values["replacement_charge"] == ("150", "Børn")
    assert client.get(f"{API}/loanrules/explain", {"library": "999999"},
                      **lib.staff).status_code == 404
    assert client.get(f"{API}/loanrules/explain", {"library": "716100", "material_type": "x"},
                      **lib.staff).status_code == 400


# --- malformed input and language ---------------------------------------------------------


MALFORMED = [
    '{"card": ',
    "[]",
    '"checkout"',
    "{}",
    '{"card": "1", "barcode": "2"}',
    '{"card": 17, "barcode": ["x"], "branch": "glostrup"}',
    '{"card": "CARD", "barcode": "BARCODE", "branch": "glostrup", "extra": 1}',
    '{"card": "CARD\\u0000", "barcode": "BARCODE", "branch": "glostrup"}',
    '{"card": "CARD", "barcode": "' + "9" * 5000 + '", "branch": "glostrup"}',
    '{"card": "CARD", "barcode": "BARCODE", "branch": "\\ud800"}',
    '{"card": "CARD", "barcode": "BARCODE", "branch": "glostrup\\u0000"}',
]


@pytest.mark.parametrize("body", MALFORMED)
def test_malformed_checkouts_are_400_with_a_reason_and_write_nothing(client, lib, body):
    body = body.replace("CARD", lib.alice.card).replace("BARCODE", lib.item.barcode)
    before = counts()
    response = send(client, "post", "/circulation/checkout", body, **lib.staff)
    assert response.status_code == 400, response.content
    assert response.json()["detail"] and response.json()["code"]
    assert counts() == before


MALFORMED_ELSEWHERE = [
    ("post", "/patron/reservations", {"pid": "x", "pickup_branch": "glostrup",
                                      "interest_until": "2026-13-45"}),
    ("post", "/patron/reservations", {"pid": "x", "pickup_branch": "glostrup",
                                      "pickup_stop": 10**30}),
    ("patch", "/patron", {"email": None}),
    ("patch", "/patron", {"interest_days": "many"}),
    ("patch", "/patron", {"email": "not an address"}),
    ("patch", "/patron", {"pause_from": "2027-02-01", "pause_to": "2027-01-01"}),
    ("patch", "/patron", {"notify_sms": "ja"}),
    ("patch", "/patron", {"card": "0000"}),
]


@pytest.mark.parametrize(("method", "path", "data"), MALFORMED_ELSEWHERE)
def test_malformed_patron_requests_are_400_and_change_nothing(client, lib, method, path, data):
    before = counts()
    response = send(client, method, path, data, **basic(lib.alice))
    assert response.status_code == 400, response.content
    assert response.json()["code"]
    assert counts() == before
    fresh = Patron.objects.get(pk=lib.alice.pk)
    assert (fresh.email, fresh.interest_days, fresh.pause_from) == (lib.alice.email, None, None)


def test_refusals_come_in_the_callers_language(client, lib):
    payload = {"card": lib.alice.card, "barcode": "0000", "branch": "glostrup"}
    english = send(client, "post", "/circulation/checkout", payload, HTTP_ACCEPT_LANGUAGE="en",
                   **lib.staff).json()
    danish = send(client, "post", "/circulation/checkout", payload, **lib.staff).json()
    assert english == {"detail": "The barcode 0000 is not known.", "code": "unknown_barcode"}
    assert danish == {"detail": "Stregkoden 0000 kendes ikke.", "code": "unknown_barcode"}
    bad_json = send(client, "post", "/circulation/checkout", "{", HTTP_ACCEPT_LANGUAGE="en",
                    **lib.staff).json()
    assert bad_json == {"detail": "The request body is not valid JSON.", "code": "malformed"}
    nobody = client.get(f"{API}/patron", HTTP_ACCEPT_LANGUAGE="en").json()
    assert nobody["code"] == "unauthorized" and "Log in" in nobody["detail"]


# --- documentation -------------------------------------------------------------------------


def test_openapi_documents_authentication_and_the_lending_paths(client, network):
    spec = client.get(f"{API}/openapi.json").json()
    schemes = spec["components"]["securitySchemes"]
    assert schemes["PatronBasic"] == {**schemes["PatronBasic"], "type": "http",
                                      "scheme": "basic"}
    assert schemes["StaffToken"]["scheme"] == "bearer"
    assert schemes["PatronSession"]["in"] == schemes["StaffSession"]["in"] == "cookie"
    paths = spec["paths"]
    expected = {
        "/patron/session", "/patron", "/patron/loans", "/patron/loans/{id}/renew",
        "/patron/loans/renew", "/patron/reservations", "/patron/reservations/{id}",
        "/patron/history", "/circulation/checkout", "/circulation/checkin",
        "/loans/{id}/renew", "/loans/{id}/lost", "/patrons", "/patrons/{card}",
        "/patrons/{card}/blocks", "/patrons/{card}/blocks/{id}", "/patrons/{card}/loans",
        "/patrons/{card}/reservations", "/branches/{code}/holdshelf",
        "/branches/{code}/pulllist", "/branches/{code}/transits", "/loanrules/explain",
    }
    assert {f"{API}{p}" for p in expected} <= set(paths)
    assert {"PatronBasic": []} in paths[f"{API}/patron/loans"]["get"]["security"]
    assert {"StaffToken": []} in paths[f"{API}/circulation/checkout"]["post"]["security"]
    assert "security" not in paths[f"{API}/patron/session"]["post"]
    assert "Bearer" in spec["info"]["description"]
    assert client.get(f"{API}/docs").status_code == 200


def test_add_api_token_refuses_an_unknown_user(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("add_api_token", user="nobody", name="x", stdout=io.StringIO())
    assert not ApiToken.objects.exists()
