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

The tables, types, functions and triggers are in migrations 0004 and 0005 as text (history does
not change); tests/test_migrations.py checks that the live functions use this module's LIST,
WEIGHTS and WRITERS.
"""

import threading

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
VALUES = """e.facet_values || ARRAY['type:' || e.material_type,
    'language:' || e.language, 'audience:' || e.audience]"""

KEY = """lexemes = tsvector_to_array(to_tsvector('danish'::regconfig, %(text)s))
    AND requires = %(requires)s::text[]"""
FIND = f"""SELECT id, hits, complete, used < current_date,
    (SELECT count(*) FROM search_kepthit h WHERE h.answer_id = a.id)
FROM search_keptanswer a WHERE ready AND {KEY}"""
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
TOUCH_MANY = "UPDATE search_keptanswer SET used = current_date WHERE id = ANY(%(ids)s)"
# Inside a caller's transaction (a test's) there is no snapshot to share with a second
# connection: the answer is made at once, writers waiting, so that no change lands between
# its counts and the triggers that follow it. A plain query is an AND of lexemes; anything
# else is not kept. The search worker makes answers in steps instead (keeping.py).
MAKE = [
    "LOCK TABLE search_searchentry IN SHARE MODE",
    """DELETE FROM search_keptanswer WHERE id IN (
        SELECT id FROM search_keptanswer ORDER BY used DESC, id DESC
        OFFSET %(room)s FOR UPDATE SKIP LOCKED)""",
    f"DELETE FROM search_keptanswer WHERE {KEY}",
    """INSERT INTO search_keptanswer (lexemes, requires, query)
    SELECT tsvector_to_array(to_tsvector('danish'::regconfig, %(text)s)), %(requires)s, q
    FROM plainto_tsquery('danish'::regconfig, %(text)s) q
    WHERE querytree(q) !~ '[|!<]' ON CONFLICT DO NOTHING RETURNING id""",
]
FILL = f"""
WITH m AS MATERIALIZED (
    SELECT e.record_id, ts_rank('{WEIGHTS}', e.document, a.query) AS score, {VALUES} AS vals
    FROM search_searchentry e, search_keptanswer a
    WHERE a.id = %(id)s AND e.document @@ a.query AND a.requires <@ ({VALUES})
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


def read(cursor, text: str, filters: dict[str, str], offset: int, limit: int,
         upto: int = 0) -> Page | None:
    """The kept answer's page, or None when there is none or its list does not reach; from
    the top, as much more of its list as `upto` asks."""
    cursor.execute(FIND, _params(text, filters))
    row = cursor.fetchone()
    if row is None:
        return None
    answer, hits, complete, stale, listed = row
    if offset == 0:
        limit = max(limit, min(upto, listed))
    if not rules.list_reaches(complete, listed, offset, limit):
        return None
    if stale:
        _used.add(answer)  # dated by the worker: a search writes nothing
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

# What searches of this process asked for, done by its search worker (follow.py). Kept in
# memory, not in a table, because a search writes nothing; a wish lost with the process is
# made again by the next broad search that misses it.
_wishes: dict[tuple[str, tuple[tuple[str, str], ...]], int] = {}  # → the page's end
_used: set[int] = set()
_lock = threading.Lock()
MAX_WISHES = 100  # a flood of distinct broad searches must not grow the queue without end
# A step makes at most this many answers (seconds each at 1,000,000 records), so that the
# changes behind it wait for one answer at most: the bound in follow.py.
MAKE_PER_STEP = 1


def wish(text: str, filters: dict[str, str], reach: int = LIST) -> None:
    """A search found this answer worth keeping, for a page ending at `reach`: the worker
    will make it."""
    key = (text, tuple(sorted(filters.items())))
    with _lock:
        if key in _wishes or len(_wishes) < MAX_WISHES:
            _wishes[key] = max(reach, _wishes.get(key, 0))


def forget_wishes() -> None:
    with _lock:
        _wishes.clear()
        _used.clear()


def follow() -> dict[str, float]:
    """The worker's turn: date the answers searches used, make the ones they wished for;
    how many it made and the longest any writer may have waited for one (ms)."""
    with _lock:
        used = sorted(_used)
        _used.clear()
    held, made = 0.0, 0
    with connection.cursor() as cursor:
        if used:
            cursor.execute(TOUCH_MANY, {"ids": used})
        while made < MAKE_PER_STEP and (wished := _next_wish()):
            (text, filters), reach = wished
            # Searches that came while the answer was being made wished for it too.
            cursor.execute(FIND, _params(text, dict(filters)))
            row = cursor.fetchone()
            if row and rules.list_reaches(row[2], row[4], 0, reach):
                continue
            held = max(held, keep(text, dict(filters)).get("held", 0.0))
            made += 1
    return {"kept": made, "writers_held_ms": held}


def _next_wish() -> tuple[tuple[str, tuple[tuple[str, str], ...]], int] | None:
    with _lock:
        if not _wishes:
            return None
        key = next(iter(_wishes))
        return key, _wishes.pop(key)


def keep(text: str, filters: dict[str, str]) -> dict[str, float]:
    """Keep the answer to this search, making room by dropping the least recently used; how
    long its steps took (keeping.py)."""
    params = _params(text, filters) | {"room": max(settings.SEARCH_KEEP_MAX - 1, 0)}
    if not connection.in_atomic_block:
        from .keeping import keep as keep_in_steps

        took = keep_in_steps(params)
        if took is None:
            wish(text, filters)  # another process is making one: next time
        return took or {}
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in MAKE:
            cursor.execute(sql, params)
        row = cursor.fetchone()
        if row is not None:
            cursor.execute(FILL, {"id": row[0]})
    return {}
