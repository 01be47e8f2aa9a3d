"""PostgreSQL: kept answers to broad searches, exact and in step with every change.

Counting the facets of a search is work for every hit, so a search with 100,000 hits costs
hundreds of milliseconds however it is written. A search whose hits pass
`settings.SEARCH_KEEP_HITS` is therefore kept once it has been asked: its hit count, the count
of every facet value among its hits, and its best `LIST` hits in rank order. Triggers on
search_searchentry then apply each change of an entry to the kept answers it belongs to, in
the writer's own transaction, so a kept answer is always what the full search would give.

An answer is keyed by its query's lexemes and its filters (search_keptanswer.lexemes,
.requires); a plain query is an AND of lexemes, so an entry belongs to an answer exactly when
its document holds every lexeme and its facet values hold every filter. The ranked list holds
the best hits in (score, record) order; a hit that leaves it is deleted and one that enters
above its last row is inserted, so it is always the top of the full ranking. A page beyond it
takes the full search.
"""

from django.conf import settings
from django.db import connection, transaction

from . import rules
from .backends import DEFAULT_FACET_SIZE, FACET_SIZE, MANY_VALUED_FACETS, SCALAR_FACETS, Page

LIST = 500  # ranked hits kept per answer: 25 pages of 20
# Writers of the index take this lock first (transaction-scoped), so that kept answers are
# updated by one transaction at a time: two writers touching the same answers in different
# orders would otherwise deadlock.
WRITERS = 726_100_004
WRITING = f"SELECT pg_advisory_xact_lock({WRITERS})"
WEIGHTS = "{0.1, 0.3, 0.8, 1.0}"  # ts_rank's D, C, B, A: body, subjects, creators, title

# The entry's facet values as the kept answers count and filter them ("type:book", …).
_VALUES = """e.facet_values || ARRAY['type:' || e.material_type,
    'language:' || e.language, 'audience:' || e.audience]"""
_ENTRY = f"ROW(e.record_id, e.document, {_VALUES})::search_kept_entry"

SCHEMA = [
    """CREATE TABLE search_keptanswer (
        id serial PRIMARY KEY,
        lexemes text[] NOT NULL,
        requires text[] NOT NULL,
        query tsquery NOT NULL,
        hits integer NOT NULL DEFAULT 0,
        complete boolean NOT NULL DEFAULT false,
        used date NOT NULL DEFAULT current_date,
        UNIQUE (lexemes, requires))""",
    "CREATE INDEX search_keptanswer_lexemes ON search_keptanswer USING gin (lexemes)",
    """CREATE TABLE search_keptcount (
        answer_id integer NOT NULL REFERENCES search_keptanswer ON DELETE CASCADE,
        facet text NOT NULL,
        value text COLLATE "C" NOT NULL,
        n integer NOT NULL,
        PRIMARY KEY (answer_id, facet, value))""",
    "CREATE INDEX search_keptcount_top ON search_keptcount (answer_id, facet, n DESC, value)",
    """CREATE TABLE search_kepthit (
        answer_id integer NOT NULL REFERENCES search_keptanswer ON DELETE CASCADE,
        record_id bigint NOT NULL,
        score real NOT NULL,
        PRIMARY KEY (answer_id, record_id))""",
    "CREATE INDEX search_kepthit_rank ON search_kepthit (answer_id, score DESC, record_id)",
    "CREATE TYPE search_kept_entry AS (record_id bigint, document tsvector, vals text[])",
    """CREATE TYPE search_kept_member AS (
        sign integer, answer_id integer, record_id bigint, score real, vals text[])""",
    # Entries before (olds) and after (news) a statement: which kept answers each belongs
    # to, then the counts, the hit totals and the ranked lists, by difference.
    f"""CREATE FUNCTION search_kept_apply(olds search_kept_entry[], news search_kept_entry[])
    RETURNS void LANGUAGE plpgsql AS $$
    DECLARE members search_kept_member[];
    BEGIN
        members := ARRAY(
            WITH s AS MATERIALIZED (  -- each entry's lexemes once, not once per answer
                SELECT -1 AS sign, o.*, tsvector_to_array(o.document) AS lexemes
                FROM unnest(olds) o
                UNION ALL SELECT 1, n.*, tsvector_to_array(n.document) FROM unnest(news) n)
            SELECT ROW(s.sign, a.id, s.record_id,
                       ts_rank('{WEIGHTS}', s.document, a.query), s.vals)::search_kept_member
            FROM s JOIN search_keptanswer a ON a.lexemes <@ s.lexemes
                AND a.requires <@ s.vals AND s.document @@ a.query);
        IF cardinality(members) = 0 THEN RETURN; END IF;

        INSERT INTO search_keptcount AS c (answer_id, facet, value, n)
        SELECT m.answer_id, split_part(v, ':', 1), substr(v, strpos(v, ':') + 1), sum(m.sign)
        FROM unnest(members) m, unnest(m.vals) v
        GROUP BY 1, 2, 3 HAVING sum(m.sign) <> 0
        ON CONFLICT (answer_id, facet, value) DO UPDATE SET n = c.n + excluded.n;

        UPDATE search_keptanswer a SET hits = a.hits + d.n
        FROM (SELECT answer_id, sum(sign) AS n FROM unnest(members) GROUP BY 1) d
        WHERE a.id = d.answer_id AND d.n <> 0;

        -- A hit whose score did not change stays where it is (the set differences).
        DELETE FROM search_kepthit h USING (
            SELECT answer_id, record_id, score FROM unnest(members) WHERE sign = -1
            EXCEPT SELECT answer_id, record_id, score FROM unnest(members) WHERE sign = 1) m
        WHERE h.answer_id = m.answer_id AND h.record_id = m.record_id;

        -- A new hit enters when the list holds every hit, or it ranks above the list's last.
        INSERT INTO search_kepthit (answer_id, record_id, score)
        SELECT m.answer_id, m.record_id, m.score FROM (
            SELECT answer_id, record_id, score FROM unnest(members) WHERE sign = 1
            EXCEPT SELECT answer_id, record_id, score FROM unnest(members) WHERE sign = -1) m
        JOIN search_keptanswer a ON a.id = m.answer_id
        WHERE (a.complete OR EXISTS (SELECT FROM search_kepthit l
                WHERE l.answer_id = m.answer_id
                  AND (l.score < m.score OR (l.score = m.score AND l.record_id > m.record_id))))
        ON CONFLICT DO NOTHING;

        WITH cut AS (
            DELETE FROM search_kepthit h USING (
                SELECT answer_id, record_id FROM (
                    SELECT answer_id, record_id, row_number() OVER (
                        PARTITION BY answer_id ORDER BY score DESC, record_id) AS r
                    FROM search_kepthit
                    WHERE answer_id IN (SELECT answer_id FROM unnest(members) WHERE sign = 1)
                ) ranked WHERE r > {LIST}) d
            WHERE h.answer_id = d.answer_id AND h.record_id = d.record_id
            RETURNING h.answer_id)
        UPDATE search_keptanswer SET complete = false WHERE id IN (SELECT answer_id FROM cut);
    END $$""",
    f"""CREATE FUNCTION search_kept_follow() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NOT EXISTS (SELECT FROM search_keptanswer) THEN RETURN NULL; END IF;
        PERFORM pg_advisory_xact_lock({WRITERS});  -- held already by reol's own writers
        IF TG_OP = 'INSERT' THEN
            PERFORM search_kept_apply('{{}}', ARRAY(SELECT {_ENTRY} FROM new_rows e));
        ELSIF TG_OP = 'DELETE' THEN
            PERFORM search_kept_apply(ARRAY(SELECT {_ENTRY} FROM old_rows e), '{{}}');
        ELSE  -- entries whose words or facet values changed (not `available` alone)
            PERFORM search_kept_apply(
                ARRAY(SELECT {_ENTRY} FROM old_rows e EXCEPT SELECT {_ENTRY} FROM new_rows e),
                ARRAY(SELECT {_ENTRY} FROM new_rows e EXCEPT SELECT {_ENTRY} FROM old_rows e));
        END IF;
        RETURN NULL;
    END $$""",
    *(
        f"""CREATE TRIGGER search_kept_follow_{event.lower()} AFTER {event}
        ON search_searchentry REFERENCING {tables}
        FOR EACH STATEMENT EXECUTE FUNCTION search_kept_follow()"""
        for event, tables in (
            ("INSERT", "NEW TABLE AS new_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
            ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        )
    ),
    # A new entry takes its facet values from search_searchfacet as it is inserted, so when
    # the facets are written first (indexing.py) it is counted once, whole, rather than
    # inserted bare and then updated by search_facet_values_refresh.
    """CREATE FUNCTION search_entry_facet_values() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.facet_values := coalesce((
            SELECT array_agg(f.facet || ':' || f.value ORDER BY f.facet, f.value)
            FROM search_searchfacet f WHERE f.record_id = NEW.record_id), '{}');
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER search_entry_facet_values BEFORE INSERT ON search_searchentry
    FOR EACH ROW EXECUTE FUNCTION search_entry_facet_values()""",
    # TRUNCATE fires no row changes (Django's flush between tests uses it): forget them all.
    """CREATE FUNCTION search_kept_forget() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN DELETE FROM search_keptanswer; RETURN NULL; END $$""",
    """CREATE TRIGGER search_kept_forget AFTER TRUNCATE ON search_searchentry
    FOR EACH STATEMENT EXECUTE FUNCTION search_kept_forget()""",
]
DROP = [
    *(f"DROP TRIGGER IF EXISTS search_kept_follow_{event} ON search_searchentry"
      for event in ("insert", "delete", "update")),
    "DROP TRIGGER IF EXISTS search_entry_facet_values ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_entry_facet_values()",
    "DROP TRIGGER IF EXISTS search_kept_forget ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_kept_forget()",
    "DROP FUNCTION IF EXISTS search_kept_follow()",
    "DROP FUNCTION IF EXISTS search_kept_apply(search_kept_entry[], search_kept_entry[])",
    "DROP TYPE IF EXISTS search_kept_member",
    "DROP TYPE IF EXISTS search_kept_entry",
    "DROP TABLE IF EXISTS search_kepthit, search_keptcount, search_keptanswer",
]

_KEY = """lexemes = tsvector_to_array(to_tsvector('danish'::regconfig, %(text)s))
    AND requires = %(requires)s::text[]"""
FIND = f"""SELECT id, hits, complete, used < current_date,
    (SELECT count(*) FROM search_kepthit h WHERE h.answer_id = a.id)
FROM search_keptanswer a WHERE {_KEY}"""
_SIZES = ", ".join(
    f"('{name}', {FACET_SIZE.get(name, DEFAULT_FACET_SIZE)})"
    for name in [*SCALAR_FACETS, *MANY_VALUED_FACETS]
)
READ = f"""
SELECT 'hit', record_id::text, position FROM (
    SELECT record_id, row_number() OVER (ORDER BY score DESC, record_id) AS position
    FROM search_kepthit WHERE answer_id = %(id)s
    ORDER BY score DESC, record_id LIMIT %(limit)s OFFSET %(offset)s) p
UNION ALL
SELECT f.facet, t.value, t.n FROM (VALUES {_SIZES}) f (facet, size)
CROSS JOIN LATERAL (
    SELECT value, n FROM search_keptcount c
    WHERE c.answer_id = %(id)s AND c.facet = f.facet AND c.n > 0 AND c.value <> ''
    ORDER BY n DESC, value LIMIT f.size) t
"""
TOUCH = "UPDATE search_keptanswer SET used = current_date WHERE id = %(id)s"
# Writers wait while an answer is made, so that no change lands between its counts and the
# triggers that follow it. A plain query is an AND of lexemes; anything else is not kept.
MAKE = [
    "LOCK TABLE search_searchentry IN SHARE MODE",
    """DELETE FROM search_keptanswer WHERE id IN (
        SELECT id FROM search_keptanswer ORDER BY used DESC, id DESC
        OFFSET %(room)s FOR UPDATE SKIP LOCKED)""",
    f"DELETE FROM search_keptanswer WHERE {_KEY}",
    """INSERT INTO search_keptanswer (lexemes, requires, query)
    SELECT tsvector_to_array(to_tsvector('danish'::regconfig, %(text)s)), %(requires)s, q
    FROM plainto_tsquery('danish'::regconfig, %(text)s) q
    WHERE querytree(q) !~ '[|!<]' ON CONFLICT DO NOTHING RETURNING id""",
]
FILL = f"""
WITH m AS MATERIALIZED (
    SELECT e.record_id, ts_rank('{WEIGHTS}', e.document, a.query) AS score, {_VALUES} AS vals
    FROM search_searchentry e, search_keptanswer a
    WHERE a.id = %(id)s AND e.document @@ a.query AND a.requires <@ ({_VALUES})
), counts AS (
    INSERT INTO search_keptcount (answer_id, facet, value, n)
    SELECT %(id)s, split_part(v, ':', 1), substr(v, strpos(v, ':') + 1), count(*)
    FROM m, unnest(m.vals) v GROUP BY 2, 3
), ranked AS (
    INSERT INTO search_kepthit (answer_id, record_id, score)
    SELECT %(id)s, record_id, score FROM m ORDER BY score DESC, record_id LIMIT {LIST}
)
UPDATE search_keptanswer SET hits = (SELECT count(*) FROM m),
    complete = (SELECT count(*) FROM m) <= {LIST}
WHERE id = %(id)s
"""


def _params(text: str, filters: dict[str, str]) -> dict:
    return {"text": text, "requires": sorted(f"{k}:{v}" for k, v in filters.items())}


def read(cursor, text: str, filters: dict[str, str], offset: int, limit: int) -> Page | None:
    """The kept answer's page, or None when there is none or its list does not reach."""
    cursor.execute(FIND, _params(text, filters))
    row = cursor.fetchone()
    if row is None:
        return None
    answer, hits, complete, stale, listed = row
    if not rules.list_reaches(complete, listed, offset, limit):
        return None
    if stale:
        cursor.execute(TOUCH, {"id": answer})
    cursor.execute(READ, {"id": answer, "offset": offset, "limit": limit})
    if not hits:
        return Page()
    found = Page(count=hits, facets={name: {} for name in [*SCALAR_FACETS, *MANY_VALUED_FACETS]})
    ranked = []
    for kind, value, n in cursor.fetchall():
        if kind == "hit":
            ranked.append((n, int(value)))
        else:
            found.facets[kind][value] = n
    found.ids = [pk for _, pk in sorted(ranked)]
    if len(found.ids) < min(limit, hits - offset):
        return None  # changed or dropped by another process since FIND: take the full path
    for name in found.facets:
        found.facets[name] = rules.most_frequent_first(found.facets[name])
    return found


FORGET = "DELETE FROM search_keptanswer"


def keep(text: str, filters: dict[str, str]) -> None:
    """Keep the answer to this search, making room by dropping the least recently used."""
    params = _params(text, filters) | {"room": max(settings.SEARCH_KEEP_MAX - 1, 0)}
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in MAKE:
            cursor.execute(sql, params)
        row = cursor.fetchone()
        if row is not None:
            cursor.execute(FILL, {"id": row[0]})
