"""The statistics page with its exports, the statistics API and the leaders' dashboard: who may
see them, and what a leader reads there."""

import csv
import hashlib
import io
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User

from reol.core.models import ApiToken
from reol.core.roles import grant
from reol.insight.charts import bars, nice_max
from tests.factories import make_patron, make_record
from tests.insight.test_statistics import YEAR, ill, loan_events

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def leader(network, client):
    user = User.objects.create_user("leder-773000", password="x")
    grant(user, network.randers, "leader")
    client.force_login(user)
    adult, child = make_patron(network.randers), make_patron(network.randers, born="2016-02-02")
    novel, picture = make_record("Kongens fald", dk5="sk"), make_record(
        "Halfdans ABC", audience="children", material_type="book")
    loan_events(network.randers_main, novel, 4, datetime(YEAR, 3, 1, 9, tzinfo=UTC), adult)
    loan_events(network.randers_bus, picture, 3, datetime(YEAR, 3, 2, 9, tzinfo=UTC), child)
    loan_events(network.randers_main, novel, 2, datetime(YEAR - 1, 3, 1, 9, tzinfo=UTC), adult)
    ill("interlibrary", datetime(YEAR, 5, 1, tzinfo=UTC), library=network.randers,
        lender=network.glostrup, borrower=network.randers, request="R9")
    return user


def test_statistics_page_filters_and_exports(leader, client):
    query = f"?library=773000&from={YEAR}-01-01&to={YEAR}-12-31&group_by=branch"
    page = client.get("/insight/" + query, **EN)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<caption>Figures by branch</caption>" in html and "Bogbussen" in html
    assert 'href="/insight/report/773000/2025/"' in html
    exported = client.get("/insight/" + query + "&format=csv", **EN)
    assert exported["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows[0][:3] == ["key", "label", "loans"]
    # The interlibrary loan was logged in no house: its own row.
    assert {r[1]: r[2] for r in rows[1:]} == {"Randers Bibliotek": "4", "Bogbussen": "3",
                                              "Not stated": "0", "Total": "7"}
    data = client.get("/insight/" + query + "&format=json").json()
    assert data["totals"]["loans"] == 7 and data["totals"]["ill_received"] == 1


def test_statistics_refuse_other_libraries_and_bad_input(leader, client):
    assert client.get("/insight/?library=716100").status_code == 403
    assert client.get("/insight/?from=2025-13-01").status_code == 400
    assert client.get("/insight/?group_by=colour").status_code == 400
    client.logout()
    assert client.get("/insight/").status_code == 302  # to the log-in page


def test_statistics_api(leader, client):
    answer = client.get(f"/api/v1/statistics?library=773000&from={YEAR}-03-01&to={YEAR}-03-31"
                        "&group_by=audience")
    assert answer.status_code == 200
    body = answer.json()
    assert body["from"] == f"{YEAR}-03-01" and body["group_by"] == "audience"
    assert {r["key"]: r["loans"] for r in body["rows"]} == {"adult": 4, "children": 3}
    assert client.get("/api/v1/statistics?library=716100").status_code == 403
    assert client.get("/api/v1/statistics?group_by=colour").status_code == 400
    # A token acts with its user's libraries.
    token = "statistik-token-1"
    ApiToken.objects.create(user=leader, name="rapport",
                            digest=hashlib.sha256(token.encode()).hexdigest())
    client.logout()
    assert client.get("/api/v1/statistics").status_code == 401
    answer = client.get("/api/v1/statistics", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer.status_code == 200 and answer.json()["library"] == "773000"


def test_dashboard_compares_with_the_year_before(leader, client):
    page = client.get(f"/insight/dashboard/773000/?year={YEAR}", **EN)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('role="img"') == 7
    for title in ("Loans per month", "Loans per branch", "Loans by material type",
                  "Loans for children and adults", "Physical and digital loans",
                  "Events and participants",
                  "Interlibrary balance"):
        assert f"<h2>{title}</h2>" in html and f"<caption>{title}: the figures</caption>" in html
    assert "Loans in 2025: 7; in 2024: 2 (+250.0 %)" in html.replace(",", ".")
    assert "Busiest month of 2025: Mar" in html
    assert "received 1 and supplied 0 interlibrary loans: a balance of -1" in html


def test_dashboard_is_for_the_library_staff(leader, client, network):
    assert client.get("/insight/dashboard/716100/").status_code == 403
    assert client.get("/insight/dashboard/999999/").status_code == 404
    client.logout()
    assert client.get("/insight/dashboard/773000/").status_code == 302


def test_charts_escape_and_scale():
    assert [nice_max(v) for v in (0, 7, 10, 11, 240, 26_000)] == [1, 10, 10, 20, 250, 50_000]
    chart = bars("x", "<Loans>", "a & b", ["2025", "2024"], [("<b>", [10, 5])])
    svg = str(chart.svg)
    assert "<title id=\"x-t\">&lt;Loans&gt;</title>" in svg and "&lt;b&gt;" in svg
    assert 'width="290.0"' in svg and 'width="145.0"' in svg  # 10 fills the room, 5 half
