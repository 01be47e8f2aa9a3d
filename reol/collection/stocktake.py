"""Stocktaking: staff scan a shelf, a section or a whole branch, at the desk scanner one
barcode at a time or by uploading a handheld's list; the report says what should be there and
was not scanned, what was scanned in the wrong place, what was on loan (or missing) but on the
shelf — checked in when scanned, through lending's own check-in, so charges and reservations
are seen to as at the desk — what was withdrawn yet found, and barcodes nobody knows. On
confirmation the copies not scanned become missing.

Built for a branch of 100,000 copies: scans are stored and matched to copies set-based, the
report's lists are queries read a page at a time, and confirmation is a handful of statements
whatever the number of copies (catalogue/copies.set_statuses), never a loop over copies.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from reol import sql
from reol.catalogue import copies as history
from reol.catalogue.models import Item
from reol.circulation import reservations
from reol.circulation.services import check_in
from reol.libraries.models import Branch
from reol.refusals import refuse

from . import rules
from .copies import require
from .models import Stocktake, StocktakeScan

# Found on the shelf though lending says otherwise: checked in when scanned.
CHECK_IN = (Item.Status.ON_LOAN, Item.Status.MISSING, Item.Status.LOST)
LISTS = ("not_scanned", "wrong_place", "checked_in", "withdrawn", "unknown")
PAGE = 100
CHUNK = 5000  # scans inserted per statement (two parameters each: within SQLite's 32,766)


def start(user, branch: Branch, scope: str, value: str = "", *,
          now: datetime | None = None) -> Stocktake:
    require(user, branch.library_id)
    rules.scope_prefix(scope, value)  # refuses an unknown scope or an empty shelf or section
    return Stocktake.objects.create(
        library_id=branch.library_id, branch=branch, scope=scope,
        scope_value="" if scope == "branch" else value.strip()[:100],
        started=now or timezone.now(), started_by=user if user.pk else None)


def prefix(stocktake: Stocktake) -> str:
    return rules.scope_prefix(stocktake.scope, stocktake.scope_value)


def opened(user, pk: int) -> Stocktake:
    """The stocktake, for a member of staff who may count in its library."""
    stocktake = Stocktake.objects.select_related("branch", "library").filter(pk=pk).first()
    if stocktake is None:
        raise refuse("unknown_stocktake")
    require(user, stocktake.library_id)
    return stocktake


def _locked(stocktake: Stocktake) -> Stocktake:
    locked = Stocktake.objects.select_for_update().select_related("branch").get(pk=stocktake.pk)
    if locked.state != Stocktake.State.OPEN:
        raise refuse("stocktake_closed")
    return locked


@dataclass
class Scanned:
    barcode: str
    item: Item | None
    kind: str  # "expected", "wrong_place", "checked_in", "withdrawn", "unknown", "other"
    repeated: bool = False


def scan(user, stocktake: Stocktake, barcode: str, *, now: datetime | None = None) -> Scanned:
    """One barcode from the desk scanner."""
    now = now or timezone.now()
    barcode = barcode.strip()[:rules.MAX_BARCODE]
    if not barcode:
        raise refuse("no_item")
    with transaction.atomic():
        require(user, stocktake.library_id)
        stocktake = _locked(stocktake)
        added = _insert(stocktake, [barcode])
        _check_in(stocktake, now, barcode)
        row = StocktakeScan.objects.select_related("item").get(stocktake=stocktake,
                                                               barcode=barcode)
        return Scanned(barcode, row.item, _kind(stocktake, row), repeated=not added)


@dataclass
class Uploaded:
    barcodes: int  # in the file
    added: int  # not scanned before in this stocktake
    checked_in: int


def upload(user, stocktake: Stocktake, text: str, *, now: datetime | None = None) -> Uploaded:
    """A handheld scanner's list of barcodes (rules.barcodes reads it)."""
    now = now or timezone.now()
    barcodes = rules.barcodes(text)
    if not barcodes:
        raise refuse("no_barcodes.file")
    with transaction.atomic():
        require(user, stocktake.library_id)
        stocktake = _locked(stocktake)
        added = _insert(stocktake, barcodes)
        checked = _check_in(stocktake, now)
    return Uploaded(len(barcodes), added, checked)


def _insert(stocktake: Stocktake, barcodes: list[str]) -> int:
    """Store the scans with the copy each names, a barcode once per stocktake, in one
    statement per chunk; how many were new. (VALUES' columns are "column1" in SQLite and
    PostgreSQL alike; "WHERE TRUE" lets SQLite tell the join's ON from ON CONFLICT.)"""
    added = 0
    for start in range(0, len(barcodes), CHUNK):
        chunk = barcodes[start:start + CHUNK]
        added += sql.execute(
            f"INSERT INTO {sql.table(StocktakeScan)} (stocktake_id, barcode, item_id, checked_in)"
            f" SELECT %s, v.column1, i.id, FALSE FROM (VALUES {', '.join(['(%s)'] * len(chunk))})"
            f" AS v LEFT JOIN {sql.table(Item)} i ON i.barcode = v.column1 WHERE TRUE"
            " ON CONFLICT (stocktake_id, barcode) DO NOTHING",
            [stocktake.pk, *chunk])
    return added


def _check_in(stocktake: Stocktake, now: datetime, barcode: str | None = None) -> int:
    """Copies on loan, missing or lost that stand on the shelf (of the scans, or of the one
    barcode just scanned): checked in here, as at the desk (overdue fees, a lost copy's charge
    falling away, reservations). Few per stocktake, so one check-in each."""
    scans = StocktakeScan.objects.filter(stocktake=stocktake, checked_in=False,
                                         item__status__in=CHECK_IN)
    if barcode is not None:
        scans = scans.filter(barcode=barcode)
    found = list(scans.values_list("pk", "barcode"))
    for pk, barcode in found:
        check_in(barcode, stocktake.branch, now=now)
        StocktakeScan.objects.filter(pk=pk).update(checked_in=True)
    return len(found)


def _in_scope(stocktake: Stocktake, items: QuerySet[Item], path: str = "") -> QuerySet[Item]:
    start = prefix(stocktake)
    if not start:
        return items
    return items.alias(shelf_start=Substr(f"{path}shelf_location", 1, len(start))).filter(
        shelf_start=start)


def _kind(stocktake: Stocktake, scan: StocktakeScan) -> str:
    item = scan.item
    if item is None:
        return "unknown"
    if scan.checked_in:
        return "checked_in"
    if item.status == Item.Status.WITHDRAWN:
        return "withdrawn"
    if (item.library_id != stocktake.library_id or item.home_branch_id != stocktake.branch_id
            or not rules.in_scope(prefix(stocktake), item.shelf_location)):
        return "wrong_place"
    return "expected" if item.status == Item.Status.AVAILABLE else "other"


# --- the report ------------------------------------------------------------------------------


def expected(stocktake: Stocktake) -> QuerySet[Item]:
    """The copies that should stand in the stocktake's scope: the library's own, at home in
    the branch and on the shelf (not lent, not in transit, not on the hold shelf)."""
    return _in_scope(stocktake, Item.objects.filter(
        library_id=stocktake.library_id, home_branch_id=stocktake.branch_id,
        current_branch_id=stocktake.branch_id, status=Item.Status.AVAILABLE))


def not_scanned(stocktake: Stocktake) -> QuerySet[Item]:
    scanned = StocktakeScan.objects.filter(stocktake=stocktake, item=OuterRef("pk"))
    return expected(stocktake).filter(~Exists(scanned))


def _scans(stocktake: Stocktake) -> QuerySet[StocktakeScan]:
    return StocktakeScan.objects.filter(stocktake=stocktake)


def wrong_place(stocktake: Stocktake) -> QuerySet[StocktakeScan]:
    """Scanned copies whose home is another branch or library, or another shelf."""
    scans = _scans(stocktake).filter(item__isnull=False).exclude(
        item__status=Item.Status.WITHDRAWN)
    elsewhere = ~Q(item__library_id=stocktake.library_id) | ~Q(
        item__home_branch_id=stocktake.branch_id)
    start = prefix(stocktake)
    if start:
        scans = scans.alias(shelf_start=Substr("item__shelf_location", 1, len(start)))
        elsewhere |= ~Q(shelf_start=start)
    return scans.filter(elsewhere)


def lists(stocktake: Stocktake) -> dict[str, QuerySet]:
    scans = _scans(stocktake).select_related("item__record", "item__home_branch")
    return {
        "not_scanned": not_scanned(stocktake).select_related("record").order_by(
            "shelf_location", "barcode"),
        "wrong_place": wrong_place(stocktake).select_related(
            "item__record", "item__home_branch").order_by("barcode"),
        "checked_in": scans.filter(checked_in=True).order_by("barcode"),
        "withdrawn": scans.filter(item__status=Item.Status.WITHDRAWN).order_by("barcode"),
        "unknown": scans.filter(item__isnull=True).order_by("barcode"),
    }


@dataclass
class Report:
    stocktake: Stocktake
    scanned: int
    counts: dict[str, int]
    shown: str
    page: Page


def report(stocktake: Stocktake, shown: str = "not_scanned", page: int = 1) -> Report:
    """The five lists' sizes, and one page of one of them."""
    found = lists(stocktake)
    shown = shown if shown in LISTS else "not_scanned"
    counts = {name: rows.count() for name, rows in found.items()}
    pages = Paginator(found[shown], PAGE)
    pages.count = counts[shown]  # counted already
    return Report(stocktake, _scans(stocktake).count(), counts, shown,
                  pages.get_page(page))


def confirm(user, stocktake: Stocktake, *, now: datetime | None = None) -> int:
    """The copies not scanned become missing, with the reason "stocktake <date>", in one
    transaction; their reservations wait again and look for another copy. The number of
    copies made missing."""
    now = now or timezone.now()
    with transaction.atomic():
        require(user, stocktake.library_id)
        stocktake = _locked(stocktake)
        released = reservations.release(not_scanned(stocktake).values("pk"))
        where, params = _not_scanned_sql(stocktake)
        missing = history.set_statuses(where, params, Item.Status.MISSING,
                                       rules.stocktake_reason(timezone.localdate(now)), now)
        stocktake.state = Stocktake.State.CONFIRMED
        stocktake.confirmed = now
        stocktake.confirmed_by = user if user.pk else None
        stocktake.missing = missing
        stocktake.save(update_fields=["state", "confirmed", "confirmed_by", "missing"])
        if released:
            reservations.allocate(now, records=released)
    return missing


def _not_scanned_sql(stocktake: Stocktake) -> tuple[str, list]:
    """not_scanned() as a condition on catalogue_item `i`, for the set-based statements."""
    start = prefix(stocktake)
    scope = f" AND SUBSTR(i.shelf_location, 1, {len(start)}) = %s" if start else ""
    return (
        "i.library_id = %s AND i.home_branch_id = %s AND i.current_branch_id = %s"
        f" AND i.status = %s{scope} AND NOT EXISTS (SELECT 1 FROM {sql.table(StocktakeScan)} s"
        " WHERE s.stocktake_id = %s AND s.item_id = i.id)",
        [stocktake.library_id, stocktake.branch_id, stocktake.branch_id, Item.Status.AVAILABLE,
         *([start] if start else []), stocktake.pk])
