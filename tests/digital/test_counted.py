"""Digital loans counted everywhere: the yearly "Vidste du?" report (physical and digital, as
Randers reports them), the dashboard, the holds ratio (digital reservations) and Min side."""

import re
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from reol.circulation import services as lending
from reol.digital import services
from reol.insight import collection, dashboard, report
from tests.digital.conftest import make_title
from tests.factories import make_item, make_patron, make_record
from tests.searching import index_caught_up

pytestmark = pytest.mark.django_db


def test_the_report_and_dashboard_count_physical_and_digital_loans(network, terms):
    now = timezone.now()
    patron = make_patron(network.glostrup)
    lending.check_out(patron, make_item(make_record("Papir"), network.glostrup_main).barcode,
                      "glostrup")
    services.lend(patron, make_title(title="E-bog"), now=now)
    services.lend(patron, make_title("free", material_type="podcast", title="Pod"), now=now)
    yearly = report.yearly(network.glostrup, timezone.localdate().year)
    assert (yearly.loans, yearly.loans_physical, yearly.loans_digital) == (3, 1, 2)
    (chart,) = [c for c in dashboard.charts(network.glostrup, now.year)
                if c.slug == "loans-digital"]
    assert [values[0] for _label, values in chart.rows] == [1, 2]


def test_digital_reservations_count_in_the_holds_ratio(network, terms):
    title = make_title("one_copy", copies=1)
    first, second, third = (make_patron(network.glostrup) for _ in range(3))
    services.lend(first, title)
    services.reserve(second, title)
    services.reserve(third, title)
    _threshold, rows = collection.holds_ratio(network.glostrup, threshold=Decimal("1"))
    (row,) = [r for r in rows if r.record == title.record]
    assert (row.waiting, row.copies, row.to_buy) == (2, 1, 1)  # one more licence


def test_min_side_shows_the_loans_the_caps_left_and_a_kept_history(network, terms):
    patron = make_patron(network.glostrup, pin="4321", keep_history=True, language="en")
    running = services.lend(patron, make_title(title="Kvinden i buret"))
    back = services.lend(patron, make_title(title="Fasandræberne"))
    services.give_back(patron, back.pk)
    client = Client()
    client.cookies["django_language"] = "en"
    assert client.post("/login/", {"card": patron.card, "pin": "4321"}).status_code == 302
    page = client.get("/me/digital/").content.decode()
    # The link to the running loan (its token is signed with the second it was made in).
    links = re.findall(r'href="/digital/access/([^"/]+)/"', page)
    assert [services.open_access(token, patron) for token in links] == [running]
    assert "Fasandræberne" in page.split("Earlier digital loans")[1]
    assert "E-books: <strong>0</strong> of 2" in page  # two started this month, of two


def test_a_loan_started_in_the_last_minute_of_the_year_counts_in_that_years_report(
        network, terms):
    eve = datetime(2026, 12, 31, 23, 59, tzinfo=ZoneInfo("Europe/Copenhagen"))
    services.lend(make_patron(network.glostrup), make_title(), now=eve)
    assert report.yearly(network.glostrup, 2026).loans_digital == 1
    assert report.yearly(network.glostrup, 2027).loans_digital == 0


def test_search_shows_the_ebook_beside_the_book_with_borrow_now_and_the_caps_left(network,
                                                                                  terms):
    make_record("Kvinden i buret", creators=["Jussi Adler-Olsen"])
    make_title(title="Kvinden i buret")
    index_caught_up()
    patron = make_patron(network.glostrup, pin="4321")
    client = Client()
    assert client.post("/login/", {"card": patron.card, "pin": "4321"}).status_code == 302
    html = client.get("/", {"q": "kvinden i buret"}).content.decode()
    assert "1 resultat" in html and "E-bog" in html and "lån nu" in html
    assert "Digitale lån tilbage denne måned: e-bøger 2" in html
    facets = client.get("/", {"q": "kvinden", "type": "ebook"}).content.decode()
    assert "1 resultat" in facets
