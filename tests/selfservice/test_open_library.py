"""The open library: doors ask over SIP2 (patron status) or POST /api/v1/access; the branch's
hours and entry policy decide; entries are visits in the event log, forgotten after 30 days."""

import base64
from datetime import timedelta

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.test import Client
from django.utils import timezone

from reol.circulation.models import Block
from reol.core.models import Event
from reol.libraries.models import OpeningPattern
from reol.selfservice.jobs import forget_old_visits
from reol.selfservice.models import EntryPolicy, GuardianConsent
from reol.throttle import rules as throttle_rules
from reol.throttle.models import Attempts
from tests.factories import make_patron

from .conftest import DATE_FIELD, PASSWORD, Raw, fields, terminal

pytestmark = pytest.mark.django_db(transaction=True)


def born(years: int, days: int = 0) -> str:
    """A birth date that makes the patron `years` old today (plus `days`)."""
    return str(timezone.localdate() - relativedelta(years=years) - timedelta(days=days))


def basic(login: str, password: str = PASSWORD) -> str:
    return "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()


def ask(client: Client, card: str, pin: str = "1234", branch: str = "glostrup",
        authorization: str | None = basic("door-1")):
    """POST /api/v1/access, as the Glostrup door controller unless told otherwise."""
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    return client.post("/api/v1/access", {"branch": branch, "card": card, "pin": pin},
                       content_type="application/json", HTTP_ACCEPT_LANGUAGE="en", **headers)


def door(client: Client, card: str, pin: str = "1234", branch: str = "glostrup") -> dict:
    answer = ask(client, card, pin, branch)
    assert answer.status_code == 200, answer.content
    return answer.json()


def test_adults_enter_and_each_entry_is_a_visit(place):
    adult = make_patron(place.network.glostrup, born=born(40))
    controller = Client(enforce_csrf_checks=True)  # a door has no browser session or cookie
    assert door(controller, adult.card) == {"allowed": True, "reason": "Welcome.",
                                          "code": "welcome"}
    visit = Event.objects.get(kind="visit")
    assert visit.branch.code == "glostrup" and visit.patron_ref == adult.reference
    assert visit.age_group == "30-49" and visit.detail["via"] == "api"


def test_the_minimum_age_and_a_guardians_consent(place):
    client = Client()
    fifteen = make_patron(place.network.glostrup, born=born(15))
    fourteen = make_patron(place.network.glostrup, born=born(15, days=-1))
    assert door(client, fifteen.card)["allowed"]
    refused = door(client, fourteen.card)
    assert refused["allowed"] is False and refused["code"] == "too_young"
    assert "15" in refused["reason"]
    GuardianConsent.objects.create(patron=fourteen, guardian_name="Mor", given="2026-01-01")
    assert door(client, fourteen.card)["allowed"]
    EntryPolicy.objects.filter(branch=place.network.glostrup_main).update(
        guardian_consent_admits=False)
    assert door(client, fourteen.card)["code"] == "too_young"
    assert Event.objects.filter(kind="visit").count() == 2


def test_blocked_from_self_service_is_refused_at_the_door(place):
    patron = make_patron(place.network.glostrup)
    Block.objects.create(patron=patron, code="no_self_service")
    refused = door(Client(), patron.card)
    assert refused == {"allowed": False, "code": "blocked_no_self_service",
                       "reason": "The patron may not use self-service. Please ask staff."}
    assert not Event.objects.filter(kind="visit").exists()


def test_wrong_pins_pause_the_card_briefly_with_the_same_answer(place):
    client = Client()
    patron = make_patron(place.network.glostrup)
    wrong = door(client, patron.card, pin="0000")
    assert wrong["code"] == "wrong_pin"
    assert door(client, "no-such-card", pin="0000") == wrong  # cannot be probed
    for _ in range(5):
        door(client, patron.card, pin="0000")
    assert door(client, patron.card, pin="1234") == wrong  # the right PIN, but paused
    with time_machine.travel(timezone.now() + throttle_rules.CARD.pause, tick=False):
        assert door(client, patron.card, pin="1234")["allowed"]  # a short pause only
    assert door(client, patron.card, pin="")["code"] == "pin_required"


def test_closed_hours_keep_the_door_shut_and_staffed_hours_need_no_pin(place):
    patron = make_patron(place.network.glostrup, born=born(12))
    OpeningPattern.objects.filter(branch=place.network.glostrup_main).update(service="staffed")
    assert door(Client(), patron.card, pin="")["allowed"]  # staff let everyone in
    OpeningPattern.objects.filter(branch=place.network.glostrup_main).delete()
    shut = door(Client(), patron.card)
    assert shut["code"] == "closed" and shut["reason"] == "The library is closed now."
    elsewhere = ask(Client(), patron.card, branch="atlantis")  # not this door's branch
    assert elsewhere.status_code == 403 and elsewhere.json()["code"] == "not_your_branch"


def test_only_a_door_controller_with_its_credential_may_ask(place):
    """Doors authenticate like kiosks: without the door terminal's own log-in nothing
    happens — no visit, no answer about the card, no PIN attempt counted."""
    patron = make_patron(place.network.glostrup)
    terminal("door-randers", place.network.randers_main, kind="door")
    terminal("door-old", place.network.glostrup_main, kind="door", active=False)
    for authorization in (None, basic("door-1", "wrong"), basic("nobody"), basic("kiosk-1"),
                          basic("door-old"), f"Bearer {PASSWORD}"):
        answer = ask(Client(), patron.card, pin="0000", authorization=authorization)
        assert answer.status_code == 401, authorization
        assert set(answer.json()) == {"detail", "code"}
    # Another branch's door may not ask for this one.
    answer = ask(Client(), patron.card, pin="0000", authorization=basic("door-randers"))
    assert answer.status_code == 403 and answer.json()["code"] == "not_your_branch"
    assert not Attempts.objects.filter(scope__startswith="pin:").exists()  # no PIN counted
    assert not Event.objects.filter(kind="visit").exists()
    assert door(Client(), patron.card)["allowed"]  # the door's own credential


def test_no_pin_needed_where_the_policy_says_so(place):
    EntryPolicy.objects.filter(branch=place.network.glostrup_main).update(pin_required=False)
    patron = make_patron(place.network.glostrup)
    assert door(Client(), patron.card, pin="")["allowed"]


def test_a_door_controller_asks_over_sip2_patron_status(place, raw):
    adult = make_patron(place.network.glostrup, born=born(30))
    child = make_patron(place.network.glostrup, born=born(10))
    controller: Raw = raw()
    assert controller.login("door-1") == "941"

    def status(card: str, pin: str = "1234") -> dict:
        answer = controller.ask(f"23009{DATE_FIELD}AODK-716100|AA{card}|AC|AD{pin}|")
        assert answer.startswith("24")
        return fields(answer)

    welcome = status(adult.card)
    assert (welcome["BL"], welcome["CQ"], welcome["AF"]) == (["Y"], ["Y"], ["Velkommen."])
    young = status(child.card)
    assert (young["BL"], young["CQ"]) == (["N"], ["N"])
    assert young["AF"][0].startswith("Du skal være 15 år")
    wrong = status(adult.card, "0000")
    assert (wrong["BL"], wrong["CQ"], wrong["AF"]) == (
        ["N"], ["N"], ["Forkert kortnummer eller PIN-kode."])
    assert [e.detail["via"] for e in Event.objects.filter(kind="visit")] == ["sip2"]


def test_visits_forget_the_patron_after_30_days(place):
    patron = make_patron(place.network.glostrup)
    assert door(Client(), patron.card)["allowed"]
    assert door(Client(), patron.card)["allowed"]
    old, new = Event.objects.filter(kind="visit").order_by("id")
    Event.objects.filter(pk=old.pk).update(time=timezone.now() - timedelta(days=31))
    assert forget_old_visits(timezone.now()) == 1
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.patron_ref is None and old.branch_id == new.branch_id  # still counted
    assert new.patron_ref == patron.reference
    assert forget_old_visits(timezone.now()) == 0



def test_the_door_api_documents_its_credential(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["components"]["securitySchemes"]["DoorBasic"]["scheme"] == "basic"
    assert spec["paths"]["/api/v1/access"]["post"]["security"] == [{"DoorBasic": []}]
