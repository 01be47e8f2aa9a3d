"""Fees benchmark: posting a day's overdue fees for a Randers-sized library, and its daily
totals, through reol and as raw SQL on the driver in the same run.

    .venv/bin/python bench/fees.py                    # SQLite, var/bench/fees.sqlite3
    .venv/bin/python bench/fees.py --database-url postgresql://postgres@127.0.0.1/reol_bench_fees

Randers lends about 610,000 items a year: some 2,500 returns a day, of which a few hundred
come back late under its rule of 5 kr. a day (at most 100 kr.) and owe a fee. A round posts
one day's late returns (--late, default 300), each in a transaction of its own as check_in
does it, two ways that take turns:
  services  accounts.charge_overdue(loan, patron, fee) — the entry, then the fee block
            following the balance (the loan rules' max_owed, 200 kr.);
  raw       the same statements on the driver: insert the entry, sum the balance, look for
            an open fee block and insert one when the balance is over the limit.
Each round's patrons are new to both ways (entries are never deleted). Then the day's totals
per library (fee_totals.daily) against one GROUP BY on the driver. Not part of `make test`.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "var" / "bench"
SQLITE = BENCH_VAR / "fees.sqlite3"
RETURNS = 2500  # a Randers day


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="an empty database to build in instead of "
                        f"{SQLITE.relative_to(ROOT)}")
    parser.add_argument("--late", type=int, default=300, help="late returns a day (300)")
    parser.add_argument("--rounds", type=int, default=4, help="rounds per way (4)")
    return parser.parse_args(argv)


def configure_django(url: str) -> None:
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    os.environ["REOL_DATABASE_URL"] = url
    os.environ["REOL_VAR_DIR"] = str(BENCH_VAR)
    os.environ["DJANGO_SETTINGS_MODULE"] = "reol.settings"
    import django

    django.setup()


def build(late_loans: int):
    """A library, its loan rule, patrons with one late loan each, returned today."""
    from django.core.management import call_command
    from django.utils import timezone

    from reol.catalogue.models import Item, Record
    from reol.circulation.models import Loan, LoanRule, Patron
    from reol.libraries.models import Branch, Library, Region

    call_command("migrate", verbosity=0)
    region = Region.objects.create(name="Herning", municipalities=19)
    randers = Library.objects.create(agency="773000", name="Randers Bibliotek",
                                     municipality="Randers", region=region)
    branch = Branch.objects.create(library=randers, code="randers-hb", name="Randers",
                                   kind="main")
    LoanRule.objects.create(library=randers, fee_policy="overdue",
                            overdue_fee_per_day=Decimal("5"), max_overdue_fee=Decimal("100"),
                            max_owed=Decimal("200"))
    now = timezone.now()
    records = Record.objects.bulk_create(
        Record(pid=f"870970-basis:{60000000 + i}", title=f"Titel {i}") for i in range(200))
    patrons = Patron.objects.bulk_create(
        Patron(card=f"77300{i:05d}", pin="!", name=f"Låner {i}", birth_date=date(1980, 1, 1),
               library=randers) for i in range(late_loans))
    items = Item.objects.bulk_create(
        Item(barcode=f"5773{i:08d}", record=records[i % len(records)], library=randers,
             home_branch=branch, current_branch=branch) for i in range(late_loans))
    Loan.objects.bulk_create(
        Loan(item=item, patron=patron, branch=branch, checked_out=now - timedelta(days=40),
             due=timezone.localdate(now) - timedelta(days=1 + i % 30), returned=now,
             returned_branch=branch)
        for i, (item, patron) in enumerate(zip(items, patrons, strict=True)))
    return randers


def loans_for(offset: int, count: int):
    from reol.circulation.models import Loan

    return list(Loan.objects.select_related("item__record", "patron")
                .order_by("id")[offset:offset + count])


def fee_of(loan) -> Decimal:
    from django.utils import timezone

    return min(Decimal(5) * (timezone.localdate(loan.returned) - loan.due).days, Decimal(100))


def post_services(loans, now: datetime) -> float:
    from django.db import transaction

    from reol.circulation import accounts

    start = time.perf_counter()
    for loan in loans:
        with transaction.atomic():
            accounts.charge_overdue(loan, loan.patron, fee_of(loan), now)
    return time.perf_counter() - start


def _stamp(moment: datetime, vendor: str):
    """A time as the driver takes it: SQLite as Django stores it (UTC text)."""
    if vendor != "sqlite":
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ")


def post_raw(loans, now: datetime, limit: Decimal) -> float:
    from django.db import connection, transaction

    connection.ensure_connection()
    raw = connection.connection
    p = "?" if connection.vendor == "sqlite" else "%s"
    insert = ("INSERT INTO circulation_accountentry (patron_id, library_id, kind, cause, "
              "amount, loan_id, title, reason, method, reference, created) VALUES "
              f"({p}, {p}, 'charge', 'overdue', {p}, NULL, {p}, '', '', '', {p})")
    owed = f"SELECT COALESCE(SUM(amount), 0) FROM circulation_accountentry WHERE patron_id = {p}"
    blocked = ("SELECT 1 FROM circulation_block WHERE patron_id = "
               f"{p} AND code = 'fees' AND lifted IS NULL")
    block = ("INSERT INTO circulation_block (patron_id, code, reason, created, lifted) "
             f"VALUES ({p}, 'fees', 'Skylder', {p}, NULL)")
    start = time.perf_counter()
    for loan in loans:
        with transaction.atomic():
            cursor = raw.cursor()
            fee = fee_of(loan)
            stamp = _stamp(now, connection.vendor)
            amount = str(fee) if connection.vendor == "sqlite" else fee
            cursor.execute(insert, (loan.patron_id, loan.item.library_id, amount,
                                    loan.item.record.title, stamp))
            cursor.execute(owed, (loan.patron_id,))
            over = Decimal(str(cursor.fetchone()[0])) > limit
            cursor.execute(blocked, (loan.patron_id,))
            if over and cursor.fetchone() is None:
                cursor.execute(block, (loan.patron_id, stamp))
    return time.perf_counter() - start


def totals(library, day: date) -> tuple[float, float]:
    from django.db import connection

    from reol.circulation import fee_totals

    start = time.perf_counter()
    rows = fee_totals.daily([library], day, day)
    ours = time.perf_counter() - start
    p = "?" if connection.vendor == "sqlite" else "%s"
    cursor = connection.connection.cursor()
    start = time.perf_counter()
    zone = ZoneInfo("Europe/Copenhagen")
    since = datetime.combine(day, datetime.min.time(), tzinfo=zone)
    until = since + timedelta(days=1)
    cursor.execute("SELECT library_id, kind, method, SUM(amount) FROM circulation_accountentry "
                   f"WHERE library_id = {p} AND created >= {p} AND created < {p}"
                   " GROUP BY library_id, kind, method",
                   (library.pk, _stamp(since, connection.vendor),
                    _stamp(until, connection.vendor)))
    cursor.fetchall()
    raw = time.perf_counter() - start
    assert rows, "the day has entries"
    return ours, raw


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    ours = args.database_url is None
    if ours:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE}{suffix}").unlink(missing_ok=True)
    url = args.database_url or f"sqlite:///{SQLITE}"
    configure_django(url)
    from django.db import connection
    from django.utils import timezone

    late = args.late
    library = build(late * 2 * args.rounds)
    now = timezone.now()
    times: dict[str, list[float]] = {"services": [], "raw": []}
    for r in range(args.rounds):
        base = r * 2 * late
        times["services"].append(post_services(loans_for(base, late), now))
        times["raw"].append(post_raw(loans_for(base + late, late), now, Decimal("200")))
    pairs = [totals(library, timezone.localdate(now)) for _ in range(7)]
    ours_t = statistics.median(p[0] for p in pairs)
    raw_t = statistics.median(p[1] for p in pairs)
    engine = connection.vendor
    med = {way: statistics.median(t) for way, t in times.items()}
    print(f"fees benchmark on {engine}: {late} late returns of a {RETURNS}-return day, "
          f"{args.rounds} rounds per way (median)")
    for way in ("services", "raw"):
        print(f"  {way:<9} {med[way] * 1000:8.1f} ms a day  "
              f"{med[way] / late * 1000:6.2f} ms a fee  {late / med[way]:7.0f} fees/s")
    print(f"  ratio services/raw: {med['services'] / med['raw']:.2f}")
    print(f"  the day's totals (median of 7): reol {ours_t * 1000:.1f} ms, "
          f"raw GROUP BY {raw_t * 1000:.1f} ms, "
          f"ratio {ours_t / raw_t:.2f}")
    if ours:
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE}{suffix}").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
