"""The circulation benchmark's steps once Django is configured: build or reuse the data, time
the pairs (raw, services, HTTP) and the allocation, profile, and show the figures.
bench/circulation.py is the command."""

import argparse
import cProfile
import datetime
import json
import os
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

import circulation_alloc as alloc
import circulation_data as data
import circulation_http as web
import synth
from circulation_pairs import Cycle, PostgresRaw, ServiceWay, SqliteRaw, run_rounds, timed
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rich.console import Console
from rich.table import Table
from search_run import machine

from reol.catalogue.models import Item, Record
from reol.circulation.models import Patron, Reservation

TARGET_PAIRS_PER_S = 500
TARGET_RAW_SHARE = 0.30
TARGET_ALLOCATION_S = 2.0
WAYS = ("raw", "services", "unscoped", "http")


def ensure_data(build_file: Path, console: Console) -> dict[str, Any]:
    call_command("migrate", interactive=False, verbosity=0)
    if data.built():
        return json.loads(build_file.read_text()) if build_file.exists() else {}
    began = time.perf_counter()
    data.build(console)
    synth.settle()  # as a running system would find it: WAL folded in, PostgreSQL analysed
    build = {"seconds": round(time.perf_counter() - began, 1)}
    build_file.write_text(json.dumps(build))
    return build


def planner_statistics(gather: bool) -> None:
    """SQLite plans by its statistics when the database has them (sqlite_stat1, written by
    ANALYZE) and by rules of thumb when not. reol never runs ANALYZE, so the default is to
    time without them; --analyze times with them. PostgreSQL always has its own (autovacuum)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        if gather:
            cursor.execute("ANALYZE")
        else:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone():
                cursor.execute("DELETE FROM sqlite_stat1")
    connection.close()  # statistics are read when a connection opens


def _raw_way(desk: data.Desk):
    branch = desk.branch
    if connection.vendor == "postgresql":
        return PostgresRaw(os.environ["REOL_DATABASE_URL"], branch.pk, branch.library_id)
    config = settings.DATABASES["default"]
    return SqliteRaw(str(config["NAME"]), config["OPTIONS"]["init_command"], branch.pk,
                     branch.library_id)


def benchmark(build: dict, args: argparse.Namespace, console: Console) -> dict[str, Any]:
    desk = data.desk()
    if len(desk.barcodes) < 100:
        raise SystemExit(f"Only {len(desk.barcodes)} copies at the desk; rebuild the data.")
    cycle = Cycle(desk.barcodes, desk.cards)
    raw, service = _raw_way(desk), ServiceWay(desk.branch.code)
    unscoped = ServiceWay(desk.branch.code, scoped=False)
    console.print(f"Timing {args.pairs:,} pairs per way in {args.rounds} rounds at "
                  f"{desk.branch.code} ({len(desk.barcodes):,} copies, {len(desk.cards):,} "
                  f"patrons, {connection.vendor}).")
    load_before = os.getloadavg()[0]
    timings = run_rounds([raw, service, unscoped], cycle, args.pairs, args.rounds, args.warmup)
    raw.close()
    http_note = ""
    if args.no_http:
        http_note = "skipped (--no-http)"
    elif not web.api_present():
        http_note = f"not measured: {web.API_FILE.relative_to(web.ROOT)} has no desk endpoints"
    else:
        console.print(f"Timing {args.http_pairs:,} pairs through HTTP…")
        timings["http"] = _http(desk, cycle, args)
    load = {"load_1min_before": round(load_before, 2),
            "load_1min_after": round(os.getloadavg()[0], 2)}
    profile = None
    if args.profile_pairs > 0:
        console.print("Profiling the services pair…")
        profile = profile_pairs(service, cycle, args.profile_pairs)
    console.print(f"Timing allocation, {args.allocation_runs} runs…")
    allocation = alloc.measure(args.allocation_runs)
    pairs = {name: timings[name].summary() for name in WAYS if name in timings}
    return {
        "date": datetime.date.today().isoformat(),
        "machine": machine() | load,
        "database": {
            "vendor": connection.vendor,
            "records": Record.objects.count(), "items": Item.objects.count(),
            "patrons": Patron.objects.count(),
            "waiting": Reservation.objects.filter(status=Reservation.Status.WAITING).count(),
            "desk_copies": len(desk.barcodes), "desk_patrons": len(desk.cards),
        },
        "build": build,
        "pairs": pairs,
        "http_note": http_note,
        "ratios": {f"{name}_raw": round(pairs[name]["pairs_per_s"] / pairs["raw"]["pairs_per_s"],
                                        3)
                   for name in ("services", "unscoped", "http") if name in pairs},
        "target": target(pairs, allocation),
        "profile": profile,
        "allocation": allocation,
    }


def _http(desk: data.Desk, cycle: Cycle, args: argparse.Namespace):
    token = web.staff_token(desk.branch)
    env = {k: os.environ[k] for k in ("REOL_DATABASE_URL", "REOL_VAR_DIR")}
    env["REOL_JOBS_INTERVAL"] = "0"  # no lending jobs (allocation, expiry) inside the timing
    connection.close()  # nothing of ours holds the SQLite file while the server writes
    with web.served(env) as (port, pid):
        way = web.HttpWay(port, pid, token, desk.branch.code)
        try:
            return run_rounds([way], cycle, args.http_pairs, 1, args.warmup)["http"]
        finally:
            way.close()


_TABLE = re.compile(r'(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', re.I)


def profile_pairs(service: ServiceWay, cycle: Cycle, count: int) -> dict[str, Any]:
    """Where a services pair spends its time (cProfile over `count` pairs) and which
    statements it sends (counted over 50 more)."""
    profiler = cProfile.Profile()
    profiler.enable()
    timed(service, cycle, count, _Sink())
    profiler.disable()
    with CaptureQueriesContext(connection) as captured:
        timed(service, cycle, 50, _Sink())
    statements = Counter(_statement(q["sql"]) for q in captured.captured_queries)
    own = alloc.top_functions(profiler, 15, "tottime", per=count)
    ours = [row for row in alloc.top_functions(profiler, 400, "cumulative", per=count)
            if row["function"].startswith("reol/")][:15]
    return {
        "pairs": count,
        "statements_per_pair": round(len(captured.captured_queries) / 50, 1),
        "statements": {k: round(v / 50, 2) for k, v in statements.most_common()},
        "own_time": own,
        "reol_cumulative": ours,
    }


def _statement(sql: str) -> str:
    verb = sql.split(None, 1)[0].upper()
    table = _TABLE.search(sql)
    return f"{verb} {table.group(1)}" if table else verb


class _Sink:
    """Pairs timed only to be profiled or counted: their times are not kept."""

    def __init__(self) -> None:
        self.checkout, self.checkin, self.wall, self.cpu = [], [], 0.0, 0.0


def target(pairs: dict[str, dict], allocation: dict[str, Any]) -> dict[str, Any]:
    rate = pairs["services"]["pairs_per_s"]
    share = rate / pairs["raw"]["pairs_per_s"]
    cpu_rate = pairs["services"]["pairs_per_cpu_s"]
    return {
        "services_pairs_per_s": rate, "services_raw_share": round(share, 3),
        "services_pairs_per_cpu_s": cpu_rate,
        "services_raw_cpu_share": round(cpu_rate / pairs["raw"]["pairs_per_cpu_s"], 3),
        "pairs_met": rate >= TARGET_PAIRS_PER_S and share >= TARGET_RAW_SHARE,
        "allocation_s": allocation["median_s"],
        "allocation_met": allocation["median_s"] < TARGET_ALLOCATION_S,
    }


# --- showing --------------------------------------------------------------------------------


def _verdict(met: bool) -> str:
    return "[green]met[/]" if met else "[red]not met[/]"


def show(results: dict[str, Any], console: Console) -> None:
    db, m = results["database"], results["machine"]
    console.print(f"\n[bold]Circulation, {db['vendor']}[/]: {db['records']:,} records, "
                  f"{db['items']:,} items, {db['patrons']:,} patrons, {db['waiting']:,} waiting "
                  f"reservations — {m['cpus']} × {m['cpu']}, Python {m['python']}, SQLite "
                  f"{m['sqlite']}" + (f", PostgreSQL {m['postgresql']}" if "postgresql" in m
                                      else "")
                  + f"; load {m['load_1min_before']} → {m['load_1min_after']}")
    table = Table("way", "pairs", "pairs/s", "p50 ms", "p95 ms", "p99 ms", "checkout p50",
                  "check-in p50", "÷ raw", "CPU ms/pair", "pairs/CPU-s", "÷ raw (CPU)",
                  title="Checkout + check-in pairs")
    raw = results["pairs"]["raw"]
    for name, s in results["pairs"].items():
        table.add_row(name, f"{s['pairs']:,}", f"{s['pairs_per_s']:,.0f}",
                      *(f"{s[k]:.2f}" for k in ("p50_ms", "p95_ms", "p99_ms", "checkout_p50_ms",
                                                 "checkin_p50_ms")),
                      f"{s['pairs_per_s'] / raw['pairs_per_s']:.0%}",
                      f"{s['cpu_ms_per_pair']:.2f}", f"{s['pairs_per_cpu_s']:,.0f}",
                      f"{s['pairs_per_cpu_s'] / raw['pairs_per_cpu_s']:.0%}")
    console.print(table)
    if results["http_note"]:
        console.print(f"HTTP: {results['http_note']}")
    goal = results["target"]
    console.print(f"Target ≥ {TARGET_PAIRS_PER_S} pairs/s through the services and ≥ "
                  f"{TARGET_RAW_SHARE:.0%} of raw: {_verdict(goal['pairs_met'])} — "
                  f"{goal['services_pairs_per_s']:,.0f} pairs/s, "
                  f"{goal['services_raw_share']:.0%} of raw (by CPU time: "
                  f"{goal['services_pairs_per_cpu_s']:,.0f} pairs per CPU-second, "
                  f"{goal['services_raw_cpu_share']:.0%} of raw)")
    _show_allocation(results["allocation"], console)
    console.print(f"Target allocation under {TARGET_ALLOCATION_S:.0f} s: "
                  f"{_verdict(goal['allocation_met'])} — median {goal['allocation_s']:.2f} s")
    if results["profile"]:
        _show_profile(results["profile"], console)


def _show_allocation(allocation: dict[str, Any], console: Console) -> None:
    table = Table("run", "waiting", "copies", "titles", "allocated", "seconds", "read",
                  "rules", "write", "SQL statements (read/write)",
                  title="reservations.allocate() over every waiting reservation")
    for n, r in enumerate(allocation["runs"], start=1):
        sql = r["sql"]
        table.add_row(str(n), f"{r['waiting']:,}", f"{r['copies']:,}", f"{r['titles']:,}",
                      f"{r['allocated']:,}", f"{r['seconds']:.2f}", f"{r['read_s']:.2f}",
                      f"{r['rules_s']:.2f}", f"{r['write_s']:.2f}",
                      f"{sql.get('read', {}).get('statements', 0)} in "
                      f"{sql.get('read', {}).get('seconds', 0):.2f} s / "
                      f"{sql.get('write', {}).get('statements', 0)} in "
                      f"{sql.get('write', {}).get('seconds', 0):.2f} s")
    console.print(table)
    console.print(f"A fresh process's first run also imports numpy and scipy.optimize: "
                  f"{allocation['first_import_s']:.2f} s (not in the runs above).")
    _show_functions("allocate(): own time, one run", allocation["profile"], console)


def _show_profile(profile: dict[str, Any], console: Console) -> None:
    console.print(f"Services pair: {profile['statements_per_pair']} SQL statements per pair: "
                  + ", ".join(f"{k} {v:g}" for k, v in profile["statements"].items()))
    _show_functions("services pair: own time per pair", profile["own_time"], console)
    _show_functions("services pair: reol functions, cumulative per pair",
                    profile["reol_cumulative"], console)


def _show_functions(title: str, rows: list[dict[str, Any]], console: Console) -> None:
    table = Table("function", "calls", "own ms", "cumulative ms", title=title)
    for row in rows:
        table.add_row(row["function"], f"{row['calls']:g}", f"{row['own_ms']:.3f}",
                      f"{row['cumulative_ms']:.3f}")
    console.print(table)
