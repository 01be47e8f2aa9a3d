"""`reol add_patron` and `reol add_staff`: operators' commands that go through the services."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from reol.circulation import patrons
from reol.circulation.models import Patron, PatronChange
from reol.core import access
from reol.core.models import StaffRole

ADD = {"card": "1234567890", "pin": "2468", "name": "Karen Blixen",
       "birth_date": "1985-04-17", "library": "716100"}


def add_patron(**changes) -> str:
    out = StringIO()
    call_command("add_patron", *[f"--{k.replace('_', '-')}={v}"
                                 for k, v in {**ADD, **changes}.items()], stdout=out)
    return out.getvalue()


def refused(**changes) -> str:
    before = (Patron.objects.count(), PatronChange.objects.count())
    with pytest.raises(CommandError) as error:
        add_patron(**changes)
    assert (Patron.objects.count(), PatronChange.objects.count()) == before
    return str(error.value)


def test_add_patron_registers_a_patron_who_can_log_in(network):
    out = add_patron(email="karen@example.dk", phone="+4520304050", language="en",
                     pickup_branch="glostrup")
    assert "Karen Blixen" in out and "1234567890" in out and "Glostrup Bibliotek" in out
    patron = patrons.authenticate("1234567890", "2468")
    assert patron.library == network.glostrup and patron.language == "en"
    assert patron.notify_sms and patron.pickup_branch == network.glostrup_main
    assert PatronChange.objects.get(patron=patron).action == "registered"
    child = add_patron(card="1234567891", name="Tanne Blixen", birth_date="2017-01-02",
                       guardian_card="1234567890")
    assert "Tanne Blixen" in child
    assert Patron.objects.get(card="1234567891").guardian == patron


def test_add_patron_refuses_with_a_reason_and_writes_nothing(network):
    add_patron()
    assert refused(name="Someone Else") == "Kortnummeret er allerede i brug."
    assert refused(card="555", library="999999") == (
        "Et kortnummer er 4 til 20 bogstaver eller cifre.")
    assert refused(card="5555", library="999999") == "Biblioteket 999999 kendes ikke."
    assert refused(card="5555", birth_date="17-04-1985") == "Fødselsdatoen skrives ÅÅÅÅ-MM-DD."
    assert refused(card="5555", pin="12ab") == "En PIN-kode er 4 til 8 cifre."
    assert refused(card="5555", guardian_card="0000") == "Værgens kort kendes ikke."
    assert refused(card="5555", pickup_branch="randers-hb") == (
        "Afhentningsstedet hører ikke til biblioteket.")


def test_add_patron_speaks_english_when_the_operator_does(network, monkeypatch):
    monkeypatch.setenv("LANGUAGE", "en_GB:en")
    assert refused(card="5555", pin="1") == "A PIN has 4 to 8 digits."
    assert add_patron().startswith("Registered Karen Blixen")


def test_add_staff_gives_a_role_in_one_library(network):
    out = StringIO()
    call_command("add_staff", "--username=jette", "--password=hemmelig", "--library=773000",
                 "--role=leader", stdout=out)
    assert "jette" in out.getvalue()
    user = get_user_model().objects.get(username="jette")
    assert user.check_password("hemmelig") and user.is_staff and not user.is_superuser
    assert access.staff_libraries(user) == {network.randers.pk}
    assert user.groups.filter(name="leader").exists()
    call_command("add_staff", "--username=jette", "--password=nyt-kodeord", "--library=716100",
                 stdout=StringIO())
    user.refresh_from_db()
    assert user.check_password("nyt-kodeord")
    assert access.staff_libraries(user) == {network.randers.pk, network.glostrup.pk}
    assert StaffRole.objects.filter(user=user).count() == 2


def test_add_staff_superuser_and_refusals(network):
    call_command("add_staff", "--username=chef", "--password=x", "--library=716100",
                 "--superuser", stdout=StringIO())
    assert access.staff_libraries(get_user_model().objects.get(username="chef")) is None
    with pytest.raises(CommandError):
        call_command("add_staff", "--username=ny", "--password=x", "--library=999999")
    with pytest.raises(CommandError):
        call_command("add_staff", "--username=ny", "--password=x", "--library=716100",
                     "--role=boss")
    assert not get_user_model().objects.filter(username="ny").exists()
