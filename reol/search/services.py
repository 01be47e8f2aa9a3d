"""Searching the catalogue: one interface over the backend of the database in use.

A search writes nothing: the index is kept in step outside requests (follow.py)."""

from dataclasses import dataclass, field
from typing import cast

from django.conf import settings
from django.db import connection

from reol.catalogue.models import Record, RecordIsbn
from reol.refusals import refuse

from . import rules
from .backends import FIELD_GROUPS, MANY_VALUED_FACETS, SCALAR_FACETS, Refine, for_vendor
from .models import SearchEntry

MAX_PAGE = 10_000
FILTERS = (*SCALAR_FACETS, *MANY_VALUED_FACETS)
FIRST_YEAR, LAST_YEAR = 1000, 2199  # years a record can carry (reol.bounds keeps dates apart)


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    page: int = 1
    page_size: int = 20
    sort: str = "relevance"
    fields: tuple[tuple[str, str], ...] = ()  # words limited to a field group (FIELD_GROUPS)
    year_from: int | None = None
    year_to: int | None = None
    heard: rules.Phrase | None = None  # an everyday phrase, as the search understood it

    @property
    def asked(self) -> bool:
        """Whether there is anything to search for (words, words in a field, years)."""
        return bool(self.text or self.fields or self.year_from or self.year_to)

    def refine(self, upto: int = 0) -> Refine:
        return Refine(self.fields, self.year_from, self.year_to, self.sort, upto)


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
    text: str | None, filters: dict[str, str | None], page: int | None, page_size: int | None,
    *, sort: str | None = None, fields: dict[str, str | None] | None = None,
    year_from: int | None = None, year_to: int | None = None, everyday: bool = False,
) -> SearchQuery:
    """Check what a person or machine asked for; refuse clearly what cannot be searched.
    With `everyday`, a plain question ("bøger om heste") is heard as a librarian would."""
    text = rules.clean_query(text or "")
    if len(text) > rules.MAX_QUERY_LENGTH:
        raise refuse("query_too_long", max_query_length=rules.MAX_QUERY_LENGTH)
    sort = sort or "relevance"
    if sort not in rules.SORTS:
        raise refuse("bad_sort")
    for year in (year_from, year_to):
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            raise refuse("bad_year.search", first=FIRST_YEAR, last=LAST_YEAR)
    if year_from is not None and year_to is not None and year_from > year_to:
        raise refuse("bad_year_range")
    fielded = tuple((k, rules.clean_query(v)[:rules.MAX_QUERY_LENGTH])
                    for k, v in sorted((fields or {}).items()) if k in FIELD_GROUPS and v)
    fielded = tuple((k, v) for k, v in fielded if v)
    page = 1 if page is None else page
    page_size = 20 if page_size is None else page_size
    if not 1 <= page <= MAX_PAGE:
        raise refuse("bad_page", max_page=MAX_PAGE)
    if page_size < 1:
        raise refuse("bad_page_size")
    page_size = min(page_size, settings.SEARCH_MAX_PAGE_SIZE)
    clean = {k: rules.clean_query(v)[:200] for k, v in filters.items() if k in FILTERS and v}
    chosen = {k: v for k, v in clean.items() if v}
    heard = None
    if everyday and not fielded and (phrase := rules.everyday(text)).understood:
        heard = phrase
        chosen = dict(phrase.filters) | chosen  # a filter chosen on the page wins
        if phrase.field:
            text, fielded = "", ((phrase.field, phrase.text),)
        else:
            text = phrase.text
    return SearchQuery(text, chosen, page, page_size, sort, fielded, year_from, year_to, heard)


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
    found = for_vendor(connection.vendor).run(query.text, query.filters, offset, query.page_size,
                                              query.refine())
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
        # As typed or in lower case, through the unique index (iexact reads every row).
        return records.filter(pid__in={ident.value, ident.value.lower()}).first()
    if ident.kind == "faust":
        return records.filter(faust=ident.value).order_by("pk").first()
    row = RecordIsbn.objects.filter(isbn=ident.value).order_by("record_id").first()
    return records.filter(pk=row.record_id).first() if row else None
