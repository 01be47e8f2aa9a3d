"""The demo's collection: each library's purchase and weeding policy, orders for the titles
most in demand, and the co-loans counted from the lending demo's log. Assumes the network,
catalogue and lending demo are loaded; deterministic (random.Random(SEED))."""

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from reol.collection import services
from reol.collection.models import CollectionPolicy, Order, OrderLine, Receipt
from reol.insight import collection, recommend
from reol.libraries.models import Library

SEED = 2026

PURCHASE = """{name} køber materialer efter efterspørgsel, kvalitet og aktualitet, inden for \
rammerne af folkebiblioteksloven: samlingen skal afspejle alsidighed og mangfoldighed og \
stå åben for alle borgere i {municipality} Kommune.

Vi køber nye danske bøger bredt — skønlitteratur og faglitteratur for børn, unge og voksne — \
og vi følger udgivelserne gennem DBC's lektørudtalelser. Populære titler købes i flere \
eksemplarer: venter flere end {threshold} lånere pr. eksemplar, køber vi flere, så ventetiden \
holdes nede. Lydbøger, film, musik og spil købes i et mindre udvalg; e-bøger og e-lydbøger \
stilles til rådighed gennem eReolen.

Vi køber også bøger på de sprog, der tales i kommunen, og tager gerne imod forslag: \
foreslå en titel ved skranken eller på bibliotekets hjemmeside. Det, vi ikke selv har, kan \
næsten altid lånes fra et andet bibliotek."""

PURCHASE_CENTRAL = """Som centralbibliotek supplerer {name} kommunernes samlinger i regionen. \
Vi køber bredere og dybere end et kommunebibliotek: faglitteratur på et højere niveau, \
skønlitteratur på fremmedsprog og materialer, som de enkelte kommuner kun sjældent har brug \
for. Materialerne lånes ud til regionens biblioteker som fjernlån.

Venter flere end {threshold} lånere pr. eksemplar, køber vi flere eksemplarer."""

WEEDING = """En levende samling skal fornyes. Vi gennemgår hylderne løbende og kasserer \
eksemplarer, som ingen har lånt i {years} år, slidte og beskadigede eksemplarer, forældet \
faglitteratur (fx rejsebøger, edb-bøger og lovstof, der ikke længere gælder) og \
overskydende eksemplarer af titler, hvor efterspørgslen er faldet.

Vi kasserer ikke lokalhistorie om {municipality}, og vi sikrer, at sidste eksemplar i \
regionen af en titel tilbydes centralbiblioteket eller Depotbiblioteket, før det kasseres. \
Kasserede bøger sælges billigt i biblioteket eller genbruges."""

WEEDING_CENTRAL = """Som centralbibliotek kasserer {name} varsomt: eksemplarer, som ingen har \
lånt i {years} år, gennemgås, men titler, der ellers ikke findes i regionen, bevares eller \
tilbydes Depotbiblioteket. Slidte eksemplarer af efterspurgte titler erstattes."""

# Some libraries set their own numbers; the rest keep the defaults (4 per copy, 5 years).
NUMBERS = {"716100": (Decimal("3.0"), 4), "773000": (Decimal("4.0"), 5),
           "715100": (Decimal("3.5"), 5), "746100": (Decimal("5.0"), 6)}


def _orders(library: Library, rng: random.Random, today) -> int:
    """A vendor and a fund, orders already placed for part of what the holds report asks for
    (sent, at list prices), and one delivery received and charged earlier."""
    vendor = services.add_vendor(library, "Bogleverandøren A/S", "5790000000012",
                                 f"KUNDE-{library.agency}")
    fund = services.add_fund(library, today.year, "MAT", "Materialer, voksne",
                             Decimal(400_000 if library.kind == Library.Kind.CENTRAL
                                     else 150_000))
    placed = 0
    for row in collection.holds_ratio(library)[1][:3]:
        if row.to_buy < 1:
            continue
        ordered = today - timedelta(days=rng.randint(2, 20))
        earlier = Order.objects.create(library=library, vendor=vendor,
                                       ordered=ordered - timedelta(days=30),
                                       sent=timezone.now() - timedelta(days=40))
        line = OrderLine.objects.create(order=earlier, record=row.record, fund=fund,
                                        quantity=1, received=1, price=Decimal("249.95"))
        branch = library.branches.order_by("pk").first()
        if branch is not None:
            Receipt.objects.create(line=line, branch=branch, quantity=1, price=line.price,
                                   amount=line.price, received=timezone.now()
                                   - timedelta(days=rng.randint(3, 10)))
        services.add_line(vendor, fund, row.record, max(1, row.to_buy // 2),
                          Decimal("249.95"), today=ordered)
        placed += 2
    for order in Order.objects.filter(vendor=vendor, sent__isnull=True):
        services.send_order(order)
    return placed


def load_demo(console=None) -> dict[str, int]:
    rng = random.Random(SEED)
    today = timezone.localdate()
    policies = orders = 0
    for library in Library.objects.all():
        central = library.kind == Library.Kind.CENTRAL
        threshold, years = NUMBERS.get(library.agency, (Decimal("4.0"), 8 if central else 5))
        words = {"name": library.name, "municipality": library.municipality,
                 "threshold": f"{threshold:g}".replace(".", ","), "years": years}
        CollectionPolicy.objects.update_or_create(library=library, defaults={
            "purchase_text": (PURCHASE_CENTRAL if central else PURCHASE).format(**words),
            "weeding_text": (WEEDING_CENTRAL if central else WEEDING).format(**words),
            "weeding_years": years, "holds_ratio_threshold": threshold,
            "gln": f"579800{library.agency}0"})
        policies += 1
        orders += _orders(library, rng, today)
    counted = recommend.aggregate()
    if console is not None:
        console.print(f"collection: {policies} policies, {orders} orders, "
                      f"{counted['counted']} co-loans from {counted['read']} checkouts")
    return {"policies": policies, "orders": orders, **counted}
