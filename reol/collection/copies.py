"""The life of a copy: staff give it a status by hand (missing, damaged, in repair,
withdrawn, back on the shelf), each with a reason; one transaction each.

Who: desk, cataloguing and leaders of the copy's own library (`may_change`). What follows a
change: the copy's history and the staff record (catalogue/copies.py), the search index's
availability (the shelf-change trigger), and the reservations — a copy that can no longer
fill the reservation it was allocated to lets it wait again, and allocation looks for
another copy (circulation.reservations.release, allocate).
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from reol.catalogue import copies as history
from reol.catalogue.models import CopyStatusChange, Item
from reol.circulation import reservations
from reol.core import access
from reol.refusals import refuse

from . import rules

PERMISSION = "change_item"  # catalogue's; carried by desk, cataloguing and leader (apps.py)


def may_change(user, library_id: int) -> bool:
    """May this member of staff change the status of the library's copies and count them?"""
    return access.can(user, library_id, PERMISSION)


def require(user, library_id: int) -> None:
    access.require(user, library_id, PERMISSION)


def copy(barcode: str) -> Item:
    item = (Item.objects.select_related("record", "library", "home_branch", "current_branch")
            .filter(barcode=barcode.strip()).first())
    if item is None:
        raise refuse("unknown_barcode", barcode=barcode.strip())
    return item


def change_status(user, barcode: str, status: str, reason: str, *,
                  now: datetime | None = None) -> CopyStatusChange:
    """Give the copy a status by hand, with a reason, as `user` (who must hold a role that
    may in the copy's library)."""
    now = now or timezone.now()
    with transaction.atomic():
        item = copy(barcode)
        require(user, item.library_id)
        item = Item.objects.select_for_update(of=("self",)).select_related("record").get(
            pk=item.pk)
        refusal = rules.status_change_refusal(item.status, status, reason)
        if refusal:
            raise refusal
        return _set(item, status, reason.strip(), now)


def _set(item: Item, status: str, reason: str, now: datetime) -> CopyStatusChange:
    """The change and what follows it, inside the caller's transaction."""
    released = reservations.release([item.pk]) if status != Item.Status.AVAILABLE else []
    change = history.set_status(item, status, reason, now)
    # Back on the shelf, or its reservations waiting again: either may give a copy to a queue.
    reservations.allocate(now, records=sorted({item.record_id, *released}))
    return change


def withdraw(item: Item, reason: str, now: datetime) -> CopyStatusChange:
    """Withdraw a copy (a weeding list carried out), inside the caller's transaction; the
    caller has checked access and locked the copy."""
    return _set(item, Item.Status.WITHDRAWN, reason, now)


def history_of(item: Item) -> list[CopyStatusChange]:
    return list(CopyStatusChange.objects.filter(item=item).select_related("user")[:200])
