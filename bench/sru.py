"""SRU benchmark: searchRetrieve over HTTP against `reol serve`, on an existing catalogue (the
1,000,000-record one in /work/bench-1m/ that the OAI-PMH benchmark builds; never built here).

    .venv/bin/python bench/sru.py --database-url sqlite:////work/bench-1m/reol.sqlite3 \\
        --var-dir /work/bench-1m/var
    .venv/bin/python bench/sru.py --database-url postgresql://postgres@127.0.0.1/reol_bench_1m

A fixed mix of CQL queries (titles, creators, subjects, any word, and/or/not, adj, ISBN and
identifier lookups), drawn from the demo catalogue's words and from identifiers in the
database, is timed three ways (bench/search_timing.py):
  http     GET /sru?query=…&maximumRecords=10 on one keep-alive connection: CQL parsed and
           translated, the search run, ten records loaded and written as MARCXML;
  service  the same in-process (rules.read_request, services.search_retrieve, answers.py);
  raw      the engine alone doing the same search, the query built before timing: Tantivy's
           search for the top 10 ids with the count on the index's own searcher, or the one
           PostgreSQL statement of search/boolean.py on a psycopg connection. No records read.
Prints p50/p95 of each way and the ratio of http and service to raw. Not part of `make test`.
"""

import argparse
import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
PAGE = 10


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--var-dir", help="REOL_VAR_DIR of that catalogue (its Tantivy index)")
    parser.add_argument("--queries", type=int, default=400, help="timed queries per way")
    parser.add_argument("--json", type=Path, help="write the figures here as well")
    return parser.parse_args()


def cql_mix(seed: int = 2026) -> list[str]:
    """About 100 CQL queries from the demo catalogue's words and the database's identifiers."""
    from search_queries import Catalogue

    from reol.catalogue.models import Record, RecordIsbn

    rng = random.Random(seed)
    words = Catalogue()
    common = [w for w, _ in words.title_words.most_common(300)]
    subjects = [s for s, _ in words.subjects.most_common(100)]
    creators = [c for c, _ in words.creators.most_common(300)]
    surnames = [c.split()[-1] for c in creators]
    mix = []
    for _ in range(10):
        title = rng.choice(words.titles)
        mix.append(f'dc.title = "{" ".join(title[:2])}"')
        mix.append(f'dc.title adj "{" ".join(title[:2])}"')
        mix.append(f'dc.creator = "{rng.choice(creators)}"')
        mix.append(f'dc.subject = "{rng.choice(subjects)}"')
        mix.append(rng.choice(common))
        mix.append(f"dc.subject = krimi and dc.creator = {rng.choice(surnames)}")
        mix.append(f'dc.title any "{rng.choice(common)} {rng.choice(common)}"')
        mix.append(f'dc.subject = "{rng.choice(subjects)}" not dc.subject = krimi')
    last = Record.objects.order_by("-pk").values_list("pk", flat=True).first() or 1
    for pk in rng.sample(range(1, last + 1), 10):
        if isbn := RecordIsbn.objects.filter(record_id__gte=pk).values_list(
                "isbn", flat=True).order_by("record_id").first():
            mix.append(f"bath.isbn = {isbn}")
        if pid := Record.objects.filter(pk__gte=pk).values_list(
                "pid", flat=True).order_by("pk").first():
            mix.append(f"dc.identifier = {pid}")
    return mix


def service_way():
    from reol.sru import answers, rules, services

    def way(query: str) -> int:
        asked = rules.read_request({"query": query, "maximumRecords": str(PAGE)})
        answer = services.search_retrieve(asked)
        answers.search_retrieve(answer)
        return answer.count

    return way


def http_way(port: int):
    import http.client
    import re
    from urllib.parse import urlencode

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    count = re.compile(rb"numberOfRecords>(\d+)<")

    def way(query: str) -> int:
        conn.request("GET", "/sru?" + urlencode({"query": query, "maximumRecords": PAGE}))
        response = conn.getresponse()
        body = response.read()
        found = count.search(body)
        # A diagnostic's URI, not the bare word: a record's own text may say "diagnostic".
        if response.status != 200 or found is None or b"info:srw/diagnostic/1/" in body:
            raise RuntimeError(f"{query!r}: HTTP {response.status} {body[:300]!r}")
        return int(found.group(1))

    return way


def raw_way(mix: list[str]):
    """The engine alone; each query translated and built before any timing."""
    from django.db import connection

    from reol.search import boolean, embedded
    from reol.sru import rules

    expressions = {q: rules.translate(q) for q in mix}
    if connection.vendor == "postgresql":
        import psycopg

        from reol.search import postgresql

        statements = {q: boolean.statement(e, 0, PAGE) for q, e in expressions.items()}
        raw = psycopg.connect(os.environ["REOL_DATABASE_URL"], autocommit=False)

        def pg(query: str) -> int:
            sql, params = statements[query]
            with raw.cursor() as cursor:
                cursor.execute(postgresql.SETTINGS)
                cursor.execute(sql, params)
                rows = cursor.fetchall()
            raw.rollback()
            return boolean.page(rows).count

        return "PostgreSQL tsvector", pg
    import tantivy

    index = tantivy.Index.open(str(embedded.current_index().path))
    searcher = index.searcher()
    queries = {q: boolean.tantivy_query(e) for q, e in expressions.items()}

    def tv(query: str) -> int:
        found = searcher.search(queries[query], limit=PAGE, count=True)
        searcher.fast_field_values("id", [address for _, address in found.hits])
        return found.count or 0

    return "Tantivy", tv


def main() -> None:
    args = parse_args()
    os.environ["REOL_DATABASE_URL"] = args.database_url
    if args.var_dir:
        os.environ["REOL_VAR_DIR"] = args.var_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reol.settings")
    import django

    django.setup()
    from django.db import connection
    from search_timing import run, served

    mix = cql_mix()
    engine, raw = raw_way(mix)
    env = {"REOL_DATABASE_URL": args.database_url, "REOL_SRU_PER_MINUTE": "1000000",
           "REOL_SEARCH_FOLLOW_SECONDS": "0"}
    if args.var_dir:
        env["REOL_VAR_DIR"] = args.var_dir
    timings = {"raw": run("raw", raw, mix, args.queries),
               "service": run("service", service_way(), mix, args.queries)}
    with served(env, timeout=600) as port:
        timings["http"] = run("http", http_way(port), mix, args.queries)
    for name, timing in timings.items():
        if timing.hits != timings["raw"].hits:
            wrong = [q for q in mix if timing.hits.get(q) != timings["raw"].hits.get(q)]
            raise SystemExit(f"{name} and raw disagree on {wrong[:3]}")
    from reol.catalogue.models import Record

    records = Record.objects.count()
    figures = {"records": records, "database": connection.vendor, "engine": engine,
               "mix": len(mix), "load": os.getloadavg(),
               **{name: t.summary() for name, t in timings.items()}}
    raw_p50, raw_p95 = figures["raw"]["p50_ms"], figures["raw"]["p95_ms"]
    for name in ("service", "http"):
        figures[name]["ratio_p50"] = round(figures[name]["p50_ms"] / raw_p50, 1)
        figures[name]["ratio_p95"] = round(figures[name]["p95_ms"] / raw_p95, 1)
    slowest = sorted(timings["http"].per_query_ms().items(), key=lambda kv: -kv[1])[:5]
    figures["slowest_http_ms"] = dict(slowest)
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
