"""Acquisitions benchmark: receiving a 500-line delivery, each line through
collection.services.receive (its copies made, each routed like a returned copy — to a waiting
reservation's hold shelf, in transit, or home — and the fund charged), against the raw engine
writing the same rows directly in the same run.

    .venv/bin/python bench/acquisitions.py                # SQLite, var/bench/acquisitions.sqlite3
    .venv/bin/python bench/acquisitions.py --lines 500 --copies 2 --waiting 0.2
    .venv/bin/python bench/acquisitions.py --database-url postgresql://postgres@127.0.0.1/reol_bench_acq

Data, made fresh for every run: --lines titles, each ordered --copies times on one sent order
of one library; a share (--waiting) of the titles have a patron waiting at the main library and
one in a quarter of those at a branch (their copy goes in transit). The service run receives
every line in its own transaction, with generated barcodes. The raw run, on a new order of new
titles with the same queues, does per line what the service's statements amount to: insert
the copies, the receipt and the line's count, and for a waiting title put the first copy on
the hold shelf (reservation, copy status, an event row) — one transaction per line, through
the database driver with no ORM. The ratio is service ÷ raw. Not part of `make test`.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_VAR = ROOT / "var" / "bench"
SQLITE = BENCH_VAR / "acquisitions.sqlite3"
AGENCY = "990300"


def configure_django(url: str) -> None:
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    os.environ["REOL_DATABASE_URL"] = url
    os.environ["REOL_VAR_DIR"] = str(BENCH_VAR)
    os.environ["DJANGO_SETTINGS_MODULE"] = "reol.settings"
    import django

    django.setup()


def build():
    """The library, its two houses, a vendor and a fund (once)."""
    from decimal import Decimal

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from reol.collection import services
    from reol.collection.models import CollectionPolicy
    from reol.libraries.models import Branch, Library, Region

    library = Library.objects.filter(agency=AGENCY).first()
    if library is None:
        region = Region.objects.create(name="Bench acquisitions")
        library = Library.objects.create(agency=AGENCY, name="Bench indkøb",
                                         municipality="Bench", region=region)
        Branch.objects.create(library=library, code="bench-acq", name="Hovedbiblioteket",
                              kind="main")
        Branch.objects.create(library=library, code="bench-acq-filial", name="Filialen",
                              kind="branch")
        CollectionPolicy.objects.create(library=library, gln="5798000000017")
        services.add_vendor(library, "Bench-leverandør", "5790000000012")
        services.add_fund(library, 2026, "BENCH", "Bench", Decimal("1000000000"))
    return library


def prepare(library, tag: str, lines: int, copies: int, waiting: float):
    """Titles, their queues and one sent order with a line per title."""
    from datetime import date
    from decimal import Decimal

    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from reol.catalogue.models import Item
    from reol.catalogue.services import RecordData, save_records
    from reol.circulation.models import Patron
    from reol.circulation.reservations import place_reservation
    from reol.collection.models import Fund, Order, OrderLine, Vendor

    main = library.branches.get(code="bench-acq")
    annex = library.branches.get(code="bench-acq-filial")
    # Through the catalogue's own service, so each title has its work as real ones do.
    records = [saved.record for saved in save_records(
        [RecordData(title=f"Indkøbt titel {tag} {n}", pid=f"870970-basis:9{tag}{n:04d}")
         for n in range(lines)])]
    pin = make_password("1234")
    queued = [r for n, r in enumerate(records) if n < lines * waiting]
    # A title is reserved only when a copy exists: the one copy each queued title has is out.
    Item.objects.bulk_create(
        Item(barcode=f"OUT{tag}{n:06d}", record=record, library=library, home_branch=main,
             current_branch=main, status=Item.Status.ON_LOAN) for n, record in enumerate(queued))
    patrons = Patron.objects.bulk_create(
        Patron(card=f"{AGENCY}{tag}{n:05d}", pin=pin, name=f"Låner {n}",
               birth_date=date(1980, 1, 1), library=library) for n in range(len(queued)))
    for n, (record, patron) in enumerate(zip(queued, patrons, strict=True)):
        place_reservation(patron, record, annex if n % 4 == 3 else main)
    order = Order.objects.create(library=library, vendor=Vendor.objects.get(library=library),
                                 ordered=date(2026, 11, 2), sent=timezone.now())
    fund = Fund.objects.get(library=library)
    OrderLine.objects.bulk_create(
        OrderLine(order=order, record=record, fund=fund, quantity=copies,
                  price=Decimal("249.95")) for record in records)
    return main, list(order.lines.order_by("pk"))


def receive_all(main, lines, copies: int) -> float:
    from reol.collection import services

    start = time.perf_counter()
    for line in lines:
        services.receive(line, main, copies)
    return time.perf_counter() - start


def raw_all(main, lines, copies: int) -> float:
    """The same rows through the driver: copies, receipt, line count, and the hold shelf for
    a waiting title's first copy; one transaction per line."""
    from django.db import connection
    from django.utils import timezone

    from reol.circulation.models import Reservation

    now = timezone.now()
    waiting = dict(Reservation.objects.filter(record__in=[line.record_id for line in lines],
                                              status="waiting")
                   .values_list("record_id", "id"))
    connection.ensure_connection()
    raw = connection.connection
    sqlite = connection.vendor == "sqlite"
    if sqlite:
        raw.isolation_level = None  # BEGIN IMMEDIATE by hand, as reol's SQLite does
    start = time.perf_counter()
    for line in lines:
        if sqlite:
            raw.execute("BEGIN IMMEDIATE")
            _raw_line(raw.cursor(), "?", line, main, copies, waiting.get(line.record_id), now)
            raw.commit()
        else:  # psycopg 3 in autocommit: one transaction per line, as the service has
            with raw.transaction():
                _raw_line(raw.cursor(), "%s", line, main, copies, waiting.get(line.record_id),
                          now)
    return time.perf_counter() - start


def _raw_line(cursor, mark: str, line, main, copies: int, reservation: int | None,
              now) -> None:
    from reol.catalogue.models import Item
    from reol.circulation.models import Reservation
    from reol.collection.models import OrderLine, Receipt
    from reol.core.models import Event

    items = Item._meta.db_table
    first = None
    for n in range(copies):
        cursor.execute(
            f"INSERT INTO {items} (barcode, record_id, library_id, home_branch_id,"
            " current_branch_id, shelf_location, loan_category, status)"
            f" VALUES ({', '.join([mark] * 8)}) RETURNING id",
            (f"RAW{line.pk:08d}{n:03d}", line.record_id, main.library_id, main.pk, main.pk, "",
             "standard", "available"))
        item_id = cursor.fetchone()[0]
        first = first or item_id
    if reservation:
        cursor.execute(f"UPDATE {Reservation._meta.db_table} SET item_id = {mark},"
                       f" status = 'on_hold_shelf', pickup_number = 1 WHERE id = {mark}",
                       (first, reservation))
        cursor.execute(f"UPDATE {items} SET status = 'on_hold_shelf' WHERE id = {mark}",
                       (first,))
        cursor.execute(f"INSERT INTO {Event._meta.db_table} (time, kind, library_id, branch_id,"
                       " record_id, item_id, material_type, audience, age_group, detail)"
                       f" VALUES ({mark}, 'reservation_shelved', {mark}, {mark}, {mark}, {mark},"
                       " 'book', '', '', '{}')",
                       (now, main.library_id, main.pk, line.record_id, first))
    cursor.execute(f"INSERT INTO {Receipt._meta.db_table} (line_id, branch_id, quantity, price,"
                   f" amount, received) VALUES ({', '.join([mark] * 6)})",
                   (line.pk, main.pk, copies, "249.95", f"{249.95 * copies:.2f}", now))
    cursor.execute(f"UPDATE {OrderLine._meta.db_table} SET received = {mark} WHERE id = {mark}",
                   (copies, line.pk))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help=f"instead of {SQLITE.relative_to(ROOT)}")
    parser.add_argument("--lines", type=int, default=500)
    parser.add_argument("--copies", type=int, default=2, help="copies a line (2)")
    parser.add_argument("--waiting", type=float, default=0.2,
                        help="share of titles with a patron waiting (0.2)")
    args = parser.parse_args(argv)
    configure_django(args.database_url or f"sqlite:///{SQLITE}")
    from django.db import connection

    from reol.circulation.models import Reservation

    library = build()
    tag = f"{int(time.time()) % 100000:05d}"
    # Warm up once (imports, the holiday calendar, per-process memories), untimed.
    main_branch, lines = prepare(library, tag + "w", 5, args.copies, 1.0)
    receive_all(main_branch, lines, args.copies)
    main_branch, lines = prepare(library, tag + "s", args.lines, args.copies, args.waiting)
    service = receive_all(main_branch, lines, args.copies)
    held = Reservation.objects.filter(record__in=[line.record_id for line in lines],
                                      status__in=["on_hold_shelf", "allocated"]).count()
    main_branch, lines = prepare(library, tag + "r", args.lines, args.copies, args.waiting)
    raw = raw_all(main_branch, lines, args.copies)
    copies = args.lines * args.copies
    print(f"database: {connection.vendor}; {args.lines} lines × {args.copies} copies, "
          f"{held} reservations served")
    print("| way | seconds | lines/s | copies/s | ratio to raw |")
    print("|---|---:|---:|---:|---:|")
    print(f"| services.receive | {service:.2f} | {args.lines / service:.0f} | "
          f"{copies / service:.0f} | {service / raw:.1f} |")
    print(f"| raw SQL, same rows | {raw:.2f} | {args.lines / raw:.0f} | {copies / raw:.0f} | "
          "1.0 |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
