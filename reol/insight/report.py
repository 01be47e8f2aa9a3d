"""The yearly report: the figures of a library's "Vidste du?" page and its most-loaned titles.

Categories of the most-loaned titles (books only) are decided from the record by
rules.top_list: picture books, crime, novels (adult fiction) and non-fiction. Comics, manga,
children's fiction and records without DK5 count in the loans but in no top list.
"""

from dataclasses import asdict, dataclass, field

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from reol.catalogue.models import DIGITAL_TYPES, Audience, MaterialType, Record
from reol.core.models import Event
from reol.libraries.models import Library

from . import rules, statistics
from .models import PastFigure

CATEGORIES = {
    "novel": _("Novel"),
    "crime": _("Crime"),
    "picture_book": _("Picture book"),
    "non_fiction": _("Non-fiction"),
}
TOP = 3  # titles per category
BATCH = 500  # records classified per round while the top lists fill


@dataclass
class Title:
    pid: str
    title: str
    creator: str
    loans: int


@dataclass
class YearlyReport:
    agency: str
    library: str
    year: int
    loans: int
    loans_adults: int
    loans_children: int
    loans_physical: int
    loans_digital: int  # e-books, e-audiobooks, podcasts, films (reol.digital)
    renewals: int
    reservations: int
    ill_received: int
    ill_supplied: int
    visitors: int
    open_library_entries: int
    bookmobile_visitors: int
    helped: int
    events: int
    participants: int
    top: dict[str, list[Title]] = field(default_factory=dict)
    # The former system's figures of the year (PastFigure), by measure: beside reol's own.
    earlier: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def yearly(library: Library, year: int, top: int = TOP) -> YearlyReport:
    scope = statistics.Scope.year(year, library)
    t = statistics.totals(scope)
    loans, books, digital = _checkouts(scope)
    return YearlyReport(
        agency=library.agency, library=library.name, year=year, loans=t["loans"],
        loans_adults=loans.get(Audience.ADULT, 0), loans_children=loans.get(Audience.CHILDREN, 0),
        loans_physical=t["loans"] - digital, loans_digital=digital,
        renewals=t["renewals"], reservations=t["reservations"], ill_received=t["ill_received"],
        ill_supplied=t["ill_supplied"], visitors=t["visitors"],
        open_library_entries=t["open_library_entries"],
        bookmobile_visitors=t["bookmobile_visitors"], helped=t["helped"], events=t["events"],
        participants=t["participants"], top=most_loaned(books, top),
        earlier=past_figures(library, year))


def past_figures(library: Library, year: int) -> dict[str, int]:
    """What the library's former system counted in the year, by measure (only those given)."""
    rows = (PastFigure.objects.filter(library=library, month__year=year)
            .values_list("measure").annotate(total=Sum("value")).order_by("measure"))
    return {measure: int(total) for measure, total in rows}


def _checkouts(scope: statistics.Scope) -> tuple[dict[str, int], list[tuple[int, int]], int]:
    """One pass over the year's checkouts, grouped by record, audience and material type: the
    loans per audience, (record, loans) of books, most-loaned first, and the digital loans."""
    start, end = scope.bounds()
    rows = (Event.objects.filter(library=scope.library, kind=Event.Kind.CHECKOUT,
                                 time__gte=start, time__lt=end)
            .values_list("record_id", "audience", "material_type").annotate(n=Count("id"))
            .order_by())
    audiences: dict[str, int] = {}
    books: list[tuple[int, int]] = []
    digital = 0
    for record_id, audience, material_type, n in rows:
        audiences[audience] = audiences.get(audience, 0) + n
        digital += n if material_type in DIGITAL_TYPES else 0
        if record_id is not None and material_type == MaterialType.BOOK:
            books.append((record_id, n))
    books.sort(key=lambda pair: (-pair[1], pair[0]))
    return audiences, books, digital


def most_loaned(counted: list[tuple[int, int]], top: int = TOP) -> dict[str, list[Title]]:
    """The `top` most-loaned books per category from (record, loans), most-loaned first:
    records are classified in batches until every list is full."""
    lists: dict[str, list[Title]] = {name: [] for name in CATEGORIES}
    for i in range(0, len(counted), BATCH):
        if all(len(titles) >= top for titles in lists.values()):
            break
        chunk = counted[i:i + BATCH]
        records = Record.objects.only("pid", "title", "creators", "subjects", "genres", "dk5",
                                      "audience")
        found = records.in_bulk([record_id for record_id, _n in chunk])
        for record_id, n in chunk:
            record = found.get(record_id)
            # "krimi", "billedbøger", "Tegneserier" are genre and form terms since issue 15.
            terms = record and [*(record.subjects or []), *(record.genres or [])]
            name = record and rules.top_list(record.dk5, terms or [], record.audience,
                                             record.creators or [])
            if name and len(lists[name]) < top:
                creator = (record.creators or [""])[0]
                lists[name].append(Title(record.pid, record.title, creator, n))
    return lists
