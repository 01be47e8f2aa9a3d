"""PostgreSQL: making a kept answer (kept.py) in the search worker without holding writers.

Counting a broad answer takes seconds at 1,000,000 records; writers of the index must not wait
for it. The answer is made in three steps:

1. *Register* (milliseconds, writers wait): under a SHARE lock on search_searchentry, which
   waits for writers under way and holds new ones, the answer's row goes in, not yet `ready`
   (searches pass it by), and the transaction's snapshot is exported. From its commit on,
   every writer's triggers apply their changes to the new answer too.
2. *Count* (seconds, nobody waits): a second connection reads that very snapshot and counts
   the answer as it stood: hits, facet values, the best LIST hits and where the list ends.
3. *Finish* (turns of a few milliseconds each under the writers' advisory lock): the counts
   are added, 100 at a time, to what the triggers applied meanwhile (a change after the
   snapshot is applied exactly once: by its trigger, as a difference); the counted list's
   records go in with their score as it is now (one changed meanwhile is in already, as the
   trigger put it). When the counted list was cut at LIST, anything ranking below its last
   is dropped, so that the list is
   still the top of the full ranking; then the answer is ready.

While the answer is registered and not ready it is `complete`, so its triggers enter every new
hit; should they cut its list (more than LIST new hits meanwhile) the answer is dropped, to be
made again by a later search.
"""

import logging
import time

import psycopg
from django.db import connection, transaction

from . import kept

logger = logging.getLogger(__name__)

# One maker at a time per database: a second process's worker leaves its wish for later.
MAKING = 726_100_005
COUNTS_AT_ONCE = 100  # facet counts per turn with the writers: a few ms (benchmarks.md)

PREPARE = [
    "DELETE FROM search_keptanswer WHERE NOT ready",  # left by a maker that died
    """DELETE FROM search_keptanswer WHERE id IN (
        SELECT id FROM search_keptanswer ORDER BY used DESC, id DESC
        OFFSET %(room)s FOR UPDATE SKIP LOCKED)""",
    f"DELETE FROM search_keptanswer WHERE {kept.KEY}",
]
REGISTER = [
    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ",
    # A lock takes no snapshot: the snapshot is the next statement's, taken once no writer
    # is under way.
    "LOCK TABLE search_searchentry IN SHARE MODE",
    """INSERT INTO search_keptanswer (lexemes, requires, query, ready, complete)
    SELECT tsvector_to_array(to_tsvector('danish'::regconfig, %(text)s)), %(requires)s, q,
           false, true
    FROM plainto_tsquery('danish'::regconfig, %(text)s) q
    WHERE querytree(q) !~ '[|!<]' ON CONFLICT DO NOTHING RETURNING id""",
]
COUNT = f"""
WITH m AS MATERIALIZED (
    SELECT e.record_id, ts_rank('{kept.WEIGHTS}', e.document, q) AS score,
           {kept.VALUES} AS vals
    FROM search_searchentry e, plainto_tsquery('danish'::regconfig, %(text)s) q
    WHERE e.document @@ q AND %(requires)s::text[] <@ ({kept.VALUES})
)
SELECT 'hits', NULL, NULL, count(*)::float8 FROM m
UNION ALL
SELECT 'count', split_part(v, ':', 1), substr(v, strpos(v, ':') + 1), count(*)::float8
FROM m, unnest(m.vals) v GROUP BY 2, 3
UNION ALL (
SELECT 'hit', record_id::text, NULL, score::float8 FROM m
ORDER BY score DESC, record_id LIMIT %(listed)s)
"""
FINISH_COUNTS = """
INSERT INTO search_keptcount AS c (answer_id, facet, value, n)
SELECT %(id)s, f, v, n FROM unnest(%(facets)s::text[], %(values)s::text[], %(ns)s::int[])
    AS t (f, v, n)
ON CONFLICT (answer_id, facet, value) DO UPDATE SET n = c.n + excluded.n
"""
# The counted list's records as they are now, scored before the writers' turn; in the turn,
# only the versions (xmin) are compared, and a record changed since is scored again there.
SCORE_NOW = f"""
SELECT e.record_id, e.xmin::text, ts_rank('{kept.WEIGHTS}', e.document, a.query)::float8
FROM search_keptanswer a, search_searchentry e
WHERE a.id = %(id)s AND e.record_id = ANY(%(ids)s) AND e.document @@ a.query
  AND a.requires <@ ({kept.VALUES})
"""
VERSIONS = "SELECT record_id, xmin::text FROM search_searchentry WHERE record_id = ANY(%(ids)s)"
FINISH_HITS = """
INSERT INTO search_kepthit (answer_id, record_id, score)
SELECT %(id)s, r, s FROM unnest(%(records)s::bigint[], %(scores)s::float8[]) AS t (r, s)
ON CONFLICT DO NOTHING
"""
BELOW_THE_LIST = """
DELETE FROM search_kepthit WHERE answer_id = %(id)s
  AND (score::float8 < %(score)s OR (score::float8 = %(score)s AND record_id > %(record)s))
"""
# Past the LIST-th hit in rank order, read from the (answer, score, record) index.
TRIM = f"""
WITH last AS MATERIALIZED (
    SELECT score, record_id FROM search_kepthit WHERE answer_id = %(id)s
    ORDER BY score DESC, record_id OFFSET {kept.LIST - 1} LIMIT 1)
DELETE FROM search_kepthit h USING last
WHERE h.answer_id = %(id)s
  AND (h.score < last.score OR (h.score = last.score AND h.record_id > last.record_id))
"""
READY = """
UPDATE search_keptanswer SET hits = hits + %(hits)s, ready = true,
    complete = hits + %(hits)s = (SELECT count(*) FROM search_kepthit WHERE answer_id = %(id)s)
WHERE id = %(id)s
"""


def keep(params: dict) -> dict[str, float] | None:
    """Make the kept answer for `params` (kept._params, with "room") in three steps; how long
    each took, in ms ("held": the longest writers could wait at once), or None when another
    process is making one (the wish waits for a later search)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [MAKING])
        if not cursor.fetchone()[0]:
            return None
    took: dict[str, float] = {}
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            for sql in PREPARE:
                cursor.execute(sql, params)
        with psycopg.connect(**connection.get_connection_params(), autocommit=True) as reader:
            began = time.perf_counter()
            answer = _register(params, reader)
            took["register"] = _ms(began)
            if answer is not None:
                began = time.perf_counter()
                counted = _count(params, reader)
                took["count"] = _ms(began)
                began = time.perf_counter()
                took["held"] = max(took["register"], _finish(answer, counted))
                took["finish"] = _ms(began)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [MAKING])
    took.setdefault("held", took["register"])
    return took


def _ms(began: float) -> float:
    return round((time.perf_counter() - began) * 1000, 2)


def _register(params: dict, reader: psycopg.Connection) -> int | None:
    """Step 1: the answer's row, and the reader in the snapshot the row's commit splits
    writers by. Writers wait only while this runs."""
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in REGISTER:
            cursor.execute(sql, params)
        row = cursor.fetchone()
        if row is None:
            return None  # not a plain AND of words: not kept
        cursor.execute("SELECT pg_export_snapshot()")
        reader.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        reader.execute(f"SET TRANSACTION SNAPSHOT '{cursor.fetchone()[0]}'")
    return row[0]


def _count(params: dict, reader: psycopg.Connection) -> dict:
    """Step 2: the answer in the snapshot, read without holding anyone."""
    counted: dict = {"hits": 0, "facets": [], "values": [], "ns": [], "ranked": []}
    rows = reader.execute(COUNT, {"listed": kept.LIST} | params).fetchall()
    for kind, first, second, number in rows:
        if kind == "hits":
            counted["hits"] = int(number)
        elif kind == "count":
            counted["facets"].append(first)
            counted["values"].append(second)
            counted["ns"].append(int(number))
        else:
            counted["ranked"].append((-number, int(first)))
    reader.execute("COMMIT")
    counted["ranked"].sort()
    return counted


def _finish(answer: int, counted: dict) -> float:
    """Step 3: what was counted, added to what the triggers applied since; then ready. The
    longest time (ms) writers could wait: each turn holds their lock for a few ms."""
    longest = _add_counts(answer, counted)
    if longest is None:
        return 0.0
    scored = _score_now(answer, counted)
    began = time.perf_counter()
    _last_turn(answer, counted, scored)
    return max(longest, _ms(began))


def _add_counts(answer: int, counted: dict) -> float | None:
    """The counts go in batches, each in its own short turn with the writers: a broad answer
    counts 10,000 facet values, 140 ms in one go. A trigger's difference and a batch add to
    the same rows in either order. None when the answer is gone (emptied index, room made)."""
    longest = 0.0
    for start in range(0, len(counted["facets"]), COUNTS_AT_ONCE):
        batch = {key: counted[key][start:start + COUNTS_AT_ONCE]
                 for key in ("facets", "values", "ns")}
        began = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            if _still_made(cursor, answer) is None:
                return None
            cursor.execute(FINISH_COUNTS, {"id": answer} | batch)
        longest = max(longest, _ms(began))
    return longest


def _score_now(answer: int, counted: dict) -> dict:
    """The counted list's records scored as they are now, outside the writers' turn."""
    listed = [pk for _, pk in counted["ranked"]]
    with connection.cursor() as cursor:
        cursor.execute(SCORE_NOW, {"id": answer, "ids": listed})
        return {"listed": listed,
                "now": {pk: (version, score) for pk, version, score in cursor.fetchall()}}


def _last_turn(answer: int, counted: dict, scored: dict) -> None:
    """The ranked list, cut where the count cut it; then the answer is ready."""
    ids = {"id": answer}
    with transaction.atomic(), connection.cursor() as cursor:
        complete = _still_made(cursor, answer)
        if complete is None:
            return
        if not complete:  # the triggers cut its list: the counted list no longer fits
            cursor.execute("DELETE FROM search_keptanswer WHERE id = %s", [answer])
            logger.info("kept answer %s dropped: too many changes while it was made", answer)
            return
        _finish_hits(cursor, answer, scored)
        if counted["hits"] > len(counted["ranked"]):  # cut at LIST: its last is the limit
            score, record = counted["ranked"][-1]
            cursor.execute(BELOW_THE_LIST, ids | {"score": -score, "record": record})
        cursor.execute(TRIM, ids)
        cursor.execute(READY, ids | {"hits": counted["hits"]})


def _finish_hits(cursor, answer: int, scored: dict) -> None:
    """The counted list's records with their scores now; one changed since they were scored
    (another version) is scored again, here, in the writers' turn."""
    cursor.execute(VERSIONS, {"ids": scored["listed"]})
    versions = dict(cursor.fetchall())
    now = {pk: score for pk, (version, score) in scored["now"].items()
           if versions.get(pk) == version}
    changed = [pk for pk in versions if pk not in now]  # or not matching then: ask again
    if changed:
        cursor.execute(SCORE_NOW, {"id": answer, "ids": changed})
        now.update({pk: score for pk, _, score in cursor.fetchall()})
    cursor.execute(FINISH_HITS, {"id": answer, "records": list(now),
                                 "scores": list(now.values())})


def _still_made(cursor, answer: int) -> bool | None:
    """Takes the writers' turn; whether the answer being made is still `complete` (its
    triggers have not cut its list), or None when it is gone."""
    cursor.execute(kept.WRITING)
    cursor.execute("SELECT complete FROM search_keptanswer WHERE id = %s AND NOT ready "
                   "FOR UPDATE", [answer])
    row = cursor.fetchone()
    return None if row is None else row[0]
