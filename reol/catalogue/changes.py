"""Which records changed, told to other apps (the search index) at once or once per batch.

A single save tells listeners right away. Inside `batch()` the record ids are collected and
told once at the end, so importing a thousand records costs one index update, not a thousand.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.dispatch import Signal

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
