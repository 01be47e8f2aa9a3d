"""Search benchmark: latency of a fixed query mix, three ways, on a catalogue of a given size.

    .venv/bin/python bench/search.py                      # the demo catalogue, SQLite
    .venv/bin/python bench/search.py --records 50000      # quick, for tuning
    .venv/bin/python bench/search.py --records 1000000 --keep --json var/bench/1m.json
    .venv/bin/python bench/search.py --database-url postgresql://postgres@127.0.0.1/reol_bench_demo

The catalogue is the demo catalogue (`reol demo`), plus synthetic records made from its
vocabulary (bench/synth.py) up to `--records`. On SQLite it lives in its own file,
var/bench/search-<records>.sqlite3; with --database-url it is built in that database, which
must be empty or hold an earlier benchmark catalogue. A catalogue already there is reused; one
this run builds is deleted at the end unless --keep (never a --database-url database).

The query mix (bench/search_queries.py) is written to var/bench/queries.json once and read
from there after. Each query is timed three ways (bench/search_timing.py):
  service  reol.search.services.search(parse_query(q, {}, 1, 20)), in-process;
  http     GET /api/v1/search?q=… against `reol serve` on a keep-alive connection;
  raw      the same engine work as the service, written directly against the engine's own
           driver, no Django: the top 20 ids by rank, the hit count and the same facet counts
           (type, language, audience, library, the 20 commonest subjects); no records loaded,
           no JSON. Tantivy: search + `id` fast field + one terms aggregation; PostgreSQL: one
           hand-written statement (bench/search_raw.py says exactly what each does).
Then a sample of records is indexed again to time indexing. Not part of `make test`.
"""

import argparse
import json
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from rich.console import Console

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "var" / "bench"
DEMO = "demo"


@dataclass(frozen=True)
class Database:
    """Where the benchmark catalogue lives, and how many records it should hold."""

    label: str  # "demo" or the record count
    records: int | None  # None: the demo catalogue as it is
    url: str
    sqlite_path: Path | None  # None: not ours to delete (PostgreSQL)

    @property
    def build_file(self) -> Path:
        name = Path(urlparse(self.url).path).stem if self.sqlite_path is None else self.label
        return BENCH_VAR / f"search-{name}.build.json"


def records_arg(text: str) -> int | None:
    if text == DEMO:
        return None
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:].lower(), 1)
    digits = text[:-1] if scale > 1 else text
    try:
        return int(digits.replace("_", "").replace(",", "")) * scale
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a record count: {text}") from None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=records_arg, default=None, metavar="demo|N",
                        help="catalogue size: the demo catalogue (default) or N records")
    parser.add_argument("--database-url", help="build in this database instead of "
                        "var/bench/search-<records>.sqlite3 (e.g. a PostgreSQL reol_bench_*)")
    parser.add_argument("--queries", type=int, default=600,
                        help="timed queries per way, cycling through the mix (default 600)")
    parser.add_argument("--keep", action="store_true",
                        help="keep a catalogue this run built, so the next run reuses it")
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP measurement")
    parser.add_argument("--build-only", action="store_true",
                        help="build or grow the catalogue (implies --keep), then stop: on a "
                        "busy machine, build now and time later")
    parser.add_argument("--json", type=Path, metavar="PATH", help="write the results here")
    return parser.parse_args(argv)


def database(args: argparse.Namespace) -> Database:
    label = DEMO if args.records is None else str(args.records)
    if args.database_url:
        return Database(label, args.records, args.database_url, None)
    path = BENCH_VAR / f"search-{label}.sqlite3"
    return Database(label, args.records, f"sqlite:///{path}", path)


def configure_django(db: Database) -> None:
    """Point reol at the benchmark's database and var directory; settings read these once,
    at django.setup(), so this must come first."""
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    os.environ["REOL_DATABASE_URL"] = db.url
    os.environ["REOL_VAR_DIR"] = str(BENCH_VAR)
    os.environ["DJANGO_SETTINGS_MODULE"] = "reol.settings"
    import django

    django.setup()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    db = database(args)
    existed = db.sqlite_path is not None and db.sqlite_path.exists()
    configure_django(db)
    # Django is configured only now, so the modules that import reol's models come after.
    import search_run

    console = Console(stderr=True)
    try:
        build = search_run.ensure_catalogue(db, console)
        if args.build_only:
            console.print(f"Built {db.label} records in {db.url}; not timed (--build-only).")
            return 0
        results = search_run.benchmark(db, build, args, console)
    finally:
        if db.sqlite_path and not existed and not (args.keep or args.build_only):
            _delete_sqlite(db, console)
    search_run.show(results, Console())
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    return 0


def _delete_sqlite(db: Database, console: Console) -> None:
    from django.db import connections

    path = db.sqlite_path
    connections.close_all()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    # The embedded backend keeps its index in var/search/<database file's stem>.
    shutil.rmtree(BENCH_VAR / "search" / path.stem, ignore_errors=True)
    db.build_file.unlink(missing_ok=True)
    console.print(f"Deleted {path.name} (built by this run; --keep keeps it).")


if __name__ == "__main__":
    sys.exit(main())
