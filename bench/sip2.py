"""SIP2 benchmark: checkout + check-in round trips per second, and their p95, with 1, 10 and 50
self-check machines at once against `reol sip2` in a subprocess.

    .venv/bin/python bench/sip2.py                         # SQLite, var/bench/sip2.sqlite3
    .venv/bin/python bench/sip2.py --seconds 5 --kiosks 1 10
    .venv/bin/python bench/sip2.py --database-url postgresql://postgres@127.0.0.1/reol_bench_sip2
    .venv/bin/python bench/sip2.py --profile 300          # where one round trip's time goes

Data: one library with a house that keeps open-library hours, 60 kiosk terminals, 60 patrons
and 40 copies per machine (each machine lends its own copies, as machines in different
houses would; the race for one copy is a test, not this benchmark). Each machine logs in (93),
opens its patron's session with card and PIN (23), then repeats: checkout (11) a copy, check
it in (09). A round trip is that pair, timed from sending 11 to reading the 10. Clients are
asyncio connections in this process; the server is `reol sip2` in its own process. Request
loops are bounded in count and time and only reach 127.0.0.1.
"""

import argparse
import asyncio
import cProfile
import io
import json
import os
import pstats
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "var" / "bench"
SQLITE = BENCH_VAR / "sip2.sqlite3"
AGENCY = "990100"
BRANCH = "bench-sip2"
PASSWORD, PIN = "bench-secret", "1234"
MACHINES = 60
COPIES = 40  # per machine
DATE = "20261122    101010"


def configure_django(url: str) -> None:
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    os.environ["REOL_DATABASE_URL"] = url
    os.environ["REOL_VAR_DIR"] = str(BENCH_VAR)
    os.environ["DJANGO_SETTINGS_MODULE"] = "reol.settings"
    import django

    django.setup()


def build() -> None:
    """Migrate and load the data once; a database that has it is reused."""
    from datetime import date, time

    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)
    from reol.catalogue.models import Item, Record
    from reol.circulation.models import Loan, Patron
    from reol.libraries.models import Branch, Library, OpeningPattern, Region
    from reol.search.indexing import index_records
    from reol.selfservice.models import Sip2Terminal

    if Library.objects.filter(agency=AGENCY).exists():
        # Leave every copy on the shelf, as a run that was stopped half-way might not have.
        Loan.objects.filter(item__library__agency=AGENCY, returned__isnull=True).delete()
        Item.objects.filter(library__agency=AGENCY).update(status="available")
        return
    pin, password = make_password(PIN), make_password(PASSWORD)  # one Argon2 hash each
    with transaction.atomic():
        region = Region.objects.create(name="Bench SIP2")
        library = Library.objects.create(agency=AGENCY, name="Bench SIP2", municipality="Bench",
                                         region=region)
        branch = Branch.objects.create(library=library, code=BRANCH, name="Bench", kind="main")
        OpeningPattern.objects.bulk_create(
            OpeningPattern(branch=branch, valid_from=date(2020, 1, 1), weekday=day,
                           opens=time(0), closes=time(23, 59, 59), service="self_service")
            for day in range(7))
        Sip2Terminal.objects.bulk_create(
            Sip2Terminal(login=f"bench-{n}", password=password, branch=branch)
            for n in range(MACHINES))
        Patron.objects.bulk_create(
            Patron(card=f"B{n:07d}", pin=pin, name=f"Bench {n}", birth_date=date(1980, 1, 1),
                   library=library) for n in range(MACHINES))
        records = Record.objects.bulk_create(
            Record(pid=f"999999-sip2:{n}", title=f"Bench title {n}")
            for n in range(MACHINES * COPIES))
        Item.objects.bulk_create(
            Item(barcode=f"S{n:08d}", record=record, library=library, home_branch=branch,
                 current_branch=branch)
            for n, record in enumerate(records))
        index_records([r.pk for r in records])


def frame(text: str) -> bytes:
    return text.encode() + b"\r"


class Kiosk:
    """One machine's connection: logged in and its patron's session open before timing."""

    def __init__(self, n: int) -> None:
        self.n, self.card, self.done = n, f"B{n:07d}", 0

    async def open(self, port: int) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", port)
        assert (await self.ask(f"9300CNbench-{self.n}|CO{PASSWORD}|")) == "941"
        status = await self.ask(f"23009{DATE}AO|AA{self.card}|AC|AD{PIN}|")
        assert "CQY|" in status, status

    async def ask(self, text: str) -> str:
        self.writer.write(frame(text))
        return (await self.reader.readuntil(b"\r"))[:-1].decode()

    async def lend(self, deadline: float, latencies: list[float]) -> int:
        """Checkout + check-in pairs until the deadline; returns how many."""
        pairs = 0
        while time.monotonic() < deadline:
            barcode = f"S{self.n * COPIES + self.done % COPIES:08d}"
            start = time.perf_counter()
            lent = await self.ask(f"11NN{DATE}{' ' * 18}AO|AA{self.card}|AB{barcode}|")
            back = await self.ask(f"09N{DATE}{DATE}AP|AO|AB{barcode}|")
            latencies.append(time.perf_counter() - start)
            if not (lent.startswith("121") and back.startswith("101")):
                raise RuntimeError(f"refused: {lent!r} {back!r}")
            pairs, self.done = pairs + 1, self.done + 1
        return pairs

    async def close(self) -> None:
        await self.ask(f"35{DATE}AO|AA{self.card}|")
        self.writer.close()


async def run_level(port: int, kiosks: int, seconds: float, warmup: float) -> dict:
    """`kiosks` machines at once: log in (untimed: Argon2 is slow on purpose), a warm-up, then
    `seconds` of timed round trips."""
    machines = [Kiosk(n) for n in range(kiosks)]
    await asyncio.gather(*(machine.open(port) for machine in machines))
    await asyncio.gather(*(m.lend(time.monotonic() + warmup, []) for m in machines))
    latencies: list[float] = []
    start = time.perf_counter()
    deadline = time.monotonic() + seconds
    pairs = await asyncio.gather(*(machine.lend(deadline, latencies) for machine in machines))
    elapsed = time.perf_counter() - start
    await asyncio.gather(*(machine.close() for machine in machines))
    ordered = sorted(latencies)
    return {
        "kiosks": kiosks,
        "round_trips": sum(pairs),
        "seconds": round(elapsed, 2),
        "per_second": round(sum(pairs) / elapsed, 1),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[max(int(len(ordered) * 0.95) - 1, 0)] * 1000, 1),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, workers: int) -> subprocess.Popen:
    env = dict(os.environ, REOL_SIP2_WORKERS=str(workers))  # 0: the server's default
    server = subprocess.Popen([str(ROOT / ".venv/bin/reol"), "sip2", "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("reol sip2 did not start")


def _pairs(session, pairs: int) -> float:
    from reol.selfservice.handlers import dispatch

    start = time.perf_counter()
    for i in range(pairs):
        barcode = f"S{i % COPIES:08d}"
        assert dispatch(session, f"11NN{DATE}{' ' * 18}AO|AAB0000000|AB{barcode}|".encode()
                        ).startswith(b"121")
        assert dispatch(session, f"09N{DATE}{DATE}AP|AO|AB{barcode}|".encode()
                        ).startswith(b"101")
    return time.perf_counter() - start


def profile(pairs: int) -> str:
    """The same round trips straight through the handlers in one thread (no TCP, no asyncio),
    first plain, then under cProfile: where the server's time goes."""
    from reol.selfservice.handlers import Session, dispatch
    from reol.selfservice.protocol import parse

    session = Session()
    dispatch(session, f"9300CNbench-0|CO{PASSWORD}|".encode())
    dispatch(session, f"23009{DATE}AO|AA{'B0000000'}|AC|AD{PIN}|".encode())
    plain = _pairs(session, pairs)
    start = time.perf_counter()
    for _ in range(pairs):
        parse(f"11NN{DATE}{' ' * 18}AO|AAB0000000|ABS00000001|".encode())
    parsing = time.perf_counter() - start
    profiler = cProfile.Profile()
    profiler.enable()
    _pairs(session, pairs)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(60)
    return (f"{pairs} round trips through the handlers, one thread, no TCP: "
            f"{pairs / plain:.0f}/s, {plain / pairs * 1000:.1f} ms each; parsing one request "
            f"{parsing / pairs * 1e6:.0f} µs\nUnder cProfile:\n" + out.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help=f"instead of {SQLITE.relative_to(ROOT)}")
    parser.add_argument("--kiosks", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--seconds", type=float, default=15, help="timed per level (15)")
    parser.add_argument("--warmup", type=float, default=2, help="untimed per level (2)")
    parser.add_argument("--workers", type=int, default=0,
                        help="server's database threads (default: the server's own choice)")
    parser.add_argument("--profile", type=int, metavar="PAIRS", help="profile, then stop")
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args(argv)
    if max(args.kiosks) > MACHINES:
        parser.error(f"at most {MACHINES} kiosks")
    configure_django(args.database_url or f"sqlite:///{SQLITE}")
    build()
    if args.profile:
        print(profile(args.profile))
        return 0
    from django.db import connections

    connections.close_all()
    port = free_port()
    server = start_server(port, args.workers)
    try:
        results = [asyncio.run(run_level(port, n, args.seconds, args.warmup))
                   for n in args.kiosks]
    finally:
        server.terminate()
        server.wait(timeout=30)
    engine = "PostgreSQL" if args.database_url else "SQLite"
    print(f"{engine}, server workers {args.workers or 'default'}")
    print(f"{'kiosks':>6} {'round trips':>11} {'per s':>7} {'p50 ms':>7} {'p95 ms':>7}")
    for row in results:
        print(f"{row['kiosks']:>6} {row['round_trips']:>11} {row['per_second']:>7} "
              f"{row['p50_ms']:>7} {row['p95_ms']:>7}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
