"""Which records changed, told to other apps (the search index) at once, once per batch, or
from a queue.

A saved record tells listeners right away. Inside `batch()` the record ids are collected and
told once at the end, so importing a thousand records costs one index update, not a thousand.
A copy whose status, library or record changes (checked out, returned, sent in transit) is
queued in ShelfChange instead, by a trigger on the item table (catalogue migration 0004),
so every write queues it, however it is made; a new or deleted copy is queued from here:
`deliver()` tells the listeners from the search worker (reol/search/follow.py: a thread of
`reol serve`, and `reol run_jobs`), so the desk never waits for the index and a search, which
writes nothing, sees the change within the worker's stated bound (docs/architecture.md).
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from reol import sql

from .models import Item, ShelfChange

# Sent with record_ids (their data changed) and item_record_ids (their items changed).
batch_done = Signal()

_local = threading.local()


@contextmanager
def batch() -> Iterator[None]:
    if getattr(_local, "pending", None) is not None:  # already inside a batch
        yield
        return
    _local.pending = ({}, {})  # ordered sets of record ids: data changed, items changed
    try:
        yield
        records, items = _local.pending
    finally:
        _local.pending = None
    batch_done.send(
        sender=batch,
        record_ids=list(records),
        item_record_ids=[pk for pk in items if pk not in records],
    )


def collected(record_id: int, items_only: bool = False) -> bool:
    """Note a change for the batch in progress; False when there is none (act now)."""
    pending = getattr(_local, "pending", None)
    if pending is None:
        return False
    pending[1 if items_only else 0][record_id] = None
    return True


_QUEUE = sql.Statement(lambda: f"INSERT INTO {sql.table(ShelfChange)} (record_id) VALUES (%s)")


def copies_changed(record_id: int) -> None:
    """A copy of the record changed: queue it for the listeners, in the caller's transaction."""
    if not collected(record_id, items_only=True):
        sql.execute(_QUEUE, [record_id])


@receiver(post_save, sender=Item)
def _item_saved(sender, instance: Item, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:  # an update that matters is queued by the trigger
        copies_changed(instance.record_id)


@receiver(post_delete, sender=Item)
def _item_deleted(sender, instance: Item, **kwargs) -> None:
    copies_changed(instance.record_id)


def deliver(batch_size: int = 5000) -> int:
    """Tell the listeners about every queued copy change; the number of records told."""
    told = 0
    while rows := sql.fetch(
        f"SELECT id, record_id FROM {sql.table(ShelfChange)} ORDER BY id LIMIT %s", [batch_size]
    ):
        record_ids = list(dict.fromkeys(record_id for _, record_id in rows))
        with transaction.atomic():
            batch_done.send(sender=deliver, record_ids=[], item_record_ids=record_ids)
            # By id, not "up to the last id": a change committed late with a lower id stays.
            ShelfChange.objects.filter(pk__in=[pk for pk, _ in rows]).delete()
        told += len(record_ids)
    return told
