"""Checkout + check-in pairs, timed: through the services, and as plain SQL on the raw driver.

A way is an object with check_out(card, barcode) and check_in(barcode), both at the desk's
branch. Every pair leaves the data as it found it (the copy back on its shelf, the loan
returned), so the ways can take turns on the same copies and patrons.

The raw ways do the same inserts and updates as the services, one transaction per checkout and
one per check-in, with no Django:
  checkout  read the patron by card, read the copy by barcode (with its record's type and
            audience; FOR UPDATE on PostgreSQL), count the patron's open loans, insert the
            loan (due in 30 days), update the copy, insert the event;
  check-in  read the copy by barcode, update the open loan (returned, branch, fee, patron
            forgotten) RETURNING its id, insert the event, forget the patron on the loan's
            events, update the copy.
What they leave out is the policy: loan rules, blocks, reservations held for someone, the
calendar's next open day, where the copy goes next, and the search index's shelf status.
"""

import json
import os
import sqlite3
import statistics
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Protocol

from reol.circulation import rules


class Way(Protocol):
    name: str

    def check_out(self, card: str, barcode: str) -> None: ...

    def check_in(self, barcode: str) -> None: ...

    def helpers(self) -> list[int]:
        """Other processes that do this way's work (a server, PostgreSQL backends)."""
        ...


_TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    """CPU time (user + system) of this process and of `pids`, from /proc: on a machine that
    others are loading too, CPU per pair says what a quiet machine would do better than the
    wall clock does (it leaves out waiting for the disk)."""
    total = time.process_time()
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone: a backend that closed
        total += (int(fields[11]) + int(fields[12])) / _TICK  # utime, stime
    return total


@dataclass
class Pairs:
    """Each pair's checkout and check-in time, and the time all the timed pairs took."""

    name: str
    checkout: list[float] = field(default_factory=list)
    checkin: list[float] = field(default_factory=list)
    wall: float = 0.0
    cpu: float = 0.0

    def summary(self) -> dict[str, float]:
        pair_ms = [(a + b) * 1000 for a, b in zip(self.checkout, self.checkin, strict=True)]
        cuts = statistics.quantiles(pair_ms, n=100, method="inclusive")
        return {
            "pairs": len(pair_ms),
            "pairs_per_s": round(len(pair_ms) / self.wall, 1),
            "p50_ms": round(cuts[49], 2),
            "p95_ms": round(cuts[94], 2),
            "p99_ms": round(cuts[98], 2),
            "mean_ms": round(statistics.fmean(pair_ms), 2),
            "checkout_p50_ms": round(statistics.median(self.checkout) * 1000, 2),
            "checkin_p50_ms": round(statistics.median(self.checkin) * 1000, 2),
            "cpu_ms_per_pair": round(self.cpu * 1000 / len(pair_ms), 3),
            "pairs_per_cpu_s": round(len(pair_ms) / self.cpu, 1),
        }


class Cycle:
    """Which copy and patron the n-th pair uses: every copy in turn, patrons in a stride."""

    def __init__(self, barcodes: list[str], cards: list[str]) -> None:
        self.barcodes, self.cards, self.n = barcodes, cards, 0

    def next(self) -> tuple[str, str]:
        n, self.n = self.n, self.n + 1
        return self.cards[(n * 7) % len(self.cards)], self.barcodes[n % len(self.barcodes)]


def timed(way: Way, cycle: Cycle, count: int, into: Pairs) -> None:
    pids = way.helpers()
    cpu_began = cpu_seconds(pids)
    began = time.perf_counter()
    for _ in range(count):
        card, barcode = cycle.next()
        start = time.perf_counter()
        way.check_out(card, barcode)
        middle = time.perf_counter()
        way.check_in(barcode)
        into.checkout.append(middle - start)
        into.checkin.append(time.perf_counter() - middle)
    into.wall += time.perf_counter() - began
    into.cpu += cpu_seconds(way.helpers()) - cpu_began


def run_rounds(ways: list[Way], cycle: Cycle, pairs: int, rounds: int,
               warmup: int) -> dict[str, Pairs]:
    """Warm every way up, then let them take turns, `pairs / rounds` pairs at a time (the
    order rotating each round), so a slow minute on the machine falls on all of them."""
    for way in ways:
        timed(way, cycle, warmup, Pairs(way.name))
    results = {way.name: Pairs(way.name) for way in ways}
    per_round = pairs // rounds
    for r in range(rounds):
        for way in ways[r % len(ways):] + ways[: r % len(ways)]:
            timed(way, cycle, per_round, results[way.name])
    return results


# --- the services ---------------------------------------------------------------------------


class ServiceWay:
    """services.check_out(card, barcode, branch code) and services.check_in(barcode, branch
    code), as the desk's API handler calls them: each act in a scope of its own (reol.memo),
    as each request and each SIP2 message is."""

    name = "services"

    def __init__(self, branch_code: str, *, scoped: bool = True) -> None:
        from contextlib import nullcontext

        from reol import memo
        from reol.circulation import services

        self.services, self.branch = services, branch_code
        self.scope = memo.scope if scoped else nullcontext
        if not scoped:  # as before 2026-12-07: every memory read reads the generation
            self.name = "unscoped"

    def check_out(self, card: str, barcode: str) -> None:
        with self.scope():
            self.services.check_out(card, barcode, self.branch)

    def helpers(self) -> list[int]:
        return backend_pids()

    def check_in(self, barcode: str) -> None:
        with self.scope():
            result = self.services.check_in(barcode, self.branch)
        if result.routing.action != "shelf":  # then the data would drift between pairs
            raise RuntimeError(f"{barcode} went to {result.routing.action}, not the shelf")


def backend_pids(others: bool = False) -> list[int]:
    """The PostgreSQL backend of Django's connection in this process, or (others) the
    backends of every other connection to the benchmark's database; none on SQLite."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        if not others:
            cursor.execute("SELECT pg_backend_pid()")
        else:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                           "AND pid <> pg_backend_pid()")
        return [row[0] for row in cursor.fetchall()]


# --- the raw engine -------------------------------------------------------------------------

CHECKOUT_EVENT = (
    "INSERT INTO circulation_event (time, kind, library_id, branch_id, record_id, item_id, "
    "material_type, audience, age_group, patron_ref, loan_id, detail) "
    "VALUES ({p}, 'checkout', {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p})"
)
CHECKIN_EVENT = (
    "INSERT INTO circulation_event (time, kind, library_id, branch_id, record_id, item_id, "
    "material_type, audience, age_group, patron_ref, loan_id, detail) "
    "VALUES ({p}, 'checkin', {p}, {p}, {p}, {p}, {p}, {p}, '', NULL, {p}, '{{}}')"
)
SQL = {
    "patron": "SELECT id, birth_date, reference FROM circulation_patron WHERE card = {p}",
    "item": (
        "SELECT i.id, i.status, i.record_id, i.library_id, r.material_type, r.audience "
        "FROM catalogue_item i JOIN catalogue_record r ON r.id = i.record_id "
        "WHERE i.barcode = {p}"
    ),
    "open_loans": "SELECT count(*) FROM circulation_loan WHERE patron_id = {p} "
                  "AND returned IS NULL",
    "loan": (
        "INSERT INTO circulation_loan (item_id, patron_id, branch_id, checked_out, due, "
        "renewals, fee, auto_renewal_refused) VALUES ({p}, {p}, {p}, {p}, {p}, 0, 0, '') "
        "RETURNING id"
    ),
    "lend": "UPDATE catalogue_item SET status = 'on_loan', current_branch_id = {p} "
            "WHERE id = {p}",
    "return": (
        "UPDATE circulation_loan SET returned = {p}, returned_branch_id = {p}, fee = 0, "
        "patron_id = NULL WHERE item_id = {p} AND returned IS NULL RETURNING id"
    ),
    "forget": "UPDATE circulation_event SET patron_ref = NULL WHERE loan_id = {p}",
    "shelve": "UPDATE catalogue_item SET status = 'available', current_branch_id = {p} "
              "WHERE id = {p}",
    "checkout_event": CHECKOUT_EVENT,
    "checkin_event": CHECKIN_EVENT,
}
LOAN_DAYS = 30


class RawWay:
    """The statements above on one connection of the driver; subclasses say how a value is
    written and how a transaction begins and ends."""

    name = "raw"
    placeholder = "?"
    lock = ""

    def __init__(self, branch_id: int, library_id: int) -> None:
        self.branch_id, self.library_id = branch_id, library_id
        self.sql = {k: v.format(p=self.placeholder) for k, v in SQL.items()}
        self.sql["item"] += self.lock

    def value(self, moment: datetime | date):  # how the driver stores dates and times
        return moment

    def begin(self) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    def helpers(self) -> list[int]:
        return []

    def execute(self, name: str, params: tuple):
        raise NotImplementedError

    def check_out(self, card: str, barcode: str) -> None:
        now = datetime.now(UTC)
        self.begin()
        try:
            patron_id, born, reference = self.execute("patron", (card,)).fetchone()
            item_id, status, record_id, _, material, audience = self.execute(
                "item", (barcode,)).fetchone()
            if status != "available":
                raise RuntimeError(f"{barcode} is {status}")
            self.execute("open_loans", (patron_id,)).fetchone()
            due = now.date() + timedelta(days=LOAN_DAYS)
            (loan_id,) = self.execute("loan", (item_id, patron_id, self.branch_id,
                                               self.value(now), self.value(due))).fetchone()
            self.execute("lend", (self.branch_id, item_id))
            born = born if isinstance(born, date) else date.fromisoformat(born)
            self.execute("checkout_event", (
                self.value(now), self.library_id, self.branch_id, record_id, item_id, material,
                audience, rules.age_group(born, now.date()), reference, loan_id,
                json.dumps({"due": str(due)})))
            self.commit()
        except BaseException:
            self.rollback()
            raise

    def check_in(self, barcode: str) -> None:
        now = datetime.now(UTC)
        self.begin()
        try:
            item_id, _, record_id, _, material, audience = self.execute(
                "item", (barcode,)).fetchone()
            (loan_id,) = self.execute("return", (self.value(now), self.branch_id,
                                                 item_id)).fetchone()
            self.execute("checkin_event", (self.value(now), self.library_id, self.branch_id,
                                           record_id, item_id, material, audience, loan_id))
            self.execute("forget", (loan_id,))
            self.execute("shelve", (self.branch_id, item_id))
            self.commit()
        except BaseException:
            self.rollback()
            raise


class SqliteRaw(RawWay):
    """sqlite3 with reol's PRAGMAs; BEGIN IMMEDIATE as Django's transaction_mode does."""

    def __init__(self, path: str, init_command: str, branch_id: int, library_id: int) -> None:
        super().__init__(branch_id, library_id)
        self.conn = sqlite3.connect(path, isolation_level=None, timeout=20,
                                    check_same_thread=False)
        self.conn.executescript(init_command)

    def value(self, moment: datetime | date) -> str:
        # As Django writes them on SQLite: naive UTC text.
        if isinstance(moment, datetime):
            return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
        return moment.isoformat()

    def begin(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self.conn.execute("COMMIT")

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def execute(self, name: str, params: tuple):
        return self.conn.execute(self.sql[name], params)

    def close(self) -> None:
        self.conn.close()


class PostgresRaw(RawWay):
    """psycopg 3 on its own connection: a transaction per act, statements prepared by the
    driver after their fifth use, the copy's row locked as the services lock it."""

    placeholder = "%s"
    lock = " FOR UPDATE OF i"

    def __init__(self, url: str, branch_id: int, library_id: int) -> None:
        import psycopg

        super().__init__(branch_id, library_id)
        self.sql["checkout_event"] = self.sql["checkout_event"].replace("%s)", "%s::jsonb)")
        self.conn = psycopg.connect(url)
        self.cursor = self.conn.cursor()

    def commit(self) -> None:
        self.conn.commit()

    def helpers(self) -> list[int]:
        return [self.conn.info.backend_pid]

    def rollback(self) -> None:
        self.conn.rollback()

    def execute(self, name: str, params: tuple):
        return self.cursor.execute(self.sql[name], params)

    def close(self) -> None:
        self.conn.close()
