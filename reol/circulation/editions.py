"""Reserving a work in a format ("any edition"): which records, and so which copies, a
reservation takes. A record's editions are the records of its work in its material type."""

from django.db.models import Q

from reol.catalogue.models import Record


def editions(record_ids: set[int] | list[int]) -> dict[int, frozenset[int]]:
    """Each record mapped to every record of its work in its format (itself included)."""
    own = list(Record.objects.filter(pk__in=record_ids).values_list("pk", "work_id",
                                                                    "material_type"))
    works = {work for _, work, _ in own if work is not None}
    pools: dict[tuple[int, str], set[int]] = {}
    for pk, work, kind in Record.objects.filter(work_id__in=works).values_list(
            "pk", "work_id", "material_type"):
        pools.setdefault((work, kind), set()).add(pk)
    return {pk: frozenset(pools.get((work, kind), set()) | {pk}) if work is not None
            else frozenset({pk}) for pk, work, kind in own}


def reserving(record: Record) -> Q:
    """Reservations a copy of `record` may fill: of the record itself, or of any edition of
    its work in its format."""
    mine = Q(record=record.pk)
    if record.work_id is None:
        return mine
    return mine | Q(any_edition=True, record__work_id=record.work_id,
                    record__material_type=record.material_type)
