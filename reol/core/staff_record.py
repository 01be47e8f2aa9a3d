"""The staff record as use cases: write a row, record a lookup, forget old rows.

Retention. The record holds patron references (lookups, changes to patrons and their blocks)
and the old and new values of patron fields, so it is personal data and is kept only as long
as it serves its purpose: letting a library answer "who looked at or changed this?" after a
complaint, a suspected misuse or an error found late. Such questions come within a year, and
a year covers one full cycle of a library's own yearly review of staff access. RETENTION is
therefore 365 days; the privacy job calls forget_before(now - RETENTION). A patron who is
deleted is forgotten at once (forget_patron); the record keeps only that, when and by whom.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Model, QuerySet

from .actor import Actor, current
from .models import StaffChange

RETENTION = timedelta(days=365)
CREATE, UPDATE, DELETE, LOOKUP = (StaffChange.Action.CREATE, StaffChange.Action.UPDATE,
                                  StaffChange.Action.DELETE, StaffChange.Action.LOOKUP)


def write(who: Actor, *, action: str, model: str, object_id: Any, library_id: int | None,
          patron_id: int | None, changes: dict[str, Any]) -> StaffChange:
    """One row; runs inside the caller's transaction, so a change rolled back is not on
    record and a change on record was made."""
    user = who.user if who.user is not None and who.user.pk is not None else None
    return StaffChange.objects.create(
        user=user, actor=who.label[:200], action=action, model=model,
        object_id=str(object_id), library_id=library_id, patron_id=patron_id, changes=changes,
    )


def lookup(patron: Model, *, who: Actor | None = None) -> StaffChange | None:
    """A member of staff opened this patron (desk, patron page, API, admin). Call it after
    the access check, so the record shows what was seen, not what was refused."""
    who = who or current()
    if who is None:
        return None
    return write(who, action=LOOKUP, model=patron._meta.label_lower, object_id=patron.pk,
                 library_id=patron.library_id, patron_id=patron.pk, changes={})


def forget_before(cutoff: datetime) -> int:
    """Drop the rows older than `cutoff` (the privacy job passes now - RETENTION); the
    number of rows dropped."""
    with transaction.atomic():
        deleted, _ = StaffChange.objects.filter(at__lt=cutoff).delete()
    return deleted


def forget_patron(patron_id: int) -> int:
    """A deleted patron's lookups and changes go with them."""
    deleted, _ = StaffChange.objects.filter(patron_id=patron_id).delete()
    return deleted


@dataclass(frozen=True)
class Wanted:
    """What a leader asks of the record; empty parts ask for everything."""

    patron_id: int | None = None
    actor: str = ""  # part of a user name or a command's label
    action: str = ""
    since: date | None = None  # local days, both included
    until: date | None = None


def rows(libraries: Collection[int] | None, wanted: Wanted) -> QuerySet[StaffChange]:
    """The record of these libraries (None: every row, for a superuser), newest first."""
    found = StaffChange.objects.select_related("user")
    if libraries is not None:
        found = found.filter(library_id__in=libraries)
    if wanted.patron_id is not None:
        found = found.filter(patron_id=wanted.patron_id)
    if wanted.actor:
        found = found.filter(actor__icontains=wanted.actor)
    if wanted.action:
        found = found.filter(action=wanted.action)
    if wanted.since:
        found = found.filter(at__date__gte=wanted.since)
    if wanted.until:
        found = found.filter(at__date__lte=wanted.until)
    return found.order_by("-at", "-id")
