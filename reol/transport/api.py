"""The transport API under /api/v1/transport/: estimates, whereabouts, lists, the grant key."""

from datetime import date

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema

from reol.bounds import Day
from reol.core.access import require
from reol.core.api_auth import StaffSession, StaffToken
from reol.libraries.models import Library
from reol.sharing import grant

from . import services
from .models import Hub

router = Router(tags=["transport"])
STAFF = [StaffToken(), StaffSession()]


class EstimateOut(Schema):
    sent: date
    delivery: date | None


class StopOut(Schema):
    kind: str
    place: str
    name: str
    arrives: date
    leaves: date


class WhereOut(Schema):
    barcode: str
    in_transit: bool
    received: bool
    reached: int | None
    delivery: date | None
    stops: list[StopOut]


class SlipOut(Schema):
    barcode: str
    title: str
    agency: str
    library: str
    branch: str
    delivery: date


class CrateOut(Schema):
    destination: str
    name: str
    national: bool
    slips: list[SlipOut]


class GrantRow(Schema):
    central_library: str
    base: int
    municipalities_share: int
    population_share: int
    total: int
    percent: float


@router.get("/transport/estimate", response=EstimateOut)
def estimate(request, source: str, destination: str, sent: Day | None = None):
    """The delivery day of a copy sent on `sent` (default today) between two agencies."""
    sent = sent or timezone.localdate()
    return {"sent": sent, "delivery": services.estimate(
        get_object_or_404(Library, agency=source), get_object_or_404(Library, agency=destination),
        sent)}


@router.get("/transport/items/{barcode}", response=WhereOut, auth=STAFF)
def where(request, barcode: str):
    found = services.whereabouts(barcode)
    return {"barcode": found.item.barcode, "in_transit": bool(found.transit and not
                                                              found.transit.received),
            "received": bool(found.transit and found.transit.received),
            "reached": found.reached if found.stops else None, "delivery": found.delivery,
            "stops": [{**s.__dict__, "name": found.names.get(s.place, s.place)}
                      for s in found.stops]}


@router.get("/transport/hubs/{code}/sorting", response=list[CrateOut], auth=STAFF)
def sorting(request, code: str, day: Day | None = None):
    hub = get_object_or_404(Hub, code=code)
    require(request.auth, hub.library_id, "view_transit")  # the hub's own desk sorts
    return services.sorting_list(hub.code, day or timezone.localdate())


@router.get("/transport/grant", response=list[GrantRow])
def grant_key(request):
    """The grant key applied to the figures of domain.md (40 / 30 / 30 of 65,612,599 kr.)."""
    return [r.as_dict() for r in grant.allocate(grant.DOMAIN_TOTAL, grant.domain_regions())]
