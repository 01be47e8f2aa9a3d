"""Stocktake benchmark: a whole branch of 100,000 copies counted from a handheld's list.

    .venv/bin/python bench/stocktake.py                      # SQLite, var/bench/stocktake.sqlite3
    .venv/bin/python bench/stocktake.py --database-url postgresql://postgres@127.0.0.1/reol_bench_stocktake

Data (built once, deterministic): one library with one branch holding --copies copies (default
100,000) of 5,000 records on 200 shelves ("Voksen · 0" … "Børn · 99"). Each run counts the
whole branch: the handheld's list holds 97 % of the copies in shelf order plus 100 unknown
barcodes, so 3 % are not scanned. Timed, each --repeat times (best and median), every run on
the same fresh state (the copies put back on the shelf between runs, untimed):
  upload    collection.stocktake.upload (parse, store the scans, match them to copies)
  report    collection.stocktake.report (the five lists' counts and the first page)
  confirm   collection.stocktake.confirm (the unscanned become missing: history, staff record,
            status, reservations released)
  raw       the same statements by hand through Django's cursor: the scans inserted and
            matched to copies in the same chunks, the five counts and a page, the history and
            staff record rows and the status UPDATE — the raw engine doing the same work.
Prints each figure and the ratio service/raw. Not part of `make test`.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_VAR = ROOT / "var" / "bench"
SQLITE = BENCH_VAR / "stocktake.sqlite3"
RECORDS = 5000
UNKNOWN = 100


def configure_django(url: str) -> None:
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    os.environ["REOL_DATABASE_URL"] = url
    os.environ["REOL_VAR_DIR"] = str(BENCH_VAR)
    os.environ["DJANGO_SETTINGS_MODULE"] = "reol.settings"
    import django

    django.setup()


def build(copies: int):
    """The branch and its copies; returned as (branch, barcodes in shelf order)."""
    from django.core.management import call_command
    from django.db import transaction

    from reol.catalogue.models import Item, Record
    from reol.libraries.models import Branch, Library, Region

    call_command("migrate", verbosity=0)
    region, _ = Region.objects.get_or_create(name="Bench", defaults={"municipalities": 1})
    library, _ = Library.objects.get_or_create(agency="999001", defaults={
        "name": "Bench Bibliotek", "municipality": "Bench", "region": region})
    branch, _ = Branch.objects.get_or_create(code="bench-hb", defaults={
        "library": library, "name": "Bench Hovedbibliotek", "kind": "main"})
    if not Item.objects.filter(home_branch=branch).exists():
        started = time.perf_counter()
        with transaction.atomic():
            Record.objects.bulk_create(
                Record(pid=f"bench:{n}", title=f"Bog {n}") for n in range(RECORDS))
            records = list(Record.objects.filter(pid__startswith="bench:").values_list(
                "pk", flat=True))
            for start in range(0, copies, 5000):
                Item.objects.bulk_create(
                    Item(barcode=f"9{n:09d}", record_id=records[n % len(records)],
                         library=library, home_branch=branch, current_branch=branch,
                         shelf_location=f"{'Voksen' if n % 2 else 'Børn'} · {n % 100}")
                    for n in range(start, min(start + 5000, copies)))
        print(f"built {copies:,} copies in {time.perf_counter() - started:.0f} s")
    barcodes = list(Item.objects.filter(home_branch=branch).order_by(
        "shelf_location", "barcode").values_list("barcode", flat=True))
    return branch, barcodes


def reset(branch) -> None:
    """Every copy back on the shelf, no stocktake, no history: the state each run starts in."""
    from django.db import transaction

    from reol.catalogue.models import CopyStatusChange, Item, ShelfChange
    from reol.collection.models import Stocktake
    from reol.core.models import StaffChange

    with transaction.atomic():
        Stocktake.objects.all().delete()
        CopyStatusChange.objects.all().delete()
        StaffChange.objects.filter(model="catalogue.item").delete()
        Item.objects.filter(home_branch=branch).exclude(status="available").update(
            status="available")
        ShelfChange.objects.all().delete()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=f"sqlite:///{SQLITE}")
    parser.add_argument("--copies", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    configure_django(args.database_url)
    branch, barcodes = build(args.copies)

    from django.contrib.auth.models import User
    from django.db import connection

    from reol.collection import stocktake
    from reol.core.actor import acting_as

    user, _ = User.objects.get_or_create(username="bench", defaults={"is_superuser": True})
    scanned = [b for n, b in enumerate(barcodes) if n % 100 >= 3]  # 97 %
    text = "\n".join(scanned + [f"ukendt-{n}" for n in range(UNKNOWN)]) + "\n"
    print(f"{connection.vendor}: {len(barcodes):,} copies, {len(scanned):,} scanned, "
          f"{len(barcodes) - len(scanned):,} not, {UNKNOWN} unknown barcodes")
    times: dict[str, list[float]] = {"upload": [], "report": [], "confirm": [], "total": [],
                                     "raw": []}
    for _ in range(args.repeat):
        reset(branch)
        with acting_as("bench", user):
            counted = stocktake.start(user, branch, "branch")
            t0 = time.perf_counter()
            stocktake.upload(user, counted, text)
            t1 = time.perf_counter()
            report = stocktake.report(counted)
            list(report.page)
            t2 = time.perf_counter()
            missing = stocktake.confirm(user, counted)
            t3 = time.perf_counter()
        assert missing == len(barcodes) - len(scanned), missing
        times["upload"].append(t1 - t0)
        times["report"].append(t2 - t1)
        times["confirm"].append(t3 - t2)
        times["total"].append(t3 - t0)
        reset(branch)
        times["raw"].append(raw(branch, user, scanned + [f"ukendt-{n}" for n in range(UNKNOWN)],
                                len(barcodes) - len(scanned)))
    for name, runs in times.items():
        print(f"{name:<8} best {min(runs) * 1000:8.0f} ms   median "
              f"{statistics.median(runs) * 1000:8.0f} ms")
    print(f"service/raw (best total): {min(times['total']) / min(times['raw']):.2f}×")
    reset(branch)


def raw(branch, user, barcodes: list[str], expected: int) -> float:
    """The stocktake's work by hand through the driver, in one transaction; its seconds."""
    from django.db import connection, transaction
    from django.utils import timezone

    from reol.collection.models import Stocktake

    now = timezone.now()
    counted = Stocktake.objects.create(library_id=branch.library_id, branch=branch,
                                       scope="branch", started=now)
    at = connection.ops.adapt_datetimefield_value(now)
    jsonb = "jsonb" if connection.vendor == "postgresql" else "TEXT"
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(barcodes), 5000):
            chunk = barcodes[start:start + 5000]
            cursor.execute(
                "INSERT INTO collection_stocktakescan (stocktake_id, barcode, item_id, checked_in)"
                " SELECT %s, v.column1, i.id, FALSE FROM (VALUES "
                + ", ".join(["(%s)"] * len(chunk))
                + ") AS v LEFT JOIN catalogue_item i ON i.barcode = v.column1 WHERE TRUE"
                " ON CONFLICT (stocktake_id, barcode) DO NOTHING", [counted.pk, *chunk])
        unscanned = ("FROM catalogue_item i WHERE i.library_id = %s AND i.home_branch_id = %s"
                     " AND i.current_branch_id = %s AND i.status = 'available' AND NOT EXISTS"
                     " (SELECT 1 FROM collection_stocktakescan s WHERE s.stocktake_id = %s"
                     " AND s.item_id = i.id)")
        where = [branch.library_id, branch.pk, branch.pk, counted.pk]
        cursor.execute(f"SELECT COUNT(*) {unscanned}", where)
        assert cursor.fetchone()[0] == expected
        cursor.execute(f"SELECT i.id, i.barcode, i.shelf_location {unscanned}"
                       " ORDER BY i.shelf_location, i.barcode LIMIT 100", where)
        cursor.fetchall()
        for condition in ("item_id IS NULL", "checked_in", "item_id IS NOT NULL"):
            cursor.execute("SELECT COUNT(*) FROM collection_stocktakescan WHERE"
                           f" stocktake_id = %s AND {condition}", [counted.pk])
            cursor.fetchone()
        cursor.execute("SELECT COUNT(*) FROM collection_stocktakescan s JOIN catalogue_item i"
                       " ON i.id = s.item_id WHERE s.stocktake_id = %s AND i.status = 'withdrawn'",
                       [counted.pk])
        cursor.fetchone()
        reason = "stocktake " + timezone.localdate(now).isoformat()
        cursor.execute(
            "INSERT INTO catalogue_copystatuschange (item_id, library_id, old_status, status,"
            f" reason, at, user_id, actor) SELECT i.id, i.library_id, i.status, 'missing', %s,"
            f" %s, %s, 'bench' {unscanned}", [reason, at, user.pk, *where])
        changes = json.dumps({"status": ["available", "missing"], "reason": [None, reason]})
        cursor.execute(
            "INSERT INTO core_staffchange (at, user_id, actor, library_id, patron_id, model,"
            " object_id, action, changes) SELECT %s, %s, 'bench', i.library_id, NULL,"
            f" 'catalogue.item', CAST(i.id AS VARCHAR(40)), 'update', CAST(%s AS {jsonb})"
            f" {unscanned}", [at, user.pk, changes, *where])
        cursor.execute(f"UPDATE catalogue_item SET status = 'missing' WHERE id IN"
                       f" (SELECT i.id {unscanned})", where)
        assert cursor.rowcount == expected
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
