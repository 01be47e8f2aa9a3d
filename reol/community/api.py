"""The community API under /api/v1/: exhibitions and their accepted works (open), volunteer
shifts and the yearly figures (staff, within their own libraries)."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Annotated

from django.urls import reverse
from django.utils import timezone
from ninja import Field, Router, Schema

from reol.bounds import Day, Year
from reol.circulation.api_auth import PATRON
from reol.circulation.api_schemas import ERRORS
from reol.core.access import require
from reol.core.api_auth import STAFF, not_found
from reol.libraries.models import Library

from . import exhibitions, volunteers
from .models import Exhibition, Shift, Volunteer

router = Router(tags=["community"])


class WorkOut(Schema):
    title: str
    artist: str
    description: str
    images: list[str]


class ExhibitionOut(Schema):
    slug: str
    title: str
    branch: str
    starts: date
    ends: date
    description: str
    partner: str | None
    open_call: bool
    call_deadline: datetime | None
    url: str


class ExhibitionDetail(ExhibitionOut):
    works: list[WorkOut]


def _exhibition(e: Exhibition) -> dict:
    return {"slug": e.slug, "title": e.title, "branch": e.branch.code, "starts": e.starts,
            "ends": e.ends, "description": e.description,
            "partner": e.partner.slug if e.partner else None, "open_call": e.open_call,
            "call_deadline": e.call_deadline, "url": reverse("exhibition", args=[e.slug])}


@router.get("/exhibitions", response=list[ExhibitionOut], summary="Current and coming exhibitions")
def exhibition_list(request):
    current, upcoming = exhibitions.on_show(timezone.localdate())
    return [_exhibition(e) for e in [*current, *upcoming]]


@router.get("/exhibitions/{slug}", response={200: ExhibitionDetail, **ERRORS},
            summary="An exhibition with its accepted works")
def exhibition_detail(request, slug: str):
    found = Exhibition.objects.select_related("branch", "partner").filter(slug=slug).first()
    if found is None:
        raise not_found("unknown_exhibition")
    works = [{"title": w.title, "artist": w.name, "description": w.description,
              "images": [reverse("exhibition-image", args=[slug, i.pk]) for i in w.images.all()]}
             for w in exhibitions.accepted_works(found)]
    return {**_exhibition(found), "works": works}


class ShiftOut(Schema):
    id: int
    title: str
    branch: str
    role: str
    start: datetime
    end: datetime
    needed: int
    taken: int
    volunteers: list[str]
    signup_opens: datetime
    signup_closes: datetime
    dropout_deadline: datetime
    occurrence: int | None
    cancelled: bool


@router.get("/volunteers/shifts", response={200: list[ShiftOut], **ERRORS}, auth=STAFF,
            summary="Volunteer shifts of a library from a date (staff)")
def shift_list(request, library: str, start: Day | None = None,
               days: Annotated[int, Field(ge=1, le=366)] = 31):
    found = Library.objects.filter(agency=library).first()
    if found is None:
        raise not_found("unknown_library.unnamed")
    require(request.auth, found.pk, "view_volunteer")
    start = start or timezone.localdate()
    shifts = (Shift.objects.filter(branch__library=found, start__date__gte=start,
                                   start__date__lt=start + timedelta(days=min(days, 366)))
              .select_related("branch", "role").prefetch_related("signups__volunteer"))
    return [{
        "id": s.pk, "title": s.title, "branch": s.branch.code, "role": s.role.slug,
        "start": s.start, "end": s.end, "needed": s.needed,
        "taken": sum(1 for su in s.signups.all() if su.status == "signed_up"),
        "volunteers": [su.volunteer.name for su in s.signups.all() if su.status == "signed_up"],
        "signup_opens": s.signup_opens, "signup_closes": s.signup_closes,
        "dropout_deadline": s.dropout_deadline, "occurrence": s.occurrence_id,
        "cancelled": s.cancelled} for s in shifts]


class HelpedOut(Schema):
    library: str
    year: int
    volunteers: int
    shifts: int
    hours: Decimal
    people_helped: int


@router.get("/volunteers/helped", response={200: HelpedOut, **ERRORS}, auth=STAFF,
            summary="What a library's volunteers did in a year (staff)")
def helped(request, library: str, year: Year):
    found = Library.objects.filter(agency=library).first()
    if found is None:
        raise not_found("unknown_library.unnamed")
    require(request.auth, found.pk, "view_volunteer")
    figures = volunteers.helped_per_year(found, year)
    return {"library": found.agency, **figures.__dict__}


class OpenShiftOut(Schema):
    id: int
    title: str
    branch: str
    start: datetime
    end: datetime
    places_left: int
    can_take: bool
    reason: str | None
    code: str | None


@router.get("/volunteer/shifts", response={200: list[OpenShiftOut], **ERRORS}, auth=PATRON,
            summary="Open shifts for the logged-in volunteer, with why one cannot be taken")
def my_open_shifts(request):
    volunteer = Volunteer.objects.filter(patron=request.auth).first()
    if volunteer is None:
        raise not_found("not_a_volunteer")
    return [{"id": o.shift.pk, "title": o.shift.title, "branch": o.shift.branch.code,
             "start": o.shift.start, "end": o.shift.end, "places_left": o.places_left,
             "can_take": o.refusal is None,
             "reason": o.refusal.message() if o.refusal else None,
             "code": o.refusal.code if o.refusal else None}
            for o in volunteers.open_shifts(volunteer, timezone.now())]
