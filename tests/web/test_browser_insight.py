"""The yearly report and the dashboard in real Chromium: on screen, in print and as PDF."""

import os
import re
from datetime import UTC, date, datetime

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from reol.core.roles import grant
from reol.insight.models import DoorCount
from tests.factories import make_network, make_patron, make_record
from tests.insight.test_statistics import YEAR, loan_events

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("REOL_SCREENSHOTS")  # a folder: keep screenshots to look at


@pytest.fixture
def randers(live_server):
    network = make_network()
    leader = User.objects.create_user("leder-773000", password="hemmelig-42")
    grant(leader, network.randers, "leader")
    adult, child = make_patron(network.randers), make_patron(network.randers, born="2016-02-02")
    for month in range(1, 13):
        when = datetime(YEAR, month, 3, 9, tzinfo=UTC)
        loan_events(network.randers_main, make_record(f"Roman {month}", dk5="sk"), month + 5,
                    when, adult)
        loan_events(network.randers_bus, make_record(f"Billedbog {month}", audience="children",
                                                     subjects=["billedbøger"]), 3, when, child)
        loan_events(network.randers_main, make_record(f"Fag {month}", dk5="59.8"), 4,
                    when.replace(year=YEAR - 1), adult)
    DoorCount.objects.create(branch=network.randers_main, date=date(YEAR, 3, 1), visitors=1234)
    return network


def test_the_yearly_report_reads_and_prints(open_page, randers):
    page = open_page()
    page.goto(f"/insight/report/773000/{YEAR}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Randers Bibliotek in {YEAR}")
    expect(page.get_by_text("loans of materials for children")).to_be_visible()
    expect(page.get_by_role("row", name="Novel Roman 12")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    pdf = page.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF")
    assert 1 <= len(re.findall(rb"/Type\s*/Page[^s]", pdf)) <= 2  # fits on two A4 pages
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/report-print.png", full_page=True)
        page.emulate_media(media="screen")
        page.screenshot(path=f"{SHOTS}/report.png", full_page=True)


def test_a_leader_reads_the_dashboard(open_page, randers):
    page = open_page()
    page.goto(f"/insight/dashboard/773000/?year={YEAR}")
    page.get_by_label("User name").fill("leder-773000")
    page.get_by_label("Password").fill("hemmelig-42")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Randers Bibliotek: {YEAR} beside {YEAR - 1}")
    charts = page.get_by_role("img")
    expect(charts).to_have_count(7)
    expect(page.get_by_role("img", name="Loans per month")).to_be_visible()
    expect(page.get_by_role("img", name="Physical and digital loans")).to_be_visible()
    expect(page.get_by_role("table", name="Loans per branch: the figures")).to_contain_text(
        "Bogbussen")
    box = page.get_by_role("img", name="Loans per month").bounding_box()
    assert box and box["width"] > 250 and box["height"] > 100
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/dashboard.png", full_page=True)
    # the dashboard's own link carries its library and year (the staff bar's does not)
    page.get_by_role("link", name="Statistics").and_(
        page.locator("a[href*='library=773000']")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Statistics")
    page.get_by_label("Split by").select_option("branch")
    page.get_by_role("button", name="Show").click()
    table = page.get_by_role("table", name="Figures by branch")
    expect(table.get_by_role("row", name="Bogbussen")).to_contain_text("36")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/statistics.png", full_page=True)
