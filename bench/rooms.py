"""Rooms benchmark: room bookings per second under concurrency, and that no slot is ever
booked twice.

    .venv/bin/python bench/rooms.py                          # SQLite, var/bench/rooms.sqlite3
    .venv/bin/python bench/rooms.py --seconds 3 --threads 1 8
    .venv/bin/python bench/rooms.py --database-url postgresql://postgres@127.0.0.1/reol_bench_rooms

Data: one library whose house is open 8–20 every day, 20 rooms (30-minute slots, no weekly
limit, a year ahead) and 400 patrons. Each thread has its own connection and calls
services.book() in a loop for --seconds:
  spread     a random room, day and slot each time: mostly free, a few taken;
  contended  every thread walks the same room's slots in the same order: each slot is asked
             for by every thread at once, and exactly one may get it.
Afterwards every room's active bookings are checked for overlaps. Then the week's availability
of a busy room is timed (the room page's grid). Bookings are deleted before each run.
Not part of `make test`.
"""

import argparse
import itertools
import os
import random
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_VAR = ROOT / "var" / "bench"
SQLITE = BENCH_VAR / "rooms.sqlite3"
AGENCY, BRANCH = "990200", "bench-rooms"
ROOMS, PATRONS = 20, 400


def configure_django(url: str) -> None:
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    os.environ["REOL_DATABASE_URL"] = url
    os.environ["REOL_VAR_DIR"] = str(BENCH_VAR)
    os.environ["DJANGO_SETTINGS_MODULE"] = "reol.settings"
    import django

    django.setup()


def build() -> None:
    """Migrate and load the data once; bookings are cleared on every run."""
    from datetime import date
    from datetime import time as clock

    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)
    from reol.circulation.models import Patron
    from reol.libraries.models import Branch, Library, OpeningPattern, Region
    from reol.rooms.models import Booking, Room

    Booking.objects.filter(room__branch__code=BRANCH).delete()
    if Library.objects.filter(agency=AGENCY).exists():
        return
    with transaction.atomic():
        region = Region.objects.create(name="Bench rooms")
        library = Library.objects.create(agency=AGENCY, name="Bench rooms", municipality="Bench",
                                         region=region)
        branch = Branch.objects.create(library=library, code=BRANCH, name="Bench rooms")
        for weekday in range(7):
            OpeningPattern.objects.create(branch=branch, valid_from=date(2020, 1, 1),
                                          weekday=weekday, opens=clock(8), closes=clock(20),
                                          service="staffed", open_on_holidays=True)
        for i in range(ROOMS):
            Room.objects.create(branch=branch, name=f"Rum {i}", slug=f"bench-room-{i}",
                                slot_minutes=30, max_minutes=240, max_per_week=1000,
                                days_ahead=365)
        pin = make_password("1234")
        Patron.objects.bulk_create(
            Patron(card=f"{AGENCY}{i:04d}", pin=pin, name=f"Låner {i}",
                   birth_date=date(1990, 1, 1), library=library) for i in range(PATRONS))


def run(threads: int, seconds: float, contended: bool) -> dict:
    from datetime import datetime, timedelta

    from django.db import connection
    from django.utils import timezone

    from reol.circulation.models import Patron
    from reol.errors import DomainError
    from reol.rooms import services
    from reol.rooms.models import Booking, Room

    Booking.objects.filter(room__branch__code=BRANCH).delete()
    rooms = list(Room.objects.filter(branch__code=BRANCH).select_related("branch"))
    patrons = list(Patron.objects.filter(library__agency=AGENCY))
    start_day = timezone.localdate() + timedelta(days=1)
    counts = {"booked": 0, "taken": 0, "other": 0}
    lock = threading.Lock()
    barrier = threading.Barrier(threads + 1)
    stop = threading.Event()

    def slot(n: int) -> tuple[datetime, datetime]:
        day = start_day + timedelta(days=n // 24)
        midnight = datetime.combine(day, datetime.min.time())
        begin = midnight + timedelta(hours=8, minutes=30 * (n % 24))
        return begin, begin + timedelta(minutes=30)

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        mine = {"booked": 0, "taken": 0, "other": 0}
        n = 0
        barrier.wait()
        try:
            while not stop.is_set():
                if contended:
                    room, span = rooms[0], slot(n)
                    n += 1
                else:
                    room, span = rng.choice(rooms), slot(rng.randrange(300 * 24))
                try:
                    services.book(room, *span, patron=rng.choice(patrons))
                    mine["booked"] += 1
                except DomainError as error:
                    mine["taken" if error.code == "taken" else "other"] += 1
        finally:
            connection.close()
            with lock:
                for key, value in mine.items():
                    counts[key] += value

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    barrier.wait()
    began = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - began
    overlaps = 0
    for room in rooms:
        spans = list(Booking.objects.filter(room=room, status__in=Booking.ACTIVE)
                     .order_by("start").values_list("start", "end"))
        overlaps += sum(1 for a, b in itertools.pairwise(spans) if b[0] < a[1])
    attempts = sum(counts.values())
    return {"threads": threads, "mode": "contended" if contended else "spread",
            "attempts_per_s": attempts / elapsed, "booked_per_s": counts["booked"] / elapsed,
            **counts, "overlaps": overlaps}


def availability_ms(repeat: int = 200) -> float:
    from datetime import timedelta

    from django.utils import timezone

    from reol.rooms import services
    from reol.rooms.models import Room

    room = Room.objects.get(slug="bench-room-0")
    monday = timezone.localdate()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        services.availability(room, monday, monday + timedelta(days=6))
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help=f"instead of {SQLITE.relative_to(ROOT)}")
    parser.add_argument("--seconds", type=float, default=5.0, help="per measurement (5)")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 4, 16])
    args = parser.parse_args(argv)
    configure_django(args.database_url or f"sqlite:///{SQLITE}")
    from django.db import connection

    build()
    print(f"database: {connection.vendor}")
    print("| mode | threads | attempts/s | bookings/s | booked | taken | overlaps |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    failed = False
    for contended in (False, True):
        for threads in args.threads:
            r = run(threads, args.seconds, contended)
            failed |= r["overlaps"] > 0 or r["other"] > 0
            print(f"| {r['mode']} | {threads} | {r['attempts_per_s']:.0f} | "
                  f"{r['booked_per_s']:.0f} | {r['booked']} | {r['taken']} | {r['overlaps']} |")
    print(f"availability of a week with bookings, p50: {availability_ms():.1f} ms")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
