"""Recommendations on the record page: "others who borrowed this also borrowed" from co-loans
counted out of the event log, and "similar titles" from bibdata's genre space where co-loans
are thin.

Counting co-loans without keeping who borrowed what (docs/architecture.md, "Collection
advice"): the log carries a borrower's opaque reference only while the loan is open, or for
patrons who keep a history. So the job `aggregate` reads each new checkout while its reference
is still there and pairs it with the same borrower's other checkouts of the past 90 days that
still carry it. A pair counts a borrower once: a keyed hash of (reference, pair) marks that it
did, and the mark is deleted after 90 days. What stays is a count per pair.
"""

import gzip
import hashlib
import hmac
import importlib.util
import json
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from reol.catalogue.models import Item, Record
from reol.collection import rules
from reol.collection.models import CoLoan, CoLoanCursor, CoLoanMark
from reol.core.models import Event

CURSOR = "coloans"
WINDOW = timedelta(days=rules.PAIR_WINDOW_DAYS)
BATCH = 500  # checkout events per transaction
THIN = 3  # fewer co-loan recommendations than this: fill with similar titles
SHOWN = 6


# --- counting ------------------------------------------------------------------------------


def aggregate(now: datetime | None = None) -> dict[str, int]:
    """Read the checkouts logged since the last run into the co-loan counts. Idempotent: a
    cursor remembers the last event read, a mark the borrowers already counted per pair."""
    now = now or timezone.now()
    read = counted = 0
    expired, _ = CoLoanMark.objects.filter(expires__lte=now).delete()
    while True:
        with transaction.atomic():
            cursor, _ = CoLoanCursor.objects.select_for_update().get_or_create(name=CURSOR)
            events = list(Event.objects.filter(kind=Event.Kind.CHECKOUT, id__gt=cursor.event_id)
                          .order_by("id").values("id", "time", "record_id", "patron_ref")[:BATCH])
            if not events:
                break
            counted += _count(events, now)
            read += len(events)
            cursor.event_id = events[-1]["id"]
            cursor.save(update_fields=["event_id"])
    return {"read": read, "counted": counted, "forgotten": expired}


def _count(events: Sequence[Mapping[str, Any]], now: datetime) -> int:
    """Add this batch's new (pair, borrower)s to the counts; returns how many were added."""
    fresh = [e for e in events if e["patron_ref"] and e["record_id"]]
    if not fresh:
        return 0
    history: dict = defaultdict(list)
    for row in (Event.objects.filter(kind=Event.Kind.CHECKOUT, record__isnull=False,
                                     patron_ref__in={e["patron_ref"] for e in fresh},
                                     time__gte=min(e["time"] for e in fresh) - WINDOW)
                .values_list("id", "time", "record_id", "patron_ref")):
        history[row[3]].append(row)
    marks: dict[str, tuple[int, int]] = {}
    for e in fresh:
        # Each pair is made by the later of its two loans, so it is seen once.
        earlier = [rec for pk, time, rec, _ in history[e["patron_ref"]]
                   if pk < e["id"] and time >= e["time"] - WINDOW]
        for pair in rules.pairs(e["record_id"], earlier):
            marks[_mark(e["patron_ref"], pair)] = pair
    if not marks:
        return 0
    seen = set(CoLoanMark.objects.filter(digest__in=list(marks)).values_list("digest", flat=True))
    new = {digest: pair for digest, pair in marks.items() if digest not in seen}
    CoLoanMark.objects.bulk_create(
        [CoLoanMark(digest=d, expires=now + WINDOW) for d in new], ignore_conflicts=True)
    _add(Counter(new.values()))
    return len(new)


def _mark(reference, pair: tuple[int, int]) -> str:
    return hmac.new(_key(), f"{reference}:{pair[0]}:{pair[1]}".encode(),
                    hashlib.sha256).hexdigest()


@cache
def _key() -> bytes:
    return hashlib.sha256(f"reol-coloan:{settings.SECRET_KEY}".encode()).digest()


def _add(increments: Counter) -> None:
    firsts = {a for a, _ in increments}
    seconds = {b for _, b in increments}
    rows = {(r.record_a_id, r.record_b_id): r for r in CoLoan.objects.select_for_update()
            .filter(record_a_id__in=firsts, record_b_id__in=seconds)}
    changed, created = [], []
    for pair, n in increments.items():
        if pair in rows:
            rows[pair].borrowers += n
            changed.append(rows[pair])
        else:
            created.append(CoLoan(record_a_id=pair[0], record_b_id=pair[1], borrowers=n))
    CoLoan.objects.bulk_update(changed, ["borrowers"], batch_size=500)
    CoLoan.objects.bulk_create(created, batch_size=500)


def move_coloans(loser_id: int, survivor_id: int) -> int:
    """A record merged into another (catalogue/merging.py): its co-loan counts become the
    survivor's, added to the survivor's own for the same other title."""
    rows = CoLoan.objects.filter(Q(record_a_id=loser_id) | Q(record_b_id=loser_id))
    moved: Counter = Counter()
    for a, b, n in rows.values_list("record_a_id", "record_b_id", "borrowers"):
        other = b if a == loser_id else a
        if other != survivor_id:
            moved[(min(other, survivor_id), max(other, survivor_id))] += n
    rows.delete()
    _add(moved)
    return len(moved)


# --- reading -------------------------------------------------------------------------------


@dataclass
class Recommendations:
    also_borrowed: list[tuple[Record, int]] = field(default_factory=list)  # with borrowers
    similar: list[Record] = field(default_factory=list)


def for_record(record: Record, shown: int = SHOWN) -> Recommendations:
    found = Recommendations(also_borrowed=also_borrowed(record, shown))
    if len(found.also_borrowed) < THIN:
        skip = {record.pk, *(r.pk for r, _ in found.also_borrowed)}
        found.similar = similar(record, shown, skip=skip)
    return found


def also_borrowed(record: Record, limit: int = SHOWN) -> list[tuple[Record, int]]:
    """The titles most borrowers of this one also borrowed, at least MIN_BORROWERS each."""
    pairs = (CoLoan.objects.filter(Q(record_a=record) | Q(record_b=record),
                                   borrowers__gte=rules.MIN_BORROWERS)
             .order_by("-borrowers", "record_a_id", "record_b_id")
             .values_list("record_a_id", "record_b_id", "borrowers")[:limit * 2])
    counts = {(b if a == record.pk else a): n for a, b, n in pairs}
    records = _held(Record.objects.filter(pk__in=counts))
    ranked = sorted(records, key=lambda r: (-counts[r.pk], r.title))
    return [(r, counts[r.pk]) for r in ranked[:limit]]


def similar(record: Record, limit: int = SHOWN, skip: set[int] | None = None) -> list[Record]:
    """The nearest titles in bibdata's genre space (cosine; the vectors are unit length)
    that some library holds. A record outside the space has none."""
    index, pids, vectors = genre_space()
    row = index.get(record.pid)
    if row is None and record.faust:
        row = index.get(f"870970-basis:{record.faust}")
    if row is None:
        return []
    scores = vectors @ vectors[row]
    nearest = [int(i) for i in np.argsort(-scores)[: limit * 4 + 1] if i != row]
    order = {pids[i]: n for n, i in enumerate(nearest)}
    skip = skip or {record.pk}
    found = [r for r in _held(Record.objects.filter(pid__in=order)) if r.pk not in skip]
    found.sort(key=lambda r: order[r.pid])
    return found[:limit]


def _held(records) -> list[Record]:
    """Only titles a library can lend: a copy that is not withdrawn, missing or lost."""
    usable = Item.objects.filter(record=OuterRef("pk")).exclude(
        status__in=Item.GONE)
    return list(records.filter(Exists(usable)))


@cache
def genre_space() -> tuple[dict[str, int], list[str], np.ndarray]:
    """bibdata's genre space: one unit vector per record of meta.json.gz, by pid. Read from
    the package's files, as catalogue/demo.py does, without running its __init__."""
    spec = importlib.util.find_spec("bibdata")
    if spec is None or not spec.submodule_search_locations:
        return {}, [], np.zeros((0, 1))
    folder = Path(next(iter(spec.submodule_search_locations)))
    meta = json.loads(gzip.decompress((folder / "meta.json.gz").read_bytes()))
    vectors = np.load(folder / "genre-space.npy")
    pids = [raw["_id"] for raw in meta]
    return {pid: i for i, pid in enumerate(pids)}, pids, vectors
