"""A copy's status changed by a service: the change, its history row and the staff record,
written together in the caller's transaction.

Only services call these (collection/copies.py, the stocktake and weeding, lending's
declare_lost); the admin shows the status read-only. The status is written with an UPDATE
that sends no model signal: the staff record's row is written here, with the reason, so it
is not written twice. The shelf-change trigger (migration 0004) sees the UPDATE either way,
so the search index learns of it like any other change.
"""

import json
from datetime import datetime

from django.db import connection

from reol import sql
from reol.core import staff_record
from reol.core.actor import current
from reol.core.models import StaffChange

from .models import CopyStatusChange, Item


def set_status(item: Item, status: str, reason: str, now: datetime) -> CopyStatusChange:
    """Give one copy a new status, with its reason, on its history and the staff record."""
    old = item.status
    Item.objects.filter(pk=item.pk).update(status=status)
    item.status = status
    return note(item, old, reason, now)


def note(item: Item, old: str, reason: str, now: datetime) -> CopyStatusChange:
    """Put a change of status already made (`old` → item.status) on the copy's history and
    the staff record: for the lending paths that write the status themselves (a copy found
    at check-in)."""
    who = current()
    user_id = who.user.pk if who is not None and who.user is not None else None
    change = CopyStatusChange.objects.create(
        item=item, library_id=item.library_id, old_status=old, status=item.status,
        reason=reason[:200], at=now, user_id=user_id, actor=who.label[:200] if who else "")
    if who is not None:
        staff_record.write(who, action=staff_record.UPDATE, model="catalogue.item",
                           object_id=item.pk, library_id=item.library_id, patron_id=None,
                           changes={"status": [old, item.status], "reason": [None, reason]})
    return change


def set_statuses(where: str, params: list, status: str, reason: str, now: datetime) -> int:
    """Give every copy `i` of catalogue_item matching `where` the status, in three set-based
    statements whatever their number (a stocktake of 100,000 copies): their history rows,
    their staff record rows, then the status itself. `where` must not depend on rows these
    statements write other than the status (it is read before the status changes)."""
    who = current()
    user_id = who.user.pk if who is not None and who.user is not None else None
    actor = who.label[:200] if who is not None else ""
    at = connection.ops.adapt_datetimefield_value(now)
    source = f"FROM {sql.table(Item)} i WHERE {where}"
    history = sql.table(CopyStatusChange)
    sql.execute(
        f"INSERT INTO {history} (item_id, library_id, old_status, status, reason, at, user_id,"
        f" actor) SELECT i.id, i.library_id, i.status, %s, %s, %s, %s, %s {source}",
        [status, reason[:200], at, user_id, actor, *params])
    if who is not None:
        # {"status": [old, new], "reason": [null, reason]}, as note() stores it.
        changes = ("'{\"status\": [\"' || i.status || '\", ' || %s || '], \"reason\":"
                   " [null, ' || %s || ']}'")
        sql.execute(
            f"INSERT INTO {sql.table(StaffChange)} (at, user_id, actor, library_id, patron_id,"
            f" model, object_id, action, changes) SELECT %s, %s, %s, i.library_id, NULL,"
            f" 'catalogue.item', CAST(i.id AS VARCHAR(40)), %s, CAST({changes} AS {_json_type()})"
            f" {source}",
            [at, user_id, actor, staff_record.UPDATE, json.dumps(status), json.dumps(reason),
             *params])
    return sql.execute(
        f"UPDATE {sql.table(Item)} SET status = %s WHERE id IN (SELECT i.id {source})",
        [status, *params])


def _json_type() -> str:
    """The column type of a JSONField's text (the one place the two databases differ here)."""
    return "jsonb" if connection.vendor == "postgresql" else "TEXT"
