"""Statistics from the event log, door counts and attendance, on the real database."""

from datetime import UTC, date, datetime, timedelta

import pytest

from reol.circulation import log, services
from reol.circulation.reservations import place_reservation
from reol.core.models import Event
from reol.events.models import Occurrence
from reol.events.registration import Count, record_attendance
from reol.insight.models import DoorCount
from reol.insight.statistics import Scope, table
from tests.events.helpers import at, make_series
from tests.factories import make_item, make_patron, make_record

YEAR = 2025


def loan_events(branch, record, n: int, when: datetime, patron=None) -> None:
    for i in range(n):
        log.event(Event.Kind.CHECKOUT, when + timedelta(minutes=i), branch=branch,
                  record=record, patron=patron)


def ill(kind, when, *, library, lender, borrower, request, role="requester", branch=None,
        record=None):
    log.event(kind, when, branch=branch, record=record, library_id=library.pk, ill="received",
              role=role, request=request, lender=lender.isil, borrower=borrower.isil)


@pytest.fixture
def world(network):
    """Randers lends in January and February, Glostrup once; a child borrows a picture book."""
    novel = make_record("Kongens fald", dk5="sk", audience="adult")
    picture = make_record("Halfdans ABC", audience="children", subjects=["billedbøger"])
    adult = make_patron(network.randers, card="7730001001")
    child = make_patron(network.randers, card="7730001002", born="2016-01-01")
    copy = make_item(novel, network.randers_main)
    make_item(picture, network.randers_main, status="on_loan")
    # Through the desk: a checkout and a renewal in January, a reservation in February.
    jan = datetime(YEAR, 1, 2, 10, tzinfo=UTC)
    loan = services.check_out(adult, copy.barcode, network.randers_main, now=jan)
    services.renew(loan, now=jan + timedelta(days=25))  # within a week of the due date
    place_reservation(child, picture, network.randers_main, now=datetime(YEAR, 2, 2, tzinfo=UTC))
    loan_events(network.randers_main, novel, 3, datetime(YEAR, 2, 3, 9, tzinfo=UTC), adult)
    loan_events(network.randers_bus, picture, 2, datetime(YEAR, 2, 4, 9, tzinfo=UTC), child)
    loan_events(network.glostrup_main, novel, 5, datetime(YEAR, 1, 4, 9, tzinfo=UTC))
    loan_events(network.randers_main, novel, 7, datetime(YEAR - 1, 12, 4, 9, tzinfo=UTC))
    return network


def test_loans_renewals_and_reservations_by_month(world):
    result = table(Scope.year(YEAR, world.randers), "month")
    assert [r.key for r in result.rows][:3] == ["2025-01", "2025-02", "2025-03"]
    jan, feb = result.rows[0].values, result.rows[1].values
    assert (jan["loans"], jan["renewals"], jan["reservations"]) == (1, 1, 0)
    assert (feb["loans"], feb["renewals"], feb["reservations"]) == (5, 0, 1)
    # Glostrup's loans and Randers' loans of the year before are not Randers' 2025.
    assert result.totals["loans"] == 6
    network_wide = table(Scope.year(YEAR), "library")
    assert {r.key: r.values["loans"] for r in network_wide.rows} == {"716100": 5, "773000": 6}
    assert {r.label for r in network_wide.rows} == {"Glostrup Bibliotek", "Randers Bibliotek"}


def test_a_month_is_a_copenhagen_month(network):
    record = make_record()
    # 31 January 23:30 UTC is 1 February 00:30 in Copenhagen.
    loan_events(network.randers_main, record, 1, datetime(YEAR, 1, 31, 23, 30, tzinfo=UTC))
    rows = table(Scope(date(YEAR, 1, 1), date(YEAR, 2, 28), network.randers), "month").rows
    assert [(r.key, r.values["loans"]) for r in rows] == [("2025-01", 0), ("2025-02", 1)]
    assert table(Scope(date(YEAR, 1, 1), date(YEAR, 1, 31)), "month").totals["loans"] == 0


def test_by_branch_audience_and_material_type(world):
    scope = Scope.year(YEAR, world.randers)
    rows = table(scope, "branch").rows
    assert {r.label: r.values["loans"] for r in rows if r.key} == {
        "Randers Bibliotek": 4, "Bogbussen": 2}
    # The renewal was made online, in no house: a row of its own, last.
    assert rows[-1].key == "" and rows[-1].values["renewals"] == 1
    by_audience = {r.key: r.values["loans"] for r in table(scope, "audience").rows}
    assert by_audience == {"adult": 4, "children": 2}
    assert {r.key: r.values["loans"] for r in table(scope, "material_type").rows} == {"book": 6}
    only_bus = table(Scope.year(YEAR, world.randers, world.randers_bus), "month")
    assert only_bus.totals["loans"] == 2 and only_bus.totals["renewals"] == 0


def test_interlibrary_loans_received_and_supplied_counted_once(network):
    when = datetime(YEAR, 3, 3, 12, tzinfo=UTC)
    # Glostrup lends to Randers: both sides log, the borrower twice (interlibrary and the
    # transit received); the supplier's own row does not count again.
    ill("interlibrary", when, library=network.randers, lender=network.glostrup,
        borrower=network.randers, request="R1", branch=network.randers_main)
    ill("transit_received", when, library=network.randers, lender=network.glostrup,
        borrower=network.randers, request="R1", branch=network.randers_main)
    ill("interlibrary", when, library=network.glostrup, lender=network.glostrup,
        borrower=network.randers, request="R1", role="supplier")
    ill("interlibrary", when + timedelta(days=40), library=network.glostrup,
        lender=network.randers, borrower=network.glostrup, request="G7",
        branch=network.glostrup_main)
    randers = table(Scope.year(YEAR, network.randers), "month")
    assert (randers.totals["ill_received"], randers.totals["ill_supplied"]) == (1, 1)
    assert randers.rows[2].values["ill_received"] == 1  # March
    assert randers.rows[3].values["ill_supplied"] == 1  # April
    glostrup = table(Scope.year(YEAR, network.glostrup), "library").totals
    assert (glostrup["ill_received"], glostrup["ill_supplied"]) == (1, 1)
    by_library = {r.key: r.values for r in table(Scope.year(YEAR), "library").rows}
    assert by_library["773000"]["ill_received"] == 1
    assert by_library["716100"]["ill_supplied"] == 1


def test_visitors_entries_and_bookmobile(network):
    DoorCount.objects.create(branch=network.randers_main, date=date(YEAR, 5, 1), visitors=900)
    DoorCount.objects.create(branch=network.randers_bus, date=date(YEAR, 5, 2), visitors=40)
    DoorCount.objects.create(branch=network.randers_main, date=date(YEAR + 1, 1, 1),
                             visitors=5)
    patron = make_patron(network.randers)
    log.event(Event.Kind.VISIT, datetime(YEAR, 5, 1, 6, tzinfo=UTC),
              branch=network.randers_main, patron=patron, via="sip2")
    result = table(Scope.year(YEAR, network.randers), "branch")
    assert result.totals["visitors"] == 940
    assert result.totals["bookmobile_visitors"] == 40
    assert result.totals["open_library_entries"] == 1
    assert {r.label: r.values["visitors"] for r in result.rows} == {
        "Randers Bibliotek": 900, "Bogbussen": 40}
    may = table(Scope.year(YEAR, network.randers), "month").rows[4].values
    assert may["visitors"] == 940
    # Door counts cannot be split by audience: they are in the totals, not in the rows.
    by_audience = table(Scope.year(YEAR, network.randers), "audience")
    assert "visitors" not in by_audience.metrics and by_audience.totals["visitors"] == 940


def test_events_and_participants(network):
    now = at(f"{YEAR}-01-01 09:00")
    series = make_series(network, now, first_start=at(f"{YEAR}-03-04 16:00"),
                         rule="FREQ=WEEKLY;COUNT=3")
    first, second, third = Occurrence.objects.filter(series=series).order_by("start")
    record_attendance(first, {"0-13": Count(8, 2), "30-49": Count(3, 0)},
                      now=at(f"{YEAR}-03-04 17:00"))
    record_attendance(second, {"0-13": Count(5, 0)}, now=at(f"{YEAR}-03-11 17:00"))
    third.status = Occurrence.Status.CANCELLED
    third.save()
    result = table(Scope.year(YEAR, network.randers), "month")
    assert (result.totals["events"], result.totals["participants"]) == (2, 18)
    assert result.rows[2].values["participants"] == 18
    assert table(Scope.year(YEAR, network.glostrup), "month").totals["events"] == 0


def test_only_events_that_are_over_count_so_a_period_to_today_and_beyond_agree(network):
    from django.utils import timezone

    now = timezone.now()
    past = timezone.localtime(now - timedelta(days=2)).replace(minute=0, second=0,
                                                               microsecond=0)
    make_series(network, now - timedelta(days=10), first_start=past,
                rule="FREQ=DAILY;INTERVAL=4;COUNT=2")  # two days ago, and in two days
    first = past.date() - timedelta(days=1)
    to_today = table(Scope(first, timezone.localdate(), network.randers), "month")
    beyond = table(Scope(first, past.date() + timedelta(days=10), network.randers), "month")
    assert to_today.totals["events"] == beyond.totals["events"] == 1


def test_demo_door_counts_stand_beside_each_houses_lending(network):
    """Visitors follow the lending the demo holds, house by house and month by month, at a
    plausible one to one and a half visits per loan; a month without lending has none."""
    from django.utils import timezone

    from reol.insight.demo import load_demo

    year = timezone.localdate().year - 1
    book = make_record("Kongens Fald")
    lent = [(network.glostrup_main, 3, 80), (network.randers_main, 3, 240),
            (network.randers_bus, 3, 40), (network.randers_main, 5, 120)]
    for branch, month, n in lent:
        loan_events(branch, book, n, at(f"{year}-{month:02d}-10 11:00"))
    assert load_demo()["door_counts"] > 0
    assert load_demo() == {"door_counts": 0}  # a second run changes nothing
    for library in (network.glostrup, network.randers):
        totals = table(Scope.year(year, library), "month").totals
        assert 1.0 <= totals["visitors"] / totals["loans"] <= 1.5, (library, totals)
        by_month = {row.key: row.values for row in table(
            Scope.year(year, library), "month").rows}
        assert by_month[f"{year}-07"]["visitors"] == 0  # nothing lent in July
    randers = table(Scope.year(year, network.randers), "month").totals
    assert 0 < randers["bookmobile_visitors"] < randers["visitors"] / 4
    bus_days = DoorCount.objects.filter(branch=network.randers_bus).values_list("date",
                                                                                flat=True)
    assert bus_days and all(day.weekday() < 5 for day in bus_days)  # the bus keeps weekdays


def test_demo_door_counts_let_in_the_people_who_came_to_events(network):
    from django.utils import timezone

    from reol.insight.demo import load_demo

    sunday = date(timezone.localdate().year - 1, 3, 1)
    sunday += timedelta(days=6 - sunday.weekday())
    series = make_series(network, at(f"{sunday.year}-01-02 09:00"),
                         first_start=at(f"{sunday:%Y-%m-%d} 14:00"), rule="FREQ=DAILY;COUNT=1")
    record_attendance(series.occurrences.get(), {"0-13": Count(30, 12)},
                      now=at(f"{sunday:%Y-%m-%d} 16:00"))
    loan_events(network.randers_main, make_record("Kongens Fald"), 100,
                at(f"{sunday.year}-03-10 11:00"))
    load_demo()
    door = DoorCount.objects.get(branch=network.randers_main, date=sunday)
    assert door.visitors == 42  # a closed Sunday: only the event's people came
    totals = table(Scope.year(sunday.year, network.randers), "month").totals
    assert totals["visitors"] > totals["participants"] == 42
