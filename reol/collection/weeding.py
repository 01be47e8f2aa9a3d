"""A weeding list carried out: the advice page's list of copies nobody has borrowed for
years (insight/collection.weeding) is kept as it stood, and staff scan the copies off the
shelf. Each scanned copy on the list is withdrawn with the reason "weeded"; a copy not on
the list is only warned about, never withdrawn. One transaction per scan."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from reol.catalogue.models import Item
from reol.errors import DomainError
from reol.libraries.models import Branch
from reol.refusals import refuse

from . import copies, rules
from .models import Weeding, WeedingCopy


def start(user, branch: Branch, years: int, item_ids: Iterable[int], *,
          now: datetime | None = None) -> Weeding:
    """Keep the list as the advice page showed it: the branch's own copies still on it."""
    copies.require(user, branch.library_id)
    ids = list(Item.objects.filter(
        pk__in=list(item_ids), library_id=branch.library_id, home_branch=branch,
    ).exclude(status__in=[Item.Status.WITHDRAWN, Item.Status.ON_LOAN]).values_list(
        "pk", flat=True))
    if not ids:
        raise refuse("no_weeding_copies")
    with transaction.atomic():
        weeding = Weeding.objects.create(
            library_id=branch.library_id, branch=branch, years=years,
            started=now or timezone.now(), started_by=user if user.pk else None)
        WeedingCopy.objects.bulk_create(WeedingCopy(weeding=weeding, item_id=pk) for pk in ids)
    return weeding


def opened(user, pk: int) -> Weeding:
    weeding = Weeding.objects.select_related("branch", "library").filter(pk=pk).first()
    if weeding is None:
        raise refuse("unknown_weeding")
    copies.require(user, weeding.library_id)
    return weeding


@dataclass
class Weeded:
    barcode: str
    item: Item | None
    outcome: str  # "withdrawn", "already", "not_on_list", "unknown", "refused"
    refusal: DomainError | None = None


def scan(user, weeding: Weeding, barcode: str, *, now: datetime | None = None) -> Weeded:
    now = now or timezone.now()
    barcode = barcode.strip()
    if not barcode:
        raise refuse("no_item")
    with transaction.atomic():
        copies.require(user, weeding.library_id)
        weeding = Weeding.objects.select_for_update().get(pk=weeding.pk)
        if weeding.finished is not None:
            raise refuse("weeding_closed")
        item = (Item.objects.select_for_update(of=("self",)).select_related("record")
                .filter(barcode=barcode).first())
        if item is None:
            return Weeded(barcode, None, "unknown")
        row = WeedingCopy.objects.filter(weeding=weeding, item=item).first()
        if row is None:
            return Weeded(barcode, item, "not_on_list")
        if row.withdrawn is not None or item.status == Item.Status.WITHDRAWN:
            return Weeded(barcode, item, "already")
        refusal = rules.status_change_refusal(item.status, Item.Status.WITHDRAWN, rules.WEEDED)
        if refusal:
            return Weeded(barcode, item, "refused", refusal)
        copies.withdraw(item, rules.WEEDED, now)
        row.withdrawn = now
        row.save(update_fields=["withdrawn"])
        return Weeded(barcode, item, "withdrawn")


def finish(user, weeding: Weeding, *, now: datetime | None = None) -> Weeding:
    """Close the list: what was not scanned stays on the shelf."""
    with transaction.atomic():
        copies.require(user, weeding.library_id)
        weeding = Weeding.objects.select_for_update().get(pk=weeding.pk)
        if weeding.finished is None:
            weeding.finished = now or timezone.now()
            weeding.save(update_fields=["finished"])
    return weeding


def remaining(weeding: Weeding) -> QuerySet[WeedingCopy]:
    return (WeedingCopy.objects.filter(weeding=weeding, withdrawn__isnull=True)
            .select_related("item__record").order_by("item__shelf_location", "item__barcode"))


def withdrawn_count(weeding: Weeding) -> int:
    return WeedingCopy.objects.filter(weeding=weeding, withdrawn__isnull=False).count()
