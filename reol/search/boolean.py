"""Running a boolean search (expressions.py) on the backend of the database in use: Tantivy's
boolean queries beside SQLite, tsquery conditions on PostgreSQL. Words are folded and stemmed
as for every other search; identifiers are looked up through their indexed columns first and
enter the search as a set of record ids. Hits are ranked, best first; no facets are counted."""

from typing import Any

import tantivy
from django.db import connection, transaction

from reol.catalogue.models import Record, RecordIsbn

from . import embedded, postgresql, rules
from .backends import FIELD_GROUPS, WEIGHTS, Page
from .expressions import Combined, Exact, Expression

MAX_IDENTIFIED = 1000  # records one identifier may name (a faust number shared by editions)
FIELDS = {"anywhere": tuple(WEIGHTS), **FIELD_GROUPS}


def find(expression: Expression, offset: int, limit: int) -> Page:
    """How many records match, and the ids of those from `offset` on, at most `limit`."""
    if connection.vendor == "postgresql":
        return _postgresql(expression, offset, limit)
    return _tantivy(expression, offset, limit)


def identified(exact: Exact) -> list[int]:
    """The records an identifier names: an ISBN through its normalised rows, a pid (as typed or
    in lower case) or a faust number through its own column."""
    ident = rules.identifier(exact.term)
    if ident is None or (exact.index == "isbn" and ident.kind != "isbn"):
        return []
    if ident.kind == "isbn":
        rows = RecordIsbn.objects.filter(isbn=ident.value).values_list("record_id", flat=True)
    elif ident.kind == "pid":
        # The pid as typed or in lower case (as reol writes pids): the unique index answers,
        # where iexact would read every row (78 ms at 1,000,000 records on SQLite).
        rows = Record.objects.filter(pid__in={ident.value, ident.value.lower()}).values_list(
            "pk", flat=True)
    else:
        rows = Record.objects.filter(faust=ident.value).values_list("pk", flat=True)
    return sorted(set(rows.order_by()[:MAX_IDENTIFIED]))


# --- Tantivy ---------------------------------------------------------------------------------

def _tantivy(expression: Expression, offset: int, limit: int) -> Page:
    index = embedded.existing_index()
    if index is None:
        return Page()  # the worker's first step has not built it yet
    searcher = index.searcher()
    found = searcher.search(tantivy_query(expression), limit=limit, offset=offset, count=True)
    values = searcher.fast_field_values("id", [address for _, address in found.hits])
    count: int | None = found.count  # type: ignore[attr-defined]  # missing from the stub
    return Page(count=count or 0, ids=[v for v in values if isinstance(v, int)])


def tantivy_query(node: Expression) -> tantivy.Query:
    """The expression as one Tantivy query (identifiers looked up now)."""
    occur = tantivy.Occur
    if isinstance(node, Combined):
        left, right = tantivy_query(node.left), tantivy_query(node.right)
        if node.operator == "or":
            return tantivy.Query.boolean_query([(occur.Should, left), (occur.Should, right)])
        second = occur.MustNot if node.operator == "not" else occur.Must
        return tantivy.Query.boolean_query([(occur.Must, left), (second, right)])
    if isinstance(node, Exact):
        ids = identified(node)
        if not ids:
            return tantivy.Query.empty_query()
        return tantivy.Query.term_set_query(embedded.SCHEMA, "id", ids)
    stems, fields = rules.stems(node.text), FIELDS[node.place]
    if not stems:
        return tantivy.Query.empty_query()
    if node.mode == "adj" and len(stems) > 1:
        phrase: list[str | tuple[int, str]] = list(stems)
        return tantivy.Query.boolean_query([
            (occur.Should, tantivy.Query.boost_query(
                tantivy.Query.phrase_query(embedded.SCHEMA, field, phrase), WEIGHTS[field]))
            for field in fields])
    each = occur.Should if node.mode == "any" else occur.Must
    return tantivy.Query.boolean_query([(each, embedded.anywhere(s, fields)) for s in stems])


# --- PostgreSQL ------------------------------------------------------------------------------

SEARCH = """
WITH m AS MATERIALIZED (
    SELECT e.record_id AS id, {score} AS score FROM search_searchentry e WHERE {condition}
)
SELECT 0, count(*), 0 FROM m
UNION ALL
SELECT 1, p.id, p.position FROM (
    SELECT id, row_number() OVER (ORDER BY score DESC, id) AS position
    FROM m ORDER BY score DESC, id LIMIT %s OFFSET %s) p
"""
JOINERS = {"all": " & ", "any": " | ", "adj": " <-> "}


def _postgresql(expression: Expression, offset: int, limit: int) -> Page:
    sql, params = statement(expression, offset, limit)
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(postgresql.SETTINGS)
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return page(rows)


def statement(expression: Expression, offset: int, limit: int) -> tuple[str, list[Any]]:
    """The one statement of the search on PostgreSQL, and its parameters (identifiers looked
    up now): the hit count and the ranked page."""
    params: list[Any] = []
    ranked: list[str] = []
    condition = _condition(expression, params, ranked)
    score = "0::real"
    if ranked:
        score = "ts_rank(%s, e.document, to_tsquery('danish'::regconfig, %s))"
        params = [postgresql.RANK_WEIGHTS, " | ".join(f"({q})" for q in ranked), *params]
    return SEARCH.format(score=score, condition=condition), [*params, limit, offset]


def page(rows: list[tuple[Any, ...]]) -> Page:
    """The count and the page's ids in the statement's rows."""
    count = next(n for kind, n, _ in rows if kind == 0)
    hits = sorted((position, pk) for kind, pk, position in rows if kind == 1)
    return Page(count=count, ids=[pk for _, pk in hits])


def _condition(node: Expression, params: list[Any], ranked: list[str]) -> str:
    """The WHERE condition of the node; the tsqueries that rank the hits go to `ranked` (the
    words after a NOT do not)."""
    if isinstance(node, Combined):
        left = _condition(node.left, params, ranked)
        right = _condition(node.right, params, [] if node.operator == "not" else ranked)
        joined = {"and": "AND", "or": "OR", "not": "AND NOT"}[node.operator]
        return f"({left} {joined} {right})"
    if isinstance(node, Exact):
        params.append(identified(node))
        return "e.record_id = ANY(%s)"
    words = rules.words(node.text)
    if not words:
        return "false"
    # Folded \w+ words: nothing in them is tsquery syntax. A field group is its weights.
    weights = "" if node.place == "anywhere" else ":" + "".join(
        postgresql.WEIGHT_OF[column] for column in FIELD_GROUPS[node.place])
    query = JOINERS[node.mode].join(f"{word}{weights}" for word in words)
    ranked.append(query)
    params.append(query)
    return "e.document @@ to_tsquery('danish'::regconfig, %s)"
