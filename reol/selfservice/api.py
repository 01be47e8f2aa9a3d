"""Open-library doors under /api/v1/access: a door controller asks whether a card may enter."""

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import HttpBasicAuth

from reol.circulation import patrons
from reol.circulation.api_schemas import ERRORS, BranchCode, Card, text
from reol.core.addresses import client_address
from reol.core.api_auth import refusal
from reol.requests import DoorRequest

from . import access
from .models import Sip2Terminal

router = Router(tags=["self-service"])


class DoorBasic(HttpBasicAuth):
    openapi_description = (
        "A door controller: HTTP Basic with the log-in and password of its SIP2 terminal of "
        "kind door (`reol add_sip2_terminal --door`), the same credential it uses over SIP2."
    )

    def authenticate(self, request: HttpRequest, username: str,
                     password: str) -> Sip2Terminal | None:
        return access.door_terminal(username, password, client_address(request))


class AccessIn(Schema):
    branch: BranchCode
    card: Card
    pin: text(20) = ""


class AccessOut(Schema):
    allowed: bool
    reason: str  # for the person at the door, in the request's language
    code: str  # stable: welcome, closed, wrong_pin, pin_required, too_young, …


@router.post("/access", response={200: AccessOut, **ERRORS},
             auth=DoorBasic(), summary="May this card open the door now?")
def door_access(request: DoorRequest, data: AccessIn) -> dict:
    """The branch's self-service hours and entry policy decide, with the card's PIN when the
    policy asks for it. Each entry is logged as a visit. Wrong PINs count towards the
    guessing limits, as everywhere (the door terminal is the source). Only the door controller
    of that branch may ask (401 without its credential, 403 for another branch)."""
    if request.auth.branch.code != data.branch:
        raise refusal(403, "not_your_branch")
    decision = access.decide(request.auth.branch, data.card, data.pin or None, via="api",
                             source=patrons.terminal_source(request.auth.pk))
    return {"allowed": decision.allowed, "reason": decision.reason.message(),
            "code": decision.code}
