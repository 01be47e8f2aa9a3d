"""The staff record (issue 13, point 9 and the lookups of point 7): every staff change, from
every door, is on record with who, when and what changed; every look at a patron too; and a
leader sees their own library's record, nobody else's."""

import io
import json
import sys
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from reol import __main__ as reol_command
from reol.circulation import patrons, services
from reol.circulation.models import LoanRule, Patron
from reol.core import jobs as lending_jobs
from reol.core import staff_record
from reol.core.actor import acting_as
from reol.core.models import StaffChange
from reol.core.roles import grant
from tests.factories import make_item, make_patron, make_record, renewable_now

PATRON = "circulation.patron"


def staff(name: str, library, role: str = "desk") -> User:
    user = User.objects.create_user(name, password="hemmelig-42")
    grant(user, library, role)
    return user


def token_for(user: User) -> str:
    out = io.StringIO()
    call_command("add_api_token", user=user.username, name="desk client", stdout=out,
                 stderr=io.StringIO())
    return out.getvalue().strip()


@pytest.fixture
def birte(network):
    return staff("birte", network.glostrup)


@pytest.fixture
def karen(network):
    return make_patron(network.glostrup, name="Karen Blixen", card="11112222",
                       email="karen@example.dk")


def only_row(**where) -> StaffChange:
    rows = list(StaffChange.objects.filter(**where))
    assert len(rows) == 1, rows
    return rows[0]


# --- changes, from every door -----------------------------------------------------------------


def test_a_change_at_the_desk_page_is_on_record_with_who_and_old_and_new(client, birte, karen):
    client.force_login(birte)
    form = patrons.EDITABLE  # the edit form posts every editable field
    assert "email" in form
    page = client.get(f"/staff/patrons/{karen.pk}/edit/")
    initial = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    response = client.post(f"/staff/patrons/{karen.pk}/edit/",
                           {**initial, "email": "blixen@example.dk"})
    assert response.status_code == 302
    row = only_row(model=PATRON, action="update")
    assert (row.user, row.actor, row.patron_id) == (birte, "birte", karen.pk)
    assert row.library_id == karen.library_id
    assert row.changes == {"email": ["karen@example.dk", "blixen@example.dk"]}


def test_lending_at_the_desk_is_on_record_without_the_patron(client, birte, karen, network):
    item = make_item(make_record("Kongens Fald"), network.glostrup_main)
    client.force_login(birte)
    client.post("/staff/desk/scan/", {"code": karen.card})
    client.post("/staff/desk/scan/", {"code": item.barcode})
    lent = only_row(model="circulation.loan", action="create")
    assert (lent.user, lent.library_id, lent.patron_id) == (birte, network.glostrup.pk, None)
    assert lent.changes["item"] == [None, item.barcode]
    client.post("/staff/desk/mode/", {"mode": "in"})
    client.post("/staff/desk/scan/", {"code": item.barcode})
    returned = only_row(model="circulation.loan", action="update")
    assert returned.object_id == lent.object_id and returned.user == birte
    assert karen.card not in json.dumps(lent.changes | returned.changes)
    # A kiosk or the patron's own page is not staff: their lending is in the event log only.
    services.check_out(karen, make_item(make_record("Himmerland"), network.glostrup_main)
                       .barcode, "glostrup", self_service=True)
    assert StaffChange.objects.filter(model="circulation.loan").count() == 2


def test_a_new_pin_is_on_record_as_changed_never_its_hash(client, birte, karen):
    client.force_login(birte)
    client.post(f"/staff/patrons/{karen.pk}/pin/", {"pin": "8642"})
    karen.refresh_from_db()
    row = only_row(model=PATRON, action="update")
    assert row.changes == {"pin": "changed"}
    assert karen.pin not in json.dumps(row.changes) and "argon2" not in json.dumps(row.changes)


def test_a_change_through_the_api_is_on_record_as_the_tokens_user(client, birte, karen):
    token = token_for(birte)
    response = client.patch(f"/api/v1/patrons/{karen.card}", json.dumps({"phone": "20304050"}),
                            content_type="application/json",
                            HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    row = only_row(model=PATRON, action="update")
    assert (row.user, row.actor) == (birte, "birte")
    assert row.changes == {"phone": ["", "20304050"]}


def test_a_block_and_its_lifting_are_on_record_for_the_patron(client, birte, karen):
    client.force_login(birte)
    client.post(f"/staff/patrons/{karen.pk}/blocks/", {"code": "lost_card", "reason": ""})
    block = karen.blocks.get()
    client.post(f"/staff/patrons/{karen.pk}/blocks/{block.pk}/lift/")
    rows = StaffChange.objects.filter(model="circulation.block").order_by("id")
    assert [(r.action, r.patron_id, r.actor) for r in rows] == [
        ("create", karen.pk, "birte"), ("update", karen.pk, "birte")]
    assert rows[0].changes["code"] == [None, "lost_card"]
    assert set(rows[1].changes) == {"lifted"}


def test_a_change_in_the_admin_is_on_record(admin_client, network):
    rule = LoanRule.objects.create(library=network.randers, loan_days=30)
    assert not StaffChange.objects.exists()  # made outside any request or command
    page = admin_client.get(f"/admin/circulation/loanrule/{rule.pk}/change/")
    data = {k: ("" if v is None else v) for k, v in page.context["adminform"].form.initial.items()}
    response = admin_client.post(f"/admin/circulation/loanrule/{rule.pk}/change/",
                                 {**data, "loan_days": 14})
    assert response.status_code == 302, response.content
    row = only_row(model="circulation.loanrule")
    assert (row.actor, row.action, row.library_id) == ("admin", "update", network.randers.pk)
    assert row.changes == {"loan_days": [30, 14]}


@pytest.mark.django_db(transaction=True)
def test_a_change_by_a_reol_command_is_on_record_as_the_command(network, monkeypatch):
    monkeypatch.setattr(sys, "argv", [
        "reol", "add_patron", "--card=55556666", "--pin=2468", "--name=Tove Ditlevsen",
        "--birth-date=1960-12-14", "--library=716100"])
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    reol_command.main()
    tove = Patron.objects.get(card="55556666")
    row = only_row(model=PATRON, action="create")
    assert row.user is None and row.actor.startswith("reol add_patron (")
    assert row.patron_id == tove.pk and row.library_id == network.glostrup.pk
    assert row.changes["name"] == [None, "Tove Ditlevsen"] and row.changes["pin"] == "changed"


def test_a_renewal_by_staff_is_on_record_without_naming_the_patron(client, birte, karen,
                                                                    network):
    item = make_item(make_record("Kongens Fald"), network.glostrup_main)
    loan = services.check_out(karen.card, item.barcode, network.glostrup_main, now=renewable_now())
    client.force_login(birte)
    client.post(f"/staff/loans/{loan.pk}/renew/")
    row = only_row(model="circulation.loan")
    assert row.action == "update" and row.actor == "birte"
    assert row.changes["renewals"] == [0, 1]
    # The record never ties a patron to a title: a loan's row names no patron.
    assert row.patron_id is None and "patron" not in row.changes
    assert row.library_id == network.glostrup.pk


def test_nothing_is_recorded_without_a_member_of_staff_or_an_operator(karen):
    patrons.update(karen, {"phone": "20304050"})  # a patron's own change, a job
    assert not StaffChange.objects.exists()
    with acting_as("reol add_patron (ops@host)"):
        patrons.update(karen, {"phone": "30405060"})
    assert only_row().changes == {"phone": ["20304050", "30405060"]}


def test_a_change_rolled_back_is_not_on_record(birte, karen):
    with acting_as("birte", birte), pytest.raises(RuntimeError), transaction.atomic():
        patrons.update(karen, {"phone": "20304050"})
        raise RuntimeError("the use case fails after the change")
    assert not StaffChange.objects.exists()
    karen.refresh_from_db()
    with acting_as("birte", birte):
        patrons.update(karen, {"phone": "20304050"})
    assert only_row().changes == {"phone": ["", "20304050"]}


# --- lookups ----------------------------------------------------------------------------------


def test_opening_a_patron_at_the_desk_is_a_lookup(client, birte, karen):
    client.force_login(birte)
    client.get(f"/staff/patrons/{karen.pk}/")
    client.post("/staff/desk/scan/", {"code": karen.card})
    rows = StaffChange.objects.filter(action="lookup")
    assert [(r.actor, r.patron_id, r.library_id) for r in rows] == [
        ("birte", karen.pk, karen.library_id)] * 2


def test_reading_a_patron_through_the_api_is_a_lookup(client, birte, karen):
    token = token_for(birte)
    for path in ("", "/loans", "/reservations"):
        response = client.get(f"/api/v1/patrons/{karen.card}{path}",
                              HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code == 200
    rows = StaffChange.objects.filter(action="lookup", patron_id=karen.pk)
    assert [r.user for r in rows] == [birte] * 3


def test_opening_a_patron_in_the_admin_is_a_lookup(admin_client, karen):
    assert admin_client.get(f"/admin/circulation/patron/{karen.pk}/change/").status_code == 200
    row = only_row(action="lookup")
    assert (row.actor, row.patron_id) == ("admin", karen.pk)


def test_a_refused_look_at_another_librarys_patron_is_no_lookup(client, birte, network):
    rasmus = make_patron(network.randers, name="Rasmus")
    client.force_login(birte)
    assert client.get(f"/staff/patrons/{rasmus.pk}/").status_code == 403
    assert not StaffChange.objects.exists()


# --- the leader's page ------------------------------------------------------------------------


@pytest.fixture
def two_records(network, karen):
    """A lookup and a change in Glostrup, a lookup in Randers."""
    rasmus = make_patron(network.randers, name="Rasmus Klump", card="99998888")
    birte = staff("birte", network.glostrup)
    rita = staff("rita", network.randers)
    with acting_as("birte", birte):
        staff_record.lookup(karen)
        patrons.update(karen, {"phone": "20304050"})
    with acting_as("rita", rita):
        staff_record.lookup(rasmus)
    return rasmus


def test_a_leader_sees_their_own_librarys_record_and_not_anothers(client, network, two_records):
    client.force_login(staff("lone", network.glostrup, "leader"))
    response = client.get("/staff/record/")
    assert response.status_code == 200
    rows = list(response.context["page"])
    assert [(r.actor, r.action) for r in rows] == [("birte", "update"), ("birte", "lookup")]
    text = response.content.decode()
    assert "Karen Blixen" in text and "20304050" in text
    assert "Rasmus" not in text and "rita" not in text


def test_a_leader_filters_by_card_user_action_and_day(client, network, two_records, karen):
    client.force_login(staff("lone", network.glostrup, "leader"))

    def actions(**query) -> list[str]:
        return [r.action for r in client.get("/staff/record/", query).context["page"]]

    assert actions(card=karen.card, action="lookup") == ["lookup"]
    assert actions(card=two_records.card) == []  # another library's patron: nothing
    assert actions(who="rita") == []
    today = timezone.localdate()
    assert len(actions(since=today.isoformat(), until=today.isoformat())) == 2
    assert actions(until=(today - timedelta(days=1)).isoformat()) == []
    assert client.get("/staff/record/", {"since": "0000-01-01"}).status_code == 400


def test_desk_staff_are_refused_the_record(client, network, two_records):
    client.force_login(staff("bodil", network.glostrup))
    response = client.get("/staff/record/")
    assert response.status_code == 403
    assert "Karen" not in response.content.decode()


def test_the_record_page_speaks_english_on_request(client, network, two_records):
    client.force_login(staff("lone", network.glostrup, "leader"))
    client.cookies["django_language"] = "en"
    english = client.get("/staff/record/").content.decode()
    client.cookies["django_language"] = "da"
    danish = client.get("/staff/record/").content.decode()
    assert "Staff record" in english and "Looked up" in english
    assert "Personalelog" in danish and "Slået op" in danish


# --- retention --------------------------------------------------------------------------------


def test_forget_before_drops_only_older_rows(network, two_records):
    StaffChange.objects.filter(actor="rita").update(at=timezone.now() - timedelta(days=400))
    assert staff_record.forget_before(timezone.now() - staff_record.RETENTION) == 1
    assert set(StaffChange.objects.values_list("actor", flat=True)) == {"birte"}


def test_the_lending_jobs_forget_rows_past_the_retention_period(network, two_records):
    StaffChange.objects.filter(actor="rita").update(at=timezone.now() - timedelta(days=400))
    assert lending_jobs.run_all(timezone.now()).done["forget_staff_record"] == {"rows": 1}
    assert set(StaffChange.objects.values_list("actor", flat=True)) == {"birte"}


def test_a_deleted_patron_leaves_only_that_they_were_deleted(network, karen, two_records):
    lone = staff("lone", network.glostrup, "leader")
    with acting_as("lone", lone):
        karen.delete()
    rows = StaffChange.objects.filter(library_id=network.glostrup.pk)
    assert [(r.action, r.patron_id, r.changes) for r in rows] == [("delete", None, {})]


def test_a_reservation_placed_by_staff_is_on_record_without_tying_patron_to_title(
        client, birte, karen, network):
    book = make_record("Gæstebud i Nordland")
    make_item(book, network.glostrup_main, status="on_loan")
    response = client.post(f"/api/v1/patrons/{karen.card}/reservations",
                           json.dumps({"pid": book.pid, "pickup_branch": "glostrup"}),
                           content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {token_for(birte)}")
    assert response.status_code == 201, response.content
    row = only_row(model="circulation.reservation")
    assert (row.action, row.actor, row.library_id) == ("create", "birte", network.glostrup.pk)
    assert row.patron_id is None and row.changes["patron"] == "changed"
    assert str(karen.pk) not in json.dumps(row.changes["patron"])


def test_only_leaders_get_the_link_to_the_record(client, network):
    client.force_login(staff("lone", network.glostrup, "leader"))
    assert 'href="/staff/record/"' in client.get("/staff/patrons/").content.decode()
    client.force_login(staff("bodil", network.glostrup))
    assert 'href="/staff/record/"' not in client.get("/staff/patrons/").content.decode()


def test_a_patrons_own_change_through_the_api_is_not_a_staff_change(client, karen):
    import base64

    basic = base64.b64encode(f"{karen.card}:1234".encode()).decode()
    response = client.patch("/api/v1/patron", json.dumps({"phone": "20304050"}),
                            content_type="application/json",
                            HTTP_AUTHORIZATION=f"Basic {basic}", secure=True)
    assert response.status_code == 200, response.content
    assert not StaffChange.objects.exists()


def test_the_record_names_branches_not_ids(client, network, karen):
    lone = staff("lone", network.glostrup, "leader")
    with acting_as("lone", lone):
        patrons.update(karen, {"pickup_branch": network.glostrup_main})
    client.force_login(lone)
    row = client.get("/staff/record/").context["page"][0]
    assert row.fields == [("pickup_branch", None, "Glostrup Bibliotek", False)]


def test_a_terminals_password_is_on_record_as_changed_never_its_hash(network):
    from reol.selfservice.models import Sip2Terminal

    with acting_as("reol add_sip2_terminal (ops@host)"):
        terminal = Sip2Terminal(login="sip-glostrup", branch=network.glostrup_main)
        terminal.set_password("hemmelig")
        terminal.save()
        terminal.set_password("nyt-kodeord")
        terminal.save()
    rows = StaffChange.objects.filter(model="selfservice.sip2terminal").order_by("id")
    assert [(r.action, r.library_id, r.changes.get("password")) for r in rows] == [
        ("create", network.glostrup.pk, "changed"), ("update", network.glostrup.pk, "changed")]
    assert "argon2" not in json.dumps([r.changes for r in rows])


def test_the_record_comes_in_pages_newest_first(client, network, karen):
    from reol.circulation.views_staff.record import PER_PAGE

    lone = staff("lone", network.glostrup, "leader")
    with acting_as("lone", lone):
        for _ in range(PER_PAGE + 1):
            staff_record.lookup(karen)
    client.force_login(lone)
    first = client.get("/staff/record/", {"card": karen.card})
    second = client.get("/staff/record/", {"card": karen.card, "page": 2})
    assert len(first.context["page"]) == PER_PAGE and len(second.context["page"]) == 1
    newest = StaffChange.objects.order_by("-id").first()
    assert first.context["page"][0].pk == newest.pk
    assert f"card={karen.card}&amp;page=2" in first.content.decode()
