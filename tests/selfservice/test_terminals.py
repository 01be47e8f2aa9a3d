"""Terminal accounts: the command, the demo's terminals, the back office, the background
server's port."""

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client

from reol.selfservice.demo import PASSWORD, load_terminals
from reol.selfservice.models import EntryPolicy, Sip2Terminal
from reol.selfservice.server import start_in_background

from .conftest import Raw


def test_add_sip2_terminal_stores_a_hash_and_logs_in(sip2, network):
    call_command("add_sip2_terminal", "--login", "automat-1", "--password", "hemmelig",
                 "--branch", "randers-hb", "--no-pin", "--language", "en")
    made = Sip2Terminal.objects.get(login="automat-1")
    assert made.password != "hemmelig" and made.password.startswith("argon2")
    assert (made.branch.code, made.pin_required, made.language, made.kind) == (
        "randers-hb", False, "en", "kiosk")
    kiosk = Raw(sip2.port)
    try:
        assert kiosk.ask("9300CNautomat-1|COhemmelig|CPranders-hb|") == "941"
        status = kiosk.ask("9900802.00")
        assert "AODK-773000|" in status and "ANranders-hb|" in status
    finally:
        kiosk.close()
    with pytest.raises(CommandError):
        call_command("add_sip2_terminal", "--login", "x", "--password", "y", "--branch", "nope")


def test_the_demo_has_a_machine_in_every_house_and_a_door_where_people_let_themselves_in(
        network):
    assert load_terminals() == 5
    assert load_terminals() == 0  # a second run changes nothing
    logins = dict(Sip2Terminal.objects.values_list("login", "kind"))
    assert logins == {"sip-glostrup": "kiosk", "sip-randers-hb": "kiosk",
                      "sip-randers-bogbus": "kiosk", "door-glostrup": "door",
                      "door-randers-hb": "door"}
    assert Sip2Terminal.objects.get(login="sip-glostrup").check_password(PASSWORD)
    assert EntryPolicy.objects.get(branch__code="glostrup").min_age == 15


def test_terminals_and_entry_policies_are_in_the_back_office(network):
    admin = User.objects.create_superuser("admin", "a@example.dk", "pw")
    client = Client()
    client.force_login(admin)
    page = client.post("/admin/selfservice/sip2terminal/add/", {
        "login": "ny-automat", "new_password": "s3cret", "branch": network.glostrup_main.pk,
        "kind": "kiosk", "pin_required": "on", "language": "da", "active": "on"})
    assert page.status_code == 302, page.content.decode()[:2000]
    assert Sip2Terminal.objects.get(login="ny-automat").check_password("s3cret")
    assert client.get("/admin/selfservice/sip2terminal/").status_code == 200
    assert client.get("/admin/selfservice/entrypolicy/add/").status_code == 200


def test_a_second_server_on_a_taken_port_fails_at_once(sip2):
    with pytest.raises(OSError):
        start_in_background("127.0.0.1", sip2.port)
