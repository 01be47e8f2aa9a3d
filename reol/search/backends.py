"""The two search backends, chosen by the database in use.

- Embedded (SQLite): a Tantivy index beside the database file, kept in step with it through
  a queue of changed records in the database itself (see embedded.py). SQLite FTS5 was the
  first choice; measured at 1,000,000 records it needs about 100 ms to rank the hits of a
  common word and over a second to count facets, where Tantivy needs 2 ms and 18 ms
  (docs/architecture.md, docs/benchmarks.md).
- PostgreSQL: full-text search with the `danish` configuration over a GIN index, so that many
  stateless processes on many machines share one index (see postgresql.py).

Both implement the same small interface and pass the same tests.
"""

from dataclasses import dataclass, field
from typing import Protocol

# Title and creator weigh more than subjects, subjects more than the description.
WEIGHTS = {"title": 10.0, "creators": 8.0, "subjects": 3.0, "body": 1.0}
# Facets of a single value per record, by the name the API uses and the column behind it.
SCALAR_FACETS = {"type": "material_type", "language": "language", "audience": "audience"}
MANY_VALUED_FACETS = ("subject", "genre", "library")
FACET_SIZE = {"subject": 20, "genre": 20}
DEFAULT_FACET_SIZE = 100


# The fields a part of a query may be limited to (advanced search, everyday phrases): a
# field group of the page and the API, and the index's text fields behind it.
FIELD_GROUPS = {
    "title": ("title",),
    "creator": ("creators",),
    "subject": ("subjects",),
    "about": ("title", "subjects", "body"),  # "bøger om heste": anything but the creator
}


@dataclass(frozen=True)
class Refine:
    """What a search asks beyond words and facet filters: words limited to fields, a range
    of years, an order other than relevance, and `upto`: all hits' ids when there are at most
    that many and they come without more work (so works can be counted)."""

    fields: tuple[tuple[str, str], ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    sort: str = "relevance"
    upto: int = 0

    @property
    def plain(self) -> bool:
        """Only words and filters, ranked: what PostgreSQL's kept answers hold."""
        return (not self.fields and self.year_from is None and self.year_to is None
                and self.sort == "relevance")

    @property
    def years(self) -> bool:
        return self.year_from is not None or self.year_to is not None


PLAIN = Refine()


@dataclass
class Page:
    """What a backend found: the number of hits, one page of record ids, facet counts."""

    count: int = 0
    ids: list[int] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


class Backend(Protocol):
    def prepare(self, text: str) -> str:
        """The form of `text` that goes into SearchEntry's text columns."""

    def writing(self) -> None:
        """First thing in a transaction that writes SearchEntry rows."""

    def changed(self, record_ids: list[int]) -> None:
        """These records' SearchEntry rows were written or deleted in this transaction."""

    def run(self, text: str, filters: dict[str, str], offset: int, limit: int,
            refine: Refine = PLAIN) -> Page:
        """Match, filter, rank (or sort) and count facets; an empty Page when nothing can
        match."""

    def rebuild(self) -> None:
        """Rebuild whatever the backend keeps outside the SearchEntry rows."""

    def follow(self) -> dict[str, float]:
        """Catch up outside requests (follow.py): what searches and writers left to do."""


def for_vendor(vendor: str) -> Backend:
    backend: Backend
    if vendor == "postgresql":
        from .postgresql import backend
    elif vendor == "sqlite":
        from .embedded import backend
    else:
        raise RuntimeError(f"reol's search has no backend for the {vendor} database")
    return backend
