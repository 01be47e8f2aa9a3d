"""The transport use cases: the day's lists, delivery estimates and where a copy is.

Everything is read from the open Transit rows of reol.circulation and planned with rules.py;
nothing here writes. A library without a Route of its own uses the hub of its region with a
van every working day and one day on the road.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, QuerySet
from django.utils import timezone

from reol.catalogue.models import Item
from reol.circulation.models import Transit
from reol.libraries.models import Library
from reol.refusals import refuse

from . import rules
from .models import Hub, Route


@dataclass
class Network:
    hubs: dict[str, rules.HubFacts]
    routes: dict[int, rules.RouteFacts]  # by library id
    names: dict[str, str]  # agency or hub code → name

    def route(self, library_id: int) -> rules.RouteFacts | None:
        return self.routes.get(library_id)


def network() -> Network:
    """The scheme as plain values, read once per list."""
    hubs = {}
    for hub in Hub.objects.select_related("sorted_at"):
        hubs[hub.code] = rules.HubFacts(hub.code, hub.name,
                                        hub.sorted_at.code if hub.sorted_at else hub.code,
                                        hub.sorting_days)
    by_region = dict(Hub.objects.exclude(region=None).values_list("region_id", "code"))
    explicit = {r.library_id: r for r in Route.objects.select_related("hub")}
    routes, names = {}, {code: h.name for code, h in hubs.items()}
    for lib in Library.objects.only("pk", "agency", "name", "region_id"):
        names[lib.agency] = lib.name
        route = explicit.get(lib.pk)
        if route is not None:
            routes[lib.pk] = rules.RouteFacts(lib.agency, route.hub.code,
                                              frozenset(route.weekdays), route.days_on_road)
        elif lib.region_id in by_region:
            routes[lib.pk] = rules.RouteFacts(lib.agency, by_region[lib.region_id])
    return Network(hubs, routes, names)


def plan(transit: Transit, net: Network) -> list[rules.Stop]:
    """The planned stops of one transit; empty when a library has no route to a hub."""
    origin = net.route(transit.from_branch.library_id)
    destination = net.route(transit.to_branch.library_id)
    if origin is None or destination is None:
        return []
    sent = timezone.localdate(transit.sent)
    return rules.journey(sent, origin, destination, net.hubs)


def estimate(from_library: Library, to_library: Library, sent: date) -> date | None:
    """The day a copy sent today from one library reaches the other, by the route days."""
    net = network()
    origin, destination = net.route(from_library.pk), net.route(to_library.pk)
    if origin is None or destination is None:
        return None
    return rules.delivery_date(sent, origin, destination, net.hubs)


def _open_transits() -> QuerySet[Transit]:
    """Open transits between libraries: the scheme's freight (houses of one library use the
    library's own van and the circulation transit list)."""
    return (Transit.objects.filter(received__isnull=True)
            .select_related("item__record", "from_branch__library", "to_branch__library")
            .order_by("sent", "id"))


@dataclass
class Slip:
    """A routing slip: what the copy is and where it goes, by library number."""

    barcode: str
    title: str
    agency: str  # the receiving library's agency number
    library: str
    branch: str
    reason: str
    sender: str
    delivery: date


@dataclass
class Crate:
    """One crate on a list: its destination (a library's agency number or a sorting hub's
    code) and the copies in it."""

    destination: str
    name: str
    national: bool  # to another sorting hub on the national route
    slips: list[Slip] = field(default_factory=list)


def _slip(transit: Transit, stops: list[rules.Stop]) -> Slip:
    to = transit.to_branch
    return Slip(transit.item.barcode, transit.item.record.title, to.library.agency,
                to.library.name, to.name, transit.get_reason_display(),
                transit.from_branch.library.agency, stops[-1].arrives)


def _crates(slips: list[tuple[rules.Stop, Slip]], net: Network) -> list[Crate]:
    crates: dict[str, Crate] = {}
    for stop, slip in slips:
        national = stop.kind == rules.SORTING
        key = stop.place
        crate = crates.setdefault(key, Crate(key, net.names.get(key, key), national))
        crate.slips.append(slip)
    for crate in crates.values():
        crate.slips.sort(key=lambda s: (s.agency, s.barcode))
    # The national crates first, then the libraries by their number.
    return sorted(crates.values(), key=lambda c: (not c.national, c.destination))


def sorting_list(hub_code: str, day: date) -> list[Crate]:
    """What the sorting hub sorts on `day`: every copy that arrives there that day, in crates
    per destination — the next sorting hub, or the receiving library."""
    net = network()
    if hub_code not in net.hubs:
        raise refuse("unknown_hub", hub_code=hub_code)
    found = []
    for transit in _open_transits().exclude(from_branch__library=F("to_branch__library")):
        stops = plan(transit, net)
        for i, stop in enumerate(stops):
            if stop.kind == rules.SORTING and stop.place == hub_code and stop.arrives == day:
                found.append((rules.crate_after(stops, i), _slip(transit, stops)))
    return _crates(found, net)


@dataclass
class PackList:
    library: Library
    day: date
    van_today: bool
    next_van: date | None
    crates: list[Crate]


def pack_list(library: Library, day: date) -> PackList:
    """What a library packs for the van on `day`: the copies it has sent to other libraries
    that this day's van collects, in crates per receiving library (by library number)."""
    net = network()
    route = net.route(library.pk)
    found = []
    for transit in _open_transits().filter(from_branch__library=library).exclude(
            to_branch__library=library):
        stops = plan(transit, net)
        if stops and stops[0].leaves == day:
            found.append((stops[-1], _slip(transit, stops)))
    van_today = route is not None and rules.next_run(day, route.weekdays) == day
    next_van = rules.next_run(day, route.weekdays) if route else None
    return PackList(library, day, van_today, next_van, _crates(found, net))


@dataclass
class Whereabouts:
    item: Item
    transit: Transit | None
    stops: list[rules.Stop]
    reached: int  # index into stops, by the plan
    names: dict[str, str]

    @property
    def delivery(self) -> date | None:
        return self.stops[-1].arrives if self.stops else None


def whereabouts(barcode: str, today: date | None = None) -> Whereabouts:
    """Where a copy is on its journey: its open transit's stops and the one reached by today."""
    item = Item.objects.select_related("record", "current_branch").filter(
        barcode=barcode.strip()).first()
    if item is None:
        raise refuse("unknown_item", barcode=barcode)
    transit = _open_transits().filter(item=item).first()
    if transit is None:
        transit = (Transit.objects.filter(item=item).select_related(
            "from_branch__library", "to_branch__library").order_by("-sent", "-id").first())
    net = network()
    stops = plan(transit, net) if transit else []
    today = today or timezone.localdate()
    if transit and transit.received:
        reached = len(stops) - 1
    else:
        reached = rules.position(stops, today) if stops else 0
        if stops and reached == len(stops) - 1:
            reached -= 1  # not delivered until the receiver scans it
    return Whereabouts(item, transit, stops, max(reached, 0), net.names)
