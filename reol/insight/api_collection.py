"""Collection advice and recommendations under /api/v1/: holds ratio, weeding, collection
profile (staff) and a record's recommendations (open)."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from reol.bounds import Day
from reol.catalogue.models import Record
from reol.core.access import require
from reol.core.api_auth import StaffSession, StaffToken, not_found
from reol.libraries.models import Branch, Library
from reol.refusals import refuse
from reol.requests import StaffRequest

from . import collection, recommend
from .apps import VIEW_ADVICE

router = Router(tags=["insight"])
STAFF = [StaffToken(), StaffSession()]


class TitleOut(Schema):
    pid: str
    title: str
    creators: list[str]


class HoldsRowOut(TitleOut):
    waiting: int
    copies: int
    on_order: int
    ratio: float | None
    to_buy: int


class HoldsOut(Schema):
    library: str | None  # agency; None: the whole network
    threshold: Decimal
    rows: list[HoldsRowOut]


class WeedingItemOut(TitleOut):
    barcode: str
    status: str
    last_loan: datetime | None


class ShelfOut(Schema):
    shelf: str
    copies: int
    items: list[WeedingItemOut]


class WeedingOut(Schema):
    branch: str
    years: int
    shelves: list[ShelfOut]


class SliceOut(Schema):
    key: str
    titles: int
    copies: int
    loans: int
    loans_per_copy: float | None


class TitleUseOut(TitleOut):
    copies: int
    loans: int
    loans_per_copy: float


class LanguageOut(Schema):
    code: str
    copies: int
    held_share: float
    reservations: int
    interlibrary: int
    asked_share: float


class ProfileOut(Schema):
    library: str
    start: datetime
    end: datetime
    copies: int
    titles: int
    loans: int
    by: dict[str, list[SliceOut]]
    highest: list[TitleUseOut]
    lowest: list[TitleUseOut]
    languages: list[LanguageOut]


class AlsoOut(TitleOut):
    borrowers: int


class RecommendationsOut(Schema):
    also_borrowed: list[AlsoOut]
    similar: list[TitleOut]


def _title(record: Record) -> dict:
    return {"pid": record.pid, "title": record.title, "creators": record.creators}


def library_by_agency(agency: str) -> Library:
    found = Library.objects.filter(agency=agency).first()
    if found is None:
        raise not_found("unknown_library", library=agency[:10])
    return found


def check_threshold(threshold: Decimal | None) -> None:
    if threshold is not None and not Decimal("0") < threshold <= Decimal("999"):
        raise refuse("bad_threshold")


def check_years(years: int | None) -> None:
    if years is not None and not 1 <= years <= 100:
        raise refuse("bad_years")


@router.get("/insight/holds-ratio", response=HoldsOut, auth=STAFF,
            summary="Titles with more waiting reservations per loanable copy than a threshold")
def holds_ratio(request: StaffRequest, library: str | None = None,
                threshold: Decimal | None = None) -> dict:
    """One library (`library` = agency: reservations picked up there, its copies and open
    orders) or the whole network; `threshold` defaults to the library's policy (4.0)."""
    check_threshold(threshold)
    found = library_by_agency(library) if library else None
    require(request.auth, found.pk if found else None, VIEW_ADVICE)
    used, rows = collection.holds_ratio(found, threshold)
    return {"library": library or None, "threshold": used, "rows": [
        {**_title(r.record), "waiting": r.waiting, "copies": r.copies, "on_order": r.on_order,
         "ratio": r.ratio, "to_buy": r.to_buy} for r in rows]}


@router.get("/insight/weeding", response=WeedingOut, auth=STAFF,
            summary="Copies of a branch not lent for N years, by shelf")
def weeding(request: StaffRequest, branch: str, years: int | None = None) -> dict:
    check_years(years)
    found = Branch.objects.select_related("library").filter(code=branch).first()
    if found is None:
        raise not_found("unknown_branch", branch=branch[:40])
    require(request.auth, found.library_id, VIEW_ADVICE)
    used, shelves = collection.weeding(found, years)
    return {"branch": found.code, "years": used, "shelves": [
        {"shelf": s.name, "copies": s.copies, "items": [
            {**_title(w.item.record), "barcode": w.item.barcode, "status": w.item.status,
             "last_loan": w.last_loan} for w in s.items]} for s in shelves]}


@router.get("/insight/profile/{agency}", response=ProfileOut, auth=STAFF,
            summary="The collection and its loans by subject, language, audience and type")
def profile(request: StaffRequest, agency: str, start: Day | None = None,
            end: Day | None = None) -> dict:
    """Loans in [start, end] (Copenhagen dates; default: the last 365 days)."""
    library = library_by_agency(agency)
    require(request.auth, library.pk, VIEW_ADVICE)
    p = collection.profile(library, _moment(start), _moment(end, after=True))
    return {
        "library": agency, "start": p.start, "end": p.end, "copies": p.copies,
        "titles": p.titles, "loans": p.loans,
        "by": {d: [{"key": s.key, "titles": s.titles, "copies": s.copies, "loans": s.loans,
                    "loans_per_copy": s.loans_per_copy} for s in slices]
               for d, slices in p.by.items()},
        "highest": [_use(t) for t in p.highest], "lowest": [_use(t) for t in p.lowest],
        "languages": [vars(d) for d in p.languages],
    }


def _use(t: collection.TitleUse) -> dict:
    return {**_title(t.record), "copies": t.copies, "loans": t.loans,
            "loans_per_copy": t.loans_per_copy}


def _moment(day: date | None, *, after: bool = False) -> datetime | None:
    """Midnight in Copenhagen at the start of the day (of the next day: `after`)."""
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day + timedelta(days=after), time()))


@router.get("/records/{pid}/recommendations", response=RecommendationsOut,
            summary="Others who borrowed this also borrowed; similar titles")
def recommendations(request: HttpRequest, pid: str) -> dict:
    """Co-loans backed by at least 5 different borrowers; where fewer than 3 such titles
    exist, similar titles from the bibdata genre space."""
    record = Record.objects.filter(pid=pid).first()
    if record is None:
        raise not_found("unknown_record.pid", pid=pid[:100])
    found = recommend.for_record(record)
    return {"also_borrowed": [{**_title(r), "borrowers": n} for r, n in found.also_borrowed],
            "similar": [_title(r) for r in found.similar]}
