"""The front page: blocks that staff of a library choose and order, each filled from that
library's own data; staff changes are checked here and land on the staff record
(reol.core.tracked). Without any block the page shows every kind, network-wide."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from reol.catalogue.models import Item, Record
from reol.core.access import can
from reol.errors import DomainError
from reol.libraries.models import Library
from reol.refusals import refuse

from .models import FrontBlock

FIELDS = ("kind", "title", "text", "link", "position", "shown")
PERMISSION = "change_frontblock"
NEW_TITLES = 8


def link_refusal(link: str) -> DomainError | None:
    """A block links only to a page of this site: no way to send visitors elsewhere."""
    if link and (not link.startswith("/") or link.startswith("//") or "\\" in link):
        return refuse("bad_block_link")
    return None


def may_edit(user, library_id: int) -> bool:
    """Leaders and editors of the library (a role carrying change_frontblock)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return can(user, library_id, PERMISSION)


def _check(user, library_id: int, values: dict) -> None:
    if not may_edit(user, library_id):
        raise refuse("not_allowed")
    if values.get("kind", FrontBlock.Kind.TEXT) not in FrontBlock.Kind.values:
        raise refuse("bad_block_kind")
    refusal = link_refusal(values.get("link", ""))
    if refusal:
        raise refusal


def add_block(library: Library, values: dict, *, by) -> FrontBlock:
    _check(by, library.pk, values)
    with transaction.atomic():
        return FrontBlock.objects.create(library=library, **{k: values[k] for k in FIELDS
                                                             if k in values})


def change_block(block: FrontBlock, values: dict, *, by) -> FrontBlock:
    _check(by, block.library_id, values)
    with transaction.atomic():
        for name in FIELDS:
            if name in values:
                setattr(block, name, values[name])
        block.save()
    return block


def remove_block(block: FrontBlock, *, by) -> None:
    _check(by, block.library_id, {})
    with transaction.atomic():
        block.delete()


def blocks(now: datetime | None = None) -> list[dict]:
    """The shown blocks in order, each with what it shows."""
    now = timezone.localtime(now)
    chosen = list(FrontBlock.objects.filter(shown=True).select_related("library"))
    if not chosen:  # nothing chosen yet: every kind that has data, for the whole network
        chosen = [FrontBlock(kind=kind) for kind in FrontBlock.Kind.values
                  if kind != FrontBlock.Kind.TEXT]
    return [{"block": b, **_content(b.kind, b.library if b.library_id else None, now)}
            for b in chosen]


def _content(kind: str, library: Library | None, now: datetime) -> dict:
    from reol.community.exhibitions import on_show
    from reol.events.queries import coming
    from reol.libraries.views import house_today, visited

    if kind == FrontBlock.Kind.EVENTS:
        return {"occurrences": coming(library=library.agency if library else "")}
    if kind == FrontBlock.Kind.OPEN_TODAY:
        return {"houses": [{"branch": b, **house_today(b, now)}
                           for b in visited(library.pk if library else None)]}
    if kind == FrontBlock.Kind.NEW_TITLES:
        return {"records": new_titles(library)}
    if kind == FrontBlock.Kind.EXHIBITIONS:
        current = on_show(now.date())[0]
        if library:
            current = current.filter(branch__library=library)
        return {"exhibitions": list(current[:6])}
    return {}


def new_titles(library: Library | None, count: int = NEW_TITLES) -> list[Record]:
    """The titles of the copies added last (in the library, or anywhere), newest first."""
    copies = Item.objects.order_by("-id")
    if library:
        copies = copies.filter(library=library)
    ids: list[int] = []
    for record_id in copies.values_list("record_id", flat=True)[:count * 10]:
        if record_id not in ids:
            ids.append(record_id)
        if len(ids) == count:
            break
    found = Record.objects.in_bulk(ids)
    return [found[i] for i in ids if i in found]
