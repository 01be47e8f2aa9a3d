"""The embedded search backend: a Tantivy index beside the SQLite database file.

The database stays the truth. Every change to the index's input (SearchEntry and SearchFacet
rows) also writes the record's id to SearchChange in the same transaction; the search worker
(follow.py: a thread of `reol serve`, and `reol run_jobs`) applies queued changes to the
index, never a search. So the index follows every committed change — from the web server, an
import command or the admin — and a crash between the database commit and the index commit
only delays the change, it never loses it. If the index is missing or disagrees with the
database about how many records there are, the worker rebuilds it from the database.
"""

import logging
import shutil
import threading
import time
from pathlib import Path

import tantivy
from django.conf import settings
from django.db import connection

from reol import sql

from . import rules
from .backends import (
    DEFAULT_FACET_SIZE,
    FACET_SIZE,
    FIELD_GROUPS,
    MANY_VALUED_FACETS,
    PLAIN,
    SCALAR_FACETS,
    WEIGHTS,
    Page,
    Refine,
)
from .models import SearchChange, SearchEntry, SearchFacet

log = logging.getLogger(__name__)
WRITER_HEAP = 64_000_000
# A rebuild writes the whole index at once: a large heap makes few segments, and facets are
# counted faster over one segment than over many (measured: 10 % at 1,000,000 records).
REBUILD_HEAP = 512_000_000
BATCH = 5000
# The sorts other than relevance: the fast field, and the order along it.
SORT_FIELDS = {"newest": "year", "title": "title_order", "creator": "creator_order"}
SORT_ORDER = {"newest": tantivy.Order.Desc, "title": tantivy.Order.Asc,
              "creator": tantivy.Order.Asc}
LOCK_WAIT = 5.0  # seconds to wait for another process's writer


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    for name in WEIGHTS:  # our own folded Snowball stems, separated by spaces
        builder.add_text_field(name, stored=False, tokenizer_name="whitespace")
    builder.add_unsigned_field("id", stored=True, indexed=True, fast=True)
    for name in SORT_FIELDS.values():  # unsigned: what tantivy-py orders by
        builder.add_unsigned_field(name, stored=False, indexed=name == "year", fast=True)
    for name in [*SCALAR_FACETS, *MANY_VALUED_FACETS]:
        builder.add_text_field(name, stored=False, tokenizer_name="raw", fast=True)
    return builder.build()


SCHEMA = _schema()


class EmbeddedIndex:
    """One Tantivy index on disk, shared by the threads of a process."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Lock()
        path.mkdir(parents=True, exist_ok=True)
        try:
            self.index = tantivy.Index(SCHEMA, path=str(path), reuse=True)
        except ValueError:  # an index of an older schema: start afresh, rebuilt below
            shutil.rmtree(path)
            path.mkdir(parents=True)
            self.index = tantivy.Index(SCHEMA, path=str(path))
        self.checked = False

    def searcher(self) -> tantivy.Searcher:
        self.index.reload()
        return self.index.searcher()

    def apply_changes(self) -> int:
        """Bring the index up to date with the database, from the queue of changes; the
        number of records written."""
        if not self.checked:
            self._check()
        if not self._queued():
            return 0
        written = 0
        with self.lock:
            while True:
                queued = list(SearchChange.objects.order_by("pk")[:BATCH])
                if not queued:
                    return written
                ids = sorted({c.record_id for c in queued})
                self._write(ids, delete_first=True)
                SearchChange.objects.filter(pk__lte=queued[-1].pk).delete()
                written += len(ids)

    @staticmethod
    def _queued() -> bool:
        """Whether any change waits; asked before every search, so in plain SQL (the ORM
        takes ten times as long to build this query as SQLite takes to answer it)."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {SearchChange._meta.db_table} LIMIT 1")
            return cursor.fetchone() is not None

    def rebuild(self) -> int:
        """Write every SearchEntry into an emptied index; returns the number of records."""
        with self.lock:
            SearchChange.objects.all().delete()
            if not SearchEntry.objects.exists() and self.searcher().num_docs == 0:
                self.checked = True  # nothing to write, and a writer costs its heap
                return 0
            writer = self._writer(REBUILD_HEAP)
            writer.delete_all_documents()
            ids = list(SearchEntry.objects.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(ids), BATCH):
                self._add(writer, ids[start : start + BATCH])
            writer.commit()
            writer.wait_merging_threads()
            self.checked = True
            return len(ids)

    def _check(self) -> None:
        self.checked = True
        self.index.reload()
        if self.index.searcher().num_docs != SearchEntry.objects.count():
            log.warning("Search index at %s disagrees with the database; rebuilding", self.path)
            self.rebuild()

    def _write(self, ids: list[int], delete_first: bool) -> None:
        writer = self._writer()
        if delete_first:
            for pk in ids:
                # delete_documents_by_term does not match an unsigned field in tantivy 0.27
                writer.delete_documents_by_query(tantivy.Query.term_query(SCHEMA, "id", pk))
        self._add(writer, ids)
        writer.commit()
        writer.wait_merging_threads()

    def _add(self, writer: tantivy.IndexWriter, ids: list[int]) -> None:
        facets: dict[int, list[tuple[str, str]]] = {}
        for pk, facet, value in SearchFacet.objects.filter(record_id__in=ids).values_list(
            "record_id", "facet", "value"
        ):
            facets.setdefault(pk, []).append((facet, value))
        for entry in SearchEntry.objects.filter(pk__in=ids):
            doc = tantivy.Document()
            doc.add_unsigned("id", entry.pk)
            for name in WEIGHTS:
                doc.add_text(name, getattr(entry, name))
            doc.add_unsigned("year", entry.year or 0)  # no year: last among the newest
            doc.add_unsigned("title_order", entry.title_order)
            doc.add_unsigned("creator_order", entry.creator_order)
            for name, column in SCALAR_FACETS.items():
                if value := getattr(entry, column):
                    doc.add_text(name, value)
            for facet, value in facets.get(entry.pk, []):
                doc.add_text(facet, value)
            writer.add_document(doc)

    def _writer(self, heap: int = WRITER_HEAP) -> tantivy.IndexWriter:
        """Tantivy allows one writer per index; another process may hold it for a moment."""
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                return self.index.writer(heap_size=heap, num_threads=1)
            except ValueError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)


_indexes: dict[Path, EmbeddedIndex] = {}
_indexes_lock = threading.Lock()


def _path() -> Path:
    return Path(settings.VAR_DIR) / "search" / Path(connection.settings_dict["NAME"]).stem


def current_index() -> EmbeddedIndex:
    """The index that belongs to the database this thread is connected to."""
    path = _path()
    with _indexes_lock:
        if path not in _indexes:
            _indexes[path] = EmbeddedIndex(path)
        return _indexes[path]


def existing_index() -> EmbeddedIndex | None:
    """The current index if it is on disk: a search does not make one, the worker does."""
    path = _path()
    with _indexes_lock:
        if path not in _indexes and not (path / "meta.json").exists():
            return None
    return current_index()


class EmbeddedTantivy:
    def prepare(self, text: str) -> str:
        # Tantivy has no Danish stemmer of its own: we fold and stem with Snowball first.
        return " ".join(rules.stems(text))

    def writing(self) -> None:
        """Nothing to do: SQLite has one writer at a time."""

    def changed(self, record_ids: list[int]) -> None:
        sql.insert_all([SearchChange(record_id=pk) for pk in record_ids])

    def rebuild(self) -> None:
        current_index().rebuild()

    def follow(self) -> dict[str, float]:
        return {"indexed": current_index().apply_changes()}

    def run(self, text: str, filters: dict[str, str], offset: int, limit: int,
            refine: Refine = PLAIN) -> Page:
        terms = rules.stems(text)
        fielded = [(group, rules.stems(words)) for group, words in refine.fields]
        fielded = [(group, stems) for group, stems in fielded if stems]
        if not terms and not fielded and not refine.years:
            return Page()
        index = existing_index()
        if index is None:
            return Page()  # the worker's first step has not built it yet
        searcher = index.searcher()  # as the worker left it (follow.py)
        query = _query(terms, filters, fielded, refine)
        # Up to `upto` hits when the page starts at the top: ranking 2,000 costs what
        # ranking 20 does, since every match is scored either way.
        wanted = max(limit, refine.upto) if offset == 0 else limit
        if refine.sort in SORT_FIELDS:
            found = searcher.search(query, limit=wanted, offset=offset, count=True,
                                    order_by_field=SORT_FIELDS[refine.sort],
                                    order=SORT_ORDER[refine.sort])
        else:
            found = searcher.search(query, limit=wanted, offset=offset, count=True)
        page = Page(count=found.count or 0)
        page.ids = searcher.fast_field_values("id", [address for _, address in found.hits])
        if page.count:
            counts = searcher.aggregate(query, FACET_SPEC)
            page.facets = {name: {b["key"]: b["doc_count"] for b in counts[name]["buckets"]}
                           for name in FACETS}
        return page


def term(field: str, value: str | int) -> tantivy.Query:
    return tantivy.Query.term_query(SCHEMA, field, value)


def anywhere(stem: str, fields: tuple[str, ...]) -> tantivy.Query:
    """The stem in any of the fields, each weighing as WEIGHTS says."""
    return tantivy.Query.boolean_query([
        (tantivy.Occur.Should, tantivy.Query.boost_query(term(field, stem), WEIGHTS[field]))
        for field in fields
    ])


def _query(terms: list[str], filters: dict[str, str],
           fielded: list[tuple[str, list[str]]], refine: Refine) -> tantivy.Query:
    must = [(tantivy.Occur.Must, anywhere(stem, tuple(WEIGHTS))) for stem in terms]
    must += [(tantivy.Occur.Must, anywhere(stem, FIELD_GROUPS[group]))
             for group, stems in fielded for stem in stems]
    must += [
        (tantivy.Occur.Must, tantivy.Query.boost_query(term(name, value), 0.0))
        for name, value in filters.items()
    ]
    if refine.years:
        years = tantivy.Query.range_query(
            SCHEMA, "year", tantivy.FieldType.Unsigned,
            max(refine.year_from or 1, 1), refine.year_to or 65535)
        must.append((tantivy.Occur.Must, tantivy.Query.boost_query(years, 0.0)))
    return tantivy.Query.boolean_query(must)


FACETS = [*SCALAR_FACETS, *MANY_VALUED_FACETS]
# One aggregation for the five facets. Counting them in threads beside the ranking gained
# nothing: tantivy-py 0.27 holds the GIL while it aggregates (measured at 1,000,000 records).
FACET_SPEC = {
    name: {"terms": {"field": name, "size": FACET_SIZE.get(name, DEFAULT_FACET_SIZE)}}
    for name in FACETS
}


backend = EmbeddedTantivy()
