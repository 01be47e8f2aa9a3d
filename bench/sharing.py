"""Benchmark: route a national day of interlibrary requests.

98 libraries (six central, in six regions) hold 1,000,000 items of 50,000 records; 3,000
requests wait for a supplier. Timed: reol.sharing.services.route_requests — the bulk holdings
query (which libraries have an available copy of each requested record) and the ranking by
rules.route — and then route_pending, which also asks the first candidate (writes the requests'
state and their outgoing messages). Target: a national day routed in under one second.

    REOL_VAR_DIR=/tmp/bench_sharing .venv/bin/python bench/sharing.py
    (REOL_DATABASE_URL=postgresql://… for PostgreSQL; the database is emptied first.)
"""

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
from reol.libraries.models import Branch, Library, Region  # noqa: E402
from reol.sharing import services  # noqa: E402
from reol.sharing.models import IllRequest  # noqa: E402

SEED, LIBRARIES, ITEMS, RECORDS, REQUESTS = 2026, 98, 1_000_000, 50_000, 3_000


def build() -> list[IllRequest]:
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
                                       year=1950 + i % 75) for i in range(RECORDS)),
                               batch_size=5000)
    records = list(Record.objects.order_by("pk").values_list("pk", flat=True))
    weights = [1 / (i + 1) ** 0.6 for i in range(RECORDS)]  # popular titles have more copies
    picks = rng.choices(records, weights, k=ITEMS)
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
    now = timezone.now()
    asked = rng.choices(records, weights, k=REQUESTS)
    IllRequest.objects.bulk_create(
        IllRequest(role="requester", requester_isil=libraries[i % LIBRARIES].isil,
                   request_id=f"bench-{i}", library=libraries[i % LIBRARIES],
                   record_id=record, title=f"Titel {record}", created=now, updated=now)
        for i, record in enumerate(asked))
    return list(IllRequest.objects.filter(role="requester", supplier_isil=""))


def main() -> None:
    started = time.perf_counter()
    with transaction.atomic():
        requests = build()
    print(f"{connection.vendor}: built {LIBRARIES} libraries, {Item.objects.count():,} items, "
          f"{len(requests):,} requests in {time.perf_counter() - started:.1f} s")
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        assigned = services.route_requests(requests)
        runs.append(time.perf_counter() - t)
    ranked = sum(1 for a in assigned if a.candidates)
    print(f"route_requests (holdings query + ranking): best {min(runs):.3f} s, "
          f"worst {max(runs):.3f} s; {ranked:,} of {len(assigned):,} have a candidate")
    t = time.perf_counter()
    try:
        moved = services.route_pending()
    except Exception as error:  # the other half is young: report, do not hide
        print(f"route_pending failed: {error!r}")
    else:
        print(f"route_pending (asks the first candidates, writes): {moved:,} requests in "
              f"{time.perf_counter() - t:.3f} s")


if __name__ == "__main__":
    main()
