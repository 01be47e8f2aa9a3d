"""Searching the catalogue: one interface over the backend of the database in use."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection

from reol.catalogue.models import Record, RecordIsbn
from reol.errors import DomainError

from . import rules
from .backends import for_vendor

MAX_PAGE = 10_000
SUBJECT_FACET_SIZE = 20
FILTERS = ("type", "language", "audience", "library", "subject")
_ENTRY_COLUMNS = {"type": "material_type", "language": "language", "audience": "audience"}


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    page: int = 1
    page_size: int = 20


@dataclass
class Hit:
    record: Record
    available: bool


@dataclass
class SearchResult:
    query: SearchQuery
    count: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    direct: Record | None = None  # the record an identifier typed as the query names

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.query.page_size))


def parse_query(
    text: str | None, filters: dict[str, str | None], page: int | None, page_size: int | None
) -> SearchQuery:
    """Check what a person or machine asked for; refuse clearly what cannot be searched."""
    text = rules.clean_query(text or "")
    if len(text) > rules.MAX_QUERY_LENGTH:
        raise DomainError(
            "query_too_long",
            f"Søgningen er for lang; højst {rules.MAX_QUERY_LENGTH} tegn.",
            f"The query is too long; at most {rules.MAX_QUERY_LENGTH} characters.",
        )
    page = page or 1
    page_size = page_size or 20
    if not 1 <= page <= MAX_PAGE:
        raise DomainError(
            "bad_page",
            f"Sidetallet skal være mellem 1 og {MAX_PAGE}.",
            f"The page must be between 1 and {MAX_PAGE}.",
        )
    if page_size < 1:
        raise DomainError("bad_page_size", "Sidestørrelsen skal være mindst 1.",
                          "The page size must be at least 1.")
    page_size = min(page_size, settings.SEARCH_MAX_PAGE_SIZE)
    clean = {k: rules.clean_query(v)[:200] for k, v in filters.items() if k in FILTERS and v}
    return SearchQuery(text, {k: v for k, v in clean.items() if v}, page, page_size)


def search(query: SearchQuery) -> SearchResult:
    result = SearchResult(query)
    if ident := rules.identifier(query.text):
        result.direct = _record_by_identifier(ident)
        if result.direct:
            result.count = 1
            entry = getattr(result.direct, "search_entry", None)
            result.hits = [Hit(result.direct, bool(entry and entry.available))]
            return result
    match = for_vendor(connection.vendor).match(query.text)
    if match is None:
        return result
    where, params = _filters(query.filters)
    # MATERIALIZED: match first, then filter; otherwise a planner may walk a filter's index
    # and ask the full-text engine about each row, which is a hundred times slower.
    base = (
        f"WITH m AS MATERIALIZED ({match.sql}) "
        f"SELECT m.id, m.score, e.material_type, e.language, e.audience, e.available "
        f"FROM m JOIN search_searchentry e ON e.record_id = m.id{where}"
    )
    base_params = match.params + params
    with connection.cursor() as cursor:
        result.facets, result.count = _scalar_facets(cursor, base, base_params)
        if not result.count:
            return result
        result.facets.update(_many_valued_facets(cursor, base, base_params))
        offset = (query.page - 1) * query.page_size
        cursor.execute(
            f"SELECT b.id, b.available FROM ({base}) b ORDER BY b.score, b.id LIMIT %s OFFSET %s",
            [*base_params, query.page_size, offset],
        )
        page = cursor.fetchall()
    records = Record.objects.in_bulk([pk for pk, _ in page])
    result.hits = [Hit(records[pk], bool(avail)) for pk, avail in page if pk in records]
    return result


def _filters(filters: dict[str, str]) -> tuple[str, list]:
    clauses, params = [], []
    for name, value in filters.items():
        if name in _ENTRY_COLUMNS:
            clauses.append(f"e.{_ENTRY_COLUMNS[name]} = %s")
        else:
            clauses.append(
                "EXISTS (SELECT 1 FROM search_searchfacet f WHERE f.record_id = m.id "
                "AND f.facet = %s AND f.value = %s)"
            )
            params.append(name)
        params.append(value)
    return ("".join(f" AND {c}" for c in clauses).replace(" AND", " WHERE", 1), params)


def _scalar_facets(cursor, base: str, params: list) -> tuple[dict[str, dict[str, int]], int]:
    cursor.execute(
        f"SELECT b.material_type, b.language, b.audience, count(*) FROM ({base}) b "
        "GROUP BY b.material_type, b.language, b.audience",
        params,
    )
    facets: dict[str, dict[str, int]] = {"type": {}, "language": {}, "audience": {}}
    total = 0
    for material_type, language, audience, n in cursor.fetchall():
        total += n
        for name, value in (("type", material_type), ("language", language),
                            ("audience", audience)):
            if value:
                facets[name][value] = facets[name].get(value, 0) + n
    return {k: _by_count(v) for k, v in facets.items()}, total


def _many_valued_facets(cursor, base: str, params: list) -> dict[str, dict[str, int]]:
    cursor.execute(
        f"SELECT f.facet, f.value, count(*) FROM ({base}) b "
        "JOIN search_searchfacet f ON f.record_id = b.id GROUP BY f.facet, f.value",
        params,
    )
    facets: dict[str, dict[str, int]] = {"subject": {}, "library": {}}
    for facet, value, n in cursor.fetchall():
        facets[facet][value] = n
    facets["subject"] = _by_count(facets["subject"], SUBJECT_FACET_SIZE)
    facets["library"] = _by_count(facets["library"])
    return facets


def _by_count(counts: dict[str, int], limit: int | None = None) -> dict[str, int]:
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return dict(ordered[:limit])


def _record_by_identifier(ident: rules.Identifier) -> Record | None:
    records = Record.objects.select_related("search_entry")
    if ident.kind == "pid":
        return records.filter(pid__iexact=ident.value).first()
    if ident.kind == "faust":
        return records.filter(faust=ident.value).order_by("pk").first()
    row = RecordIsbn.objects.filter(isbn=ident.value).order_by("record_id").first()
    return records.filter(pk=row.record_id).first() if row else None
