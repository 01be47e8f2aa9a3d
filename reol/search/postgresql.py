"""PostgreSQL full-text search: the `danish` configuration stems, a GIN index matches."""

from django.db import connection

from . import rules
from .backends import (
    DEFAULT_FACET_SIZE,
    FACET_SIZE,
    MANY_VALUED_FACETS,
    SCALAR_FACETS,
    Page,
)

SCHEMA = [
    """ALTER TABLE search_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('danish'::regconfig, title), 'A') ||
        setweight(to_tsvector('danish'::regconfig, creators), 'B') ||
        setweight(to_tsvector('danish'::regconfig, subjects), 'C') ||
        setweight(to_tsvector('danish'::regconfig, body), 'D')) STORED""",
    "CREATE INDEX search_document_gin ON search_searchentry USING gin (document)",
]
DROP = [
    "DROP INDEX IF EXISTS search_document_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS document",
]
RANK_WEIGHTS = "{0.1, 0.3, 0.8, 1.0}"  # D body, C subjects, B creators, A title


class PostgreSQLDanish:
    def prepare(self, text: str) -> str:
        # Folding (æøå kept, aa = å, accents dropped) is ours; stemming is PostgreSQL's.
        return " ".join(rules.words(text))

    def changed(self, record_ids: list[int]) -> None:
        """Nothing to do: the tsvector is a generated column of the row itself."""

    def rebuild(self) -> None:
        """Nothing to do: the index lives in the rows."""

    def run(self, text: str, filters: dict[str, str], offset: int, limit: int) -> Page:
        words = rules.words(text)
        if not words:
            return Page()
        where, params = _filters(filters)
        # MATERIALIZED: match first, then filter; otherwise the planner may walk a filter's
        # index and test the tsquery row by row.
        base = (
            "WITH m AS MATERIALIZED ("
            "SELECT record_id AS id, ts_rank(%s, document, q) AS score "
            "FROM search_searchentry, plainto_tsquery('danish'::regconfig, %s) AS q "
            "WHERE document @@ q) "
            "SELECT m.id, m.score, e.material_type, e.language, e.audience "
            f"FROM m JOIN search_searchentry e ON e.record_id = m.id{where}"
        )
        params = [RANK_WEIGHTS, " ".join(words), *params]
        page = Page()
        with connection.cursor() as cursor:
            page.facets, page.count = _scalar_facets(cursor, base, params)
            if not page.count:
                return page
            page.facets.update(_many_valued_facets(cursor, base, params))
            cursor.execute(
                f"SELECT b.id FROM ({base}) b ORDER BY b.score DESC, b.id LIMIT %s OFFSET %s",
                [*params, limit, offset],
            )
            page.ids = [row[0] for row in cursor.fetchall()]
        return page


def _filters(filters: dict[str, str]) -> tuple[str, list]:
    clauses, params = [], []
    for name, value in filters.items():
        if name in SCALAR_FACETS:
            clauses.append(f"e.{SCALAR_FACETS[name]} = %s")
        else:
            clauses.append(
                "EXISTS (SELECT 1 FROM search_searchfacet f WHERE f.record_id = m.id "
                "AND f.facet = %s AND f.value = %s)"
            )
            params.append(name)
        params.append(value)
    return "".join(f" AND {c}" for c in clauses).replace(" AND", " WHERE", 1), params


def _scalar_facets(cursor, base: str, params: list) -> tuple[dict[str, dict[str, int]], int]:
    cursor.execute(
        f"SELECT b.material_type, b.language, b.audience, count(*) FROM ({base}) b "
        "GROUP BY b.material_type, b.language, b.audience",
        params,
    )
    facets: dict[str, dict[str, int]] = {name: {} for name in SCALAR_FACETS}
    total = 0
    for *values, n in cursor.fetchall():
        total += n
        for name, value in zip(SCALAR_FACETS, values, strict=True):
            if value:
                facets[name][value] = facets[name].get(value, 0) + n
    return facets, total


def _many_valued_facets(cursor, base: str, params: list) -> dict[str, dict[str, int]]:
    cursor.execute(
        f"SELECT f.facet, f.value, count(*) AS n FROM ({base}) b "
        "JOIN search_searchfacet f ON f.record_id = b.id GROUP BY f.facet, f.value",
        params,
    )
    facets: dict[str, dict[str, int]] = {name: {} for name in MANY_VALUED_FACETS}
    for facet, value, n in cursor.fetchall():
        facets[facet][value] = n
    return {
        name: dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[
            : FACET_SIZE.get(name, DEFAULT_FACET_SIZE)])
        for name, counts in facets.items()
    }


backend = PostgreSQLDanish()
