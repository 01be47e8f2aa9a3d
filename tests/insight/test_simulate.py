"""reol simulate: a small year of Randers through the real services, on a real database."""

import random
from collections import Counter
from datetime import date, time, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from reol.catalogue.models import DIGITAL_TYPES
from reol.circulation.models import Patron
from reol.core.models import Event
from reol.digital.models import DigitalLoan
from reol.hashers import DemoPinHasher
from reol.insight import rules, simulate, simulate_digital
from reol.insight.statistics import Scope, totals
from reol.libraries import calendar
from reol.libraries.models import OpeningPattern
from tests.digital.conftest import make_title
from tests.factories import make_item, make_record

YEAR = 2025
SMALL = ["--library", "773000", "--year", str(YEAR), "--scale", "0.0005", "--days", "75",
         "--seed", "7", "--no-progress"]


# --- the pure shaping ----------------------------------------------------------------------


def a_year(closed=()) -> dict[date, bool]:
    first = date(YEAR, 1, 1)
    return {first + timedelta(days=n): (first + timedelta(days=n)) not in closed
            for n in range(365)}


def per_month(volume: dict[date, float]) -> dict[int, float]:
    months: dict[int, float] = {}
    for day, n in volume.items():
        months[day.month] = months.get(day.month, 0) + n
    return months


def test_the_year_spreads_the_published_loans_with_a_summer_dip_and_a_busy_autumn():
    volume = rules.expected(100_000, a_year())
    months = per_month(volume)
    assert sum(volume.values()) == pytest.approx(100_000)
    assert months[11] > months[7] * 1.4  # November against the July holidays
    assert months[3] > months[7]
    children = per_month(rules.expected(100_000, a_year(), rules.CHILDREN))
    assert children[7] > children[5]  # holiday reading holds the children's July up


def test_closed_days_get_nothing_and_sundays_less_than_mondays():
    christmas = date(YEAR, 12, 25)
    volume = rules.expected(100_000, a_year(closed={christmas}))
    assert volume[christmas] == 0
    monday, sunday = date(YEAR, 3, 3), date(YEAR, 3, 9)
    assert volume[sunday] < volume[monday] / 2


def test_a_drawn_month_stays_within_a_day_of_rounding_of_its_expected_total():
    rng = random.Random(1)
    volume = rules.expected(3_650, a_year())
    november = [d for d in volume if d.month == 11]
    drawn = sum(rules.draw(rng, volume[d]) for d in november)
    assert abs(drawn - sum(volume[d] for d in november)) <= len(november)


def test_digital_loans_are_planned_at_the_danish_proportion_on_every_day():
    planned = simulate_digital.expected(23_300.0, a_year(closed={date(YEAR, 12, 25)}))
    assert round(sum(planned.values())) == 9_400
    assert planned[date(YEAR, 12, 25)] > 0  # digital material 24/7


def test_figures_are_the_published_ones_and_the_rest_derived_from_loans():
    randers = rules.figures("773000", copies=5_000)
    assert (randers.loans, randers.visitors, randers.events) == (610_000, 400_000, 680)
    assert randers.reservations == round(610_000 * 36_103 / 99_540)  # Glostrup's ratio
    assert "reservations" not in randers.published
    glostrup = rules.figures("716100", copies=5_000)
    assert glostrup.loans == 99_540 and glostrup.children_loans == 58_271
    elsewhere = rules.figures("715100", copies=2_000)
    assert elsewhere.loans == 2_000 * rules.LOANS_PER_COPY and not elsewhere.published


def test_moments_fall_inside_the_opening_hours():
    from reol.libraries.rules import Interval

    rng = random.Random(3)
    hours = (Interval(time(7), time(10), "self_service"), Interval(time(10), time(17),
                                                                   "staffed"))
    for _ in range(200):
        at, unstaffed = rules.moment(rng, hours)
        assert time(7) <= at < time(17)
        assert unstaffed == (at < time(10))
    assert rules.moment(rng, hours[1:], self_service_only=True) is None


# --- through the command, on the database --------------------------------------------------


@pytest.fixture
def randers(network):
    """Randers' main library with hours for the year (staffed on weekdays, the open library
    around them, Sundays shut; holidays close it by law) and a small collection."""
    main = network.randers_main
    for weekday in range(6):
        for opens, closes, service in ((7, 10, "self_service"), (10, 17, "staffed"),
                                       (17, 22, "self_service")):
            OpeningPattern.objects.create(branch=main, valid_from=date(YEAR, 1, 1),
                                          valid_to=date(YEAR, 12, 31), weekday=weekday,
                                          opens=time(opens), closes=time(closes),
                                          service=service)
    for n in range(16):
        record = make_record(f"Roman {n}", dk5="sk", subjects=["krimi"] if n % 3 else [])
        for _ in range(2):
            make_item(record, main)
    for n in range(6):
        make_item(make_record(f"Billedbog {n}", audience="children",
                              subjects=["billedbøger"]), main)
    return network


def simulated_totals(network) -> dict[str, int]:
    return totals(Scope(date(YEAR, 1, 1), date(YEAR, 12, 31), network.randers))


def test_a_simulated_quarter_shows_in_the_statistics(randers, capsys):
    call_command("simulate", *SMALL)
    out = capsys.readouterr().out
    assert "service calls" in out and "calls/s" in out
    figures = simulated_totals(randers)
    assert figures["loans"] > 20
    assert figures["renewals"] > 0
    assert figures["reservations"] > 0
    assert figures["open_library_entries"] > 0
    assert Patron.objects.filter(card__startswith=f"S773000{YEAR}0").count() >= 8


def test_the_year_lends_digitally_at_the_danish_proportion_through_the_caps(randers):
    for n, (licence, kind) in enumerate([("pay_per_loan", "eaudiobook"), ("one_copy", "ebook"),
                                         ("simultaneous", "eaudiobook"), ("free", "podcast")]):
        make_title(licence, material_type=kind, title=f"Digital {n}")
    call_command("simulate", *SMALL)
    kinds = Counter(Event.objects.filter(kind=Event.Kind.CHECKOUT)
                    .values_list("material_type", flat=True))
    digital = sum(n for kind, n in kinds.items() if kind in DIGITAL_TYPES)
    assert digital > 0 and digital < sum(kinds.values()) - digital
    assert kinds["eaudiobook"] > kinds["ebook"]  # audiobooks are most of eReolen's loans
    assert DigitalLoan.objects.count() == digital  # the loans the log counted are real


def test_nothing_is_lent_on_a_day_the_branch_is_closed(randers):
    call_command("simulate", *SMALL)
    days = {timezone.localdate(t) for t in Event.objects.filter(  # digital loans: 24/7
        kind=Event.Kind.CHECKOUT, branch__isnull=False).values_list("time", flat=True)}
    assert days
    hours = {d.day: d for d in calendar.hours(randers.randers_main, min(days), max(days))}
    assert all(hours[day].is_open for day in days)
    assert not any(day.weekday() == 6 for day in days)  # Sundays are shut here
    assert date(YEAR, 1, 1) not in days  # New Year's Day closes by law


def test_the_cohorts_pins_are_hashed_and_checked_at_the_demos_cost(randers, settings):
    """Their PIN is no secret (simulate.PIN): each door entry checks it with real Argon2 work,
    at the demo's cost, and the check makes no dearer hash of it (reol.hashers.demo_cost)."""
    settings.PASSWORD_HASHERS = ["reol.hashers.PinHasher"]
    call_command("simulate", *SMALL)
    assert simulated_totals(randers)["open_library_entries"] > 0
    pins = Patron.objects.filter(card__startswith="S773000").values_list("pin", flat=True)
    assert len(pins) >= 8
    assert all(f"m={DemoPinHasher.memory_cost},t={DemoPinHasher.time_cost}," in pin
               for pin in pins)


def test_the_same_seed_gives_the_same_year(randers):
    plan = simulate.prepare("773000", YEAR, scale=0.0005, days=40)
    results = []
    for _ in range(2):
        with transaction.atomic():
            summary = simulate.run(plan, seed=11)
            results.append((summary.log, dict(summary.done), dict(summary.refusals),
                            summary.calls))
            transaction.set_rollback(True)
    assert results[0] == results[1]
    assert results[0][0]["checkout"] > 0


@pytest.mark.parametrize("change, message", [
    (["--library", "999999"], "No library with the agency number 999999"),
    (["--year", "1999"], "The year must be from 2000"),
    (["--year", str(date.today().year + 1)], "never runs ahead of today"),
    (["--scale", "-1"], "The scale must be above 0"),
    (["--scale", "nan"], "The scale must be a number"),
    (["--days", "0"], "--days must be at least 1"),
])
def test_bad_input_is_refused_with_a_clear_message_and_writes_nothing(randers, change, message):
    args = list(SMALL)
    for flag, value in zip(change[::2], change[1::2], strict=True):
        args[args.index(flag) + 1] = value
    with pytest.raises(CommandError, match=message):
        call_command("simulate", *args)
    assert not Patron.objects.exists() and not Event.objects.exists()


def test_a_year_without_opening_hours_is_refused(randers):
    with pytest.raises(CommandError, match="keeps no opening hours in 2024"):
        call_command("simulate", "--library", "773000", "--year", "2024", "--no-progress")
    assert not Patron.objects.exists()


def test_a_year_simulated_again_is_refused_unless_forced(randers):
    short = [*SMALL[:-5], "--days", "3", "--no-progress"]
    call_command("simulate", *short)
    events = Event.objects.count()
    with pytest.raises(CommandError, match="already has a simulated 2025"):
        call_command("simulate", *short)
    assert Event.objects.count() == events
    call_command("simulate", *short, "--force")
    assert Patron.objects.filter(card__startswith=f"S773000{YEAR}1").exists()
