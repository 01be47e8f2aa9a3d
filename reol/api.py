"""The JSON API under /api/v1/; OpenAPI at /api/v1/openapi.json."""

import json
from typing import Any, cast

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser
from ninja.responses import NinjaJSONEncoder
from ninja.types import DictStrAny

from reol.api_errors import ErrorOut
from reol.catalogue.api import router as catalogue_router
from reol.circulation.api import router as circulation_router
from reol.circulation.api_fees import router as fees_router
from reol.community.api import router as community_router
from reol.errors import DomainError
from reol.events.api import router as events_router
from reol.insight.api import router as insight_router
from reol.libraries.api import router as libraries_router
from reol.refusals import codes
from reol.rooms.api import router as rooms_router
from reol.search.api import router as search_router
from reol.selfservice.api import router as selfservice_router
from reol.sharing.api import router as sharing_router
from reol.transport.api import router as transport_router

AUTHENTICATION = """The catalogue, search and library network of reol, and lending.

**Authentication.** Search, records, works (`/api/v1/works`) and libraries are open. Lending
needs credentials; each operation lists the schemes it accepts (`security`):

- *Patrons* (`/api/v1/patron/...`, their own data only): HTTP Basic with card number and PIN
  on every request, over HTTPS only (`PatronBasic`; plain HTTP gets 403
  `insecure_connection`), or a session: `POST /api/v1/patron/session` with
  `{"card", "pin"}` sets the session cookie (`PatronSession`); `DELETE` ends it.
- *Staff* (everything else under lending): `Authorization: Bearer <token>` (`StaffToken`;
  `reol add_api_token --user USERNAME --name NAME` prints a token once), or the session of a
  member of staff logged in to reol's pages (`StaffSession`). Staff act only for patrons,
  branches and loans of their own libraries.
- *Door controllers* (`POST /api/v1/access`): HTTP Basic with the log-in and password of the
  branch's SIP2 door terminal (`DoorBasic`), as over SIP2.
- With a session cookie, `POST`, `PATCH` and `DELETE` need the `X-CSRFToken` header carrying
  the `csrftoken` cookie (a patron's log-in also returns it as `csrf_token`). Basic and Bearer
  need no CSRF token.

**Errors** are `{"detail", "code"}`, `detail` in the language of `Accept-Language` (Danish by
default): 400 a refusal or a malformed request (nothing was changed), 401 missing or wrong
credentials, 403 not allowed (another library's patron, CSRF), 404 unknown, 415 a body that
is not sent as JSON (`Content-Type: application/json`), 429 too many attempts (try later).
Dates are accepted from 1900-01-01 to 2199-12-31.
"""


def refusal_table() -> str:
    """Every refusal `code` with its English text, made from the catalogue in reol/refusals.py."""
    rows = ["| `" + code + "` | " + text.replace("|", "\\|") + " |"
            for code, text in codes().items()]
    return ("**Refusal codes.** The `code` of a 400, 403 or 404 answer is one of these (`{…}` is "
            "filled in; the Danish text is in reol/refusals.py):\n\n| code | English text |\n"
            "|---|---|\n" + "\n".join(rows) + "\n")


# Refusals whose code means "not allowed" rather than "not possible".
FORBIDDEN = {"not_your_library", "not_allowed"}



class NotJson(ValueError):
    """A request body that does not say it is JSON."""


def is_json(content_type: str) -> bool:
    """`application/json` or any `application/...+json`, parameters (charset) ignored."""
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind == "application/json" or (kind.startswith("application/")
                                          and kind.endswith("+json"))


class JsonOnlyParser(Parser):
    """Read a body as JSON only when its Content-Type says JSON.

    A browser sends `text/plain` (and form types) across sites without a CORS preflight, so a
    parser that reads any body as JSON lets another site post a patron's log-in or act
    through a session (CSRF). ninja wraps what this raises into a 400; `http_error` below
    turns it into 415.
    """

    def parse_body(self, request: HttpRequest) -> DictStrAny:
        if not is_json(request.content_type or request.META.get("CONTENT_TYPE", "")):
            raise NotJson(request.META.get("CONTENT_TYPE", ""))
        return super().parse_body(request)


class OwnSwagger(Swagger):
    """/api/v1/docs: Swagger UI from ninja's static files (served by reol, no CDN), on a page
    of reol's own that fits a phone."""

    template = "web/api_docs.html"


class DocumentedOnce(NinjaAPI):
    """The OpenAPI document is made once per process and root path, not on every request:
    making it costs about half a second of CPU, and /api/v1/openapi.json is open to anyone.
    It depends only on the operations, fixed at import, and not on the language. It is kept
    as the JSON it is published as, and each caller gets a copy of its own to change, read
    from that text (a few ms; a deep copy of the document took about 70)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._documents: dict[str, str] = {}

    def get_openapi_schema(self, *, path_prefix: str | None = None,
                           path_params: DictStrAny | None = None) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        if path_prefix not in self._documents:
            self._documents[path_prefix] = json.dumps(
                super().get_openapi_schema(path_prefix=path_prefix), cls=NinjaJSONEncoder)
        return cast(OpenAPISchema, json.loads(self._documents[path_prefix]))


api = DocumentedOnce(
    title="reol",
    version="1",
    description=AUTHENTICATION + "\n" + refusal_table(),
    urls_namespace="api",
    parser=JsonOnlyParser(),
    docs=OwnSwagger(),
)
api.add_router("", search_router)
api.add_router("", catalogue_router)
api.add_router("", libraries_router)
api.add_router("", circulation_router)
api.add_router("", fees_router)
api.add_router("", selfservice_router)
api.add_router("", sharing_router)
api.add_router("", transport_router)
api.add_router("", events_router)
api.add_router("", rooms_router)
api.add_router("", community_router)
api.add_router("", insight_router)


def declare_errors(api: NinjaAPI) -> None:
    """Every operation's OpenAPI answers list the errors it can give, in the `ErrorOut` shape:
    400 (a refusal, a malformed or out-of-range input) and 404 everywhere; 401, 403 and 429
    (attempts counted) where credentials are taken; 415 and 429 where a body is read. The
    handlers below answer these from anywhere, so they are declared here, in one place, rather
    than remembered on each operation. (`_get_bound_routers` and `_create_response_model` are
    django-ninja's own, pinned in constraints.txt; tests/web/test_api_schema.py checks the
    result.)"""
    for bound in api._get_bound_routers():
        for view in bound.path_operations.values():
            for operation in view.operations:
                errors = [400, 404]
                if operation.auth_callbacks:
                    errors += [401, 403, 429]
                if any(m.__ninja_param_source__ == "body" for m in operation.models):
                    errors += [415, 429]
                for status in errors:
                    operation.response_models.setdefault(
                        status, operation._create_response_model(ErrorOut))


declare_errors(api)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    """400; 403 for FORBIDDEN codes; an API may set another status on the error (`status`)."""
    status = getattr(exc, "status", 403 if exc.code in FORBIDDEN else 400)
    return api.create_response(
        request, {"detail": exc.message(), "code": exc.code}, status=status
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """ninja's own refusals in the same shape: no credentials (401), a body that is not JSON."""
    english = (translation.get_language() or "da").startswith("en")
    if isinstance(exc, AuthenticationError):
        detail = ("Log in first: credentials are missing or wrong." if english
                  else "Log ind først: legitimation mangler eller er forkert.")
        # No WWW-Authenticate: Basic challenge, or browsers would pop up a log-in dialog over
        # pages that call the API with the session.
        return api.create_response(
            request, {"detail": detail, "code": "unauthorized"}, status=401)
    if isinstance(exc.__cause__, NotJson):
        detail = ("The request body must be JSON, sent as Content-Type: application/json."
                  if english else
                  "Forespørgslens indhold skal være JSON, sendt som Content-Type: "
                  "application/json.")
        return api.create_response(
            request, {"detail": detail, "code": "unsupported_media_type"}, status=415)
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        detail = ("The request body is not valid JSON." if english
                  else "Forespørgslens indhold er ikke gyldig JSON.")
        return api.create_response(request, {"detail": detail, "code": "malformed"}, status=400)
    return api.create_response(
        request, {"detail": str(exc), "code": f"http_{exc.status_code}"}, status=exc.status_code)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    """get_object_or_404 and unknown paths: the same `{"detail", "code"}` as every error."""
    english = (translation.get_language() or "da").startswith("en")
    detail = "Not found." if english else "Findes ikke."
    return api.create_response(request, {"detail": detail, "code": "not_found"}, status=404)


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Bad parameters are the caller's mistake: 400 with what was wrong, never a 422 dump."""
    english = (translation.get_language() or "da").startswith("en")
    problems = [
        f"{'.'.join(str(p) for p in e.get('loc', [])[1:]) or 'input'}: {e.get('msg', '')}"
        for e in exc.errors
    ]
    detail = ("Invalid input: " if english else "Ugyldigt input: ") + "; ".join(problems)
    return api.create_response(request, {"detail": detail, "code": "invalid"}, status=400)
