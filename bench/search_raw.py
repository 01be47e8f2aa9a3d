"""The raw engine: the same full-text work as the search backend, through the engine's own
driver, with no Django — the floor that the service and HTTP figures are compared with.

"The same work" is the ranked top 20 record ids and the number of hits, for the query
prepared as the backend prepares it (folded Snowball stems, or folded words for PostgreSQL).
Not included: facets, loading the records, building the answer, and the preparation itself
(done once before timing: it is Python's work, not the engine's). One connection or searcher
serves every query, the engine's best case.

Which engine is found in the database, not assumed, since the backend may change:
SQLite FTS5 when the database has a search_fts table, else the embedded Tantivy index;
PostgreSQL full-text search over the GIN-indexed tsvector.
"""

import os
import sqlite3

from django.conf import settings
from django.db import connection
from search_timing import Way

from reol.search import rules
from reol.search.backends import WEIGHTS

# ts_rank weights as in reol/search/postgresql.py: D body, C subjects, B creators, A title.
PG_WEIGHTS = "{0.1, 0.3, 0.8, 1.0}"


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
    """Top 20 ids (read from the doc store) by BM25 and the count: every stem must match in
    some field, a field's match weighs as the backend's WEIGHTS say."""
    import tantivy

    from reol.search.embedded import current_index  # where the backend keeps its index

    index = tantivy.Index.open(str(current_index().path))
    searcher = index.searcher()
    queries = {q: _tantivy_query(index.schema, rules.stems(q)) for q in mix}

    def way(query: str) -> int:
        found = searcher.search(queries[query], limit=20, count=True)
        for _, address in found.hits:
            searcher.doc(address)["id"][0]  # reading the ids is part of the work
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
    """Top 20 ids by ts_rank (the backend's weights) and the count, on one autocommit
    connection with prepared statements."""
    import psycopg

    conn = psycopg.connect(conninfo, autocommit=True, prepare_threshold=0)
    texts = {q: " ".join(rules.words(q)) for q in mix}

    def way(query: str) -> int:
        text = texts[query]
        conn.execute(
            "SELECT record_id FROM search_searchentry, "
            "plainto_tsquery('danish'::regconfig, %s) AS q WHERE document @@ q "
            "ORDER BY ts_rank(%s, document, q) DESC LIMIT 20", (text, PG_WEIGHTS)).fetchall()
        return conn.execute(
            "SELECT count(*) FROM search_searchentry "
            "WHERE document @@ plainto_tsquery('danish'::regconfig, %s)", (text,)).fetchone()[0]

    return way
