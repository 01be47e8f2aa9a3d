"""The FBS Adapter's operations (fbs-adapter.yaml), served under /external/ by a NinjaAPI of
its own, so reol's /api/v1 and its OpenAPI document stay as they are. The bearer token says
which library and which patron; `agencyid` and `patronid` in the paths are literal words.
Handlers only translate between the description's JSON and reol's services."""

from datetime import date

from django.conf import settings as django_settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from ninja import Body, NinjaAPI, Query
from ninja.errors import AuthenticationError, HttpError, ValidationError

from reol import bounds
from reol.circulation import patrons
from reol.circulation.models import Patron
from reol.errors import DomainError
from reol.oauth.auth import Caller, LibraryBearer, PatronBearer, register
from reol.refusals import refuse
from reol.throttle.budgets import Budgets
from reol.throttle.services import web_source

from . import answers, identifiers, rules, services
from .schemas import (
    CreatePatronRequestV7,
    CreateReservationBatch,
    CreateReservationBatchV2,
    Excluding,
    FeeQuery,
    LoanIds,
    PatronWithGuardianRequest,
    Period,
    Records,
    ReservationIds,
    UpdateGuardianRequest,
    UpdatePatronRequestV3,
    UpdatePatronRequestV6,
    UpdateReservationBatch,
)

api = NinjaAPI(title="FBS Adapter (reol)", version="1.0", urls_namespace="fbs", docs_url=None,
               openapi_url=None)
LIBRARY, PATRON = LibraryBearer(), PatronBearer()
# New patrons a site may register a minute from one client address: each costs a PIN hash and
# a card, and a flood would fill the library with patrons no one asked for.
registrations = Budgets()


def _may_register(request: HttpRequest) -> None:
    source = f"{_caller(request).client_id}|{web_source(request)}"
    if not registrations.spend(source, django_settings.FBS_REGISTRATIONS_PER_MINUTE):
        raise refuse("too_many_registrations").answered_with(429)
register(api)  # the token's refusals: 401 (none, unknown, expired, revoked), 403 (not a patron's)
# Refusals that mean "no such patron" (the description's 404).
NOT_FOUND = {"unknown_card"}


def _caller(request: HttpRequest) -> Caller:
    return request.auth  # type: ignore[attr-defined]


def _patron(request: HttpRequest) -> Patron:
    patron = _caller(request).patron
    assert patron is not None  # PatronBearer lets no token without a patron through
    return patron


def _day(text: str | None) -> date | None:
    return bounds.parse_day(text)


# --- branches and the catalogue ---------------------------------------------------------------


@api.get("/v1/agencyid/branches", auth=LIBRARY)
def get_branches(request: HttpRequest, query: Query[Excluding]) -> list[dict]:
    return answers.branches(_caller(request).library.pk, query.exclude)


@api.get("/agencyid/catalog/availability/v3", auth=LIBRARY)
def get_availability_v3(request: HttpRequest, query: Query[Records]) -> list[dict]:
    return answers.availability(_caller(request).library.pk, query.recordid, query.exclude)


@api.get("/agencyid/catalog/holdingsLogistics/v1", auth=LIBRARY)
def get_holdings_logistics_v1(request: HttpRequest, query: Query[Records]) -> list[dict]:
    return answers.holdings(_caller(request).library.pk, query.recordid, query.exclude)


# --- the patron -----------------------------------------------------------------------------


@api.get("/agencyid/patrons/patronid/v4", auth=PATRON)
def get_patron_v4(request: HttpRequest) -> dict:
    return {"authenticateStatus": "VALID", "patron": answers.patron(_patron(request), 7)}


def _on_hold(period: Period | None) -> dict:
    if period is None:
        return {"pause_from": None, "pause_to": None}
    return {"pause_from": _day(period.from_), "pause_to": _day(period.to)}


def _language(value: str | None, patron: Patron) -> str:
    return (value or patron.language).lower()[:2]


def _pin(change) -> tuple[str, str] | None:
    return (change.libraryCardNumber, change.pincode) if change else None


@api.put("/agencyid/patrons/patronid/v4", auth=PATRON)
def update_v4(request: HttpRequest, updatePatron: UpdatePatronRequestV3) -> dict:
    patron, settings = _patron(request), updatePatron.patron
    changes = {}
    if settings is not None:
        changes = {
            "email": (settings.emailAddress or "").strip(),
            "phone": (settings.phoneNumber or "").strip(),
            "notify_email": settings.receiveEmail, "notify_sms": settings.receiveSms,
            "pickup_branch": identifiers.branch(patron.library, settings.preferredPickupBranch),
            "language": _language(settings.preferredLanguage, patron),
            **_on_hold(settings.onHold),
        }
    patron = services.change_patron(patron, changes, _pin(updatePatron.pincodeChange))
    return {"authenticated": True, "patron": answers.patron(patron, 4)}


@api.put("/agencyid/patrons/patronid/v8", auth=PATRON)
def update_v8(request: HttpRequest, updatePatron: UpdatePatronRequestV6):
    patron, settings = _patron(request), updatePatron.patron
    changes = {}
    if settings is not None:
        email, notify_email = rules.chosen_contact(
            (e.emailAddress, e.receiveNotification) for e in settings.emailAddresses or [])
        phone, notify_sms = rules.chosen_contact(
            (p.phoneNumber, p.receiveNotification) for p in settings.phoneNumbers or [])
        changes = {
            "email": email, "phone": phone, "notify_email": notify_email,
            "notify_sms": notify_sms,
            "pickup_branch": identifiers.branch(patron.library, settings.preferredPickupBranch),
            "language": _language(settings.preferredLanguage, patron),
            **_on_hold(settings.onHold),
        }
    services.change_patron(patron, changes, _pin(updatePatron.pincodeChange))
    return HttpResponse(status=204)


def _block(request: CreatePatronRequestV7) -> tuple[str, date] | None:
    """The description: an unknown reason or a missing or malformed date is a 400."""
    block = request.blockStatusRequest
    if block is None:
        return None
    if block.blockedReason not in rules.BLOCK_CODES:
        raise refuse("bad_block", code=block.blockedReason[:10])
    since = _day(block.blockedSince)
    if since is None:
        raise refuse("bad_date")
    return block.blockedReason, since


@api.post("/agencyid/patrons/v9", auth=LIBRARY)
def create_v9(request: HttpRequest, createPatronRequest: CreatePatronRequestV7) -> dict:
    _may_register(request)
    new, settings = createPatronRequest, createPatronRequest.patron
    email, notify_email = rules.chosen_contact(
        (e.emailAddress, e.receiveNotification) for e in settings.emailAddresses or [])
    phone, notify_sms = rules.chosen_contact(
        (p.phoneNumber, p.receiveNotification) for p in settings.phoneNumbers or [])
    patron = services.register(_caller(request).library, services.Registration(
        cpr=new.personIdentifier, pin=new.pincode, name=new.name or "",
        pickup=settings.preferredPickupBranch, email=email, phone=phone,
        notify_email=notify_email, notify_sms=notify_sms,
        language=(settings.preferredLanguage or "da").lower()[:2], block=_block(new),
        name_later=True))
    return {"authenticateStatus": "VALID", "patron": answers.patron(patron, 9)}


@api.post("/agencyid/patrons/withGuardian/v1", auth=PATRON)
def create_with_guardian(request: HttpRequest,
                         patronWithGuardianRequest: PatronWithGuardianRequest) -> int:
    """The caller (the patron token) is the guardian: reol keeps a child's guardian as a
    patron of the library."""
    _may_register(request)
    new = patronWithGuardianRequest
    if patrons.email_refusal(new.guardian.email) or not new.guardian.email.strip():
        raise refuse("bad_email")
    child = services.register(_caller(request).library, services.Registration(
        cpr=new.cprNumber, pin=new.pincode, name=new.name, pickup=new.preferredPickupBranch,
        email=new.email or "", phone=new.phoneNumber or "", notify_sms=bool(new.phoneNumber),
        guardian_cpr=new.guardian.cprNumber), guardian=_patron(request))
    return rules.patron_id(child.card, child.pk)


@api.put("/agencyid/patrons/withGuardian/v1", auth=PATRON)
def update_guardian(request: HttpRequest,
                    updateGuardianRequest: UpdateGuardianRequest) -> int:
    ward = services.confirm_guardian(_patron(request), updateGuardianRequest.patronId)
    return rules.patron_id(ward.card, ward.pk)


# --- loans ----------------------------------------------------------------------------------


@api.get("/agencyid/patrons/patronid/loans/v2", auth=PATRON)
def get_loans_v2(request: HttpRequest) -> list[dict]:
    return answers.loans(_patron(request))


@api.post("/agencyid/patrons/patronid/loans/renew/v2", auth=PATRON)
def renew_loans_v2(request: HttpRequest, materialLoanIds: Body[LoanIds]) -> list[dict]:
    patron = _patron(request)
    return answers.renewed(patron, services.renew(patron, materialLoanIds))


# --- reservations ---------------------------------------------------------------------------


def _wanted(batch: CreateReservationBatch) -> list[services.Wanted]:
    return [services.Wanted(r.recordId.strip(), r.pickupBranch, _day(r.expiryDate))
            for r in batch.reservations]


@api.get("/v1/agencyid/patrons/patronid/reservations/v2", auth=PATRON)
def get_reservations_v2(request: HttpRequest) -> list[dict]:
    return answers.reservations_of(_patron(request), 2)


@api.post("/v1/agencyid/patrons/patronid/reservations/v2", auth=PATRON)
def add_reservations_v2(request: HttpRequest,
                        createReservationBatch: CreateReservationBatchV2) -> dict:
    patron = _patron(request)
    outcomes = services.reserve(patron, _wanted(createReservationBatch))
    made = [o.reservation_id for o in outcomes if o.reservation_id]
    details = {d["reservationId"]: d for d in answers.reservations_of(patron, 2, made)}
    results = [{"recordId": o.recordid, "result": rules.reservation_result(o.code),
                **({"reservationDetails": details[o.reservation_id]}
                   if o.reservation_id in details else {})} for o in outcomes]
    return {"success": not any(o.code for o in outcomes),
            "reservationResults": results}


@api.get("/v1/agencyid/patrons/patronid/reservations", auth=PATRON)
def get_reservations(request: HttpRequest) -> list[dict]:
    """Deprecated in the description; older sites still call it."""
    return answers.reservations_of(_patron(request), 1)


@api.post("/v1/agencyid/patrons/patronid/reservations", auth=PATRON)
def add_reservations_deprecated(request: HttpRequest,
                                createReservationBatch: CreateReservationBatch):
    """The deprecated batch has no result per record: a refusal is a 400 whose `code` is the
    description's result code."""
    patron = _patron(request)
    outcomes = services.reserve(patron, _wanted(createReservationBatch))
    refused = next((o.error for o in outcomes if o.error), None)
    if refused is not None:
        return api.create_response(request, {
            "detail": refused.message(), "code": rules.reservation_result(refused.code)},
            status=400)
    return answers.reservations_of(patron, 1, [o.reservation_id for o in outcomes
                                               if o.reservation_id])


@api.put("/v1/agencyid/patrons/patronid/reservations", auth=PATRON)
def update_reservations(request: HttpRequest,
                        reservations: UpdateReservationBatch) -> list[dict]:
    patron = _patron(request)
    changes = [services.Change(r.reservationId, r.pickupBranch, _day(r.expiryDate))
               for r in reservations.reservations]
    services.change_reservations(patron, changes)
    return answers.reservations_of(patron, 1, [c.reservation_id for c in changes])


@api.delete("/v1/agencyid/patrons/patronid/reservations", auth=PATRON)
def delete_reservations(request: HttpRequest,
                        query: Query[ReservationIds]):
    services.cancel_reservations(_patron(request), query.reservationid)
    return HttpResponse(status=200)


# --- fees -----------------------------------------------------------------------------------


@api.get("/agencyid/patron/patronid/fees/v2", auth=PATRON)
def get_fees_v2(request: HttpRequest, query: Query[FeeQuery]) -> list[dict]:
    return answers.fees(_patron(request), query.includepaid, query.includenonpayable)


# --- errors: {"detail", "code"}, the description's statuses (400, 401, 404) -----------------


def _english() -> bool:
    return (translation.get_language() or "da").startswith("en")


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    status = getattr(exc, "status", None) or (404 if exc.code in NOT_FOUND else 400)
    return api.create_response(request, {"detail": exc.message(), "code": exc.code},
                               status=status)


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = [f"{'.'.join(str(p) for p in e.get('loc', [])[1:]) or 'input'}: "
                f"{e.get('msg', '')}" for e in exc.errors]
    detail = ("Invalid input: " if _english() else "Ugyldigt input: ") + "; ".join(problems)
    return api.create_response(request, {"detail": detail, "code": "invalid"}, status=400)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc, AuthenticationError):
        detail = ("A valid bearer token is needed." if _english()
                  else "Der skal bruges et gyldigt adgangstoken.")
        return api.create_response(request, {"detail": detail, "code": "unauthorized"},
                                   status=401)
    return api.create_response(request, {"detail": str(exc), "code": f"http_{exc.status_code}"},
                               status=exc.status_code)
