"""The events API under /api/v1/: occurrences (the calendar as JSON), registration and
cancellation, partners. Handlers only translate to and from the services."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from ninja import Field, Query, Router, Schema, Status
from ninja.security import APIKeyHeader

from reol.bounds import Day, Offset
from reol.circulation.api_auth import PatronBasic, PatronSession
from reol.circulation.models import Patron
from reol.core.api_auth import not_found
from reol.requests import PatronOrGuestRequest

from . import confirmation, queries, registration
from .models import Partner

router = Router(tags=["events"])


class Guest(APIKeyHeader):
    """No credentials: a guest registers with name and email."""

    param_name = "X-Guest"
    openapi_description = "No credentials needed: register as a guest with name and email."

    def __call__(self, request: HttpRequest):
        return "guest"

    def authenticate(self, request: HttpRequest, key: str | None):
        return "guest"


class OccurrenceOut(Schema):
    id: int
    series: int
    title: str
    description: str
    category: str
    audiences: list[str]
    start: datetime
    end: datetime
    branch: str | None = Field(None, description="branch code; null for an outside venue")
    place: str
    status: str = Field(description="scheduled or cancelled")
    registration_required: bool
    capacity: int | None
    places_left: int | None = Field(description="null: no limit")
    on_closure: bool
    price: Decimal
    sdgs: list[int]
    partners: list[str]
    url: str


class Filters(Schema):
    start: Day | None = Field(None, description="from this date (default today)")
    end: Day | None = Field(None, description="to this date, inclusive (default start + 30)")
    branch: str = ""
    audience: str = ""
    category: str = ""
    library: str = Field("", description="agency number")
    partner: str = Field("", description="partner slug")
    limit: int = Field(100, ge=1, le=1000)
    offset: Offset = 0


def _out(request: HttpRequest, o) -> dict:
    series = o.series
    return {
        "id": o.pk, "series": series.pk, "title": series.title,
        "description": series.description, "category": series.category,
        "audiences": series.audience_list, "start": o.start, "end": o.end,
        "branch": o.branch.code if o.branch else None, "place": queries.place(o),
        "status": o.status, "registration_required": series.registration_required,
        "capacity": o.effective_capacity, "places_left": queries.places_left(o),
        "on_closure": o.on_closure, "price": series.price, "sdgs": series.sdgs,
        "partners": [p.slug for p in series.partners.all()],
        "url": request.build_absolute_uri(f"/events/{o.pk}/"),
    }


@router.get("/events/occurrences", response=list[OccurrenceOut])
def list_occurrences(request: HttpRequest, filters: Query[Filters]):
    """Occurrences in time order, with places left; filter by date, branch, audience,
    category, library and partner."""
    start = filters.start or timezone.localdate()
    end = filters.end or start + timedelta(days=30)
    found = queries.occurrences(queries.Filter(
        start=start, end=end, branch=filters.branch, audience=filters.audience,
        category=filters.category, library=filters.library, partner=filters.partner,
    )).prefetch_related("series__partners")
    return [_out(request, o) for o in found[filters.offset:filters.offset + filters.limit]]


@router.get("/events/occurrences/{occurrence_id}", response=OccurrenceOut)
def get_occurrence(request: HttpRequest, occurrence_id: int):
    found = queries.occurrences(queries.Filter()).filter(pk=occurrence_id).first()
    if found is None:
        raise not_found("unknown_occurrence")
    return _out(request, found)


class RegistrationIn(Schema):
    name: str = Field("", description="guests only")
    email: str = Field("", description="guests only")
    party_size: int = 1


class RegistrationOut(Schema):
    id: int
    occurrence: int
    status: str = Field(description="confirmed or waiting (or cancelled)")
    party_size: int
    cancel_token: str = Field(description="POST it to /events/registrations/cancel")


def _registration_out(r) -> dict:
    return {"id": r.pk, "occurrence": r.occurrence_id, "status": r.status,
            "party_size": r.party_size, "cancel_token": registration.cancel_token(r)}


class PendingOut(Schema):
    status: str = Field(description="always `unconfirmed`: nothing is registered yet")
    email: str = Field(description="the address the confirmation link was sent to")
    expires: datetime = Field(description="the link works until then")


@router.post("/events/occurrences/{occurrence_id}/registrations",
             response={200: RegistrationOut, 202: PendingOut},
             auth=[PatronBasic(), PatronSession(), Guest()])
def register(request: PatronOrGuestRequest, occurrence_id: int, body: RegistrationIn):
    """Register a logged-in patron at once (200). A guest gives name and email and gets 202:
    a mail with a link goes to the address, and the place is taken only when the link is
    followed (or its token posted to `/events/registrations/confirm`), if there is still room.
    Guests' requests are limited per source address and per email address (429).
    A full event puts the registration on the waiting list (`status: waiting`)."""
    language = translation.get_language() or "da"
    if isinstance(request.auth, Patron):
        return _registration_out(registration.register(
            occurrence_id, patron=request.auth, party_size=body.party_size, language=language))
    pending = confirmation.ask(occurrence_id, name=body.name, email=body.email,
                               party_size=body.party_size, language=language,
                               address=confirmation.client_address(request))
    return Status(202, {"status": "unconfirmed", "email": pending.email,
                        "expires": pending.expires})


class ConfirmIn(Schema):
    token: str = Field(max_length=2000)


@router.post("/events/registrations/confirm", response=RegistrationOut)
def confirm(request: HttpRequest, body: ConfirmIn):
    """A guest confirms with the token from the link in their mail: the place is taken now,
    if there is still room (else the waiting list)."""
    return _registration_out(confirmation.confirm(body.token))


class CancelIn(Schema):
    token: str


@router.post("/events/registrations/cancel", response=RegistrationOut)
def cancel(request: HttpRequest, body: CancelIn):
    """Cancel with the token from the registration (or the link in its email)."""
    found = registration.by_token(body.token)
    return _registration_out(registration.cancel(found))


class ContactOut(Schema):
    name: str
    email: str
    phone: str
    role: str


class PartnerOut(Schema):
    slug: str
    name: str
    description: str
    website: str
    contacts: list[ContactOut]
    series: list[str]


def _partner_out(p: Partner) -> dict:
    return {"slug": p.slug, "name": p.name, "description": p.description,
            "website": p.website, "contacts": list(p.contacts.all()),
            "series": sorted({s.title for s in p.series.all()})}


@router.get("/events/partners", response=list[PartnerOut])
def list_partners(request: HttpRequest):
    return [_partner_out(p) for p in Partner.objects.prefetch_related("contacts", "series")]


@router.get("/events/partners/{slug}", response=PartnerOut)
def get_partner(request: HttpRequest, slug: str):
    return _partner_out(get_object_or_404(Partner, slug=slug))
