"""`reol demo` loads the demo network: real records, real libraries, deterministic, once."""

from django.core.management import call_command
from django.utils import timezone

from reol.catalogue.models import DIGITAL_TYPES, Item, Record
from reol.circulation.models import Patron
from reol.core.models import Event
from reol.digital.models import DigitalFile, DigitalTerms, DigitalTitle
from reol.libraries.models import Branch, Library, Region
from reol.search.services import parse_query, search
from reol.sharing import demo as sharing_demo
from reol.sharing.models import IllMessage, IllRequest
from tests.searching import index_caught_up


def snapshot() -> tuple:
    return (
        Record.objects.count(),
        Item.objects.count(),
        sorted(Item.objects.values_list("barcode", "record__pid", "home_branch__code", "status")
               .order_by("barcode")[:200]),
        sorted(IllRequest.objects.values_list("role", "state", "requester_isil", "supplier_isil",
                                              "record__pid")),
    )


def test_demo_loads_the_network_and_catalogue_once_and_deterministically(db, capsys):
    call_command("demo")
    first = snapshot()
    records, items, _, _ = first
    assert records >= 10_000
    assert records * 1.5 < items < records * 10
    # Every title stands somewhere; digital editions are lent online (reol.digital).
    assert not Record.objects.filter(items__isnull=True).exclude(
        material_type__in=DIGITAL_TYPES).exists()
    digital = DigitalTitle.objects.values_list("licence", flat=True)
    assert set(digital) == {"one_copy", "simultaneous", "pay_per_loan", "free"}
    assert DigitalFile.objects.count() == len(digital)
    assert len(set(DigitalTerms.objects.values_list("ebook_cap", "period"))) > 1

    central = Library.objects.filter(kind="central")
    assert sorted(central.values_list("municipality", flat=True)) == [
        "Aalborg", "Gentofte", "Herning", "Odense", "Roskilde", "Vejle"]
    assert Region.objects.count() == 6
    assert Library.objects.get(agency="716100").branches.count() == 1
    assert Branch.objects.filter(library__municipality="Ballerup").count() >= 3
    randers = set(Branch.objects.filter(library__agency="773000").values_list("name", flat=True))
    assert {"Randers Bibliotek", "Dronningborg Bibliotek", "Kristrup Bibliotek",
            "Langå Bibliotek", "Bogbussen"} <= randers
    assert Branch.objects.get(code="randers-bogbus").stops.count() == 22

    fifty = Record.objects.get(pid="870970-basis:29494940")
    assert fifty.title == "Fifty shades" and fifty.creators == ["E. L. James"]
    assert fifty.items.count() > Record.objects.get(pk=Record.objects.order_by("-pk")
                                                     .values("pk")[:1]).items.count()
    picture_book = Record.objects.filter(age_from__lte=6, audience="children").first()
    assert picture_book is not None

    # Live interlibrary loans, made by the sharing services, at several steps of their life.
    asked = IllRequest.objects.filter(role="requester")
    assert {"requested", "will_supply", "shipped", "on_hold_shelf", "on_loan"} <= set(
        asked.values_list("state", flat=True))
    assert len({r.library_id for r in asked}) >= 3
    assert IllRequest.objects.filter(role="supplier").count() == asked.count()
    assert not IllMessage.objects.exclude(status="done").exists()
    assert sharing_demo.load_demo() == 0

    # Randers' year so far, simulated through the services: the statistics have a year to show.
    simulated = Patron.objects.filter(card__startswith="S773000").count()
    assert simulated >= 8
    today = timezone.localdate()
    year = today.year if today.timetuple().tm_yday > 1 else today.year - 1  # as load_demo
    assert Event.objects.filter(library__agency="773000", kind="checkout",
                                time__year=year).count() > 100

    visitors_per_loan_is_plausible_in_every_library(year)

    call_command("demo")
    assert snapshot() == first
    assert "not loaded again" in capsys.readouterr().err

    index_caught_up()
    assert search(parse_query("krimier", {}, 1, 20)).count > 500


def visitors_per_loan_is_plausible_in_every_library(year: int) -> None:
    """Door counts stand beside the physical lending the demo holds, in every library that
    lends: one to one and a half visits per loan (domain.md), in the year as the statistics
    count it. Digital loans are borrowed from home and bring no one through the door."""
    from reol.insight.statistics import Scope, table

    lending = Library.objects.filter(
        pk__in=Event.objects.filter(kind="checkout", time__year=year).values("library"))
    assert lending.count() >= 4
    for library in lending:
        totals = table(Scope.year(year, library), "month").totals
        physical = Event.objects.filter(library=library, kind="checkout", time__year=year,
                                        branch__isnull=False).count()
        ratio = totals["visitors"] / physical
        assert 1.0 <= ratio <= 1.5, (library.agency, totals["visitors"], physical)
