"""Digital lending benchmark: patrons borrowing e-books through reol.digital.services.lend
(caps, budget and licence read and decided, the loan and its event-log row written, the
provider told), against the raw engine writing the same rows directly in the same run.

    .venv/bin/python bench/digital.py                 # SQLite, var/bench/digital.sqlite3
    .venv/bin/python bench/digital.py --loans 1000
    .venv/bin/python bench/digital.py --database-url postgresql://postgres@127.0.0.1/reol_bench_digital

Data, made fresh for every run: --loans / 5 patrons of one library with a cap of 5 e-books a
month and a yearly digital fund, and --loans pay-per-loan e-books. Each patron borrows five
titles, one transaction per loan. The raw run, on new patrons and titles, does per loan what
the service's writes amount to: the loan row and the event-log row, one transaction each,
through the database driver with no ORM (none of the service's reads). The ratio is service
÷ raw. The provider API's path: the same loans as the libraries' sites make them,
`POST /publizon/v1/user/loans/<identifier>` over HTTP against `reol serve` on one keep-alive
connection per patron, with each patron's bearer token from POST /oauth/token (password
grant; tokens fetched before the clock starts). Not part of `make test`.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench"), str(ROOT)]  # circulation_http: reol serve
BENCH_VAR = ROOT / "var" / "bench"
SQLITE = BENCH_VAR / "digital.sqlite3"
AGENCY = "990400"
PER_PATRON = 5


def configure_django(url: str) -> None:
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    os.environ["REOL_DATABASE_URL"] = url
    os.environ["REOL_VAR_DIR"] = str(BENCH_VAR)
    os.environ["DJANGO_SETTINGS_MODULE"] = "reol.settings"
    import django

    django.setup()


def build():
    """The library, its caps and its digital fund (once)."""
    from decimal import Decimal

    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from reol.collection.models import Fund
    from reol.digital.models import DigitalTerms
    from reol.libraries.models import Library, Region

    library = Library.objects.filter(agency=AGENCY).first()
    if library is None:
        region = Region.objects.create(name="Bench digital")
        library = Library.objects.create(agency=AGENCY, name="Bench digital",
                                         municipality="Bench", region=region)
        DigitalTerms.objects.create(library=library, ebook_cap=PER_PATRON)
    for year in (timezone.localdate().year,):
        Fund.objects.get_or_create(library=library, year=year, code="DIGITAL",
                                   defaults={"name": "Digital", "budget": Decimal("1e9")})
    return library


def prepare(library, tag: str, loans: int):
    """Patrons and pay-per-loan e-books, made through the catalogue's own service."""
    from datetime import date

    from django.contrib.auth.hashers import make_password

    from reol.catalogue.services import RecordData, save_records
    from reol.circulation.models import Patron
    from reol.digital.models import DigitalTitle

    records = [saved.record for saved in save_records(
        [RecordData(title=f"E-bog {tag} {n}", pid=f"bench-digital:{tag}-{n}",
                    material_type="ebook") for n in range(loans)])]
    titles = DigitalTitle.objects.bulk_create(
        DigitalTitle(record=record, licence="pay_per_loan") for record in records)
    for title, record in zip(titles, records, strict=True):
        title.record = record
    pin = make_password("1234")
    patrons = Patron.objects.bulk_create(
        Patron(card=f"D{tag}{n:06d}", pin=pin, name=f"Låner {n}", birth_date=date(1980, 1, 1),
               library=library) for n in range(max(1, loans // PER_PATRON)))
    return [(patrons[n // PER_PATRON], title) for n, title in enumerate(titles)]


def lend_all(pairs) -> float:
    from reol.digital import services

    start = time.perf_counter()
    for patron, title in pairs:
        services.lend(patron, title)
    return time.perf_counter() - start


def api_all(library, pairs) -> float:
    """The same loans through the provider API (/publizon) over HTTP, as a site makes them."""
    import base64
    import http.client
    import json
    from urllib.parse import urlencode

    from circulation_http import served

    from reol.oauth.services import add_client

    client_id, secret = add_client(library, f"Bench site {time.time()}")
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    env = {k: os.environ[k] for k in ("REOL_DATABASE_URL", "REOL_VAR_DIR")}
    env["REOL_ALLOW_INSECURE_BASIC"] = "1"  # the token over plain HTTP on the loopback only
    with served(env) as (port, _pid):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

        def call(method: str, path: str, body: str | None, headers: dict) -> dict:
            conn.request(method, path, body, headers)
            response = conn.getresponse()
            data = response.read()
            if response.status != 200:
                raise RuntimeError(f"{path}: HTTP {response.status} {data[:300]!r}")
            return json.loads(data)

        tokens = {}
        for patron in {patron.pk: patron for patron, _ in pairs}.values():
            tokens[patron.pk] = call("POST", "/oauth/token", urlencode(
                {"grant_type": "password", "username": patron.card, "password": "1234"}),
                {"Authorization": f"Basic {basic}",
                 "Content-Type": "application/x-www-form-urlencoded"})["access_token"]
        start = time.perf_counter()
        for patron, title in pairs:
            call("POST", f"/publizon/v1/user/loans/{title.record.pid}", None,
                 {"Authorization": f"Bearer {tokens[patron.pk]}"})
        return time.perf_counter() - start


def raw_all(pairs) -> float:
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone

    from reol.core.models import Event
    from reol.digital.models import DigitalLoan

    connection.ensure_connection()
    raw = connection.connection
    sqlite = connection.vendor == "sqlite"
    mark = "?" if sqlite else "%s"
    if sqlite:
        raw.isolation_level = None  # BEGIN IMMEDIATE by hand, as reol's SQLite does
    loan_sql = (f"INSERT INTO {DigitalLoan._meta.db_table} (patron_id, title_id, library_id,"
                " kind, started, ends, price)"
                f" VALUES ({', '.join([mark] * 7)}) RETURNING id")
    event_sql = (f"INSERT INTO {Event._meta.db_table} (time, kind, library_id, record_id,"
                 " material_type, audience, age_group, detail)"
                 f" VALUES ({', '.join([mark] * 8)})")
    start = time.perf_counter()
    for patron, title in pairs:
        now = timezone.now()
        values = (patron.pk, title.pk, patron.library_id, "ebook", now,
                  now + timedelta(days=30), "18.00")
        event = (now, "checkout", patron.library_id, title.record_id, "ebook", "adult", "40-49",
                 '{"digital": true}')
        if sqlite:
            raw.execute("BEGIN IMMEDIATE")
            cursor = raw.cursor()
            cursor.execute(loan_sql, values)
            cursor.execute(event_sql, event)
            raw.commit()
        else:
            with raw.transaction():
                cursor = raw.cursor()
                cursor.execute(loan_sql, values)
                cursor.execute(event_sql, event)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help=f"instead of {SQLITE.relative_to(ROOT)}")
    parser.add_argument("--loans", type=int, default=1000)
    args = parser.parse_args(argv)
    configure_django(args.database_url or f"sqlite:///{SQLITE}")
    from django.db import connection

    library = build()
    tag = f"{int(time.time()) % 100000:05d}"
    lend_all(prepare(library, tag + "w", 10))  # warm up: imports, memories; untimed
    service = lend_all(prepare(library, tag + "s", args.loans))
    raw = raw_all(prepare(library, tag + "r", args.loans))
    api = api_all(library, prepare(library, tag + "a", args.loans))
    n = args.loans
    print(f"database: {connection.vendor}; loans: {n}; load average: "
          f"{os.getloadavg()[0]:.2f}")
    print(f"services.lend: {service:.2f} s, {n / service:,.0f} loans/s, "
          f"{1000 * service / n:.2f} ms a loan")
    print(f"raw engine:    {raw:.2f} s, {n / raw:,.0f} loans/s, {1000 * raw / n:.2f} ms a loan")
    print(f"ratio service / raw: {service / raw:.1f}")
    print(f"provider API:  {api:.2f} s, {n / api:,.0f} loans/s, {1000 * api / n:.2f} ms a loan")
    print(f"ratio provider API / raw: {api / raw:.1f}; provider API / services: "
          f"{api / service:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
