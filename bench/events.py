"""Events benchmark: expanding a year of every demo series, rendering the calendar page, and
registrations per second under concurrency (never over capacity).

    .venv/bin/python bench/events.py                       # SQLite, var/bench/events.sqlite3
    .venv/bin/python bench/events.py --database-url postgresql://postgres@127.0.0.1/reol_bench_events

Data: the demo library network with opening hours and the demo season of events
(reol/events/demo.py), built once. Then:
  expand     rules.expand() of every series over a year (pure dateutil), and materialise()
             of every series (stores or updates a year of occurrences, with closure flags);
  calendar   GET /events/ (31 days, all libraries) and GET /events/?audience=children
             through Django's test client: p50 and p95;
  register   N threads, each with its own connection, register guests for 20 occurrences
             with 60 places each for --seconds; afterwards no occurrence may be over capacity.
Not part of `make test`.
"""

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_VAR = ROOT / "var" / "bench"
SQLITE = BENCH_VAR / "events.sqlite3"


def configure_django(url: str) -> None:
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    os.environ["REOL_DATABASE_URL"] = url
    os.environ["REOL_VAR_DIR"] = str(BENCH_VAR)
    os.environ["DJANGO_SETTINGS_MODULE"] = "reol.settings"
    os.environ.setdefault("REOL_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()


def build() -> None:
    from django.core.management import call_command

    from reol.events.demo import load_demo
    from reol.libraries.demo import load_hours, load_network
    from reol.libraries.models import Library

    call_command("migrate", verbosity=0)
    if not Library.objects.exists():
        load_network()
        load_hours()
    started = time.perf_counter()
    made = load_demo()
    if made:
        print(f"demo season: {made} occurrences in {time.perf_counter() - started:.1f} s")


def expand() -> None:
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from reol.events import rules, services
    from reol.events.models import EventSeries

    series = list(EventSeries.objects.select_related("branch"))
    started = time.perf_counter()
    count = 0
    for s in series:
        first = services.local(s.first_start)
        count += len(rules.expand(s.recurrence, first, first, first + timedelta(days=365)))
    pure = time.perf_counter() - started
    now = timezone.now()
    started = time.perf_counter()
    for s in series:
        with transaction.atomic():
            services.materialise(s, now, overwrite=True)
    stored = time.perf_counter() - started
    print(f"expand: {len(series)} series, {count} occurrences in a year: rules {pure * 1000:.1f} ms"
          f" ({pure / len(series) * 1000:.2f} ms per series); materialise {stored * 1000:.0f} ms "
          f"({stored / len(series) * 1000:.1f} ms per series)")


def calendar(requests: int) -> None:
    from django.test import Client

    client = Client()
    for url in ("/events/", "/events/?audience=children"):
        client.get(url)
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        times.sort()
        print(f"calendar {url}: p50 {statistics.median(times):.1f} ms, "
              f"p95 {times[int(len(times) * 0.95) - 1]:.1f} ms, {len(response.content)} bytes")


def register(threads: int, seconds: float) -> None:
    from datetime import timedelta

    from django.db import connection
    from django.db.models import Sum
    from django.utils import timezone

    from reol.errors import DomainError
    from reol.events import registration
    from reol.events.models import Occurrence, Registration
    from reol.events.services import SeriesData, create_series

    Registration.objects.filter(occurrence__series__title="Bench").delete()
    series = create_series(SeriesData(
        library="773000", branch="randers-hb", title="Bench", category="talk",
        first_start=timezone.now() + timedelta(days=3), rule="FREQ=DAILY;COUNT=20",
        capacity=60, registration_required=True))
    occurrences = list(series.occurrences.values_list("pk", flat=True))
    done, refused = [0] * threads, [0] * threads
    barrier = threading.Barrier(threads)
    stop = time.perf_counter() + seconds + 0.5

    def run(index: int) -> None:
        barrier.wait()
        n = 0
        try:
            while time.perf_counter() < stop:
                n += 1
                try:
                    registration.register(
                        occurrences[n % len(occurrences)], name=f"T{index}",
                        email=f"t{index}-{n}@example.dk", party_size=1 + n % 3)
                    done[index] += 1
                except DomainError:
                    refused[index] += 1
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    started = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - started
    over = 0
    for pk in occurrences:
        taken = Registration.objects.filter(occurrence_id=pk, status="confirmed").aggregate(
            n=Sum("party_size"))["n"] or 0
        over += taken > 60
    print(f"register: {threads} threads, {sum(done) / elapsed:.0f} registrations/s "
          f"({sum(done)} made, {sum(refused)} refused), occurrences over capacity: {over}")
    series.delete()
    Occurrence.objects.filter(series__title="Bench").delete()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=f"sqlite:///{SQLITE}")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 4, 8])
    args = parser.parse_args(argv)
    configure_django(args.database_url)
    build()
    expand()
    calendar(args.requests)
    for threads in args.threads:
        register(threads, args.seconds)


if __name__ == "__main__":
    main()
