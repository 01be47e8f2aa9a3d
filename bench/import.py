"""Import benchmark: a Randers-sized library moves onto reol (issue 17, point 5) — through
`reol import_library`'s service, and the same rows as raw bulk inserts on the driver, in the
same run.

    .venv/bin/python bench/import.py                  # SQLite, var/bench/import.sqlite3
    .venv/bin/python bench/import.py --database-url postgresql://postgres@127.0.0.1/reol_bench_import
    .venv/bin/python bench/import.py --scale 0.05     # a twentieth, to try it out

Randers: 300,000 copies of 100,000 records, 60,000 patrons, 40,000 open loans, 5,000
reservations (and 2,000 charges, 10,000 history rows, four years of monthly figures). The
folder is written under var/bench/import/ in docs/migration.md's layout, then imported into
an empty database (migrated first; the database is emptied when it is SQLite, and must be
empty when it is PostgreSQL). Then, for copies, patrons, loans and reservations, "raw": the
CSV read again and the same rows inserted with executemany on the driver (ids looked up in
dicts, no checks), inside a transaction that first deletes the imported rows and is rolled
back at the end. Prints rows per second per file and the ratio. Not part of `make test`.
"""

import argparse
import csv
import os
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "var" / "bench"
SQLITE = BENCH_VAR / "import.sqlite3"
FOLDER = BENCH_VAR / "import"
RANDERS = {"records": 100_000, "copies": 300_000, "patrons": 60_000, "loans": 40_000,
           "reservations": 5_000, "charges": 2_000, "histories": 10_000}
BRANCHES = ["randers-hb", "randers-dronningborg", "randers-kristrup", "randers-langaa",
            "randers-bogbus"]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="an empty database instead of "
                        f"{SQLITE.relative_to(ROOT)}")
    parser.add_argument("--scale", type=float, default=1.0, help="share of Randers (1.0)")
    return parser.parse_args(argv)


def configure_django(url: str) -> None:
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    os.environ["REOL_DATABASE_URL"] = url
    os.environ["REOL_VAR_DIR"] = str(BENCH_VAR)
    os.environ["DJANGO_SETTINGS_MODULE"] = "reol.settings"
    import django

    django.setup()


def table(path: Path, header: list[str], rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(header)
        out.writerows(rows)


def write_folder(n: dict[str, int]) -> None:
    """The library in the import's layout, made up but shaped like Randers."""
    from django.contrib.auth.hashers import make_password

    FOLDER.mkdir(parents=True, exist_ok=True)
    table(FOLDER / "library.csv", ["agency", "isil", "name", "municipality", "kind", "region"],
          [["773000", "DK-773000", "Randers Bibliotek", "Randers", "municipal", "Herning"]])
    table(FOLDER / "branches.csv", ["code", "name", "kind"],
          [[c, c.split("-")[1].capitalize(), "main" if i == 0 else
            ("bookmobile" if "bus" in c else "branch")] for i, c in enumerate(BRANCHES)])
    table(FOLDER / "opening_hours.csv", ["branch", "weekday", "opens", "closes", "valid_from"],
          [[c, d, "10:00", "18:00", "2024-01-01"] for c in BRANCHES for d in range(6)])
    table(FOLDER / "loan_rules.csv", ["patron_group", "loan_days", "renewals"],
          [["", "28", "3"], ["child", "28", "5"]])
    with (FOLDER / "records.xml").open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                  '<collection xmlns="http://www.loc.gov/MARC21/slim">\n')
        for i in range(n["records"]):
            out.write(
                f'<record><leader>00000nam a2200000 c 4500</leader>'
                f'<controlfield tag="001">{60000000 + i}</controlfield>'
                f'<controlfield tag="003">870970</controlfield>'
                f'<datafield tag="100" ind1="1" ind2=" "><subfield code="a">Forfatter '
                f'{i % 5000}</subfield></datafield>'
                f'<datafield tag="245" ind1="1" ind2="0"><subfield code="a">Titel nummer {i}'
                f'</subfield></datafield>'
                f'<datafield tag="650" ind1=" " ind2="4"><subfield code="a">Emne {i % 800}'
                f'</subfield></datafield></record>\n')
        out.write("</collection>\n")
    copies = n["copies"]
    table(FOLDER / "copies.csv", ["barcode", "pid", "branch", "status"],
          [[f"5773{i:08d}", f"870970-basis:{60000000 + i % n['records']}",
            BRANCHES[i % len(BRANCHES)], "on_loan" if i < n["loans"] else "available"]
           for i in range(copies)])
    pin = make_password("1234")
    table(FOLDER / "patrons.csv", ["card", "name", "birth_date", "address", "email", "pin_hash",
                                   "pickup_branch", "keep_history", "blocks"],
          [[f"7730{i:06d}", f"Låner {i}", f"{1940 + i % 70}-0{1 + i % 9}-1{i % 9}",
            f"Vej {i}, 8900 Randers", f"l{i}@example.dk", pin, BRANCHES[i % 4],
            "yes" if i % 6 == 0 else "no", "fees:Skylder" if i % 500 == 0 else ""]
           for i in range(n["patrons"])])
    now = datetime.now(UTC)
    table(FOLDER / "loans.csv", ["card", "barcode", "branch", "loan_date", "due", "renewals"],
          [[f"7730{i * 7 % n['patrons']:06d}", f"5773{i:08d}", BRANCHES[i % 5],
            (now - timedelta(days=i % 27)).isoformat(),
            (date.today() + timedelta(days=28 - i % 27)).isoformat(), i % 3]
           for i in range(n["loans"])])
    table(FOLDER / "reservations.csv", ["card", "pid", "placed", "pickup_branch",
                                        "interest_until"],
          [[f"7730{i * 11 % n['patrons']:06d}", f"870970-basis:{60000000 + i % 2000}",
            (now - timedelta(minutes=i)).isoformat(), BRANCHES[i % 4],
            (date.today() + timedelta(days=90)).isoformat()] for i in range(n["reservations"])])
    table(FOLDER / "charges.csv", ["reference", "card", "amount", "date", "cause"],
          [[f"fbs-{i}", f"7730{i * 13 % n['patrons']:06d}", "50.00", now.isoformat(),
            "overdue"] for i in range(n["charges"])])
    table(FOLDER / "histories.csv", ["card", "barcode", "branch", "loan_date", "due",
                                     "returned"],
          [[f"7730{(i * 6) % n['patrons']:06d}", f"5773{(n['loans'] + i):08d}", BRANCHES[0],
            (now - timedelta(days=200 + i % 100)).isoformat(), "2025-01-01",
            (now - timedelta(days=150)).isoformat()] for i in range(n["histories"])])
    table(FOLDER / "figures.csv", ["month", "measure", "value"],
          [[f"{y}-{m:02d}", k, 1000 + m] for y in range(2021, 2025) for m in range(1, 13)
           for k in ("loans", "visitors", "events", "participants")])


def run_import() -> tuple[dict[str, float], float]:
    """Import the folder through the service; seconds per file and in all."""
    from reol.transfer import services

    marks: list[tuple[str, float]] = []

    def progress(name: str, total: int | None):
        marks.append((name, time.perf_counter()))
        return lambda done: None

    start = time.perf_counter()
    report = services.import_library(FOLDER, progress=progress)
    end = time.perf_counter()
    assert not report.refused, report.refusals[:5]
    times = {name: (marks[i + 1][1] if i + 1 < len(marks) else end) - at
             for i, (name, at) in enumerate(marks)}
    return times, end - start


def raw_rows(name: str):
    """The rows of a file as the table's values, looked up in dicts: the raw way's work."""
    from django.db import connection

    def ids(sql: str) -> dict:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return dict(cursor.fetchall())

    library = ids("SELECT agency, id FROM libraries_library")["773000"]
    branch = ids("SELECT code, id FROM libraries_branch")
    with (FOLDER / f"{name}.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    now = datetime.now(UTC)
    if name == "copies":
        record = ids("SELECT pid, id FROM catalogue_record")
        return ("catalogue_item", ["barcode", "record_id", "library_id", "home_branch_id",
                                   "current_branch_id", "shelf_location", "loan_category",
                                   "status"],
                [(r["barcode"], record[r["pid"]], library, branch[r["branch"]],
                  branch[r["branch"]], "", "standard", r["status"]) for r in rows])
    if name == "patrons":
        import uuid
        return ("circulation_patron", ["card", "pin", "name", "birth_date", "library_id",
                                       "pickup_branch_id", "email", "phone", "address",
                                       "notify_email", "notify_sms", "notices_off", "language",
                                       "keep_history", "reference", "created"],
                [(r["card"], r["pin_hash"], r["name"], r["birth_date"], library,
                  branch[r["pickup_branch"]], r["email"], "", r["address"], True, False, "[]",
                  "da", r["keep_history"] == "yes", uuid.uuid4().hex, now) for r in rows])
    patron = ids("SELECT card, id FROM circulation_patron")
    if name == "loans":
        item = ids("SELECT barcode, id FROM catalogue_item")
        return ("circulation_loan", ["item_id", "patron_id", "branch_id", "checked_out", "due",
                                     "renewals", "fee", "auto_renewal_refused"],
                [(item[r["barcode"]], patron[r["card"]], branch[r["branch"]], r["loan_date"],
                  r["due"], int(r["renewals"]), 0, "") for r in rows])
    record = ids("SELECT pid, id FROM catalogue_record")
    return ("circulation_reservation", ["patron_id", "record_id", "pickup_branch_id", "status",
                                        "placed", "interest_until", "pickup_number",
                                        "allocation", "closed_reason", "any_edition"],
            [(patron[r["card"]], record[r["pid"]], branch[r["pickup_branch"]], "waiting",
              r["placed"], r["interest_until"], "", "{}", "", False) for r in rows])


def run_raw(names: list[str]) -> dict[str, float]:
    """Each file's rows inserted with executemany, after the imported ones are deleted, in a
    transaction that is rolled back."""
    from django.db import connection, transaction

    times = {}
    with transaction.atomic():
        with connection.cursor() as cursor:
            for gone in ("circulation_reservation", "circulation_loan", "circulation_block",
                         "circulation_patronchange",  # the ledger is never deleted from
                         "circulation_patron", "catalogue_item"):
                cursor.execute(f"DELETE FROM {gone}")
            for name in names:
                start = time.perf_counter()
                tbl, columns, rows = raw_rows(name)
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {tbl} ({', '.join(columns)}) VALUES ({marks})",
                                   rows)
                times[name] = time.perf_counter() - start
        transaction.set_rollback(True)
    return times


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    url = args.database_url or f"sqlite:///{SQLITE}"
    if not args.database_url:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE}{suffix}").unlink(missing_ok=True)
    configure_django(url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    n = {k: max(1, int(v * args.scale)) for k, v in RANDERS.items()}
    start = time.perf_counter()
    write_folder(n)
    print(f"{connection.vendor}, scale {args.scale}: folder written in "
          f"{time.perf_counter() - start:.1f} s; load {os.getloadavg()[0]:.2f}")
    times, total = run_import()
    big = ["copies", "patrons", "loans", "reservations"]
    raw = run_raw(big)
    print(f"{'file':<22}{'rows':>9}{'seconds':>10}{'rows/s':>10}{'raw rows/s':>12}{'ratio':>7}")
    for name, seconds in times.items():
        stem = name.split(".")[0]
        rows = n.get(stem, 0) if stem != "records" or name.endswith(".xml") else 0
        rows = n["records"] if name == "records.xml" else rows
        line = f"{name:<22}{rows:>9,}{seconds:>10.1f}{rows / seconds if rows else 0:>10,.0f}"
        if stem in raw:
            line += f"{n[stem] / raw[stem]:>12,.0f}{seconds / raw[stem]:>7.1f}"
        print(line)
    in_big = sum(times[f"{k}.csv"] for k in big)
    print("(the last file's seconds include the search index of the new records and the "
          "commit)")
    print(f"whole import: {total:.1f} s ({total / 60:.1f} min); copies, patrons, loans and "
          f"reservations {in_big:.1f} s against raw {sum(raw.values()):.1f} s "
          f"({in_big / sum(raw.values()):.1f}x); load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
