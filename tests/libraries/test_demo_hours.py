"""The demo network's opening hours: every house but the deposit collections has a calendar."""

from datetime import date, time

from reol.libraries import calendar
from reol.libraries.demo import load_network
from reol.libraries.models import Branch, Library, OpeningPattern, Region


def rows():
    return sorted(OpeningPattern.objects.values_list(
        "branch__code", "weekday", "opens", "closes", "service", "stop__name"))


def test_demo_hours_for_main_libraries_branches_bookmobile_and_deposits(db):
    load_network()
    main = Branch.objects.get(code="randers-hb")
    monday = calendar.week(main, date(2026, 3, 2))[0]
    assert [(i.opens, i.closes, i.service) for i in monday.intervals] == [
        (time(7), time(10), "self_service"), (time(10), time(19), "staffed"),
        (time(19), time(22), "self_service")]
    assert calendar.is_open(main, date(2027, 12, 30), self_service=False)
    assert not calendar.is_open(main, date(2026, 9, 18))  # staff day

    depot = Branch.objects.get(code="randers-depot-solsikken")
    assert not depot.patterns.exists()
    assert calendar.next_open_day(depot, date(2026, 3, 8)) == date(2026, 3, 8)

    bus = Branch.objects.get(code="randers-bogbus")
    week = calendar.week(bus, date(2026, 3, 2))
    visits = [len(d.intervals) for d in week]
    assert visits[5:] == [0, 0] and all(2 <= n <= 5 for n in visits[:5]) and sum(visits) == 22
    for interval in (i for d in week for i in d.intervals):
        minutes = (interval.closes.hour * 60 + interval.closes.minute
                   - interval.opens.hour * 60 - interval.opens.minute)
        assert 30 <= minutes <= 60 and interval.stop

    kulturnat = calendar.week(Branch.objects.get(code="gentofte-hb"), date(2026, 10, 9))[4]
    assert kulturnat.note == "Kulturnat" and kulturnat.intervals[-1].closes == time(23)


def test_demo_hours_are_deterministic(db):
    load_network()
    first = rows()
    Library.objects.all().delete()
    Region.objects.all().delete()
    load_network()
    assert rows() == first
