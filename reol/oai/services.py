"""What the repository answers: its records as OAI items, read in pages. Reads only, and
outside any transaction: on SQLite a transaction takes the write lock at its start (IMMEDIATE),
and a harvest must never hold up the desk. A page's few statements may see a change made
between them; the next harvest sets it right.

The rules of the protocol (arguments, dates, tokens) are in rules.py; the XML in xml.py."""

from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from django.db.models import Exists, Min, Model, OuterRef, QuerySet

from reol.catalogue.models import Item, MaterialType, Record
from reol.libraries.models import Library
from reol.refusals import refuse

from . import rules
from .models import Tombstone

HEADER_FIELDS = ("id", "pid", "changed", "updated", "material_type")
M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Entry:
    """One item of the repository: a record (loaded whole for ListRecords and GetRecord, else
    None), or the tombstone of one."""

    pid: str
    stamp: datetime
    sets: tuple[str, ...]
    record: Record | None
    deleted: bool = False


@dataclass(frozen=True)
class Page:
    entries: list[Entry]
    token: rules.Token  # where the list stands after this page
    more: bool



def _stamp(record: Record) -> datetime:
    """A record's datestamp: when this database changed it (never null after catalogue 0010;
    `updated` only as the type's fallback)."""
    return record.changed or record.updated

def earliest() -> datetime | None:
    """The oldest datestamp there is (Identify's earliestDatestamp)."""
    stamps = [Record.objects.aggregate(at=Min("changed"))["at"],
              Tombstone.objects.aggregate(at=Min("deleted"))["at"]]
    return min((s for s in stamps if s is not None), default=None)


def sets() -> list[tuple[str, str]]:
    """Every set: (setSpec, setName), the libraries by agency, then the material types."""
    found = [(rules.set_spec("library", agency), name) for agency, name in
             Library.objects.order_by("agency").values_list("agency", "name")]
    return found + [(rules.set_spec("type", str(value)), str(label))
                    for value, label in MaterialType.choices]


def entry(identifier: str) -> Entry:
    """The item with this identifier (a record's pid), live or deleted."""
    record = Record.objects.filter(pid=identifier).first()
    if record is not None:
        return Entry(record.pid, _stamp(record), _sets([record])[record.pk], record)
    gone = Tombstone.objects.filter(pid=identifier).first()
    if gone is None:
        raise refuse("oai_unknown_id", identifier=identifier[:80])
    return _gone(gone)


def count(token: rules.Token) -> int:
    """How many items the list holds: its completeListSize, counted at its first page."""
    live, deleted = _lists(token)
    return live.count() + deleted.count()


def page(token: rules.Token, size: int, whole: bool) -> Page:
    """The next `size` items of a list after where `token` stands; whole records when
    `whole` (ListRecords), their headers' fields only otherwise. noRecordsMatch for a list
    with nothing in it."""
    live, deleted = _lists(token)
    entries: list[Entry] = []
    part, after, after_id = token.part, token.after, token.after_id
    if part == rules.LIVE:
        rows = live if whole else live.only(*HEADER_FIELDS)
        records = list(_after(rows, "changed", after, after_id).order_by("changed", "id")
                       [:size + 1])
        named = _sets(records[:size])
        entries = [Entry(r.pid, _stamp(r), named[r.pk], r if whole else None)
                   for r in records[:size]]
        if len(records) > size:
            last = records[size - 1]
            return _page(token, entries, rules.LIVE, _stamp(last), last.pk, more=True)
        part, after, after_id = rules.DELETED, None, 0  # the tombstones, from their start
    room = size - len(entries)
    stones = list(_after(deleted, "deleted", after, after_id).order_by("deleted", "id")
                  [:room + 1])
    entries += [_gone(stone) for stone in stones[:room]]
    if not entries:  # an empty list; or, rarely, the rest of one changed after its last page
        raise refuse("oai_no_records")
    more = len(stones) > room
    if more and room > 0:
        after, after_id = stones[room - 1].deleted, stones[room - 1].pk
    return _page(token, entries, part, after, after_id, more=more)


def _gone(stone: Tombstone) -> Entry:
    return Entry(stone.pid, stone.deleted, (rules.set_spec("type", stone.material_type),), None,
                 deleted=True)


def _page(token: rules.Token, entries: list[Entry], part: int, after: datetime | None,
          after_id: int, more: bool) -> Page:
    return Page(entries, rules.next_token(token, len(entries), part, after, after_id), more)


def _after(rows: QuerySet[M], field: str, after: datetime | None,
           after_id: int) -> QuerySet[M]:
    """The rows past (after, after_id) in (field, id) order; written so that both databases
    walk the (field, id) index from `after` rather than testing every row."""
    if after is None:
        return rows
    return rows.filter(**{f"{field}__gte": after}).exclude(**{field: after, "id__lte": after_id})


def _lists(token: rules.Token) -> tuple[QuerySet[Record], QuerySet[Tombstone]]:
    """The live records and the tombstones a list holds, by its dates and set."""
    live = Record.objects.filter(changed__lt=token.end)
    deleted = Tombstone.objects.filter(deleted__lt=token.end)
    if token.start is not None:
        live = live.filter(changed__gte=token.start)
        deleted = deleted.filter(deleted__gte=token.start)
    kind, _, code = token.set_spec.partition(":")
    if kind == "type":
        live, deleted = live.filter(material_type=code), deleted.filter(material_type=code)
    elif kind == "library":
        # A tombstone does not know which libraries held copies of it: deleted records are
        # in every library's set, and a harvester deletes what it never had (docs/oai.md).
        library = Library.objects.filter(agency=code).values_list("pk", flat=True).first()
        if library is None:
            return live.none(), deleted.none()
        live = live.filter(Exists(Item.objects.filter(record=OuterRef("pk"), library_id=library)))
    return live, deleted


def _sets(records: list[Record]) -> dict[int, tuple[str, ...]]:
    """Each record's setSpecs: the libraries with copies of it, and its material type."""
    libraries: dict[int, list[str]] = {r.pk: [] for r in records}
    for record_id, agency in (Item.objects.filter(record_id__in=libraries)
                              .values_list("record_id", "library__agency").distinct()
                              .order_by("record_id", "library__agency")):
        libraries[record_id].append(rules.set_spec("library", agency))
    return {r.pk: (*libraries[r.pk], rules.set_spec("type", r.material_type)) for r in records}
