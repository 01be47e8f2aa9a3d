"""Searching the catalogue: one interface over the backend of the database in use.

A search writes nothing: the index is kept in step outside requests (follow.py)."""

from dataclasses import dataclass, field
from typing import cast

from django.conf import settings
from django.db import connection

from reol.catalogue.models import Record, RecordIsbn
from reol.refusals import refuse

from . import rules
from .backends import MANY_VALUED_FACETS, SCALAR_FACETS, for_vendor
from .models import SearchEntry

MAX_PAGE = 10_000
FILTERS = (*SCALAR_FACETS, *MANY_VALUED_FACETS)


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
        raise refuse("query_too_long", max_query_length=rules.MAX_QUERY_LENGTH)
    page = 1 if page is None else page
    page_size = 20 if page_size is None else page_size
    if not 1 <= page <= MAX_PAGE:
        raise refuse("bad_page", max_page=MAX_PAGE)
    if page_size < 1:
        raise refuse("bad_page_size")
    page_size = min(page_size, settings.SEARCH_MAX_PAGE_SIZE)
    clean = {k: rules.clean_query(v)[:200] for k, v in filters.items() if k in FILTERS and v}
    return SearchQuery(text, {k: v for k, v in clean.items() if v}, page, page_size)


def search(query: SearchQuery) -> SearchResult:
    """Ranked hits for the query with facet counts; an identifier goes straight to its record."""
    result = SearchResult(query)
    if ident := rules.identifier(query.text):
        result.direct = _record_by_identifier(ident)
        if result.direct:
            result.count = 1
            entry = getattr(result.direct, "search_entry", None)
            result.hits = [Hit(result.direct, bool(entry and entry.available))]
            return result
    offset = (query.page - 1) * query.page_size
    # Reads only: the index follows changes in its own worker (follow.py), not here.
    found = for_vendor(connection.vendor).run(query.text, query.filters, offset, query.page_size)
    records = _records_with_availability(found.ids)
    result.count = found.count
    result.facets = found.facets
    result.hits = [
        # search_available comes with the raw query below; the model does not declare it.
        Hit(records[pk], records[pk].search_available)  # type: ignore[attr-defined]
        for pk in found.ids if pk in records
    ]
    return result


def _records_with_availability(ids: list[int]) -> dict[int, Record]:
    """The page's records, each with `search_available` from its index entry, in one query.
    Written out because the ORM's select_related + in_bulk spends more time building the
    query and its instances (1 ms) than the database spends answering it (0.4 ms)."""
    if not ids:
        return {}
    quote = connection.ops.quote_name
    pk = cast(str, Record._meta.pk.column)  # a concrete key always has its column
    sql = (
        f"SELECT r.*, e.{quote('available')} AS search_available "
        f"FROM {quote(Record._meta.db_table)} r JOIN {quote(SearchEntry._meta.db_table)} e "
        f"ON e.{quote('record_id')} = r.{quote(pk)} "
        f"WHERE r.{quote(pk)} IN ({', '.join(['%s'] * len(ids))})"
    )
    return {record.pk: record for record in Record.objects.raw(sql, list(ids))}


def _record_by_identifier(ident: rules.Identifier) -> Record | None:
    records = Record.objects.select_related("search_entry")
    if ident.kind == "pid":
        return records.filter(pid__iexact=ident.value).first()
    if ident.kind == "faust":
        return records.filter(faust=ident.value).order_by("pk").first()
    row = RecordIsbn.objects.filter(isbn=ident.value).order_by("record_id").first()
    return records.filter(pk=row.record_id).first() if row else None
