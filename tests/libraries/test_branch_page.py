"""One page per branch: address, phone, e-mail, facilities, today's hours and "åbent nu"
(staffed or self-service) from the calendar, coming events, and a plain map link. The
libraries page leads with the houses a citizen visits."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from reol.libraries import rules
from reol.libraries.models import OpeningPattern
from reol.libraries.rules import DayHours, Interval

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
WEDNESDAY = date(2026, 12, 9)
HOURS = DayHours(WEDNESDAY, (Interval(time(7), time(10), "self_service"),
                             Interval(time(10), time(17), "staffed"),
                             Interval(time(17), time(22), "self_service")))


def test_open_now_says_which_kind_of_hours_it_is():
    assert rules.open_now(HOURS, time(8)).service == "self_service"
    assert rules.open_now(HOURS, time(10)).service == "staffed"
    assert rules.open_now(HOURS, time(16, 59)).service == "staffed"
    assert rules.open_now(HOURS, time(17)).service == "self_service"
    assert rules.open_now(HOURS, time(22)) is None
    assert rules.open_now(HOURS, time(6, 59)) is None
    assert rules.open_now(DayHours(WEDNESDAY), time(12)) is None


def test_the_map_is_a_plain_link_to_openstreetmap():
    link = rules.map_link("Kirkebjerg Allé 2, 2600 Glostrup")
    assert link.startswith("https://www.openstreetmap.org/search?query=Kirkebjerg+All")


@pytest.fixture
def glostrup(network):
    branch = network.glostrup_main
    branch.street, branch.postcode, branch.city = "Kirkebjerg Allé 2", "2600", "Glostrup"
    branch.phone, branch.email = "43 23 60 00", "bibliotek@glostrup.dk"
    branch.facilities = "Café\nMakerspace\n"
    branch.save()
    for weekday in range(7):
        for opens, closes, service in ((7, 10, "self_service"), (10, 17, "staffed"),
                                       (17, 22, "self_service")):
            OpeningPattern.objects.create(branch=branch, valid_from=date(2026, 1, 1),
                                          weekday=weekday, opens=time(opens),
                                          closes=time(closes), service=service)
    return branch


def visit(client, url: str, hour: int) -> str:
    moment = datetime.combine(WEDNESDAY, time(hour), tzinfo=COPENHAGEN)
    with time_machine.travel(moment, tick=False):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def test_the_branch_page_shows_contact_facilities_and_whether_it_is_open(client, glostrup):
    html = visit(client, "/libraries/glostrup/", 12)
    assert "Kirkebjerg Allé 2, 2600 Glostrup" in html and "43 23 60 00" in html
    assert "mailto:bibliotek@glostrup.dk" in html
    assert "<li>Café</li>" in html and "<li>Makerspace</li>" in html
    assert "Open now, staffed" in html
    assert 'href="https://www.openstreetmap.org/search?query=' in html
    assert "<iframe" not in html
    assert "Open now, self-service" in visit(client, "/libraries/glostrup/", 19)
    assert "Closed now" in visit(client, "/libraries/glostrup/", 23)


def test_the_branch_page_lists_coming_events_there(client, glostrup, network):
    from tests.events.helpers import make_series

    moment = datetime.combine(WEDNESDAY, time(12), tzinfo=COPENHAGEN)
    make_series(network, moment - timedelta(days=1), library=network.glostrup.agency,
                branch=glostrup.code, title="Strikkecafé",
                first_start=moment + timedelta(days=2))
    assert "Strikkecafé" in visit(client, "/libraries/glostrup/", 12)


def test_the_libraries_page_leads_with_the_houses(client, glostrup):
    html = visit(client, "/libraries/", 12)
    houses = html.index("Find your library")
    assert houses < html.index("The libraries of the network")
    assert 'href="/libraries/glostrup/"' in html[houses:]
    assert "Open now, staffed" in html


def test_an_unknown_branch_is_404(client, network):
    assert client.get("/libraries/no-such-house/").status_code == 404
