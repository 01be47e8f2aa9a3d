"""The demo's national network: more municipal libraries in every region, the central
collections, and the transport scheme (six hubs, three that sort, a route for every library).

Run after the network and the catalogue are loaded; a second run changes nothing.
Agency numbers follow 7 + municipality code + 00.
"""

import random

from django.db import transaction
from django.db.models import Q

from reol.catalogue.models import Item, Record
from reol.libraries.demo import MAIN_STAFFED, VALID, demo_day
from reol.libraries.models import Branch, Library, OpeningPattern, Region
from reol.search.indexing import refresh_availability

from .models import Hub, Route

SEED = 2026
# region: (agency, library name, municipality, postcode, city)
MUNICIPAL = {
    "Gentofte": [("717300", "Lyngby-Taarbæk Bibliotekerne", "Lyngby-Taarbæk", "2800",
                  "Kgs. Lyngby"),
                 ("714700", "Frederiksberg Bibliotek", "Frederiksberg", "2000", "Frederiksberg"),
                 ("721900", "Hillerød Bibliotekerne", "Hillerød", "3400", "Hillerød")],
    "Roskilde": [("725900", "Køge Bibliotekerne", "Køge", "4600", "Køge"),
                 ("731600", "Holbæk Bibliotekerne", "Holbæk", "4300", "Holbæk"),
                 ("737000", "Næstved Bibliotek", "Næstved", "4700", "Næstved"),
                 ("733000", "Slagelse Bibliotekerne", "Slagelse", "4200", "Slagelse")],
    "Odense": [("747900", "Svendborg Bibliotek", "Svendborg", "5700", "Svendborg"),
               ("741000", "Middelfart Bibliotek", "Middelfart", "5500", "Middelfart"),
               ("745000", "Nyborg Bibliotek", "Nyborg", "5800", "Nyborg"),
               ("743000", "Faaborg-Midtfyn Bibliotekerne", "Faaborg-Midtfyn", "5750", "Ringe")],
    "Vejle": [("762100", "Kolding Bibliotek", "Kolding", "6000", "Kolding"),
              ("756100", "Esbjerg Kommunes Biblioteker", "Esbjerg", "6700", "Esbjerg"),
              ("754000", "Sønderborg Bibliotek", "Sønderborg", "6400", "Sønderborg"),
              ("760700", "Fredericia Bibliotek", "Fredericia", "7000", "Fredericia")],
    "Herning": [("775100", "Aarhus Kommunes Biblioteker", "Aarhus", "8000", "Aarhus C"),
                ("779100", "Viborg Bibliotekerne", "Viborg", "8800", "Viborg"),
                ("774000", "Silkeborg Bibliotekerne", "Silkeborg", "8600", "Silkeborg"),
                ("766100", "Holstebro Bibliotek", "Holstebro", "7500", "Holstebro")],
    "Aalborg": [("786000", "Hjørring Bibliotekerne", "Hjørring", "9800", "Hjørring"),
                ("781300", "Frederikshavn Bibliotek", "Frederikshavn", "9900", "Frederikshavn"),
                ("778700", "Thisted Bibliotek", "Thisted", "7700", "Thisted"),
                ("781000", "Brønderslev Bibliotek", "Brønderslev", "9700", "Brønderslev")],
}
ITEMS_PER_LIBRARY = 300
CENTRAL_EXTRA = 250  # older and specialised titles per central collection
# Hubs: the central library of each region; Herning, Odense and Aalborg sort.
SORTED_AT = {"Gentofte": "Odense", "Roskilde": "Odense", "Vejle": "Herning"}
ROUTE_DAYS = ([0, 1, 2, 3, 4], [0, 2, 4], [1, 3])


def _say(console, text: str) -> None:
    if console is not None:
        console.print(text)


@transaction.atomic
def load_demo(console=None) -> dict[str, int]:
    if Hub.objects.exists():
        return {"libraries": 0, "items": 0, "routes": 0}
    rng = random.Random(SEED)
    regions = {r.name: r for r in Region.objects.all()}
    records = list(Record.objects.order_by("pk").values_list("pk", flat=True))
    new_items: list[Item] = []
    added = 0
    for region_name, libraries in MUNICIPAL.items():
        for agency, name, municipality, postcode, city in libraries:
            if Library.objects.filter(agency=agency).exists():
                continue
            library = Library.objects.create(agency=agency, name=name,
                                             municipality=municipality,
                                             region=regions[region_name])
            branch = Branch.objects.create(library=library, code=f"{agency}-hb", name=name,
                                           kind=Branch.Kind.MAIN, postcode=postcode, city=city)
            _hours(branch)
            added += 1
            for serial, record in enumerate(rng.sample(records, min(ITEMS_PER_LIBRARY,
                                                                    len(records))), 1):
                new_items.append(_item(library, branch, record, serial, ""))
    new_items += _central_collections(rng)
    Item.objects.bulk_create(new_items, batch_size=2000)
    refresh_availability({item.record_id for item in new_items})
    routes = _scheme(rng)
    _say(console, f"Transport: {added} libraries, {len(new_items)} copies, {routes} routes")
    return {"libraries": added, "items": len(new_items), "routes": routes}


def _item(library: Library, branch: Branch, record: int, serial: int, shelf: str) -> Item:
    return Item(barcode=f"4{library.agency}{serial:07d}", record_id=record, library=library,
                home_branch=branch, current_branch=branch, shelf_location=shelf)


def _hours(branch: Branch) -> None:
    OpeningPattern.objects.bulk_create(
        OpeningPattern(branch=branch, valid_from=VALID[0], valid_to=VALID[1], weekday=weekday,
                       opens=opens, closes=closes, service=service)
        for weekday in range(7) for opens, closes, service in demo_day(weekday,
                                                                  MAIN_STAFFED.get(weekday)))


def _central_collections(rng: random.Random) -> list[Item]:
    """The superstructure: older and specialised titles (and the foreign-language ones the
    catalogue demo already placed there) that municipal libraries do not hold."""
    pool = list(Record.objects.filter(Q(year__lt=1980) | Q(language__in=["eng", "ger", "fre",
                                                                          "swe", "nor"])
                                      | Q(dk5__regex=r"^[0-9]{2}\.[0-9]{2}"))
                .exclude(items__library__kind=Library.Kind.MUNICIPAL)
                .order_by("pk").values_list("pk", flat=True).distinct())
    items = []
    for library in Library.objects.filter(kind=Library.Kind.CENTRAL).order_by("agency"):
        branch = library.branches.filter(kind=Branch.Kind.MAIN).first()
        if branch is None:
            continue
        for serial, record in enumerate(rng.sample(pool, min(CENTRAL_EXTRA, len(pool))), 1):
            items.append(_item(library, branch, record, serial, "Materialeoverbygning"))
    return items


def _scheme(rng: random.Random) -> int:
    hubs = {}
    for library in Library.objects.filter(kind=Library.Kind.CENTRAL).select_related("region"):
        hubs[library.region.name] = Hub.objects.create(
            code=library.region.name.lower(), name=library.region.name, library=library,
            region=library.region, sorting_days=1)
    for name, sorter in SORTED_AT.items():
        if name in hubs and sorter in hubs:
            Hub.objects.filter(pk=hubs[name].pk).update(sorted_at=hubs[sorter])
    routes = []
    for n, library in enumerate(Library.objects.select_related("region").order_by("agency")):
        hub = hubs.get(library.region.name)
        if hub is None:
            continue
        central = library.kind == Library.Kind.CENTRAL
        routes.append(Route(library=library, hub=hub, name=f"Rute {n + 1}",
                            weekdays=ROUTE_DAYS[0] if central else rng.choice(ROUTE_DAYS),
                            days_on_road=1 if central else rng.choice((1, 1, 2))))
    Route.objects.bulk_create(routes)
    return len(routes)
