"""Interlibrary loans in the JSON API under /api/v1/ill/: staff see their libraries' requests
(to supply and their own) and their state. The ISO 18626 endpoint itself is /iso18626."""

from datetime import date, datetime
from typing import Annotated

from ninja import Field, Router, Schema

from reol.circulation.api_schemas import ERRORS
from reol.core import access
from reol.core.api_auth import STAFF
from reol.refusals import refuse
from reol.requests import StaffRequest

from .models import IllRequest

router = Router(tags=["sharing"])


class IllRequestOut(Schema):
    id: int
    role: str
    state: str
    requester_isil: str
    supplier_isil: str
    request_id: str
    title: str
    pickup_branch: str | None
    item_barcode: str
    due: date | None
    renewal_pending: bool
    answer_by: datetime | None
    candidates: list[dict]
    reason: str
    updated: datetime


@router.get("/ill/requests", response={200: list[IllRequestOut], **ERRORS}, auth=STAFF,
            summary="Interlibrary requests of the caller's libraries")
def ill_requests(request: StaffRequest, role: str | None = None, state: str | None = None,
                 library: str | None = None,
                 limit: Annotated[int, Field(ge=1, le=500)] = 100) -> list[dict]:
    """`role` supplier (requests to supply) or requester (our own); `state` one of the
    states; `library` an agency number; newest first, at most 500."""
    rows = IllRequest.objects.select_related("pickup_branch", "library")
    allowed = access.libraries_with(request.auth, "view_reservation")
    if allowed == set():
        raise refuse("not_allowed")
    if allowed is not None:
        rows = rows.filter(library__in=allowed)
    if role:
        rows = rows.filter(role=role)
    if state:
        rows = rows.filter(state=state)
    if library:
        rows = rows.filter(library__agency=library)
    return [
        {**{f: getattr(r, f) for f in IllRequestOut.model_fields if f != "pickup_branch"},
         "pickup_branch": r.pickup_branch.code if r.pickup_branch else None}
        for r in rows[: max(1, min(limit, 500))]
    ]
