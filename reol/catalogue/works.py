"""Works: records grouped by the rules (rules.work_keys), kept in step with every save, and
split or joined by collection staff.

Every saved record is regrouped together with the records that share its title or original
title (the only ones whose grouping it can change), from any entry point: a signal after a
single save, once per batch for imports, and all at once for the demo. Records that staff
split or joined (`work_fixed`) stay where staff put them.
"""

import uuid
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from reol.core import staff_record
from reol.core.actor import Actor
from reol.refusals import refuse

from . import changes, rules
from .models import Record, Work

_FIELDS = ("pk", "title", "creators", "material_type", "original_title", "work_id",
           "title_key", "work_fixed", "roles")


def regroup(record_ids: Iterable[int] | None = None) -> int:
    """Put these records (None: every record) and those sharing a title with them in their
    works; returns how many records changed work."""
    if record_ids is None:
        return _regroup(None)
    ids = list(record_ids)
    return sum(_regroup(ids[start:start + 400]) for start in range(0, len(ids), 400))


def _regroup(ids: list[int] | None) -> int:
    rows = Record.objects.order_by("pk")
    if ids is not None:
        titles = {rules.title_key(t) for pair in Record.objects.filter(pk__in=ids)
                  .values_list("title", "original_title") for t in pair} - {""}
        rows = rows.filter(Q(pk__in=ids) | Q(title_key__in=titles))
    records = [r for r in rows.values_list(*_FIELDS) if not r[7]]
    keys = rules.work_keys([
        rules.WorkFacts(pk, title, _with_role(creators or [], roles or {}), kind, original)
        for pk, title, creators, kind, original, _, _, _, roles in records
    ])
    works = _works_for(keys, {r[0]: r for r in records})
    updates = [
        (works[keys[pk]], rules.title_key(title), pk)
        for pk, title, _, _, _, work, title_key, _, _ in records
        if works[keys[pk]] != work or rules.title_key(title) != title_key
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {Record._meta.db_table} SET work_id = %s, title_key = %s WHERE id = %s",
            updates,
        )
        _drop_empty({r[5] for r in records if r[5]})
    return len(updates)


def _with_role(creators: list[str], roles: dict[str, list[str]]) -> tuple[str, ...]:
    """The creators as grouping reads them: the first with its relator code written after
    it ("Adler-Olsen Jussi ant"), as the catalogue gave it before names were cleaned."""
    if not creators:
        return ()
    codes = roles.get(creators[0]) or []
    return (f"{creators[0]} {codes[0]}" if codes else creators[0], *creators[1:])


def _works_for(keys: dict[int, str], records: dict[int, tuple]) -> dict[str, int]:
    """The id of the work of each key, making the works that are new."""
    wanted = set(keys.values())
    found: dict[str, int] = {}
    for start in range(0, len(wanted), 500):  # SQLite's limit on parameters
        chunk = sorted(wanted)[start:start + 500]
        found.update(Work.objects.filter(key__in=chunk).values_list("key", "pk"))
    first: dict[str, tuple] = {}
    for pk, key in sorted(keys.items()):
        first.setdefault(key, records[pk])
    Work.objects.bulk_create([_new_work(key, first[key]) for key in wanted - set(found)],
                             batch_size=1000)
    missing = sorted(wanted - set(found))
    for start in range(0, len(missing), 500):
        found.update(Work.objects.filter(key__in=missing[start:start + 500])
                     .values_list("key", "pk"))
    return found


def _new_work(key: str, record: tuple) -> Work:
    _, title, creators, *_ = record
    return Work(key=key, title=title.split(" : ", 1)[0][:500],
                creator=(creators[0] if creators else "")[:300])


def _drop_empty(work_ids: set[int]) -> None:
    Work.objects.filter(pk__in=work_ids, records__isnull=True).delete()


# --- staff split and join ------------------------------------------------------------------


@transaction.atomic
def split(record: Record, who: Actor, library_id: int | None = None) -> Work:
    """Staff take a record out of its work: it becomes a work of its own, and stays one."""
    record = Record.objects.select_for_update().get(pk=record.pk)
    before = record.work_id
    work = Work.objects.create(key=f"staff:{uuid.uuid4().hex}",
                               title=record.title.split(" : ", 1)[0][:500],
                               creator=(record.creators[0] if record.creators else "")[:300])
    _move(record, work, who, "split", library_id)
    if before:
        _drop_empty({before})
    return work


@transaction.atomic
def join(record: Record, work: Work, who: Actor, library_id: int | None = None) -> None:
    """Staff put a record into another work, where it stays whatever the rules say."""
    record = Record.objects.select_for_update().get(pk=record.pk)
    if record.work_id == work.pk:
        raise refuse("already_in_work")
    before = record.work_id
    _move(record, work, who, "join", library_id)
    if before:
        _drop_empty({before})


@transaction.atomic
def release(record: Record, who: Actor, library_id: int | None = None) -> None:
    """Staff hand a record they split or joined back to the rules."""
    Record.objects.filter(pk=record.pk).update(work_fixed=False)
    staff_record.write(who, action=staff_record.UPDATE, model="catalogue.record",
                       object_id=record.pk, library_id=library_id, patron_id=None,
                       changes={"work_fixed": [True, False]})
    regroup([record.pk])


def _move(record: Record, work: Work, who: Actor, how: str, library_id: int | None) -> None:
    """On the staff record under the library whose collection staff did it (the catalogue
    is the network's, so its leaders see the row)."""
    staff_record.write(who, action=staff_record.UPDATE, model="catalogue.record",
                       object_id=record.pk, library_id=library_id, patron_id=None,
                       changes={"work": [record.work_id, work.pk], "how": how})
    Record.objects.filter(pk=record.pk).update(work=work, work_fixed=True)


# --- kept in step -------------------------------------------------------------------------


@receiver(post_save, sender=Record)
def _record_saved(sender, instance: Record, raw: bool = False, **kwargs) -> None:
    if not raw and not changes.collected(instance.pk):
        regroup([instance.pk])


@receiver(changes.batch_done)
def _batch_done(sender, record_ids: list[int], **kwargs) -> None:
    if record_ids:
        regroup(record_ids)


@receiver(post_delete, sender=Record)
def _record_deleted(sender, instance: Record, **kwargs) -> None:
    if instance.work_id:
        _drop_empty({instance.work_id})
