"""A leader changes their own library's loan rules on a staff page, through the loan_rules
service, and every change is on the staff record; nobody changes another library's or the
network's."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from reol.circulation import loan_rules
from reol.circulation.models import LoanRule
from reol.core.models import StaffChange
from reol.core.roles import grant
from reol.errors import DomainError


def staff(name: str, library, role: str) -> User:
    user = User.objects.create_user(name, password="hemmelig-42")
    grant(user, library, role)
    return user


@pytest.fixture
def leader(network):
    return staff("lone", network.glostrup, "leader")


@pytest.fixture
def randers_rule(network):
    return LoanRule.objects.create(library=network.randers, material_type="film", loan_days=7)


def record(**where) -> list[StaffChange]:
    return list(StaffChange.objects.filter(model="circulation.loanrule", **where).order_by("id"))


def test_a_leader_adds_and_changes_a_rule_of_their_library_and_it_is_recorded(
        client, network, leader):
    client.force_login(leader)
    assert client.get("/staff/loan-rules/").status_code == 200
    added = client.post("/staff/loan-rules/new/", {
        "material_type": "book", "loan_days": "28", "loanable": "unknown",
        "renew_when_reserved": "unknown", "note": "Bøger"})
    assert added.status_code == 302, added.content.decode()[:3000]
    rule = LoanRule.objects.get(library=network.glostrup, material_type="book")
    assert rule.loan_days == 28
    changed = client.post(f"/staff/loan-rules/{rule.pk}/", {
        "loan_days": "21", "renewals": "2", "loanable": "unknown",
        "renew_when_reserved": "false", "note": "Bøger"})
    assert changed.status_code == 302
    rule.refresh_from_db()
    assert (rule.loan_days, rule.renewals, rule.renew_when_reserved) == (21, 2, False)
    rows = record(library_id=network.glostrup.pk)
    assert [c.action for c in rows] == ["create", "update"]
    assert {c.user for c in rows} == {leader}
    assert rows[0].changes["loan_days"] == [None, 28]
    assert rows[1].changes == {"loan_days": [28, 21], "renewals": [None, 2],
                               "renew_when_reserved": [None, False]}
    page = client.get("/staff/loan-rules/").content.decode()
    assert "lone" in page and "28 → 21" in page
    assert "Låneregler for Glostrup Bibliotek" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Loan rules of Glostrup Bibliotek" in client.get("/staff/loan-rules/").content.decode()
    form = client.get(f"/staff/loan-rules/{rule.pk}/").content.decode()
    assert "Loan period (days)" in form and "Renew when others wait" in form


def test_a_bad_value_is_refused_next_to_its_field_in_danish_and_english(client, leader):
    client.force_login(leader)
    form = {"loan_days": "0", "loanable": "unknown", "renew_when_reserved": "unknown"}
    refused = client.post("/staff/loan-rules/new/", form)
    assert refused.status_code == 400
    assert "Værdien skal være et helt tal fra 1 til 365." in refused.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    refused = client.post("/staff/loan-rules/new/", form)
    assert "The value must be a whole number from 1 to 365." in refused.content.decode()
    assert not LoanRule.objects.exists() and not record()


def test_a_second_rule_for_the_same_cell_is_refused(client, network, leader):
    client.force_login(leader)
    LoanRule.objects.create(library=network.glostrup, material_type="film", loan_days=7)
    refused = client.post("/staff/loan-rules/new/", {
        "material_type": "film", "loan_days": "14", "loanable": "unknown",
        "renew_when_reserved": "unknown"})
    assert refused.status_code == 400
    assert "Der er allerede en regel for den celle." in refused.content.decode()


def test_a_leader_cannot_change_or_remove_another_librarys_rule(client, leader, randers_rule):
    client.force_login(leader)
    form = {"loan_days": "60", "loanable": "unknown", "renew_when_reserved": "unknown"}
    assert client.get(f"/staff/loan-rules/{randers_rule.pk}/").status_code == 403
    assert client.post(f"/staff/loan-rules/{randers_rule.pk}/", form).status_code == 403
    assert client.post(f"/staff/loan-rules/{randers_rule.pk}/remove/").status_code == 403
    randers_rule.refresh_from_db()
    assert randers_rule.loan_days == 7
    with pytest.raises(DomainError) as refusal:  # nor through the service itself
        loan_rules.change_rule(randers_rule.pk, {"loan_days": 60}, by=leader)
    assert refusal.value.code == "not_allowed"
    assert "Randers" not in client.get("/staff/loan-rules/").content.decode()
    assert not record()


def test_the_networks_common_rules_are_not_a_leaders_to_change(client, leader):
    common = LoanRule.objects.create(library=None, material_type="game", loan_days=14)
    client.force_login(leader)
    form = {"loan_days": "60", "loanable": "unknown", "renew_when_reserved": "unknown"}
    assert client.post(f"/staff/loan-rules/{common.pk}/", form).status_code == 403
    with pytest.raises(DomainError):
        loan_rules.add_rule(None, {"material_type": "film"}, {"loan_days": 3}, by=leader)
    common.refresh_from_db()
    assert common.loan_days == 14


def test_desk_staff_read_the_rules_but_cannot_change_them(client, network, leader):
    desk = staff("birte", network.glostrup, "desk")
    rule = LoanRule.objects.create(library=network.glostrup, material_type="film", loan_days=7)
    client.force_login(desk)
    form = {"loan_days": "60", "loanable": "unknown", "renew_when_reserved": "unknown"}
    assert client.post(f"/staff/loan-rules/{rule.pk}/", form).status_code == 403
    assert client.post("/staff/loan-rules/new/", form).status_code == 403
    assert client.post(f"/staff/loan-rules/{rule.pk}/remove/").status_code == 403
    rule.refresh_from_db()
    assert rule.loan_days == 7 and not record()


def test_a_rule_changed_outside_a_request_is_on_record_as_its_staff_user(network, leader):
    rule = loan_rules.add_rule(network.glostrup, {"material_type": "game"}, {"loan_days": 21},
                               by=leader)
    loan_rules.change_rule(rule.pk, {"loan_days": 14}, by=leader)
    assert [(c.action, c.actor) for c in record()] == [("create", "lone"), ("update", "lone")]


def test_a_leader_removes_a_rule_and_the_removal_is_recorded(client, network, leader):
    rule = LoanRule.objects.create(library=network.glostrup, material_type="film", loan_days=7,
                                   overdue_fee_per_day=Decimal("2.50"))
    client.force_login(leader)
    assert client.post(f"/staff/loan-rules/{rule.pk}/remove/").status_code == 302
    assert not LoanRule.objects.filter(pk=rule.pk).exists()
    [removal] = record(action="delete")
    assert removal.user == leader and removal.library_id == network.glostrup.pk
    assert removal.changes["loan_days"] == [7, None]
    assert removal.changes["overdue_fee_per_day"] == ["2.50", None]


def test_a_superuser_changes_a_rule_in_the_back_office_through_the_service(
        admin_client, randers_rule):
    page = admin_client.post(f"/admin/circulation/loanrule/{randers_rule.pk}/change/", {
        "loan_days": "10", "note": ""})
    assert page.status_code == 302, page.content.decode()[:3000]
    randers_rule.refresh_from_db()
    assert randers_rule.loan_days == 10
    [change] = record()
    assert change.changes == {"loan_days": [7, 10]} and change.actor == "admin"
