"""A large catalogue synthesised from the demo catalogue's vocabulary, for the search benchmark.

Each synthetic record copies the shape of a real demo record picked at random (material type,
language, audience, ages, DK5, description, shelf, how many title words, creators and
subjects), then fills it with words drawn from the whole demo catalogue in their real
frequencies: title words, creators (real names, or a real first name recombined with a real
surname) and subjects. So term frequencies stay Zipf-like — "og" and "krimi" are everywhere,
most words are rare — which is what makes full-text search slow or fast.

Each record gets 1–3 items in the demo libraries and branches, in the demo's proportions of
libraries, branches and item statuses (most on the shelf).

Deterministic: the same seed and the same demo catalogue give the same rows. Records are
inserted first, a committed batch at a time (an interrupted build resumes), then indexed through
reol.search.indexing.index_records, so the insert rate and the indexing rate are measured apart.

Needs a configured Django (django.setup()) before import.
"""

import random
import re
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from django.db import connection, transaction
from django.db.models import Count
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from reol.catalogue.models import Item, Record, ShelfChange
from reol.catalogue.terms import GENRES
from reol.search import follow
from reol.search.backends import for_vendor
from reol.search.indexing import index_records
from reol.search.models import SearchEntry

SEED = 2026
PID_PREFIX = "999999-bench:"  # never a real library's agency number
INSERT_BATCH = 5_000  # records per committed transaction
GENRE_LABELS = set(GENRES.values())
INDEX_CHUNK = 20_000  # records per index_records call (it batches and commits inside)
ITEMS_PER_RECORD = ((1, 0.55), (2, 0.30), (3, 0.15))
_TITLE_WORD = re.compile(r"[^\W\d_][\w'-]*|\d+")
# "Jørn Jensen (f. 1946)" and "Preben Hansen, f. 1956" are people; the rest is a name.
_LIFE_DATES = re.compile(r"\s*(\(.*\)|,.*)$")


@dataclass(frozen=True)
class Sampler:
    """Draws values with given weights; cumulative weights make each draw O(log n)."""

    values: Sequence[Any]
    cumulative: Sequence[float]

    @classmethod
    def of(cls, counts: dict[Any, float] | Counter) -> "Sampler":
        values = list(counts)
        return cls(values, list(accumulate(counts[v] for v in values)))

    def draw(self, rng: random.Random, k: int = 1) -> list[Any]:
        return rng.choices(self.values, cum_weights=self.cumulative, k=k)

    def one(self, rng: random.Random) -> Any:
        return self.draw(rng)[0]


@dataclass(frozen=True)
class Template:
    """The shape of one real demo record, which a synthetic record copies."""

    fields: dict[str, Any]
    title_words: int
    creators: int
    subjects: int
    shelf_location: str
    loan_category: str


@dataclass
class Vocabulary:
    templates: list[Template]
    title_words: Sampler
    creators: Sampler
    first_names: Sampler
    surnames: Sampler
    subjects: Sampler
    holdings: Sampler  # (library id, branch id) in proportion to the demo's items
    statuses: Sampler
    notes: dict[str, Any] = field(default_factory=dict)


def person_name(creator: str) -> str:
    """A creator without life dates or roles: "Jørn Jensen (f. 1946)" is "Jørn Jensen"."""
    return _LIFE_DATES.sub("", creator).strip()


def vocabulary() -> Vocabulary:
    """Read the demo catalogue as stored (not the synthetic records) into samplers."""
    demo = Record.objects.exclude(pid__startswith=PID_PREFIX).order_by("pk")
    columns = ("pk", "title", "creators", "subjects", "genres", "dk5", "material_type", "language",
               "audience", "age_from", "age_to", "year", "publisher", "extent", "description")
    rows = list(demo.values_list(*columns))
    if not rows:
        raise RuntimeError("The database holds no demo catalogue; run `reol demo` first.")
    shelves = _first_item_shelves()
    titles, creators, subjects = Counter(), Counter(), Counter()
    firsts, lasts = Counter(), Counter()
    templates = []
    for pk, title, names, subjects_of, genres_of, *rest in rows:
        terms = [*subjects_of, *genres_of]  # drawn together, sorted apart again below
        words = _TITLE_WORD.findall(title)
        titles.update(words)
        creators.update(names)
        subjects.update(terms)
        for name in map(person_name, names):
            parts = name.split()
            if len(parts) >= 2 and parts[-1][:1].isupper():
                firsts[" ".join(parts[:-1])] += 1
                lasts[parts[-1]] += 1
        shelf, category = shelves.get(pk, ("", "standard"))
        values = dict(zip(columns[5:], rest, strict=True))
        templates.append(Template(values, max(1, len(words)), len(names), len(terms), shelf,
                                  category))
    holdings, statuses = _demo_items()
    return Vocabulary(
        templates, Sampler.of(titles), Sampler.of(creators), Sampler.of(firsts),
        Sampler.of(lasts), Sampler.of(subjects), holdings, statuses,
        notes={"demo_records": len(rows), "title_words": len(titles),
               "creators": len(creators), "subjects": len(subjects)},
    )


def _first_item_shelves() -> dict[int, tuple[str, str]]:
    shelves: dict[int, tuple[str, str]] = {}
    rows = Item.objects.order_by("record_id", "pk").values_list(
        "record_id", "shelf_location", "loan_category")
    for record_id, shelf, category in rows.iterator(chunk_size=10_000):
        shelves.setdefault(record_id, (shelf, category))
    return shelves


def _demo_items() -> tuple[Sampler, Sampler]:
    # Ordered, so the same draws give the same values on either database.
    places = (Item.objects.values_list("library_id", "home_branch_id").annotate(n=Count("pk"))
              .order_by("library_id", "home_branch_id"))
    statuses = Item.objects.values_list("status").annotate(n=Count("pk")).order_by("status")
    return (Sampler.of({(lib, br): n for lib, br, n in places}),
            Sampler.of(dict(statuses)))


def synthetic_record(k: int, vocab: Vocabulary, rng: random.Random) -> tuple[Record, Template]:
    """Synthetic record number k: a real record's shape, the catalogue's words."""
    shape = rng.choice(vocab.templates)
    terms = list(dict.fromkeys(vocab.subjects.draw(rng, shape.subjects)))
    title = " ".join(vocab.title_words.draw(rng, min(shape.title_words, 12)))
    record = Record(
        pid=f"{PID_PREFIX}{k:08d}",
        title=title[:1].upper() + title[1:],
        creators=list(dict.fromkeys(_creator(vocab, rng) for _ in range(shape.creators))),
        subjects=[t for t in terms if t not in GENRE_LABELS],
        genres=[t for t in terms if t in GENRE_LABELS],
        **shape.fields,
    )
    return record, shape


def _creator(vocab: Vocabulary, rng: random.Random) -> str:
    # Half are real names (a real author writes many books), half new people.
    if rng.random() < 0.5:
        return vocab.creators.one(rng)
    return f"{vocab.first_names.one(rng)} {vocab.surnames.one(rng)}"


def synthetic_items(k: int, record: Record, shape: Template, vocab: Vocabulary,
                    rng: random.Random) -> Iterator[Item]:
    copies = rng.choices([n for n, _ in ITEMS_PER_RECORD], [w for _, w in ITEMS_PER_RECORD])[0]
    for copy in range(copies):
        library_id, branch_id = vocab.holdings.one(rng)
        yield Item(
            barcode=f"9{k:09d}{copy}", record=record, library_id=library_id,
            home_branch_id=branch_id, current_branch_id=branch_id,
            shelf_location=shape.shelf_location, loan_category=shape.loan_category,
            status=vocab.statuses.one(rng),
        )


def insert_batch(start: int, stop: int, vocab: Vocabulary) -> int:
    """Insert synthetic records start..stop-1 and their items in one transaction."""
    rng = random.Random(f"{SEED}:{start}")  # a batch's rows do not depend on earlier batches
    pairs = [synthetic_record(k, vocab, rng) for k in range(start, stop)]
    with transaction.atomic():
        Record.objects.bulk_create([record for record, _ in pairs])  # RETURNING sets the pks
        items = [item for k, (record, shape) in zip(range(start, stop), pairs, strict=True)
                 for item in synthetic_items(k, record, shape, vocab, rng)]
        Item.objects.bulk_create(items)
    return len(items)


@dataclass
class BuildReport:
    """What one build did and how fast; insert and index are timed apart."""

    records: int = 0
    items: int = 0
    insert_seconds: float = 0.0
    indexed: int = 0
    index_seconds: float = 0.0  # SearchEntry and SearchFacet rows (index_records)
    engine_seconds: float = 0.0  # the backend's own index built from those rows

    def as_dict(self) -> dict[str, float]:
        return {
            "records_inserted": self.records,
            "items_inserted": self.items,
            "insert_seconds": round(self.insert_seconds, 1),
            "insert_records_per_s": _rate(self.records, self.insert_seconds),
            "records_indexed": self.indexed,
            "index_seconds": round(self.index_seconds, 1),
            "index_records_per_s": _rate(self.indexed, self.index_seconds),
            "engine_rebuild_seconds": round(self.engine_seconds, 1),
            "engine_rebuild_records_per_s": _rate(self.indexed, self.engine_seconds),
        }


def _rate(n: int, seconds: float) -> float:
    # A step that did nothing (PostgreSQL keeps no index of its own) has no rate.
    return round(n / seconds) if seconds >= 0.05 else 0.0


def grow(total: int, console: Console) -> BuildReport:
    """Add synthetic records until the catalogue holds `total`, then index what is not."""
    report = BuildReport()
    missing = total - Record.objects.count()
    if missing > 0:
        vocab = vocabulary()
        console.print(f"Vocabulary of {vocab.notes['demo_records']:,} demo records: "
                      f"{vocab.notes['title_words']:,} title words, "
                      f"{vocab.notes['creators']:,} creators, "
                      f"{vocab.notes['subjects']:,} subjects.")
        # Synthetic numbers are dense from 0, so an interrupted build continues where it was.
        start = Record.objects.filter(pid__startswith=PID_PREFIX).count()
        began = time.perf_counter()
        report.items = _insert(start, start + missing, vocab, console)
        report.records, report.insert_seconds = missing, time.perf_counter() - began
    ids = list(Record.objects.filter(search_entry__isnull=True).order_by("pk")
               .values_list("pk", flat=True))
    if ids:
        began = time.perf_counter()
        _index(ids, console)
        report.indexed, report.index_seconds = len(ids), time.perf_counter() - began
        # As `reol demo` does after a bulk load: the backend builds whatever it keeps outside
        # the SearchEntry rows (the embedded Tantivy index) in one go.
        began = time.perf_counter()
        with console.status("Search engine's index"):
            for_vendor(connection.vendor).rebuild()
        report.engine_seconds = time.perf_counter() - began
    settle()
    return report


def _progress(console: Console) -> Progress:
    return Progress(TextColumn("{task.description:<22}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
                    TimeRemainingColumn(), console=console)


def _insert(start: int, stop: int, vocab: Vocabulary, console: Console) -> int:
    items = 0
    began = time.perf_counter()
    with _progress(console) as progress:
        task = progress.add_task("Records and items", total=stop - start, rate="")
        for low in range(start, stop, INSERT_BATCH):
            high = min(stop, low + INSERT_BATCH)
            items += insert_batch(low, high, vocab)
            rate = (high - start) / (time.perf_counter() - began)
            progress.update(task, advance=high - low, rate=f"{rate:,.0f} records/s")
    return items


def _index(ids: list[int], console: Console) -> None:
    began = time.perf_counter()
    with _progress(console) as progress:
        task = progress.add_task("Search index", total=len(ids), rate="")
        for low in range(0, len(ids), INDEX_CHUNK):
            done = index_records(ids[low : low + INDEX_CHUNK])
            rate = (low + done) / (time.perf_counter() - began)
            progress.update(task, advance=done, rate=f"{rate:,.0f} records/s")


def settle() -> None:
    """Leave the database as a running system would find it after a quiet while: SQLite's
    write-ahead log folded back into the file, PostgreSQL vacuumed and analysed (autovacuum
    would do this within minutes of a bulk load)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        elif connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")


def reindex_sample(size: int) -> tuple[int, float]:
    """Index `size` records spread evenly over the catalogue again, timed until a search sees
    them: the indexing rate of a catalogue of this size (old entries are replaced)."""
    ids = list(SearchEntry.objects.order_by("pk").values_list("pk", flat=True))
    step = max(1, len(ids) // size)
    sample = ids[::step][:size]
    began = time.perf_counter()
    index_records(sample)
    # An index kept outside the database (Tantivy) applies queued changes in the search
    # worker's next step; a search itself writes nothing.
    follow.step()
    return len(sample), time.perf_counter() - began


def shelf_sample(size: int) -> tuple[int, float]:
    """Lend the copies on the shelf of `size` records spread over the catalogue, deliver the
    shelf changes to the index, then put them back and deliver again: records re-indexed per
    second for the loans and returns that change which libraries have a copy on the shelf."""
    ids = list(Item.objects.filter(status=Item.Status.AVAILABLE).order_by("record_id")
               .values_list("record_id", flat=True).distinct())
    sample = ids[:: max(1, len(ids) // size)][:size]
    copies = list(Item.objects.filter(record_id__in=sample, status=Item.Status.AVAILABLE)
                  .values_list("pk", flat=True))
    seconds = 0.0
    for status in (Item.Status.ON_LOAN, Item.Status.AVAILABLE):
        with transaction.atomic():
            Item.objects.filter(pk__in=copies).update(status=status)
            ShelfChange.objects.bulk_create(ShelfChange(record_id=pk) for pk in sample)
        began = time.perf_counter()
        follow.step()  # delivers the shelf changes, and Tantivy writes them
        seconds += time.perf_counter() - began
    return 2 * len(sample), seconds
