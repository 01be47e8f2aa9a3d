"""Benchmark: route a national day of interlibrary requests.

98 libraries (six central, in six regions) hold 1,000,000 items of 50,000 records; 3,000
requests wait for a supplier. Timed, several runs each:

- reol.sharing.routing.route_requests — the bulk holdings query (which libraries have an
  available copy of each requested record) and the ranking by rules.route; writes nothing.
  Target: a national day routed in under one second.
- route_pending — route_requests plus asking each first candidate: the requests' new state,
  their event-log rows and their outgoing Request messages, in one transaction ("asks").
- the outbox flush after that commit — the 3,000 Requests delivered in-process to the
  suppliers of this database, each taken in its own transaction and answered
  (RequestReceived or Unfilled, which sends the next Request), every message validated
  against the XSD. This is the day's message traffic, not routing.

    REOL_VAR_DIR=/tmp/bench_sharing .venv/bin/python bench/sharing.py [--runs 3] [--reuse]
    (REOL_DATABASE_URL=postgresql://… for PostgreSQL; the database is emptied first unless
    --reuse finds the data of an earlier run, whose requests are then reset.)
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reol.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from reol.catalogue.models import Item, Record  # noqa: E402
from reol.circulation.models import Event  # noqa: E402
from reol.libraries.models import Branch, Library, Region  # noqa: E402
from reol.sharing import peers, routing, services  # noqa: E402
from reol.sharing.models import IllMessage, IllRequest  # noqa: E402

SEED, LIBRARIES = 2026, 98


def build(items: int, records: int) -> None:
    rng = random.Random(SEED)
    call_command("flush", interactive=False, verbosity=0)
    regions = [Region.objects.create(name=f"Region {i}", municipalities=16) for i in range(6)]
    libraries = []
    for n in range(LIBRARIES):
        libraries.append(Library(agency=f"7{n + 100:03d}00"[:6], name=f"Bibliotek {n}",
                                 municipality=f"Kommune {n}", region=regions[n % 6],
                                 kind="central" if n < 6 else "municipal"))
    Library.objects.bulk_create(libraries)
    libraries = list(Library.objects.order_by("pk"))
    Branch.objects.bulk_create(Branch(library=lib, code=f"b{lib.agency}", name=lib.name,
                                      kind="main") for lib in libraries)
    branch = {b.library_id: b.pk for b in Branch.objects.all()}
    Record.objects.bulk_create((Record(pid=f"999999-bench:{i}", title=f"Titel {i}",
                                       year=1950 + i % 75) for i in range(records)),
                               batch_size=5000)
    ids = _records()
    picks = rng.choices(ids, _weights(len(ids)), k=items)
    statuses = ["available"] * 6 + ["on_loan"] * 3 + ["in_transit"]
    batch = []
    for i, record in enumerate(picks):
        lib = libraries[rng.randrange(LIBRARIES)]
        batch.append(Item(barcode=f"9{i:09d}", record_id=record, library_id=lib.pk,
                          home_branch_id=branch[lib.pk], current_branch_id=branch[lib.pk],
                          status=rng.choice(statuses)))
        if len(batch) == 20_000:
            Item.objects.bulk_create(batch)
            batch = []
    Item.objects.bulk_create(batch)


def settle() -> None:
    """What a live database has after a bulk load: statistics for the planner and, on
    PostgreSQL, a visibility map, without which no scan is index-only (autovacuum does both)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE catalogue_item" if connection.vendor == "postgresql"
                       else "ANALYZE")


def _records() -> list[int]:
    return list(Record.objects.filter(pid__startswith="999999-bench:").order_by("pk")
                .values_list("pk", flat=True))


def _weights(n: int) -> list[float]:
    return [1 / (i + 1) ** 0.6 for i in range(n)]  # popular titles have more copies


def reset(requests: int) -> list[IllRequest]:
    """The day's requests, fresh: nobody asked yet, no messages, no interlibrary events."""
    rng = random.Random(SEED + 1)
    Event.objects.filter(kind=services.ILL_KIND).delete()
    IllMessage.objects.all().delete()
    IllRequest.objects.all().delete()
    libraries = list(Library.objects.order_by("pk"))
    ids = _records()
    pids = dict(Record.objects.filter(pk__in=ids).values_list("pk", "pid"))
    now = timezone.now()
    asked = rng.choices(ids, _weights(len(ids)), k=requests)
    # With its pid, as request_for_reservation writes it: the supplier finds the title by it.
    IllRequest.objects.bulk_create(
        IllRequest(role="requester", requester_isil=libraries[i % LIBRARIES].isil,
                   request_id=f"bench-{i}", library=libraries[i % LIBRARIES],
                   record_id=record, pid=pids[record], title=f"Titel {record}",
                   created=now, updated=now)
        for i, record in enumerate(asked))
    return list(IllRequest.objects.filter(role="requester", supplier_isil=""))


def prepare(args: argparse.Namespace) -> list[IllRequest]:
    started = time.perf_counter()
    kept = args.reuse and Item.objects.filter(barcode__startswith="9").count() == args.items
    if not kept:
        with transaction.atomic():
            build(args.items, args.records)
        settle()
    with transaction.atomic():
        requests = reset(args.requests)
    print(f"{connection.vendor}: {'kept' if kept else 'built'} {LIBRARIES} libraries, "
          f"{Item.objects.count():,} items, {len(requests):,} requests "
          f"in {time.perf_counter() - started:.1f} s")
    return requests


def spread(runs: list[float]) -> str:
    return f"best {min(runs):.3f} s, worst {max(runs):.3f} s ({len(runs)} runs)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=3_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reuse", action="store_true",
                        help="keep the libraries and items of an earlier run")
    parser.add_argument("--no-flush", action="store_true",
                        help="time route_pending without delivering its messages")
    args = parser.parse_args()
    requests = prepare(args)
    runs = []
    for _ in range(args.runs):
        t = time.perf_counter()
        assigned = routing.route_requests(requests)
        runs.append(time.perf_counter() - t)
    ranked = sum(1 for a in assigned if a.candidates)
    print(f"route_requests (holdings query + ranking): {spread(runs)}; "
          f"{ranked:,} of {len(assigned):,} have a candidate")
    asks, flushes = [], []
    on_commit = transaction.on_commit
    for n in range(args.runs):
        if n:
            with transaction.atomic():
                reset(args.requests)
        t = time.perf_counter()
        with transaction.atomic():
            if args.no_flush:
                transaction.on_commit = lambda *args, **kwargs: None  # keep the outbox
            moved = routing.route_pending()
            asks.append(time.perf_counter() - t)
        flushes.append(time.perf_counter() - t - asks[-1])
        transaction.on_commit = on_commit
    print(f"route_pending (routes and asks the first candidates, one transaction): "
          f"{moved:,} requests, {spread(asks)}")
    if not args.no_flush:
        delivered = IllMessage.objects.filter(direction="in").count()
        print(f"outbox flush after the commit: {delivered:,} messages taken, {spread(flushes)}"
              f"; {peers.flush()} left over")


if __name__ == "__main__":
    main()
