"""Journeys and delivery dates by the route days (pure rules, no database)."""

from datetime import date

from reol.transport import rules
from reol.transport.rules import HubFacts, RouteFacts

HUBS = {
    "gentofte": HubFacts("gentofte", "Gentofte", "odense"),
    "odense": HubFacts("odense", "Odense", "odense"),
    "herning": HubFacts("herning", "Herning", "herning", sorting_days=1),
    "aalborg": HubFacts("aalborg", "Aalborg", "aalborg", sorting_days=2),
}
MON_WED_FRI = frozenset({0, 2, 4})
GLOSTRUP = RouteFacts("716100", "gentofte", MON_WED_FRI, 1)
BALLERUP = RouteFacts("715100", "gentofte", frozenset({1, 3}), 1)
RANDERS = RouteFacts("773000", "herning", frozenset(range(5)), 1)
HJOERRING = RouteFacts("786000", "aalborg", frozenset({1}), 2)
MONDAY = date(2026, 11, 16)


def test_same_sorting_hub_is_sorted_once():
    stops = rules.journey(MONDAY, GLOSTRUP, BALLERUP, HUBS)
    assert [(s.kind, s.place, s.arrives) for s in stops] == [
        ("collected", "716100", MONDAY),
        ("hub", "gentofte", date(2026, 11, 17)),
        ("sorting", "odense", date(2026, 11, 18)),  # sorted Thursday, back on Friday
        ("hub", "gentofte", date(2026, 11, 20)),
        ("delivered", "715100", date(2026, 11, 25)),  # Ballerup's van: Tuesday, one day
    ]


def test_a_day_without_a_van_waits_for_the_next_run():
    tuesday = date(2026, 11, 17)
    assert rules.journey(tuesday, GLOSTRUP, BALLERUP, HUBS)[0].leaves == date(2026, 11, 18)


def test_national_route_sorts_at_both_ends():
    stops = rules.journey(MONDAY, GLOSTRUP, HJOERRING, HUBS)
    assert [s.place for s in stops if s.kind == "sorting"] == ["odense", "aalborg"]
    # Aalborg sorts for two working days; Hjørring's van runs Tuesdays, two days on the road.
    assert stops[-1].arrives == date(2026, 11, 26)
    assert rules.delivery_date(MONDAY, GLOSTRUP, HJOERRING, HUBS) == stops[-1].arrives


def test_weekends_hold_up_the_national_vans():
    friday = date(2026, 11, 20)
    stops = rules.journey(friday, RANDERS, GLOSTRUP, HUBS)
    # Herning gets it Saturday but sorts on Monday; the national van reaches Odense Wednesday.
    sorting = [s for s in stops if s.kind == "sorting"]
    assert sorting[0].arrives == date(2026, 11, 21) and sorting[0].leaves == date(2026, 11, 24)
    assert sorting[1].place == "odense" and sorting[1].arrives == date(2026, 11, 25)


def test_houses_of_one_library_use_their_own_van():
    stops = rules.journey(MONDAY, GLOSTRUP, GLOSTRUP, HUBS)
    assert stops[-1].arrives == date(2026, 11, 17) and len(stops) == 2


def test_position_and_crate():
    stops = rules.journey(MONDAY, GLOSTRUP, HJOERRING, HUBS)
    assert stops[rules.position(stops, date(2026, 11, 18))].place == "odense"
    assert rules.crate_after(stops, 2).place == "aalborg"  # the national crate
    assert rules.crate_after(stops, 3).place == "786000"  # Hjørring's crate
