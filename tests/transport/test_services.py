"""The day's lists, estimates and whereabouts, read from real transits."""

from datetime import date, datetime

import pytest
from django.core.management import call_command

from reol.errors import DomainError
from reol.transport import services
from reol.transport.models import Hub, Route
from tests.transport.conftest import CPH

MON, TUE, WED, FRI = date(2026, 11, 16), date(2026, 11, 17), date(2026, 11, 18), date(2026, 11, 20)


def test_the_sender_packs_it_for_the_day_the_van_collects(shipped, scheme):
    monday = services.pack_list(scheme.glostrup, MON)
    assert monday.van_today
    assert [(c.destination, [s.barcode for s in c.slips]) for c in monday.crates] == [
        ("773000", [shipped.item.barcode])]
    assert monday.crates[0].slips[0].delivery == date(2026, 11, 24)
    assert services.pack_list(scheme.glostrup, TUE).crates == []
    assert services.pack_list(scheme.randers, MON).crates == []


def test_each_sorting_hub_sees_it_on_its_day_in_the_right_crate(shipped):
    odense = services.sorting_list("odense", WED)
    assert [(c.destination, c.national) for c in odense] == [("herning", True)]
    herning = services.sorting_list("herning", FRI)
    assert [(c.destination, c.national) for c in herning] == [("773000", False)]
    assert herning[0].slips[0].agency == "773000"
    assert services.sorting_list("herning", WED) == []
    with pytest.raises(DomainError):
        services.sorting_list("skagen", WED)


def test_a_received_copy_leaves_the_lists(shipped):
    shipped.received = datetime(2026, 11, 19, 9, tzinfo=CPH)
    shipped.save()
    assert services.sorting_list("herning", FRI) == []


def test_estimate_follows_the_route_days(scheme):
    assert services.estimate(scheme.glostrup, scheme.randers, MON) == date(2026, 11, 24)
    Route.objects.create(library=scheme.randers, hub=Hub.objects.get(code="herning"),
                         weekdays=[3], days_on_road=2)
    assert services.estimate(scheme.glostrup, scheme.randers, MON) == date(2026, 11, 28)


def test_whereabouts_on_the_way_and_after_arrival(shipped):
    on_the_way = services.whereabouts(shipped.item.barcode, today=WED)
    assert on_the_way.stops[on_the_way.reached].place == "odense"
    assert on_the_way.delivery == date(2026, 11, 24)
    late = services.whereabouts(shipped.item.barcode, today=date(2026, 12, 1))
    assert late.reached == len(late.stops) - 2  # not delivered until Randers scans it
    shipped.received = datetime(2026, 11, 24, 9, tzinfo=CPH)
    shipped.save()
    done = services.whereabouts(shipped.item.barcode, today=date(2026, 12, 1))
    assert done.reached == len(done.stops) - 1
    with pytest.raises(DomainError):
        services.whereabouts("nope")


def test_print_transport_prints_the_days_lists(shipped, capsys):
    call_command("print_transport", "--date", "2026-11-20")
    out = capsys.readouterr().out
    assert "Herning" in out and shipped.item.barcode in out and "773000" in out
    call_command("print_transport", "--date", "2026-11-16", "--library", "716100")
    assert shipped.item.barcode in capsys.readouterr().out
