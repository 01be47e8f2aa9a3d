"""A front page with what is on, opening today, new titles and exhibitions, edited by staff
in simple blocks (on the staff record); a search still starts from the same address."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from reol.community.models import Exhibition
from reol.core.models import StaffChange
from reol.core.roles import grant
from reol.libraries.models import OpeningPattern
from reol.web.models import FrontBlock
from tests.factories import make_item, make_record

pytestmark = pytest.mark.django_db


def html(client, url="/") -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def staff(network, name: str, role: str, library=None) -> Client:
    user = User.objects.create_user(name, password="hemmelig-42")
    grant(user, library or network.glostrup, role)
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


@pytest.fixture
def noon():
    """A Wednesday at noon in Copenhagen: "open now" does not depend on when the test runs."""
    moment = datetime(2026, 12, 9, 12, tzinfo=ZoneInfo("Europe/Copenhagen"))
    with time_machine.travel(moment, tick=False):
        yield moment


@pytest.fixture
def glostrup_today(network, noon):
    branch = network.glostrup_main
    for weekday in range(7):
        OpeningPattern.objects.create(branch=branch, valid_from=date(2020, 1, 1),
                                      weekday=weekday, opens=time(0), closes=time(23, 59),
                                      service="self_service")
    return branch


def test_without_blocks_the_front_page_shows_every_kind(client, network, glostrup_today):
    from tests.events.helpers import make_series

    now = timezone.now()
    make_series(network, now - timedelta(days=1), title="Strikkecafé",
                first_start=now + timedelta(days=2))
    make_item(make_record("Nyeste roman"), network.glostrup_main)
    Exhibition.objects.create(title="Glostrup maler", slug="glostrup-maler",
                              branch=network.glostrup_main, starts=timezone.localdate(),
                              ends=timezone.localdate() + timedelta(days=20))
    page = html(client)
    for heading in ("What is on", "Open today", "New titles", "Exhibitions"):
        assert f">{heading}</h2>" in page
    assert "Strikkecafé" in page and "Nyeste roman" in page and "Glostrup maler" in page
    assert 'href="/libraries/glostrup/"' in page and "Open now, self-service" in page


def test_a_query_still_searches_from_the_front_pages_address(client, network):
    assert "Open today" not in html(client, "/?q=krimi")


def test_an_editor_adds_changes_and_removes_blocks_on_the_staff_record(client, network):
    editor = staff(network, "eva", "editor")
    response = editor.post("/staff/front-page/", {
        "library": network.glostrup.agency, "new-kind": "text", "new-title": "Julens åbningstider",
        "new-text": "Vi holder lukket 24.–26. december.", "new-link": "/libraries/",
        "new-position": "1", "new-shown": "on"})
    assert response.status_code == 302
    block = FrontBlock.objects.get()
    page = html(client)
    assert "Julens åbningstider" in page and "Vi holder lukket" in page
    assert "Open today" not in page  # chosen blocks replace the defaults
    editor.post(f"/staff/front-page/{block.pk}/", {
        f"b{block.pk}-kind": "new_titles", f"b{block.pk}-title": "Nyt på hylden",
        f"b{block.pk}-position": "1", f"b{block.pk}-shown": "on"})
    assert "Nyt på hylden" in html(client)
    assert StaffChange.objects.filter(model="web.frontblock").count() == 2
    editor.post(f"/staff/front-page/{block.pk}/", {"remove": "1"})
    assert not FrontBlock.objects.exists()


def test_a_block_links_only_within_the_site(network):
    editor = staff(network, "eva", "editor")
    response = editor.post("/staff/front-page/", {
        "library": network.glostrup.agency, "new-kind": "text", "new-title": "Ud",
        "new-link": "https://evil.example/", "new-position": "1", "new-shown": "on"})
    assert response.status_code == 400 and not FrontBlock.objects.exists()


def test_desk_staff_and_other_libraries_cannot_edit(network):
    block = FrontBlock.objects.create(library=network.randers, kind="text", title="Randers")
    desk = staff(network, "birte", "desk")
    refused = desk.get("/staff/front-page/")
    assert refused.status_code == 403 and "Your role does not allow that." in \
        refused.content.decode()
    glostrup_editor = staff(network, "eva", "editor")
    response = glostrup_editor.post(f"/staff/front-page/{block.pk}/", {"remove": "1"})
    assert response.status_code == 403 and FrontBlock.objects.filter(pk=block.pk).exists()
    response = glostrup_editor.post("/staff/front-page/", {
        "library": network.randers.agency, "new-kind": "text", "new-title": "Overtaget",
        "new-position": "1", "new-shown": "on"})
    assert response.status_code == 403 and FrontBlock.objects.count() == 1
