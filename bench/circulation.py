"""Circulation benchmark: checkout + check-in pairs three ways, and allocating copies to
10,000 waiting reservations over 100,000 items.

    .venv/bin/python bench/circulation.py                     # SQLite, var/bench/
    .venv/bin/python bench/circulation.py --pairs 1000 --keep # quick, for tuning
    .venv/bin/python bench/circulation.py --database-url postgresql://postgres@127.0.0.1/reol_bench_circ

The data (bench/circulation_data.py) is a network of 6 libraries with opening hours, 20,000
records, 100,000 items, 20,000 patrons, open loans and 10,000 waiting reservations. On SQLite
it lives in var/bench/circulation.sqlite3; with --database-url it is built in that database,
which must be empty or hold an earlier build. Data already there is reused; a file this run
builds is deleted at the end unless --keep (never a --database-url database).

Pairs (bench/circulation_pairs.py) run at one house, cycling over its copies and patrons;
every pair leaves the data as it found it. Four ways:
  services  services.check_out(card, barcode, branch) + services.check_in(barcode, branch),
            each act in a scope of reol.memo, as requests and SIP2 messages call them;
  unscoped  the same without a scope (as before 2026-12-07: each memory read reads the
            memories' generation);
  raw       the same inserts and updates as plain SQL on the driver, a transaction per act;
  http      POST /api/v1/circulation/checkout and /checkin against `reol serve`.
Raw, services and unscoped take turns in rounds; HTTP runs after them. Then a services pair
is profiled and reservations.allocate() is timed over every waiting reservation
(bench/circulation_alloc.py).
Not part of `make test`.
"""

import argparse
import json
import os
import sys
from pathlib import Path

from rich.console import Console

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "var" / "bench"
SQLITE = BENCH_VAR / "circulation.sqlite3"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="build in this database instead of "
                        f"{SQLITE.relative_to(ROOT)} (e.g. PostgreSQL reol_bench_circ)")
    parser.add_argument("--pairs", type=int, default=5000,
                        help="timed pairs per way, raw and services (default 5000)")
    parser.add_argument("--rounds", type=int, default=5,
                        help="raw and services take turns this many times (default 5)")
    parser.add_argument("--http-pairs", type=int, default=None,
                        help="timed pairs through HTTP (default: as --pairs)")
    parser.add_argument("--warmup", type=int, default=200, help="untimed pairs per way first")
    parser.add_argument("--profile-pairs", type=int, default=500,
                        help="services pairs run under cProfile (default 500; 0: none)")
    parser.add_argument("--allocation-runs", type=int, default=3,
                        help="timed runs of reservations.allocate() (default 3)")
    parser.add_argument("--analyze", action="store_true",
                        help="SQLite: time with planner statistics (ANALYZE); by default they "
                        "are removed, as reol itself never gathers them")
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP measurement")
    parser.add_argument("--keep", action="store_true",
                        help="keep a database file this run built, so the next run reuses it")
    parser.add_argument("--json", type=Path, metavar="PATH", help="write the results here")
    args = parser.parse_args(argv)
    if args.http_pairs is None:
        args.http_pairs = args.pairs
    if args.allocation_runs < 1:
        parser.error("--allocation-runs must be at least 1 (its median is a target)")
    return args


def configure_django(url: str) -> None:
    """Point reol at the benchmark's database and var directory before django.setup()."""
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    os.environ["REOL_DATABASE_URL"] = url
    os.environ["REOL_VAR_DIR"] = str(BENCH_VAR)
    os.environ["DJANGO_SETTINGS_MODULE"] = "reol.settings"
    import django

    django.setup()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    ours = args.database_url is None
    url = args.database_url or f"sqlite:///{SQLITE}"
    existed = SQLITE.exists() if ours else True
    configure_django(url)
    import circulation_run  # imports reol's models: only once Django is configured

    name = "sqlite" if ours else Path(url.rsplit("/", 1)[-1]).stem
    console = Console(stderr=True)
    try:
        build = circulation_run.ensure_data(BENCH_VAR / f"circulation-{name}.build.json",
                                            console)
        circulation_run.planner_statistics(args.analyze)
        results = circulation_run.benchmark(build, args, console)
        results["database"]["planner_statistics"] = args.analyze
    finally:
        if ours and not existed and not args.keep:
            _delete_sqlite(console)
    circulation_run.show(results, Console(width=160))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    return 0


def _delete_sqlite(console: Console) -> None:
    from django.db import connections

    connections.close_all()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{SQLITE}{suffix}").unlink(missing_ok=True)
    (BENCH_VAR / "circulation-sqlite.build.json").unlink(missing_ok=True)
    console.print(f"Deleted {SQLITE.name} (built by this run; --keep keeps it).")


if __name__ == "__main__":
    sys.exit(main())
