"""Insight benchmark: the yearly report and the dashboard over a Randers-sized year.

    .venv/bin/python bench/insight.py                       # SQLite, var/bench/insight.sqlite3
    .venv/bin/python bench/insight.py --database-url postgresql://postgres@127.0.0.1/reol_bench_insight

Data (built once, deterministic, random.Random(2026)): the demo library network and 20,000
synthetic book records (novels, crime, picture books, non-fiction; loans Zipf-like over them);
in the event log, for Randers (773000) in the measured year 610,000 checkouts (domain.md), 200,000
renewals, 50,000 reservations, 20,000 open-library entries and 6,000 interlibrary loans received,
with seasons and weekdays over its five houses; the year before 560,000 checkouts; a year of
door counts. Then, each timed --repeat times (best and median):
  report      reol.insight.report.yearly (the "Vidste du?" figures and the top titles)
  dashboard   reol.insight.dashboard.charts (both years: months, branches, types, audiences,
              events, interlibrary balance)
  table       statistics.table(year, "month") and (year, "branch")
  raw         the report's two big queries in hand-written SQL through the driver: counts per
              kind; checkouts per record, audience and material type
--covering-index first adds the index that lets every query read the index alone.
--simulate DAYS then times `reol simulate` (reol.insight.simulate) for Randers: the first DAYS
days of SIMULATED_YEAR at --simulate-scale, through the real services, on this database (it
gives Randers' houses two copies of each of the first 3,000 synthetic records once, since the
benchmark catalogue has no items); prints service calls and loans per second.
Not part of `make test`.
"""

import argparse
import itertools
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_VAR = ROOT / "var" / "bench"
SQLITE = BENCH_VAR / "insight.sqlite3"
YEAR = 2025
SEED = 2026
SIMULATED_YEAR = 2026  # the demo network's opening hours cover 2026–2027


def configure_django(url: str) -> None:
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    os.environ["REOL_DATABASE_URL"] = url
    os.environ["REOL_VAR_DIR"] = str(BENCH_VAR)
    os.environ["DJANGO_SETTINGS_MODULE"] = "reol.settings"
    import django

    django.setup()


def _times(rng: random.Random, year: int, n: int) -> list[datetime]:
    """n moments in a year: fewer in summer and on Saturdays, none on Sundays, 9–19 o'clock."""
    month_weight = (1.1, 1.1, 1.05, 1.0, 0.95, 0.85, 0.75, 0.9, 1.05, 1.1, 1.1, 0.95)
    days = [date(year, 1, 1) + timedelta(days=i) for i in range(365)]
    weights = [0 if d.weekday() == 6 else month_weight[d.month - 1] * (0.6 if d.weekday() == 5
                                                                       else 1.0) for d in days]
    chosen = rng.choices(days, weights, k=n)
    return [datetime(d.year, d.month, d.day, 8, tzinfo=UTC)
            + timedelta(seconds=rng.randrange(10 * 3600)) for d in chosen]


def build() -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from reol.catalogue.models import Record
    from reol.circulation.models import Event
    from reol.insight.models import DoorCount
    from reol.libraries.demo import load_network
    from reol.libraries.models import Branch, Library

    call_command("migrate", verbosity=0)
    if Event.objects.exists():
        return
    started = time.perf_counter()
    rng = random.Random(SEED)
    with transaction.atomic():
        if not Library.objects.exists():
            load_network()
        kinds = [("sk", [], "adult"), ("sk", ["krimi"], "adult"),
                 ("sk", ["billedbøger"], "children"), ("61.1", ["sundhed"], "adult"),
                 ("sk", ["heste"], "children")]
        Record.objects.bulk_create([
            Record(pid=f"870970-basis:9{i:07d}", title=f"Titel {i}", creators=[f"Forfatter {i}"],
                   dk5=kinds[i % 5][0], subjects=kinds[i % 5][1], audience=kinds[i % 5][2])
            for i in range(20_000)], batch_size=2000)
    randers = Library.objects.get(agency="773000")
    glostrup = Library.objects.get(agency="716100")
    houses = list(Branch.objects.filter(library=randers).exclude(kind=Branch.Kind.DEPOSIT))
    house_weights = [6 if b.kind == Branch.Kind.MAIN else 1 for b in houses]
    records = list(Record.objects.order_by("pk").values_list("pk", "audience"))
    cumulative = list(itertools.accumulate(1 / (i + 10) for i in range(len(records))))
    event_table = Event._meta.db_table
    columns = ("time", "kind", "library_id", "branch_id", "record_id", "material_type",
               "audience", "age_group", "detail")
    sql = (f"INSERT INTO {event_table} ({', '.join(columns)}) VALUES "
           f"({', '.join(['%s'] * len(columns))})")
    plan = [(YEAR, "checkout", 610_000), (YEAR, "renewal", 200_000),
            (YEAR, "reservation_placed", 50_000), (YEAR, "visit", 20_000),
            (YEAR, "interlibrary", 6_000), (YEAR - 1, "checkout", 560_000)]
    for year, kind, n in plan:
        times = _times(rng, year, n)
        branches = rng.choices(houses, house_weights, k=n)
        lent = rng.choices(records, cum_weights=cumulative, k=n)
        rows = []
        for i, when in enumerate(times):
            branch = branches[i]
            record_id, audience = lent[i] if kind != "visit" else (None, "")
            detail = "{}"
            if kind == "interlibrary":
                detail = (f'{{"ill": "received", "role": "requester", "request": "B{i}", '
                          f'"lender": "{glostrup.isil}", "borrower": "{randers.isil}"}}')
            if connection.vendor == "sqlite":  # the text Django itself stores: naive UTC
                when = when.strftime("%Y-%m-%d %H:%M:%S")
            rows.append((when, kind, randers.pk, branch.pk, record_id,
                         "book" if record_id else "", audience, "30-49", detail))
        with transaction.atomic(), connection.cursor() as cursor:
            for start in range(0, len(rows), 20_000):
                cursor.executemany(sql, rows[start:start + 20_000])
        print(f"  {n:>9,} {kind} in {year}")
    with transaction.atomic():
        days = [date(YEAR, 1, 1) + timedelta(days=i) for i in range(365)]
        DoorCount.objects.bulk_create([
            DoorCount(branch=b, date=d, visitors=rng.randint(100, 1500) if b.kind ==
                      Branch.Kind.MAIN else rng.randint(20, 300))
            for b in houses for d in days if d.weekday() != 6], batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"built in {time.perf_counter() - started:.0f} s")


def timed(name: str, call, repeat: int) -> None:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        runs.append(time.perf_counter() - started)
    print(f"{name:<28} best {min(runs) * 1000:8.0f} ms   median "
          f"{statistics.median(runs) * 1000:8.0f} ms")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=f"sqlite:///{SQLITE}")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--covering-index", action="store_true",
                        help="first add an index (library, kind, time, audience, material_type, "
                             "branch, record) to the event log: what the lead may add to Event")
    parser.add_argument("--simulate", type=int, metavar="DAYS",
                        help="also time `reol simulate` for Randers over DAYS days")
    parser.add_argument("--simulate-scale", type=float, default=0.01,
                        help="the simulation's --scale (default 0.01)")
    args = parser.parse_args(argv)
    configure_django(args.database_url)
    build()
    if args.covering_index:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("CREATE INDEX IF NOT EXISTS bench_event_cover ON circulation_event "
                           "(library_id, kind, time, audience, material_type, branch_id, "
                           "record_id)")
            cursor.execute("ANALYZE")
        print("with the covering index")

    from django.db import connection
    from django.utils import translation

    from reol.circulation.models import Event
    from reol.insight import dashboard, report
    from reol.insight import statistics as stats
    from reol.libraries.models import Library

    translation.activate("da")
    randers = Library.objects.get(agency="773000")
    print(f"{connection.vendor}: {Event.objects.count():,} events in the log")
    result = report.yearly(randers, YEAR)
    print(f"report: {result.loans:,} loans, {result.renewals:,} renewals, "
          f"{result.ill_received:,} ILL received, {result.visitors:,} visitors")
    timed("yearly report", lambda: report.yearly(randers, YEAR), args.repeat)
    timed("dashboard (both years)", lambda: dashboard.charts(randers, YEAR), args.repeat)
    scope = stats.Scope.year(YEAR, randers)
    timed("statistics by month", lambda: stats.table(scope, "month"), args.repeat)
    timed("statistics by branch", lambda: stats.table(scope, "branch"), args.repeat)
    start, end = scope.bounds()

    def raw() -> None:
        """What the report asks, by hand: counts per kind, checkouts per record × audience ×
        type (the ORM's two big queries), without building a single model."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT kind, COUNT(*) FROM circulation_event WHERE library_id = %s "
                "AND kind IN ('checkout', 'renewal', 'reservation_placed', 'visit') "
                "AND time >= %s AND time < %s GROUP BY kind", [randers.pk, start, end])
            cursor.fetchall()
            cursor.execute(
                "SELECT record_id, audience, material_type, COUNT(*) FROM circulation_event "
                "WHERE library_id = %s AND kind = 'checkout' AND time >= %s AND time < %s "
                "GROUP BY record_id, audience, material_type", [randers.pk, start, end])
            cursor.fetchall()

    timed("raw SQL, the same GROUP BYs", raw, args.repeat)
    if args.simulate:
        simulate_days(randers, args.simulate, args.simulate_scale)


def simulate_days(randers, days: int, scale: float) -> None:
    """Time the simulation of Randers' first `days` days; every run is another cohort."""
    from django.db import transaction

    from reol.catalogue.models import Item, Record
    from reol.insight import simulate
    from reol.libraries.models import Branch

    if not Item.objects.filter(library=randers).exists():
        houses = list(Branch.objects.filter(library=randers).exclude(kind=Branch.Kind.DEPOSIT)
                      .order_by("kind", "code"))
        with transaction.atomic():
            Item.objects.bulk_create([
                Item(barcode=f"57730{n:07d}{copy}", record_id=pk, library=randers,
                     home_branch=houses[n % len(houses)], current_branch=houses[n % len(houses)])
                for n, pk in enumerate(Record.objects.order_by("pk").values_list("pk", flat=True)
                                       [:3000]) for copy in range(2)], batch_size=2000)
    plan = simulate.prepare("773000", SIMULATED_YEAR, scale=scale, days=days, force=True)
    summary = simulate.run(plan, seed=SEED)
    loads = Path("/proc/loadavg").read_text().split()[:3]
    print(f"simulate {days} days at scale {scale:g}: {summary.calls:,} service calls, "
          f"{summary.done['loans']:,} loans in {summary.elapsed:.1f} s: "
          f"{summary.rate:,.1f} calls/s, {summary.done['loans'] / summary.elapsed:,.1f} loans/s "
          f"(load average {' '.join(loads)})")


if __name__ == "__main__":
    main()
