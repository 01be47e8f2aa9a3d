"""The transport scheme as pure functions: a copy's journey, its delivery date, its crate.

A copy sent from one library to another is collected by the sender's van on the next weekday
its route runs, reaches the sender's hub after the route's days on the road, is sorted at the
sorting hub of that hub (Herning, Odense or Aalborg) and — when the receiver is sorted
elsewhere — travels the national route to the receiver's sorting hub and is sorted again;
then it goes to the receiver's hub and out on the receiver's route on its next run. National
vans and sorting work Monday to Friday. Between two houses of one library the library's own
van takes it the next day.
"""

from dataclasses import dataclass
from datetime import date, timedelta

WORKDAYS = frozenset(range(5))  # national routes and the sorting hubs: Monday–Friday
NATIONAL_DAYS = 1  # a national or hub-to-hub van arrives the day after it leaves
HOUSE_VAN_DAYS = 1  # between the houses of one library

COLLECTED, AT_HUB, SORTING, DELIVERED = "collected", "hub", "sorting", "delivered"


@dataclass(frozen=True)
class HubFacts:
    code: str
    name: str
    sorter: str  # the code of the hub that sorts this hub's material (its own code if it sorts)
    sorting_days: int = 1


@dataclass(frozen=True)
class RouteFacts:
    """A library's route to its hub."""

    library: str  # agency number
    hub: str  # hub code
    weekdays: frozenset[int] = WORKDAYS
    days_on_road: int = 1


@dataclass(frozen=True)
class Stop:
    kind: str  # collected, hub, sorting, delivered
    place: str  # an agency number (collected, delivered) or a hub code
    arrives: date
    leaves: date


def next_run(day: date, weekdays: frozenset[int]) -> date:
    """The first day on or after `day` whose weekday is served (every day if none are)."""
    if not weekdays:
        return day
    while day.weekday() not in weekdays:
        day += timedelta(days=1)
    return day


def add_workdays(day: date, n: int) -> date:
    """`n` working days after `day` (which counts from its next working day)."""
    day = next_run(day, WORKDAYS)
    for _ in range(n):
        day = next_run(day + timedelta(days=1), WORKDAYS)
    return day


def sorting_hubs(origin: HubFacts, destination: HubFacts) -> list[str]:
    """Where a copy is sorted on its way: once when both hubs are sorted at the same place,
    otherwise at both ends of the national route."""
    if origin.sorter == destination.sorter:
        return [origin.sorter]
    return [origin.sorter, destination.sorter]


def journey(sent: date, origin: RouteFacts, destination: RouteFacts,
            hubs: dict[str, HubFacts]) -> list[Stop]:
    """Every stop of a copy's trip with the day it arrives and the day it leaves."""
    if origin.library == destination.library:
        arrives = sent + timedelta(days=HOUSE_VAN_DAYS)
        return [Stop(COLLECTED, origin.library, sent, sent),
                Stop(DELIVERED, destination.library, arrives, arrives)]
    collected = next_run(sent, origin.weekdays)
    stops = [Stop(COLLECTED, origin.library, sent, collected)]
    day = collected + timedelta(days=origin.days_on_road)
    place = origin.hub
    for sorter in sorting_hubs(hubs[origin.hub], hubs[destination.hub]):
        if sorter != place:
            if place == origin.hub:  # the hub passes the crate on to its sorting hub
                stops.append(Stop(AT_HUB, place, day, next_run(day, WORKDAYS)))
            day = next_run(day, WORKDAYS) + timedelta(days=NATIONAL_DAYS)
        ready = add_workdays(day, hubs[sorter].sorting_days)
        stops.append(Stop(SORTING, sorter, day, ready))
        day, place = ready, sorter
    if destination.hub != place:
        day = next_run(day, WORKDAYS) + timedelta(days=NATIONAL_DAYS)
        stops.append(Stop(AT_HUB, destination.hub, day, next_run(day, destination.weekdays)))
    out = next_run(day, destination.weekdays)
    arrives = out + timedelta(days=destination.days_on_road)
    stops.append(Stop(DELIVERED, destination.library, arrives, arrives))
    return stops


def delivery_date(sent: date, origin: RouteFacts, destination: RouteFacts,
                  hubs: dict[str, HubFacts]) -> date:
    return journey(sent, origin, destination, hubs)[-1].arrives


def position(stops: list[Stop], today: date) -> int:
    """The index of the stop the copy has reached by `today` (by the plan)."""
    reached = 0
    for i, stop in enumerate(stops):
        if stop.arrives <= today:
            reached = i
    return reached


def crate_after(stops: list[Stop], index: int) -> Stop:
    """The crate a copy goes into when it leaves stop `index`: the next sorting hub on the
    national route, or its receiving library (whose crate rides the regional route)."""
    for stop in stops[index + 1:]:
        if stop.kind in (SORTING, DELIVERED):
            return stop
    return stops[-1]
