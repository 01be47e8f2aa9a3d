"""The demo library network: six central-library regions and the libraries we know best.

Agency numbers follow the national pattern 7 + municipality code + 00 (Glostrup is 716100).
"""

from datetime import date, datetime, time, timedelta

from .models import BookmobileStop, Branch, Library, OpeningException, OpeningPattern, Region
from .models import Service as S

REGIONS = [  # name, municipalities, population 1 January 2020 (domain.md)
    ("Gentofte", 28, 1_795_900),
    ("Roskilde", 18, 876_400),
    ("Odense", 9, 459_928),
    ("Vejle", 13, 763_420),
    ("Herning", 19, 1_320_678),
    ("Aalborg", 11, 589_755),
]

# agency, name, municipality, kind, region, branches: (code, name, kind, street, postcode, city)
LIBRARIES = [
    ("715700", "Gentofte Bibliotekerne", "Gentofte", "central", "Gentofte", [
        ("gentofte-hb", "Hovedbiblioteket", "main", "Ahlmanns Allé 6", "2900", "Hellerup"),
    ]),
    ("726500", "Roskilde Bibliotekerne", "Roskilde", "central", "Roskilde", [
        ("roskilde-hb", "Roskilde Bibliotek", "main", "Dronning Margrethes Vej 14", "4000",
         "Roskilde"),
    ]),
    ("746100", "Odense Bibliotekerne", "Odense", "central", "Odense", [
        ("odense-hb", "Odense Centralbibliotek", "main", "Østre Stationsvej 15", "5000",
         "Odense C"),
        ("odense-vollsmose", "Vollsmose Bibliotek", "branch", "Vollsmose Torv 1", "5240",
         "Odense NØ"),
        ("odense-dalum", "Dalum Bibliotek", "branch", "Dalumvej 38", "5250", "Odense SV"),
        ("odense-tarup", "Tarup Bibliotek", "branch", "Tarup Center 12", "5210", "Odense NV"),
    ]),
    ("763000", "Vejle Bibliotekerne", "Vejle", "central", "Vejle", [
        ("vejle-hb", "Vejle Bibliotek", "main", "Willy Sørensens Plads 1", "7100", "Vejle"),
    ]),
    ("765700", "Herning Bibliotekerne", "Herning", "central", "Herning", [
        ("herning-hb", "Herning Bibliotek", "main", "Brændgårdvej 1", "7400", "Herning"),
    ]),
    ("785100", "Aalborg Bibliotekerne", "Aalborg", "central", "Aalborg", [
        ("aalborg-hb", "Hovedbiblioteket", "main", "Rendsburggade 2", "9000", "Aalborg"),
    ]),
    ("716100", "Glostrup Bibliotek", "Glostrup", "municipal", "Gentofte", [
        ("glostrup", "Glostrup Bibliotek", "main", "Kirkebjerg Allé 2", "2600", "Glostrup"),
    ]),
    ("715100", "Ballerup Bibliotekerne", "Ballerup", "municipal", "Gentofte", [
        ("ballerup-hb", "Ballerup Bibliotek", "main", "Banegårdspladsen 1", "2750",
         "Ballerup"),
        ("ballerup-skovlunde", "Skovlunde Bibliotek", "branch", "Skovlunde Byvej 1", "2740",
         "Skovlunde"),
        ("ballerup-maaloev", "Måløv Bibliotek", "branch", "Måløv Hovedgade 78", "2760",
         "Måløv"),
        ("ballerup-egebjerg", "Egebjerg Bibliotek", "branch", "Egebjerg Bygade 1", "2750",
         "Ballerup"),
    ]),
    ("773000", "Randers Bibliotek", "Randers", "municipal", "Herning", [
        ("randers-hb", "Randers Bibliotek", "main", "Stemannsgade 2", "8900", "Randers C"),
        ("randers-dronningborg", "Dronningborg Bibliotek", "branch", "Dronningborg Boulevard 2",
         "8930", "Randers NØ"),
        ("randers-kristrup", "Kristrup Bibliotek", "branch", "Hobrovej 1", "8960",
         "Randers SØ"),
        ("randers-langaa", "Langå Bibliotek", "branch", "Bredgade 3", "8870", "Langå"),
        ("randers-bogbus", "Bogbussen", "bookmobile", "Stemannsgade 2", "8900", "Randers C"),
        ("randers-depot-solsikken", "Depot: Børnehuset Solsikken", "deposit", "Solvej 4",
         "8920", "Randers NV"),
        ("randers-depot-tronholm", "Depot: Plejecenter Tronholmen", "deposit",
         "Tronholmen 2", "8960", "Randers SØ"),
    ]),
]

# The bookmobile's 22 stops: villages around Randers and the rural daycares it serves.
RANDERS_STOPS = [
    ("Assentoft", "8960"), ("Harridslev", "8900"), ("Hornbæk", "8900"), ("Spentrup", "8981"),
    ("Havndal", "8970"), ("Udbyhøj Vasehuse", "8970"), ("Mellerup", "8930"),
    ("Gimming", "8981"), ("Ørsted", "8950"), ("Gassum", "8983"), ("Fårup", "8990"),
    ("Øster Bjerregrav", "8920"), ("Værum", "8900"), ("Aidt", "8881"), ("Jebjerg", "8900"),
    ("Grensten", "8870"), ("Torup", "8900"), ("Uggelhuse", "8960"), ("Øster Tørslev", "8983"),
    ("Stevnstrup", "8870"), ("Vorup", "8940"), ("Helstrup", "8900"),
]


# How to reach the main libraries, and what they offer besides the shelves.
CONTACTS = [
    ("randers-hb", "89 15 15 00", "bibliotek@randers.dk",
     "Café\nMakerspace med 3D-printer\nStudiepladser\nMødelokaler\nBørnebibliotek"),
    ("glostrup", "43 23 60 00", "bibliotek@glostrup.dk",
     "Studiepladser\nPrintere og scanner\nBørnebibliotek\nLæsesal"),
]


def load_network() -> dict[str, Library]:
    regions = {
        name: Region.objects.create(name=name, municipalities=m, population_2020=p)
        for name, m, p in REGIONS
    }
    libraries = {}
    for agency, name, municipality, kind, region, branches in LIBRARIES:
        library = Library.objects.create(
            agency=agency, name=name, municipality=municipality, kind=kind,
            region=regions[region],
        )
        libraries[agency] = library
        Branch.objects.bulk_create(
            Branch(library=library, code=code, name=bname, kind=bkind, street=street,
                   postcode=postcode, city=city)
            for code, bname, bkind, street, postcode, city in branches
        )
    for code, phone, email, facilities in CONTACTS:
        Branch.objects.filter(code=code).update(phone=phone, email=email, facilities=facilities)
    bus = Branch.objects.get(code="randers-bogbus")
    BookmobileStop.objects.bulk_create(
        BookmobileStop(branch=bus, position=i, name=name, street="Ved kirken", postcode=pc,
                       city=name)
        for i, (name, pc) in enumerate(RANDERS_STOPS, start=1)
    )
    load_hours()
    return libraries


# Weekly hours from 2026 on with no end, so the demo works (and simulates last year) in any
# later year.
VALID: tuple[date, date | None] = (date(2026, 1, 1), None)
SELF_SERVICE_HOURS = (time(7), time(22))  # open library: card and PIN, every day
MAIN_STAFFED = {0: (10, 19), 1: (10, 19), 2: (10, 19), 3: (10, 19), 4: (10, 19), 5: (10, 14)}
BRANCH_STAFFED = [{1: (13, 18), 3: (13, 18)}, {0: (13, 18), 2: (13, 17), 4: (10, 14)}]
# Bookmobile: stops spread over the weekdays, a visit of 30–60 minutes, half an hour's drive.
BUS_DAYS, BUS_START, BUS_VISITS, BUS_DRIVE = 5, time(9, 30), (30, 45, 60), 30

# code, date, opens, closes, service, reason. A date's rows replace its weekly hours entirely.
EXCEPTIONS = [
    ("randers-hb", date(2026, 9, 18), None, None, S.CLOSED, "Personaledag"),
    ("gentofte-hb", date(2026, 10, 9), time(7), time(10), S.SELF_SERVICE, "Kulturnat"),
    ("gentofte-hb", date(2026, 10, 9), time(10), time(23), S.STAFFED, "Kulturnat"),
    ("glostrup", date(2026, 10, 4), time(7), time(12), S.SELF_SERVICE, "Bibliotekernes uge"),
    ("glostrup", date(2026, 10, 4), time(12), time(16), S.STAFFED, "Bibliotekernes uge"),
    ("glostrup", date(2026, 10, 4), time(16), time(22), S.SELF_SERVICE, "Bibliotekernes uge"),
    ("ballerup-hb", date(2026, 12, 23), time(7), time(14), S.SELF_SERVICE, "Lille juleaften"),
]


def demo_day(weekday: int, staffed: tuple[int, int] | None) -> list[tuple[time, time, str]]:
    """Self-service from 7 to 22 around the staffed hours, if any."""
    first, last = SELF_SERVICE_HOURS
    if staffed is None:
        return [(first, last, S.SELF_SERVICE)]
    opens, closes = time(staffed[0]), time(staffed[1])
    return [(first, opens, S.SELF_SERVICE), (opens, closes, S.STAFFED),
            (closes, last, S.SELF_SERVICE)]


def _bus_visits(stops: list[BookmobileStop]) -> list[tuple[int, time, time, BookmobileStop]]:
    visits = []
    for weekday in range(BUS_DAYS):
        todays = stops[weekday * len(stops) // BUS_DAYS : (weekday + 1) * len(stops) // BUS_DAYS]
        start = datetime.combine(VALID[0], BUS_START)
        for stop in todays:
            end = start + timedelta(minutes=BUS_VISITS[stop.position % len(BUS_VISITS)])
            visits.append((weekday, start.time(), end.time(), stop))
            start = end + timedelta(minutes=BUS_DRIVE)
    return visits


def load_hours() -> None:
    """Weekly hours from 2026 on for every house but the deposit collections, and a few
    dated exceptions."""
    rows, branches = [], 0
    valid_from, valid_to = VALID
    for branch in Branch.objects.order_by("library__agency", "code"):
        if branch.kind == Branch.Kind.DEPOSIT:
            continue  # no calendar: its dates are never moved
        if branch.kind == Branch.Kind.BOOKMOBILE:
            rows += [
                OpeningPattern(branch=branch, valid_from=valid_from, valid_to=valid_to,
                               weekday=weekday, opens=opens, closes=closes, service=S.STAFFED,
                               stop=stop)
                for weekday, opens, closes, stop in _bus_visits(list(branch.stops.all()))
            ]
            continue
        if branch.kind == Branch.Kind.MAIN:
            staffed = MAIN_STAFFED
        else:
            staffed, branches = BRANCH_STAFFED[branches % len(BRANCH_STAFFED)], branches + 1
        rows += [
            OpeningPattern(branch=branch, valid_from=valid_from, valid_to=valid_to,
                           weekday=weekday, opens=opens, closes=closes, service=service)
            for weekday in range(7)
            for opens, closes, service in demo_day(weekday, staffed.get(weekday))
        ]
    OpeningPattern.objects.bulk_create(rows)
    codes = dict(Branch.objects.values_list("code", "pk"))
    OpeningException.objects.bulk_create(
        OpeningException(branch_id=codes[code], date=day, opens=opens, closes=closes,
                         service=service, reason=reason)
        for code, day, opens, closes, service, reason in EXCEPTIONS
    )
