"""Series, recurrence, stored occurrences, edits by scope and closures."""

from datetime import date, time

import pytest
from django.utils import timezone

from reol.errors import DomainError
from reol.events import registration, services
from reol.events.models import EventSeries, Occurrence
from reol.events.services import Scope, SeriesData
from reol.libraries.models import OpeningException, OpeningPattern

from .helpers import at, make_series

pytestmark = pytest.mark.django_db
NOW = at("2026-03-01 09:00")


def starts(series) -> list[str]:
    return [timezone.localtime(o.start).strftime("%Y-%m-%d %H:%M")
            for o in Occurrence.objects.filter(series=series)]


def test_weekly_series_is_stored_occurrence_by_occurrence_at_local_time(network):
    series = make_series(network, NOW, rule="FREQ=WEEKLY;COUNT=6")
    # 10 March → summer time on 29 March: still 16:00 in Copenhagen.
    assert starts(series) == ["2026-03-04 16:00", "2026-03-11 16:00", "2026-03-18 16:00",
                              "2026-03-25 16:00", "2026-04-01 16:00", "2026-04-08 16:00"]


def test_second_and_fourth_wednesday_and_last_saturday(network):
    knit = make_series(network, NOW, title="Strikkecafé", category="cafe",
                       first_start=at("2026-03-11 14:00"),
                       rule="FREQ=MONTHLY;BYDAY=2WE,4WE;UNTIL=20260531T235959")
    assert starts(knit) == ["2026-03-11 14:00", "2026-03-25 14:00", "2026-04-08 14:00",
                            "2026-04-22 14:00", "2026-05-13 14:00", "2026-05-27 14:00"]
    repair = make_series(network, NOW, title="Reparationscafé", category="cafe",
                         first_start=at("2026-03-28 10:00"), rule="FREQ=MONTHLY;BYDAY=-1SA;COUNT=3")
    assert starts(repair) == ["2026-03-28 10:00", "2026-04-25 10:00", "2026-05-30 10:00"]


def test_exceptions_and_a_list_of_dates(network):
    series = make_series(network, NOW, first_start=at("2026-03-04 16:00"),
                         rule="FREQ=WEEKLY;COUNT=4", exception_dates=[date(2026, 3, 11)],
                         extra_dates=[date(2026, 3, 14)])
    assert starts(series) == ["2026-03-04 16:00", "2026-03-14 16:00", "2026-03-18 16:00",
                              "2026-03-25 16:00"]
    listed = make_series(network, NOW, title="Børneteater", category="theatre", rule="",
                         first_start=at("2026-03-07 10:00"),
                         extra_dates=[date(2026, 4, 18), date(2026, 5, 9)])
    assert starts(listed) == ["2026-03-07 10:00", "2026-04-18 10:00", "2026-05-09 10:00"]


def test_open_ended_rule_is_stored_to_the_horizon_and_extended_later(network):
    series = make_series(network, NOW, rule="FREQ=WEEKLY")
    count = series.occurrences.count()
    assert 55 <= count <= 58  # 400 days of Wednesdays
    later = at("2026-06-01 09:00")
    assert services.extend_all(later) > 0
    assert services.extend_all(later) == 0  # idempotent
    assert series.occurrences.count() > count


@pytest.mark.parametrize("rule, code", [
    ("FREQ=SOMETIMES", "bad_recurrence"),
    ("FREQ=WEEKLY;BYDAY=XX", "bad_recurrence"),
    ("every wednesday", "bad_recurrence"),
    ("FREQ=MINUTELY", "too_many_occurrences"),
])
def test_an_unreadable_rule_is_refused_in_both_languages(network, rule, code):
    with pytest.raises(DomainError) as refused:
        make_series(network, NOW, rule=rule)
    assert refused.value.code == code
    assert "FREQ" in refused.value.da and "FREQ" in refused.value.en
    assert not EventSeries.objects.exists()


def test_bad_dates_and_places_are_refused(network):
    from reol.events.rules import parse_dates

    with pytest.raises(DomainError) as refused:
        parse_dates("2026-03-04, 31-02-2026")
    assert refused.value.code == "bad_date" and "ÅÅÅÅ-MM-DD" in refused.value.da
    with pytest.raises(DomainError) as refused:
        make_series(network, NOW, branch="", venue_name="")
    assert refused.value.code == "no_place"
    with pytest.raises(DomainError) as refused:
        make_series(network, NOW, sdgs=[4, 18])
    assert refused.value.code == "bad_sdg"


def test_an_outside_venue_needs_no_branch(network):
    series = make_series(network, NOW, branch="", venue_name="Randers Svømmehal",
                         venue_address="Fladbrovej 2, 8900 Randers", category="outreach")
    occurrence = series.occurrences.get()
    assert occurrence.branch is None and occurrence.venue_name == "Randers Svømmehal"
    assert not occurrence.on_closure


def _edit(occurrence, scope, now=NOW, **changes):
    data = SeriesData.of(occurrence.series)
    data.first_start = timezone.localtime(occurrence.start)
    for name, value in changes.items():
        setattr(data, name, value)
    return services.edit(occurrence, data, scope, now=now)


def test_edit_this_occurrence_only(network):
    series = make_series(network, NOW, rule="FREQ=WEEKLY;COUNT=4")
    second = series.occurrences.all()[1]
    _edit(second, Scope.THIS, first_start=at("2026-03-12 17:00"), venue_name="")
    assert starts(series) == ["2026-03-04 16:00", "2026-03-12 17:00", "2026-03-18 16:00",
                              "2026-03-25 16:00"]
    # A later edit of all keeps nothing of the single edit: "all" means all.
    series.refresh_from_db()
    assert Occurrence.objects.get(pk=second.pk).edited


def test_edit_this_and_following_splits_and_keeps_registrations(network):
    from tests.factories import make_patron

    series = make_series(network, NOW, rule="FREQ=WEEKLY;COUNT=4", capacity=10,
                         registration_required=True)
    third = series.occurrences.all()[2]
    karen = make_patron(network.randers)
    kept = registration.register(third, patron=karen, now=NOW)
    successor = _edit(third, Scope.FOLLOWING, first_start=at("2026-03-18 17:30"),
                      title="Læsehund (ny tid)")
    assert successor.pk != series.pk and successor.previous_id == series.pk
    assert starts(series) == ["2026-03-04 16:00", "2026-03-11 16:00"]
    assert starts(successor) == ["2026-03-18 17:30", "2026-03-25 17:30"]  # COUNT 4 in all
    kept.refresh_from_db()
    assert kept.occurrence_id == third.pk and kept.status == "confirmed"
    assert kept.occurrence.series == successor


def test_edit_all_never_rewrites_the_past(network):
    series = make_series(network, NOW, rule="FREQ=WEEKLY;COUNT=4")
    later = at("2026-03-12 12:00")  # two have taken place
    second = series.occurrences.all()[1]
    successor = _edit(second, Scope.ALL, now=later, first_start=at("2026-03-18 15:00"),
                      title="Læsehund med Bella")
    series.refresh_from_db()
    assert series.title == "Læsehund"
    assert starts(series) == ["2026-03-04 16:00", "2026-03-11 16:00"]
    assert successor.title == "Læsehund med Bella"
    assert starts(successor) == ["2026-03-18 15:00", "2026-03-25 15:00"]
    with pytest.raises(DomainError) as refused:
        _edit(series.occurrences.first(), Scope.THIS, now=later)
    assert refused.value.code == "occurrence_past"


def test_edit_all_before_anything_happened_changes_the_series_in_place(network):
    series = make_series(network, NOW, rule="FREQ=WEEKLY;COUNT=3")
    first = series.occurrences.first()
    same = _edit(first, Scope.ALL, first_start=at("2026-03-05 10:00"),
                 rule="FREQ=WEEKLY;COUNT=3")
    assert same.pk == series.pk
    assert starts(series) == ["2026-03-05 10:00", "2026-03-12 10:00", "2026-03-19 10:00"]


def test_occurrences_on_a_closure_are_flagged(network):
    branch = network.randers_main
    for weekday in range(6):  # Monday to Saturday, closed on Sundays
        OpeningPattern.objects.create(branch=branch, valid_from=date(2026, 1, 1),
                                      weekday=weekday, opens=time(10), closes=time(19))
    OpeningException.objects.create(branch=branch, date=date(2026, 3, 18), reason="Personaledag",
                                    service="closed")
    series = make_series(network, NOW, rule="FREQ=WEEKLY;COUNT=3",
                         extra_dates=[date(2026, 4, 5)])  # Easter Sunday
    flagged = {timezone.localtime(o.start).date(): o.on_closure for o in series.occurrences.all()}
    assert flagged == {date(2026, 3, 4): False, date(2026, 3, 11): False,
                       date(2026, 3, 18): True, date(2026, 4, 5): True}


def test_cancelling_an_occurrence_tells_those_registered(network):
    from reol.events.models import EventMail

    series = make_series(network, NOW, rule="", registration_required=True)
    occurrence = series.occurrences.get()
    registration.register(occurrence, name="Ole", email="ole@example.dk", now=NOW)
    registration.cancel_occurrence(occurrence, now=NOW)
    occurrence.refresh_from_db()
    assert occurrence.status == "cancelled"
    assert EventMail.objects.filter(key__startswith="cancelled:", to="ole@example.dk").exists()
    with pytest.raises(DomainError) as refused:
        registration.register(occurrence, name="Bo", email="bo@example.dk", now=NOW)
    assert refused.value.code == "event_cancelled"
