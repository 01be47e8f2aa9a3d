"""FBS Adapter benchmark: a patron's page load as the libraries' apps make it, over HTTP
against `reol serve`, beside the same page through reol's own API, in the same run.

    .venv/bin/python bench/fbs.py                    # SQLite, var/bench/fbs.sqlite3
    .venv/bin/python bench/fbs.py --database-url postgresql://postgres@127.0.0.1/reol_bench_fbs

A page load is what the apps' dashboard and lists ask for one patron with 10 loans,
5 reservations and 3 fees, one request after another on one keep-alive connection:
  fbs      GET …/patrons/patronid/v4, …/loans/v2, …/reservations/v2, …/fees/v2 and
           …/catalog/availability/v3 for 20 records (5 requests), with a patron's bearer
           token from POST /oauth/token (password grant);
  own API  GET /api/v1/patron, /patron/loans, /patron/reservations, /patron/fees and
           /api/v1/records/<pid> for the same 20 records (24 requests), with the session of
           POST /api/v1/patron/session;
  direct   the FBS answers made in this process by reol/fbs/answers.py, no HTTP: the floor
           the two HTTP ways stand on.
The ways take turns, page load by page load. Not part of `make test`.
"""

import argparse
import base64
import http.client
import json
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "var" / "bench"
SQLITE = BENCH_VAR / "fbs.sqlite3"
CARD, PIN = "7161000001", "1234"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="an empty database to build in instead of "
                        f"{SQLITE.relative_to(ROOT)}")
    parser.add_argument("--loads", type=int, default=200, help="page loads per way (200)")
    return parser.parse_args(argv)


def configure_django(url: str) -> None:
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    os.environ["REOL_DATABASE_URL"] = url
    os.environ["REOL_VAR_DIR"] = str(BENCH_VAR)
    os.environ["DJANGO_SETTINGS_MODULE"] = "reol.settings"
    sys.path[:0] = [str(ROOT / "bench"), str(ROOT)]  # circulation_http; tests.factories
    import django

    django.setup()


def build() -> tuple[list[str], tuple[str, str]]:
    """Glostrup with 40 titles, a patron with 10 loans, 5 reservations and 3 fees; the pids
    of 20 titles the page shows; the site's OAuth client."""
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    from reol.circulation import accounts, reservations, services
    from reol.circulation.models import Patron
    from reol.libraries.models import Branch, Library, Region
    from reol.oauth.services import add_client
    from tests.factories import make_item, make_record

    call_command("migrate", verbosity=0)
    region = Region.objects.create(name="Gentofte", municipalities=28)
    library = Library.objects.create(agency="716100", name="Glostrup Bibliotek",
                                     municipality="Glostrup", region=region)
    branch = Branch.objects.create(library=library, code="glostrup", name="Glostrup Bibliotek",
                                   kind="main")
    records = [make_record(f"Titel {n}", pid=f"870970-basis:{61000000 + n}")
               for n in range(40)]
    for record in records:
        make_item(record, branch)
    patron = Patron.objects.create(card=CARD, pin=make_password(PIN), name="Alma Jensen",
                                   birth_date="1980-05-17", library=library,
                                   email="alma@example.dk")
    for record in records[:10]:
        services.check_out(patron, record.items.get().barcode, branch)
    other = Patron.objects.create(card="7161000002", pin="!", name="Bent", library=library,
                                  birth_date="1970-01-01")
    for record in records[10:15]:
        services.check_out(other, record.items.get().barcode, branch)
        reservations.place_reservation(patron, record, branch)
    for n in range(3):
        accounts.manual_charge(patron, Decimal("20"), f"Skade {n}", library_id=library.pk,
                               by=None)
    return [r.pid for r in records[:20]], add_client(library, "Bench site")


class Way:
    def __init__(self, port: int, headers: dict[str, str], paths: list[str]) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.headers, self.paths = headers, paths

    def page(self) -> float:
        start = time.perf_counter()
        for path in self.paths:
            self.conn.request("GET", path, headers=self.headers)
            response = self.conn.getresponse()
            body = response.read()
            if response.status != 200:
                raise RuntimeError(f"{path}: HTTP {response.status} {body[:300]!r}")
        return time.perf_counter() - start


def _post(port: int, path: str, body: str, headers: dict[str, str]):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("POST", path, body, headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"{path}: HTTP {response.status} {data[:300]!r}")
    return response, json.loads(data)


def fbs_way(port: int, client: tuple[str, str], pids: list[str]) -> Way:
    basic = base64.b64encode(f"{client[0]}:{client[1]}".encode()).decode()
    _, token = _post(port, "/oauth/token", urlencode(
        {"grant_type": "password", "username": CARD, "password": PIN}),
        {"Authorization": f"Basic {basic}",
         "Content-Type": "application/x-www-form-urlencoded"})
    faust = urlencode([("recordid", pid.rpartition(":")[2]) for pid in pids])
    base = "/external/agencyid/patrons/patronid"
    return Way(port, {"Authorization": f"Bearer {token['access_token']}"}, [
        f"{base}/v4", f"{base}/loans/v2", "/external/v1/agencyid/patrons/patronid/reservations/v2",
        "/external/agencyid/patron/patronid/fees/v2?includepaid=false&includenonpayable=true",
        f"/external/agencyid/catalog/availability/v3?{faust}"])


def own_way(port: int, pids: list[str]) -> Way:
    response, _ = _post(port, "/api/v1/patron/session", json.dumps({"card": CARD, "pin": PIN}),
                        {"Content-Type": "application/json"})
    cookies = [c.split(";", 1)[0] for c in response.headers.get_all("Set-Cookie") or []]
    return Way(port, {"Cookie": "; ".join(cookies)}, [
        "/api/v1/patron", "/api/v1/patron/loans", "/api/v1/patron/reservations",
        "/api/v1/patron/fees", *(f"/api/v1/records/{pid}" for pid in pids)])


def direct_page(pids: list[str]) -> float:
    from reol.circulation.models import Patron
    from reol.fbs import answers

    start = time.perf_counter()
    patron = Patron.objects.select_related("library", "pickup_branch").get(card=CARD)
    answers.patron(patron, 7)
    answers.loans(patron)
    answers.reservations_of(patron, 2)
    answers.fees(patron, False, True)
    answers.availability(patron.library_id, [p.rpartition(":")[2] for p in pids], [])
    return time.perf_counter() - start


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.database_url is None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE}{suffix}").unlink(missing_ok=True)
    configure_django(args.database_url or f"sqlite:///{SQLITE}")
    from circulation_http import served
    from django.db import connection

    pids, client = build()
    env = {k: os.environ[k] for k in ("REOL_DATABASE_URL", "REOL_VAR_DIR")}
    times: dict[str, list[float]] = {"fbs": [], "own API": [], "direct": []}
    with served(env) as (port, _pid):
        ways = {"fbs": fbs_way(port, client, pids), "own API": own_way(port, pids)}
        for way in ways.values():  # warm: the server's memories, the connection
            way.page()
        direct_page(pids)
        for _ in range(args.loads):
            for name, way in ways.items():
                times[name].append(way.page())
            times["direct"].append(direct_page(pids))
    load = os.getloadavg()[0]
    print(f"FBS Adapter page load, {connection.vendor}, {args.loads} loads per way, "
          f"load average {load:.1f}")
    print(f"{'way':<8} {'requests':>8} {'loads/s':>8} {'p50 ms':>8} {'p95 ms':>8}")
    requests = {"fbs": 5, "own API": 24, "direct": 0}
    for name, found in times.items():
        print(f"{name:<8} {requests[name]:>8} {1 / statistics.mean(found):>8.1f} "
              f"{statistics.median(found) * 1000:>8.1f} {p95(found) * 1000:>8.1f}")
    print(f"p95 ratio fbs / own API: {p95(times['fbs']) / p95(times['own API']):.2f}; "
          f"fbs / direct: {p95(times['fbs']) / p95(times['direct']):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
