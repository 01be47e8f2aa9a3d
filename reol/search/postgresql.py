"""PostgreSQL full-text search: the `danish` configuration stems, a GIN index matches.

One statement answers a search: the matching rows are found once (a materialised CTE) and
give the ranked page, the hit count and every facet count. The many-valued facets (subject,
library) come from an array on the entry itself, `facet_values` ("subject:krimi",
"library:710100"), kept in step with search_searchfacet by triggers, so counting them reads
only the matched rows: no join to the facet table, whose rows for 400,000 hits cost seconds.

Even so, a search with 100,000 hits counts for hundreds of milliseconds; after the first time
the search worker keeps its answer (follow.py), and later searches read it from there, in step
with every change (kept.py).
"""

from django.conf import settings
from django.db import connection, transaction

from . import kept, rules
from .backends import (
    DEFAULT_FACET_SIZE,
    FACET_SIZE,
    FIELD_GROUPS,
    MANY_VALUED_FACETS,
    PLAIN,
    SCALAR_FACETS,
    Page,
    Refine,
)

RANK_WEIGHTS = kept.WEIGHTS
# Per search, inside its transaction: a plan over 100,000 matches costs enough to trigger
# JIT compilation, which takes longer than the query saves; the facet counts of a common
# word hash more rows than the default 4 MB holds.
SETTINGS = "SET LOCAL jit = off; SET LOCAL work_mem = '64MB'"

SEARCH = """
WITH m AS MATERIALIZED (
    SELECT e.record_id AS id, {score} AS score,
           e.material_type, e.language, e.audience, e.facet_values{sort_column}
    FROM search_searchentry e{query}
    WHERE {match}{filters}
)
SELECT 'hit', p.id::text, NULL, NULL, p.position FROM (
    SELECT id, row_number() OVER (ORDER BY {order}) AS position
    FROM m ORDER BY {order} LIMIT %(limit)s OFFSET %(offset)s) p
UNION ALL
SELECT 'scalar', material_type, language, audience, count(*) FROM m
GROUP BY material_type, language, audience
UNION ALL
SELECT 'many', v, NULL, NULL, n FROM (
    SELECT v, count(*) AS n, row_number() OVER (
        PARTITION BY split_part(v, ':', 1) ORDER BY count(*) DESC, v COLLATE "C") AS r
    FROM m, unnest(m.facet_values) AS v GROUP BY v) f
WHERE r <= CASE split_part(v, ':', 1) {sizes} ELSE {default_size} END
"""


class PostgreSQLDanish:
    def prepare(self, text: str) -> str:
        # Folding (æøå kept, aa = å, accents dropped) is ours; stemming is PostgreSQL's.
        return " ".join(rules.words(text))

    def writing(self) -> None:
        """Writers take turns, so the kept answers' triggers cannot deadlock (kept.py)."""
        with connection.cursor() as cursor:
            cursor.execute(kept.WRITING)

    def changed(self, record_ids: list[int]) -> None:
        """Nothing to do: the tsvector is a generated column of the row itself."""

    def rebuild(self) -> None:
        """The index lives in the rows; only the kept answers go, to be kept anew."""
        kept.forget_wishes()
        with connection.cursor() as cursor:
            cursor.execute(kept.FORGET)

    def follow(self) -> dict[str, float]:
        return kept.follow()

    def run(self, text: str, filters: dict[str, str], offset: int, limit: int,
            refine: Refine = PLAIN) -> Page:
        words = rules.words(text)
        fielded = [(group, rules.words(part)) for group, part in refine.fields]
        if not words and not any(w for _, w in fielded) and not refine.years:
            return Page()
        text = " ".join(words)
        # SET LOCAL needs a transaction; inside a request's (ATOMIC_REQUESTS) a savepoint
        # would only add two statements to every search.
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            if refine.plain and (found := kept.read(cursor, text, filters, offset, limit,
                                                    refine.upto)):
                return found
            wanted = max(limit, refine.upto) if offset == 0 else limit
            sql, params = statement(text, filters, offset, wanted, refine)
            cursor.execute(SETTINGS)
            cursor.execute(sql, params)
            found = page(cursor.fetchall())
        if refine.plain and rules.worth_keeping(found.count, offset, limit,
                                                settings.SEARCH_KEEP_HITS, kept.LIST):
            kept.wish(text, filters, offset + limit)  # made by the worker, not here
        return found


# Which of the document's weights each text column has (migration 0002).
WEIGHT_OF = {"title": "A", "creators": "B", "subjects": "C", "body": "D"}
SORT_COLUMNS = {"newest": "year", "title": "title_order", "creator": "creator_order"}
ORDERS = {"relevance": "score DESC, id", "newest": "year DESC NULLS LAST, id",
          "title": "title_order, id", "creator": "creator_order, id"}


def _tsquery(refine: Refine, text: str, params: dict) -> list[str]:
    """The tsquery parts: the words anywhere, and each field group's words limited to its
    weights ("hest:ACD"); the words are folded \\w+ words, so nothing in them is syntax."""
    # A plain search always matches its text (bench/search_raw.py fills the text in later).
    plain = text or not (refine.fields or refine.years)
    parts = ["plainto_tsquery('danish'::regconfig, %(text)s)"] if plain else []
    for n, (group, part) in enumerate(refine.fields):
        weights = "".join(WEIGHT_OF[column] for column in FIELD_GROUPS[group])
        if words := rules.words(part):
            params[f"w{n}"] = " & ".join(f"{word}:{weights}" for word in words)
            parts.append(f"to_tsquery('danish'::regconfig, %(w{n})s)")
    return parts


def _from(parts: list[str]) -> str:
    """The query as a FROM item named q: a function call as it is, parts joined in a row."""
    if len(parts) > 1:
        return f", (SELECT {' && '.join(parts)} AS q) AS asked"
    return f", {parts[0]} AS q" if parts else ""


def statement(text: str, filters: dict[str, str], offset: int, limit: int,
              refine: Refine = PLAIN) -> tuple[str, dict]:
    """The one statement of a search, and its parameters."""
    clauses, params = [], {"weights": RANK_WEIGHTS, "text": text, "limit": limit,
                           "offset": offset}
    if refine.year_from is not None:
        clauses.append("e.year >= %(year_from)s")
        params["year_from"] = refine.year_from
    if refine.year_to is not None:
        clauses.append("e.year <= %(year_to)s")
        params["year_to"] = refine.year_to
    parts = _tsquery(refine, text, params)
    for n, (name, value) in enumerate(sorted(filters.items())):
        if name in SCALAR_FACETS:
            clauses.append(f"e.{SCALAR_FACETS[name]} = %(f{n})s")
            params[f"f{n}"] = value
        else:
            clauses.append(f"e.facet_values @> ARRAY[%(f{n})s]::text[]")
            params[f"f{n}"] = f"{name}:{value}"
    sizes = " ".join(f"WHEN '{name}' THEN {size}" for name, size in FACET_SIZE.items())
    column = SORT_COLUMNS.get(refine.sort)
    sql = SEARCH.format(
        filters="".join(f" AND {c}" for c in clauses), sizes=sizes,
        default_size=DEFAULT_FACET_SIZE,
        query=_from(parts),
        match="e.document @@ q" if parts else "true",
        score="ts_rank(%(weights)s, e.document, q)" if parts else "0::real",
        sort_column=f", e.{column}" if column else "", order=ORDERS[refine.sort])
    return sql, params


def page(rows: list[tuple]) -> Page:
    """The Page in the rows of the statement: hits with their position, facet counts."""
    found = Page(facets={name: {} for name in [*SCALAR_FACETS, *MANY_VALUED_FACETS]})
    hits = []
    for kind, first, second, third, n in rows:
        if kind == "hit":
            hits.append((n, int(first)))
        elif kind == "scalar":
            found.count += n
            for name, value in zip(SCALAR_FACETS, (first, second, third), strict=True):
                if value:
                    found.facets[name][value] = found.facets[name].get(value, 0) + n
        else:
            name, _, value = first.partition(":")
            found.facets[name][value] = n
    if not found.count:
        return Page()
    found.ids = [pk for _, pk in sorted(hits)]
    for name in found.facets:
        found.facets[name] = rules.most_frequent_first(found.facets[name])
    return found


backend = PostgreSQLDanish()
