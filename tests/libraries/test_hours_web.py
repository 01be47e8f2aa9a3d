"""A branch's week of opening hours over HTTP: the JSON API and the page."""

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from reol.libraries.models import BookmobileStop, OpeningException, OpeningPattern, Service


@pytest.fixture
def glostrup(network):
    branch = network.glostrup_main
    rows = [(wd, 7, 10, Service.SELF_SERVICE) for wd in range(5)]
    rows += [(wd, 10, 17, Service.STAFFED) for wd in range(5)]
    rows += [(5, 7, 22, Service.SELF_SERVICE)]
    OpeningPattern.objects.bulk_create(
        OpeningPattern(branch=branch, weekday=wd, opens=time(o), closes=time(c), service=s,
                       valid_from=date(2026, 1, 1))
        for wd, o, c, s in rows
    )
    OpeningException.objects.create(branch=branch, date=date(2026, 12, 27), opens=time(12),
                                    closes=time(15), service=Service.STAFFED, reason="Julehygge")
    return branch


def test_the_api_answers_a_week_with_holidays_and_intervals(client, glostrup):
    answer = client.get("/api/v1/libraries/branches/glostrup/hours", {"week": "2026-12-23"})
    assert answer.status_code == 200
    week = answer.json()
    assert (week["branch"], week["name"], week["week_start"]) == (
        "glostrup", "Glostrup Bibliotek", "2026-12-21")
    days = week["days"]
    assert [d["date"] for d in days] == [f"2026-12-{n}" for n in range(21, 28)]
    assert [d["weekday"] for d in days][:2] == ["Monday", "Tuesday"]
    assert days[0]["open"] is True and days[0]["holiday"] is None
    assert days[0]["intervals"] == [
        {"opens": "07:00", "closes": "10:00", "service": "self_service", "stop": None},
        {"opens": "10:00", "closes": "17:00", "service": "staffed", "stop": None},
    ]
    assert [(d["open"], d["holiday"]) for d in days[3:6]] == [
        (False, "Juleaftensdag"), (False, "Juledag"), (False, "Anden juledag")]
    assert days[6]["open"] is True and days[6]["note"] == "Julehygge"


def test_the_api_defaults_to_this_week_in_copenhagen(client, glostrup):
    today = timezone.localdate()
    week = client.get("/api/v1/libraries/branches/glostrup/hours").json()
    assert week["week_start"] == (today - timedelta(days=today.weekday())).isoformat()


def test_the_api_names_bookmobile_stops(client, network):
    stop = BookmobileStop.objects.create(branch=network.randers_bus, position=1, name="Aidt")
    OpeningPattern.objects.create(branch=network.randers_bus, weekday=2, opens=time(9),
                                  closes=time(10), valid_from=date(2026, 1, 1), stop=stop)
    days = client.get("/api/v1/libraries/branches/randers-bogbus/hours",
                      {"week": "2026-03-02"}).json()["days"]
    assert days[2]["intervals"][0]["stop"] == "Aidt" and not days[1]["open"]


def test_an_unknown_branch_is_a_404_with_a_code(client, network):
    answer = client.get("/api/v1/libraries/branches/atlantis/hours")
    assert answer.status_code == 404
    assert answer.json()["code"] == "unknown_branch"
    assert "atlantis" in answer.json()["detail"]


def test_a_bad_week_is_a_400_in_the_callers_language(client, network):
    url = "/api/v1/libraries/branches/glostrup/hours"
    danish = client.get(url, {"week": "2026-13-45"})
    assert danish.status_code == 400
    assert danish.json()["code"] == "bad_date" and "ikke en dato" in danish.json()["detail"]
    english = client.get(url, {"week": "soon"}, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 400 and "not a date" in english.json()["detail"]


def html(client, url, **params):
    response = client.get(url, params)
    return response, response.content.decode()


def test_the_page_shows_a_week_table_in_danish(client, glostrup):
    response, page = html(client, "/libraries/glostrup/hours/", week="2026-12-23")
    assert response.status_code == 200
    assert "<table" in page and "<caption>" in page and 'scope="row"' in page
    assert "Uge 52, 2026" in page
    for text in ("Betjent", "Selvbetjent (Åbent Bibliotek)", "Lukket", "Juledag",
                 "Juleaftensdag", "Julehygge", "10:00–17:00", "Forrige uge", "Næste uge"):
        assert text in page, text
    assert 'href="?week=2026-12-14"' in page and 'href="?week=2026-12-28"' in page
    assert "Torsdag den 24. december" in page  # Danish: the weekday, "den", the day with a dot


def test_the_page_switches_to_english(client, glostrup):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    _, page = html(client, "/libraries/glostrup/hours/", week="2026-12-23")
    assert '<html lang="en">' in page
    for text in ("Staffed", "Self-service (open library)", "Closed", "Christmas Day",
                 "Week 52, 2026", "Previous week", "Thursday 24 December"):
        assert text in page, text
    assert "Betjent" not in page and "Juledag" not in page


def test_the_page_refuses_a_bad_week_and_an_unknown_branch(client, glostrup):
    response, page = html(client, "/libraries/glostrup/hours/", week="uge 52")
    assert response.status_code == 400 and "ikke en dato" in page
    assert client.get("/libraries/atlantis/hours/").status_code == 404


def test_the_libraries_page_links_to_each_branchs_hours(client, network):
    _, page = html(client, "/libraries/")
    assert 'href="/libraries/glostrup/hours/"' in page
    assert 'href="/libraries/randers-bogbus/hours/"' in page
