"""OAI-PMH benchmark: a full harvest of the catalogue, two ways, on a catalogue of a given size.

    .venv/bin/python bench/oai.py                          # the 1,000,000-record catalogue
    .venv/bin/python bench/oai.py --limit 20000            # the first 20,000 only: quick
    .venv/bin/python bench/oai.py --sqlite /work/bench-1m/search-1000000.sqlite3

The catalogue is the one bench/search.py builds (`--records 1000000 --build-only --keep`),
var/bench/search-<records>.sqlite3; it is migrated (reol/oai's index and triggers) and only
read. Two ways, in the same run:
  http  ListRecords with metadataPrefix=marc21 against `reol serve`, following the resumption
        tokens to the end on one keep-alive connection: what a harvester sees (the body is
        read and its records counted; the harvester's own XML parsing is not timed);
  raw   the same pages read by SQLite's own driver, no Django: each page's rows in (updated,
        id) keyset order with every column, the libraries holding copies of its records, then
        the tombstones; no MARC, no XML.
Page size: REOL_OAI_PAGE_SIZE (200 unless --page-size). Not part of `make test`.
"""

import argparse
import http.client
import json
import os
import platform
import re
import sqlite3
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "var" / "bench"
TOKEN = re.compile(rb"<resumptionToken[^>]*>([^<]*)</resumptionToken>")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000,
                        help="which bench/search.py catalogue (default 1000000)")
    parser.add_argument("--sqlite", type=Path, help="this SQLite file instead")
    parser.add_argument("--limit", type=int, default=0,
                        help="stop after this many records (default: the whole catalogue)")
    parser.add_argument("--page-size", type=int, default=200)
    parser.add_argument("--from", dest="since", metavar="YYYY-MM-DDThh:mm:ssZ",
                        help="harvest from this datestamp on: with --limit, a stretch deep in "
                        "the list, to see that a late page costs what an early one does")
    parser.add_argument("--json", type=Path, metavar="PATH", help="write the results here")
    return parser.parse_args(argv)


def raw_harvest(path: Path, size: int, limit: int, since: str | None) -> dict:
    """The rows a harvest gives, read page by page with the sqlite3 module."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    began = time.perf_counter()
    # Django's text form of a UTC time; (since, 0) is before every row of that second.
    after: tuple[str, int] | None = (since.replace("T", " ").rstrip("Z"), 0) if since else None
    rows = pages = 0
    while not limit or rows < limit:
        # As reol/oai/services.py asks it: a range on the index, not an OR of two.
        where, params = ("WHERE updated >= ? AND NOT (updated = ? AND id <= ?)",
                         [after[0], after[0], after[1]]) if after else ("", [])
        page = db.execute(f"SELECT * FROM catalogue_record INDEXED BY oai_record_harvest "
                          f"{where} ORDER BY updated, id LIMIT ?", [*params, size]).fetchall()
        if not page:
            break
        ids = [row[0] for row in page]
        db.execute("SELECT DISTINCT i.record_id, l.agency FROM catalogue_item i JOIN "
                   "libraries_library l ON l.id = i.library_id WHERE i.record_id IN "
                   f"({','.join('?' * len(ids))})", ids).fetchall()
        columns = [d[0] for d in db.execute("SELECT * FROM catalogue_record LIMIT 0")
                   .description]
        last = dict(zip(columns, page[-1], strict=True))
        after = (last["updated"], last["id"])
        rows, pages = rows + len(page), pages + 1
    if not limit:
        rows += len(db.execute("SELECT pid, material_type, deleted FROM oai_tombstone "
                               "ORDER BY deleted, id").fetchall())
    return {"records": rows, "pages": pages, "seconds": time.perf_counter() - began}


def http_harvest(port: int, limit: int, since: str | None, console: Console) -> dict:
    """ListRecords marc21 over HTTP, token after token, until the list ends (or `limit`)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    query = {"verb": "ListRecords", "metadataPrefix": "marc21"}
    if since:
        query["from"] = since
    began = time.perf_counter()
    records = size = 0
    latencies: list[float] = []
    while True:
        asked = time.perf_counter()
        conn.request("GET", "/oai?" + urlencode(query))
        response = conn.getresponse()
        body = response.read()
        latencies.append(time.perf_counter() - asked)
        if response.status != 200 or b"<error" in body:
            raise RuntimeError(f"HTTP {response.status}: {body[:300]!r}")
        records += body.count(b"<record>")
        size += len(body)
        token = TOKEN.search(body)
        if len(latencies) % 500 == 0:
            console.print(f"  {records:,} records, {time.perf_counter() - began:.0f} s")
        if not token or not token.group(1) or (limit and records >= limit):
            break
        query = {"verb": "ListRecords", "resumptionToken": token.group(1).decode()}
    seconds = time.perf_counter() - began
    tenth = max(len(latencies) // 10, 1)
    return {"records": records, "pages": len(latencies), "seconds": seconds,
            "megabytes": size / 1e6,
            "page_ms_median": statistics.median(latencies) * 1000,
            "page_ms_first_tenth": statistics.mean(latencies[:tenth]) * 1000,
            "page_ms_last_tenth": statistics.mean(latencies[-tenth:]) * 1000}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    path = args.sqlite or BENCH_VAR / f"search-{args.records}.sqlite3"
    if not path.exists():
        raise SystemExit(f"No catalogue at {path}: build it with bench/search.py --records "
                         f"{args.records} --build-only --keep")
    env = {"REOL_DATABASE_URL": f"sqlite:///{path}", "REOL_VAR_DIR": str(BENCH_VAR),
           "REOL_OAI_PER_MINUTE": "100000000", "REOL_OAI_PAGE_SIZE": str(args.page_size),
           "REOL_SEARCH_FOLLOW_SECONDS": "0"}
    os.environ.update({**env, "DJANGO_SETTINGS_MODULE": "reol.settings"})
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)  # reol/oai's index, if new
    import search_timing  # `reol serve` on a free port (bench/search_timing.py)

    console = Console(stderr=True)
    console.print(f"Raw harvest of {path.name} …")
    raw = raw_harvest(path, args.page_size, args.limit, args.since)
    console.print("HTTP harvest through reol serve …")
    with search_timing.served(env, timeout=300) as port:
        served = http_harvest(port, args.limit, args.since, console)
    results = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "machine": platform.node(),
        "cpus": os.cpu_count(), "load_average": os.getloadavg(), "catalogue": path.name,
        "page_size": args.page_size, "from": args.since, "limit": args.limit,
        "raw": raw, "http": served,
        "http_records_per_second": served["records"] / served["seconds"],
        "raw_records_per_second": raw["records"] / raw["seconds"],
        "ratio_http_to_raw": served["seconds"] / raw["seconds"],
    }
    show(results, Console())
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1))
    return 0


def show(results: dict, console: Console) -> None:
    table = Table(title=f"OAI-PMH full harvest, {results['catalogue']}, "
                        f"{results['page_size']} a page, load {results['load_average'][0]:.1f}")
    for column in ("way", "records", "pages", "seconds", "records/s"):
        table.add_column(column, justify="right")
    for way in ("raw", "http"):
        r = results[way]
        table.add_row(way, f"{r['records']:,}", f"{r['pages']:,}", f"{r['seconds']:.1f}",
                      f"{r['records'] / r['seconds']:,.0f}")
    console.print(table)
    h = results["http"]
    console.print(f"http/raw: {results['ratio_http_to_raw']:.1f}×; {h['megabytes']:,.0f} MB; "
                  f"a page: median {h['page_ms_median']:.0f} ms, first tenth "
                  f"{h['page_ms_first_tenth']:.0f} ms, last tenth {h['page_ms_last_tenth']:.0f} ms")


if __name__ == "__main__":
    sys.exit(main())
