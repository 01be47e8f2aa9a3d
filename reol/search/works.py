"""Search by work: the ranked records of a search, each work listed once with its formats
and the libraries where a copy is on the shelf.

The index stays one entry per record (both backends, the kept answers and the facets are
unchanged), and a work takes the place of its best-ranked record. The search reads the ids of
up to UPTO hits from the top in one go (ranking 2,000 costs the engines what ranking 20 does:
every match is scored either way), so when a search has at most that many hits its works are
counted exactly and every page is a slice of one list of works: the count, the "1.133
resultater" and the pages agree with the works shown. A broader search shows an estimate
("ca."), from the share of works among the hits read, and pages past them collapse on their
own.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F, Q

from reol.catalogue.models import DIGITAL_TYPES, MaterialType, Record

from . import rules
from .backends import for_vendor
from .models import SearchFacet
from .services import SearchQuery, SearchResult, search

UPTO = 2000


@dataclass
class Format:
    material_type: str
    label: str
    available: bool
    editions: int

    @property
    def digital(self) -> bool:
        """Lent online ("lån nu"), not from a shelf."""
        return self.material_type in DIGITAL_TYPES


@dataclass
class WorkHit:
    work_id: int | None
    record: Record  # the best-ranked record: its title, creators and link stand for the work
    formats: list[Format] = field(default_factory=list)
    libraries: list[str] = field(default_factory=list)  # agencies with a copy on the shelf

    @property
    def available(self) -> bool:
        return any(f.available for f in self.formats)


@dataclass
class WorkResult:
    result: SearchResult
    works: list[WorkHit] = field(default_factory=list)
    count: int = 0  # works among all hits: exact, or an estimate when not `exact`
    exact: bool = True

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.result.query.page_size))


def search_works(query: SearchQuery) -> WorkResult:
    """The search, listed by work, with the number of works it found."""
    offset = (query.page - 1) * query.page_size
    end = offset + query.page_size
    if not query.asked or rules.identifier(query.text) is not None:
        result = search(query)
        leads = _leads([h.record.pk for h in result.hits])
        return WorkResult(result, _works(leads), len(leads))
    result = SearchResult(query)
    found = for_vendor(connection.vendor).run(query.text, query.filters, 0, query.page_size,
                                              query.refine(upto=UPTO))
    result.count, result.facets = found.count, found.facets
    if not found.count:
        return WorkResult(result)
    leads = _leads(found.ids)
    exact = len(found.ids) >= found.count
    total = len(leads) if exact else max(len(leads), round(found.count * len(leads)
                                                           / max(len(found.ids), 1)))
    if exact or end <= len(leads):
        chosen = dict(list(leads.items())[offset:end])
    else:  # past the hits read: this page of records, as if the share of works held
        share = len(found.ids) / max(len(leads), 1)
        deeper = for_vendor(connection.vendor).run(
            query.text, query.filters, min(int(offset * share), max(found.count - 1, 0)),
            query.page_size, query.refine())
        chosen = _leads(deeper.ids)
    return WorkResult(result, _works(chosen), total, exact)


def _leads(ranked: list[int]) -> dict[int | str, int]:
    """Each work among the ranked records once, in rank order, with its best-ranked record
    (a record without a work stands alone)."""
    work_of = dict(Record.objects.filter(pk__in=ranked).values_list("pk", "work_id"))
    leads: dict[int | str, int] = {}
    for pk in ranked:
        if pk not in work_of:
            continue  # deleted since the index was read
        work = work_of[pk]
        leads.setdefault(work if work is not None else f"record:{pk}", pk)
    return leads


def _works(leads: dict[int | str, int]) -> list[WorkHit]:
    """The hits of these works, with their formats and shelves."""
    if not leads:
        return []
    work_ids = [w for w in leads if isinstance(w, int)]
    lone = [pk for w, pk in leads.items() if not isinstance(w, int)]
    editions = list(
        Record.objects.filter(Q(work_id__in=work_ids) | Q(pk__in=lone))
        .annotate(search_available=F("search_entry__available"))
        .order_by("-year", "pk")
    )
    shelves = _shelves(work_ids)
    by_pk = {r.pk: r for r in editions}
    hits = []
    for work, pk in leads.items():
        if pk not in by_pk:
            continue  # deleted since the index was read
        if isinstance(work, int):
            members = [r for r in editions if r.work_id == work]
            hits.append(WorkHit(work, by_pk[pk], _formats(members), sorted(shelves.get(work, ()))))
        else:
            hits.append(WorkHit(None, by_pk[pk], _formats([by_pk[pk]])))
    return hits


def _formats(editions: Sequence[Record]) -> list[Format]:
    """The work's formats in the order of MaterialType, each available when any edition has a
    copy on the shelf."""
    formats: dict[str, Format] = {}
    for record in editions:
        kind = formats.setdefault(record.material_type, Format(
            record.material_type, record.get_material_type_display(), False, 0))
        kind.editions += 1
        kind.available = kind.available or bool(getattr(record, "search_available", False))
    order = list(MaterialType.values)
    return sorted(formats.values(), key=lambda f: order.index(f.material_type))


def _shelves(work_ids: list[int]) -> dict[int, set[str]]:
    """Per work, the libraries with a copy of some edition on the shelf (the index's facet)."""
    shelves: dict[int, set[str]] = {}
    rows = (SearchFacet.objects.filter(facet=SearchFacet.LIBRARY, record__work_id__in=work_ids)
            .values_list("record__work_id", "value").distinct())
    for work, agency in rows:
        shelves.setdefault(work, set()).add(agency)
    return shelves
