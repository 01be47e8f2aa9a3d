"""Two records of the same edition made one: the survivor takes the other's copies,
reservations, loan history and statistics rows, orders, interlibrary requests, cover and
favourites; the other is deleted and its pid leads to the survivor (RecordRedirect).

What points at a record is found from the model graph (every foreign key to Record), so a
table added later moves too without anyone remembering to. A row that may exist only once per
record (a favourite per patron) is kept once: the survivor's. Apps whose rows need more than
a changed key register a mover (`register`), and rows derived from the record itself
(search entries, ISBN rows) register none and are made anew for the survivor. Reservations
keep the time they were placed, so the survivor's queue is both queues in the order their
patrons joined them.
"""

from collections.abc import Callable
from typing import Any

from django.db import models, transaction

from reol.core import staff_record
from reol.core.actor import Actor
from reol.refusals import refuse

from . import changes
from .models import Record, RecordCover, RecordIsbn, RecordRedirect

Mover = Callable[[int, int], int]
# model label → how its rows move from loser to survivor (None: derived, made anew).
_MOVERS: dict[str, Mover | None] = {
    "catalogue.recordisbn": None,
}


def register(label: str, mover: Mover | None) -> None:
    """An app's rows that need more than their key changed (or None: rows derived from the
    record, rebuilt for the survivor). `mover(loser_id, survivor_id)` returns rows moved."""
    _MOVERS[label] = mover


def _move_cover(loser_id: int, survivor_id: int) -> int:
    if RecordCover.objects.filter(record_id=survivor_id).exists():
        return 0
    moved = RecordCover.objects.filter(record_id=loser_id).update(record_id=survivor_id)
    if moved:
        stamp = Record.objects.filter(pk=loser_id).values_list("cover_set", flat=True).first()
        Record.objects.filter(pk=survivor_id).update(cover_set=stamp)
    return moved


_MOVERS["catalogue.recordcover"] = _move_cover


@transaction.atomic
def merge_records(survivor: Record, loser: Record, who: Actor, library_id: int | None,
                  types_confirmed: bool = False) -> dict[str, int]:
    """Merge `loser` into `survivor`; the rows moved per table."""
    if survivor.pk == loser.pk:
        raise refuse("merge_same")
    locked = {r.pk: r for r in Record.objects.select_for_update().filter(
        pk__in=[survivor.pk, loser.pk]).order_by("pk")}
    survivor, loser = locked[survivor.pk], locked[loser.pk]
    if survivor.material_type != loser.material_type and not types_confirmed:
        raise refuse("merge_types_differ")
    moved: dict[str, int] = {}
    with changes.batch():
        for relation in _relations():
            label = relation.related_model._meta.label_lower
            if label in _MOVERS:
                mover = _MOVERS[label]
                count = mover(loser.pk, survivor.pk) if mover else 0
            elif relation.one_to_one:
                count = 0  # a row of the record's own (its search entry): made anew
            else:
                count = _move_rows(relation.related_model, relation.field, loser.pk, survivor.pk)
            if count:
                moved[label] = moved.get(label, 0) + count
        RecordRedirect.objects.create(pid=loser.pid, record=survivor)
        survivor.refresh_from_db()  # a mover may have changed it (its cover)
        survivor.isbns = list(dict.fromkeys([*survivor.isbns, *loser.isbns]))
        if not survivor.issn:
            survivor.issn = loser.issn
        survivor.save()
        for isbn in survivor.isbns:
            RecordIsbn.objects.get_or_create(record=survivor, isbn=isbn)
        staff_record.write(who, action=staff_record.UPDATE, model="catalogue.record",
                           object_id=survivor.pk, library_id=library_id, patron_id=None,
                           changes={"merged": [loser.pid, survivor.pid], "moved": moved,
                                    "merged_title": loser.title})
        loser.delete()
    return moved


def _relations() -> list[Any]:
    """Every relation that points at a record, hidden ones too (`related_name="+"`, such as
    favourites and the event log), which `_meta.related_objects` leaves out."""
    return [f for f in Record._meta.get_fields(include_hidden=True)
            if f.auto_created and not f.concrete and (f.one_to_many or f.one_to_one)]


def _move_rows(model: type[models.Model], field: Any, loser_id: int,
               survivor_id: int) -> int:
    """Point the loser's rows at the survivor; a row that would be there twice where the
    table allows one per record (a patron's favourite) is dropped, the survivor's kept."""
    rows = model._default_manager.filter(**{field.name: loser_id})
    for unique in _unique_sets(model, field.name):
        others = [name for name in unique if name != field.name]
        kept = set(model._default_manager.filter(**{field.name: survivor_id})
                   .values_list(*others))
        clashing = [pk for pk, *values in rows.values_list("pk", *others)
                    if tuple(values) in kept]
        model._default_manager.filter(pk__in=clashing).delete()
    return rows.update(**{field.name: survivor_id})


def _unique_sets(model: type[models.Model], name: str) -> list[tuple[str, ...]]:
    found = [tuple(c.fields) for c in model._meta.constraints
             if isinstance(c, models.UniqueConstraint) and c.condition is None and c.fields]
    found += [tuple(t) for t in model._meta.unique_together]
    return [u for u in found if name in u and len(u) > 1]
