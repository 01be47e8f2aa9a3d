"""Search by work: the ranked records of a search, each work listed once with its formats
and the libraries where a copy is on the shelf.

The index stays one entry per record (both backends, the kept answers and the facets are
unchanged), and a work takes the place of its best-ranked record. Up to the first WINDOW
records the ranking is read from the top, so a work shown on an earlier page is not shown
again; further on, a page is collapsed on its own.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F, Q

from reol.catalogue.models import MaterialType, Record

from . import rules
from .backends import for_vendor
from .models import SearchFacet
from .services import SearchQuery, SearchResult, search

WINDOW = 500


@dataclass
class Format:
    material_type: str
    label: str
    available: bool
    editions: int


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


def search_works(query: SearchQuery) -> WorkResult:
    """The search, listed by work."""
    offset = (query.page - 1) * query.page_size
    end = offset + query.page_size
    if query.text and end <= WINDOW and not _is_identifier(query):
        result = SearchResult(query)
        found = for_vendor(connection.vendor).run(query.text, query.filters, 0, end)
        result.count, result.facets = found.count, found.facets
        ranked, start = found.ids, offset
    else:
        result = search(query)
        ranked, start = [h.record.pk for h in result.hits], 0
    return WorkResult(result, _works(ranked, start) if ranked else [])


def _is_identifier(query: SearchQuery) -> bool:
    return rules.identifier(query.text) is not None


def _works(ranked: list[int], start: int) -> list[WorkHit]:
    """One hit per work among ranked[start:], leaving out works ranked before `start`."""
    work_of = dict(Record.objects.filter(pk__in=ranked).values_list("pk", "work_id"))
    seen = {work_of.get(pk) for pk in ranked[:start]} - {None}
    leads: dict[int | str, int] = {}
    for pk in ranked[start:]:
        work = work_of.get(pk)
        if work not in seen:
            leads.setdefault(work if work is not None else f"record:{pk}", pk)
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
