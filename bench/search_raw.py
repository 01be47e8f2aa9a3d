"""The raw engine: the same work as the search backend, written directly against the
engine's own driver, with no Django — the floor that the service and HTTP figures are compared
with.

"The same work" is what the service asks of its backend: the ranked top 20 record ids, the
number of hits, and the facet counts the API returns (type, language, audience and library
with up to 100 values each, the 20 commonest subjects), for the query prepared as the backend
prepares it (folded Snowball stems for Tantivy, folded words for PostgreSQL). Not included:
the identifier check, loading the 20 records, building the answer, and the preparation
itself (done once before timing: it is Python's work, not the engine's). One connection or
searcher serves every query, the engine's best case.

Which engine is found in the database, not assumed, since the backend may change:
SQLite FTS5 when the database has a search_fts table (page and count only: that backend is
gone), else the embedded Tantivy index; PostgreSQL full-text search over the GIN-indexed
tsvector.
"""

import os
import sqlite3

from django.conf import settings
from django.db import connection
from search_timing import Way

from reol.search import rules
from reol.search.backends import (
    DEFAULT_FACET_SIZE,
    FACET_SIZE,
    MANY_VALUED_FACETS,
    SCALAR_FACETS,
    WEIGHTS,
)


def raw_way(mix: list[str]) -> tuple[str, Way]:
    """The engine behind the configured database, and a way to query it raw."""
    if connection.vendor == "postgresql":
        return "PostgreSQL tsvector", postgresql_way(os.environ["REOL_DATABASE_URL"], mix)
    config = settings.DATABASES["default"]
    if "search_fts" in connection.introspection.table_names():
        return "SQLite FTS5", fts5_way(str(config["NAME"]), config["OPTIONS"]["init_command"],
                                       mix)
    return "Tantivy", tantivy_way(mix)


def fts5_expression(query: str) -> str:
    """The FTS5 expression of the FTS5 backend: every Snowball stem, quoted, ANDed."""
    return " ".join(f'"{term}"' for term in rules.stems(query))


def fts5_way(path: str, init_command: str, mix: list[str]) -> Way:
    """Top 20 rowids by the table's bm25 rank (the backend's column weights) and the count,
    on a connection with reol's PRAGMAs."""
    conn = sqlite3.connect(path, check_same_thread=False)
    conn.executescript(init_command)
    expressions = {q: fts5_expression(q) for q in mix}

    def way(query: str) -> int:
        expression = expressions[query]
        conn.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH ? "
                     "ORDER BY rank LIMIT 20", (expression,)).fetchall()
        return conn.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH ?",
                            (expression,)).fetchone()[0]

    return way


def tantivy_way(mix: list[str]) -> Way:
    """The backend's whole engine work, written against tantivy-py: the top 20 by BM25 with
    the hit count, the 20 ids read from the `id` fast field, and, when anything matched, the
    five facets counted by one terms aggregation over every hit (type, language, audience,
    library: up to 100 values; subject: the 20 commonest). Every stem must match in some
    field; a field's match weighs as the backend's WEIGHTS say."""
    import tantivy

    from reol.search.embedded import current_index  # where the backend keeps its index

    index = tantivy.Index.open(str(current_index().path))
    searcher = index.searcher()
    queries = {q: _tantivy_query(index.schema, rules.stems(q)) for q in mix}
    spec = {name: {"terms": {"field": name, "size": FACET_SIZE.get(name, DEFAULT_FACET_SIZE)}}
            for name in [*SCALAR_FACETS, *MANY_VALUED_FACETS]}

    def way(query: str) -> int:
        found = searcher.search(queries[query], limit=20, count=True)
        searcher.fast_field_values("id", [address for _, address in found.hits])
        if found.count:
            searcher.aggregate(queries[query], spec)
        return found.count or 0

    return way


def _tantivy_query(schema, stems: list[str]):
    import tantivy

    def term(field: str, stem: str, weight: float) -> tantivy.Query:
        return tantivy.Query.boost_query(tantivy.Query.term_query(schema, field, stem), weight)

    clauses = []
    for stem in stems:
        fields = [(tantivy.Occur.Should, term(field, stem, weight))
                  for field, weight in WEIGHTS.items()]
        clauses.append((tantivy.Occur.Must, tantivy.Query.boolean_query(fields)))
    return tantivy.Query.boolean_query(clauses)


def postgresql_way(conninfo: str, mix: list[str]) -> Way:
    """The backend's work as its own statements on one autocommit connection with prepared
    statements and the backend's session settings (no JIT, work_mem 64 MB), without Django:
    the kept answer's page and facet counts when the query has one whose ranked list reaches
    (kept.FIND, kept.READ), else the one full statement (postgresql.statement: match once,
    the ranked page of 20, the type/language/audience counts whose sum is the hit count, the
    subject and library counts). Raw never keeps an answer: the service's first search
    does."""
    import psycopg

    from reol.search import kept, postgresql

    conn = psycopg.connect(conninfo, autocommit=True, prepare_threshold=0)
    conn.execute("SET jit = off")
    conn.execute("SET work_mem = '64MB'")
    texts = {q: " ".join(rules.words(q)) for q in mix}
    statement, params = postgresql.statement("", {}, 0, 20)

    def way(query: str) -> int:
        found = conn.execute(kept.FIND, {"text": texts[query], "requires": []}).fetchone()
        if found and rules.list_reaches(found[2], found[4], 0, 20):
            conn.execute(kept.READ, {"id": found[0], "offset": 0, "limit": 20}).fetchall()
            return found[1]
        rows = conn.execute(statement, params | {"text": texts[query]}).fetchall()
        return sum(row[4] for row in rows if row[0] == "scalar")

    return way
