"""Keeping the search index in step with the catalogue."""

from collections.abc import Callable, Iterable

from django.db import connection, transaction

from reol import sql
from reol.catalogue.models import Item, Record

from . import rules
from .backends import for_vendor
from .models import SearchEntry, SearchFacet

BATCH = 2000


def _entry(
    record: Record, available_libraries: set[str], prepare: Callable[[str], str]
) -> SearchEntry:
    return SearchEntry(
        record_id=record.pk,
        title=prepare(record.title),
        creators=prepare(" ".join(record.creators)),
        # Genres and see-references find the record as subjects do (weight C).
        subjects=prepare(" ".join([*record.subjects, *record.genres, *record.search_terms])),
        body=prepare(" ".join(filter(None, [record.description, record.dk5, record.publisher]))),
        material_type=record.material_type,
        language=record.language,
        audience=record.audience,
        available=bool(available_libraries),
        year=record.year,
        title_order=rules.sort_order(record.title),
        creator_order=rules.creator_order(record.creators),
    )


def _available_libraries(record_ids: list[int]) -> dict[int, set[str]]:
    shelves: dict[int, set[str]] = {pk: set() for pk in record_ids}
    rows = (
        Item.objects.filter(record_id__in=record_ids, status=Item.Status.AVAILABLE)
        .order_by()
        .values_list("record_id", "library__agency")
        .distinct()
    )
    for record_id, agency in rows:
        shelves[record_id].add(agency)
    return shelves


def _library_facets(shelves: dict[int, set[str]]) -> list[SearchFacet]:
    return [
        SearchFacet(record_id=pk, facet=SearchFacet.LIBRARY, value=agency)
        for pk, agencies in shelves.items()
        for agency in sorted(agencies)
    ]


def index_records(record_ids: Iterable[int]) -> int:
    """(Re)build the index entries of these records; records that are gone leave the index."""
    backend = for_vendor(connection.vendor)
    ids = list(record_ids)
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        with transaction.atomic():
            backend.writing()
            records = list(Record.objects.filter(pk__in=batch))
            shelves = _available_libraries([r.pk for r in records])
            SearchEntry.objects.filter(record_id__in=batch).delete()
            SearchFacet.objects.filter(record_id__in=batch).delete()
            # Facets first: on PostgreSQL an entry reads its facet values as it is inserted.
            terms = [
                SearchFacet(record_id=r.pk, facet=facet, value=term[:200])
                for r in records
                for facet, values in ((SearchFacet.SUBJECT, r.subjects),
                                      (SearchFacet.GENRE, r.genres))
                for term in dict.fromkeys(values)
            ]
            sql.insert_all(terms + _library_facets(shelves))
            sql.insert_all([_entry(r, shelves[r.pk], backend.prepare) for r in records])
            backend.changed(batch)
    return len(ids)


def refresh_availability(record_ids: Iterable[int]) -> None:
    """After items move or change status: which libraries have a copy on the shelf.

    Most loans and returns leave that unchanged (another copy is still on a shelf of the same
    library), so records are only rewritten, and re-indexed, when their set changed.
    """
    ids = list(record_ids)
    shelves = _available_libraries(ids)
    before: dict[int, set[str]] = {pk: set() for pk in ids}
    # By record alone, so the (record, facet) index is the only one that fits: with the facet
    # in the filter too, SQLite without statistics walks the (facet, value) index instead.
    for pk, facet, agency in SearchFacet.objects.filter(record_id__in=ids).values_list(
        "record_id", "facet", "value"
    ):
        if facet == SearchFacet.LIBRARY:
            before[pk].add(agency)
    changed = {pk: libs for pk, libs in shelves.items() if libs != before[pk]}
    if not changed:
        return
    backend = for_vendor(connection.vendor)
    with transaction.atomic():
        backend.writing()
        SearchFacet.objects.filter(record_id__in=changed, facet=SearchFacet.LIBRARY).delete()
        sql.insert_all(_library_facets(changed))
        for available in (True, False):
            SearchEntry.objects.filter(
                record_id__in=[pk for pk, libs in changed.items() if bool(libs) == available]
            ).update(available=available)
        backend.changed(list(changed))


def forget_records(record_ids: Iterable[int]) -> None:
    """Deleted records leave the index (their rows went with them by cascade)."""
    for_vendor(connection.vendor).changed(list(record_ids))


def rebuild_index() -> int:
    """Recompute every record's index entry from the catalogue, then the backend's index."""
    count = index_records(Record.objects.order_by("pk").values_list("pk", flat=True))
    for_vendor(connection.vendor).rebuild()
    return count
