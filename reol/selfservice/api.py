"""Open-library doors under /api/v1/access: a door controller asks whether a card may enter."""

from django.http import HttpRequest
from ninja import Router, Schema

from reol.circulation.api_schemas import BranchCode, Card, text
from reol.throttle.services import web_source

from . import access

router = Router(tags=["self-service"])


class AccessIn(Schema):
    branch: BranchCode
    card: Card
    pin: text(20) = ""


class AccessOut(Schema):
    allowed: bool
    reason: str  # for the person at the door, in the request's language
    code: str  # stable: welcome, closed, wrong_pin, pin_required, too_young, …


@router.post("/access", response=AccessOut, summary="May this card open the door now?")
def door_access(request: HttpRequest, data: AccessIn) -> dict:
    """The branch's self-service hours and entry policy decide, with the card's PIN when the
    policy asks for it. Each entry is logged as a visit. Wrong PINs count towards the
    guessing limits, as everywhere."""
    decision = access.decide(data.branch, data.card, data.pin or None, via="api",
                             source=web_source(request))
    return {"allowed": decision.allowed, "reason": decision.reason.message(),
            "code": decision.code}
