"""Publizon's Library API (publizon-adapter.yaml) as the libraries' sites call it, served
under /publizon by a NinjaAPI of its own. The bearer token says which library and which
patron; the description's clientId, licenseKey and cardNumber headers are not read (the
token carries all three). Handlers only translate to reol.digital's services.

Refusals are answered as Publizon answers them: HTTP 400 with an ApiResult,
`{"code": <ApiResponseCode>, "message": <the refusal in the caller's language>}`."""

from typing import Annotated

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Body, NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import Field

from reol.circulation import mine
from reol.circulation.models import Patron
from reol.digital import services as digital
from reol.errors import DomainError
from reol.oauth.auth import Caller, LibraryBearer, PatronBearer, register

from . import answers, rules

api = NinjaAPI(title="Publizon Library API (reol)", version="1", urls_namespace="publizon",
               docs_url=None, openapi_url=None)
LIBRARY, PATRON = LibraryBearer(), PatronBearer()
register(api)  # the token's refusals: 401 (none, unknown, expired, revoked), 403 (not a patron's)
MAX_PRODUCTS = 5000  # the description has no paging; a site lists at most this many
OK = {"code": rules.SUCCESS, "message": "OK"}
# POST /v1/loanstatus: the ISBNs (or pids) of one page of search results.
Identifiers = Annotated[list[Annotated[str, Field(max_length=80)]], Field(max_length=200)]


class BookType(Schema):
    bookType: int | None = None  # 0 = e-book, 1 = audio


class ReservationInput(Schema):
    email: str | None = None
    phoneNumber: str | None = None


def _caller(request: HttpRequest) -> Caller:
    return request.auth  # type: ignore[attr-defined]


def _patron(request: HttpRequest) -> Patron:
    patron = _caller(request).patron
    assert patron is not None  # PatronBearer lets no token without a patron through
    return patron


# --- the library and its products ------------------------------------------------------------


@api.get("/v1/library/profile", auth=LIBRARY)
def library_profile(request: HttpRequest) -> dict:
    return answers.profile(_caller(request).library)


@api.get("/v1/products", auth=LIBRARY)
def products(request: HttpRequest) -> dict:
    found = answers.titles().order_by("pk")[:MAX_PRODUCTS]
    return {**OK, "products": [answers.product(t) for t in found]}


@api.get("/v1/products/{identifier}", auth=LIBRARY)
def product(request: HttpRequest, identifier: str) -> dict:
    return {**OK, "product": answers.product(answers.title(identifier))}


@api.get("/v1/loanstatus/{identifier}", auth=LIBRARY)
def loan_status(request: HttpRequest, identifier: str) -> dict:
    found = answers.title(identifier)
    return {**OK, **answers.statuses(_caller(request).patron, [found], timezone.now())[0]}


@api.post("/v1/loanstatus", auth=LIBRARY)
def loan_statuses(request: HttpRequest, identifiers: Body[Identifiers]) -> dict:
    wanted = {i.strip() for i in identifiers if i.strip()}
    found = [*answers.titles().filter(record__isbn_rows__isbn__in=wanted).distinct(),
             *answers.titles().filter(record__pid__in=wanted)]
    unique = list({t.pk: t for t in found}.values())
    return {**OK, "items": answers.statuses(_caller(request).patron, unique, timezone.now())}


# --- the patron: card, loans, reservations, checklist ------------------------------------------


@api.get("/v1/user/cardnumber/friendly", auth=PATRON)
def friendly_card_number(request: HttpRequest) -> dict:
    # One object, as the description's example and the apps read it (its schema says array).
    return {"friendlyCardNumber": _patron(request).card, **OK}


@api.get("/v1/user/loans", auth=PATRON)
def user_loans(request: HttpRequest, query: Query[BookType]) -> dict:
    return answers.loans(_patron(request), timezone.now(), query.bookType)


@api.get("/v1/user/loans/{identifier}", auth=PATRON)
def user_loan(request: HttpRequest, identifier: str) -> dict:
    return answers.loan(_patron(request), answers.title(identifier), timezone.now())


@api.post("/v1/user/loans/{identifier}", auth=PATRON)
def create_loan(request: HttpRequest, identifier: str) -> dict:
    loan = digital.lend(_patron(request), answers.title(identifier))
    return {**OK, "expirationDateUtc": rules.utc(loan.ends), "orderNumber": str(loan.pk),
            "orderId": rules.as_uuid(loan.pk)}


@api.get("/v1/user/reservations", auth=PATRON)
def user_reservations(request: HttpRequest) -> dict:
    return answers.reservations(_patron(request), timezone.now())


@api.post("/v1/user/reservations/{identifier}", auth=PATRON)
def create_reservation(request: HttpRequest, identifier: str,
                       contact: Body[ReservationInput | None] = None) -> dict:
    # The notice goes to the patron's own e-mail and phone (Min side); contact is not kept.
    digital.reserve(_patron(request), answers.title(identifier))
    return OK


@api.patch("/v1/user/reservations/{identifier}", auth=PATRON)
def update_reservation(request: HttpRequest, identifier: str,
                       contact: Body[ReservationInput | None] = None) -> dict:
    answers.reservation(_patron(request), answers.title(identifier))  # refused if none
    return OK


@api.delete("/v1/user/reservations/{identifier}", auth=PATRON)
def delete_reservation(request: HttpRequest, identifier: str) -> dict:
    digital.cancel_reservation(_patron(request), answers.title(identifier))
    return OK


@api.get("/v1/user/checklist", auth=PATRON)
def checklist(request: HttpRequest) -> dict:
    return answers.checklist(_patron(request))


@api.post("/v1/user/checklist/{identifier}", auth=PATRON)
def add_to_checklist(request: HttpRequest, identifier: str) -> dict:
    mine.add_favourite(_patron(request), answers.title(identifier).record)
    return OK


@api.delete("/v1/user/checklist/{identifier}", auth=PATRON)
def remove_from_checklist(request: HttpRequest, identifier: str) -> dict:
    mine.remove_favourite(_patron(request), answers.title(identifier).record)
    return OK


# --- refusals: HTTP 400 with an ApiResult, as Publizon answers them ----------------------------


@api.exception_handler(DomainError)
def refused(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, {"code": rules.code_of(exc), "message": exc.message()},
                               status=400)


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', [])[1:]) or 'input'}: "
                         f"{e.get('msg', '')}" for e in exc.errors)
    return api.create_response(request, {"code": rules.GENERIC_FAULT, "message": problems},
                               status=400)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    status = 401 if isinstance(exc, AuthenticationError) else exc.status_code
    return api.create_response(request, {"code": rules.GENERIC_FAULT, "message": str(exc)},
                               status=status)
