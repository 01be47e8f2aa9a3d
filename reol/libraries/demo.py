"""The demo library network: six central-library regions and the libraries we know best.

Agency numbers follow the national pattern 7 + municipality code + 00 (Glostrup is 716100).
"""

from .models import BookmobileStop, Branch, Library, Region

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
    bus = Branch.objects.get(code="randers-bogbus")
    BookmobileStop.objects.bulk_create(
        BookmobileStop(branch=bus, position=i, name=name, street="Ved kirken", postcode=pc,
                       city=name)
        for i, (name, pc) in enumerate(RANDERS_STOPS, start=1)
    )
    return libraries
