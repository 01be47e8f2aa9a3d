"""Who is calling, from the bearer token: the doors the libraries' apps call (FBS, the
catalogue's GraphQL, e-books, /userinfo) ask here. ninja operations take `LibraryBearer()` or
`PatronBearer()` as `auth` and find a `Caller` in `request.auth`; plain Django views call
`caller_from(request)` or wear `@bearer()`.

Refusals: no token, an unknown, expired or revoked one -> 401 with `WWW-Authenticate: Bearer`
(`bearer_token_invalid`); a library's token on a patron's operation -> 403
(`patron_token_needed`). An API answers them with `register(api)`.
"""

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from ninja import NinjaAPI
from ninja.security import HttpBearer
from oauth2_provider.models import AccessToken

from reol.circulation.models import Block, Patron
from reol.errors import DomainError
from reol.libraries.models import Library
from reol.refusals import refuse

from .models import ApiClient, PatronToken

MAX_TOKEN = 200  # far above oauthlib's 30 characters; anything longer is not ours


@dataclass(frozen=True)
class Caller:
    library: Library
    patron: Patron | None  # None: a library-level token (client credentials)
    client_id: str


class BearerRefused(DomainError):
    """A refusal of the token itself; `status` is 401 or 403."""

    def __init__(self, status: int, error: DomainError) -> None:
        super().__init__(error.code, error.da, error.en)
        self.status = status

    def response(self) -> HttpResponse:
        answer = JsonResponse({"detail": self.message(), "code": self.code}, status=self.status)
        if self.status == 401:  # RFC 6750 3.1
            answer["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return answer


def _invalid() -> BearerRefused:
    return BearerRefused(401, refuse("bearer_token_invalid"))


def bearer_token(request: HttpRequest) -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > MAX_TOKEN:
        return None
    return token


def caller_from(request: HttpRequest, patron: bool = False) -> Caller:
    """The caller the request's bearer token names, in one query (with whether a patron's
    card was reported lost since). `patron=True`: only a patron's token will do."""
    raw = bearer_token(request)
    if raw is None:
        raise _invalid()
    checksum = hashlib.sha256(raw.encode()).hexdigest()  # only this is stored (RFC 9700)
    access = (AccessToken.objects
              .select_related("application__reol_client__library",
                              "reol_patron__patron__library",
                              "reol_patron__patron__pickup_branch")
              .annotate(lost=Exists(Block.objects.filter(
                  patron=OuterRef("reol_patron__patron"), code=Block.Code.LOST_CARD,
                  lifted__isnull=True)))
              .filter(token_checksum=checksum, expires__gt=timezone.now())
              .first())
    if access is None:
        raise _invalid()
    try:
        client = access.application.reol_client
    except (AttributeError, ApiClient.DoesNotExist):  # no client, or not a library's
        raise _invalid() from None
    try:
        who: Patron | None = access.reol_patron.patron
    except PatronToken.DoesNotExist:
        who = None
    if who is not None and (who.library_id != client.library_id or access.lost):
        raise _invalid()  # the patron moved to another library, or their card is lost
    if patron and who is None:
        raise BearerRefused(403, refuse("patron_token_needed"))
    return Caller(library=client.library, patron=who, client_id=access.application.client_id)


class LibraryBearer(HttpBearer):
    """Any live token of a reol client: a library's or a patron's."""

    openapi_description = (
        "`Authorization: Bearer <token>` from `POST /oauth/token`: client credentials give a "
        "library's token; the password grant (card as username, PIN as password) a patron's."
    )
    patron_only = False

    def __call__(self, request: HttpRequest) -> Caller:
        return caller_from(request, patron=self.patron_only)

    # ninja calls __call__ (above), which refuses with a reason rather than returning None;
    # authenticate is abstract in HttpBearer, so it is given the same answer.
    def authenticate(self, request: HttpRequest, token: str) -> Caller:
        return caller_from(request, patron=self.patron_only)


class PatronBearer(LibraryBearer):
    """A patron's token only (the password grant); a library's token is refused with 403."""

    openapi_description = (
        "`Authorization: Bearer <token>`: a patron's token from `POST /oauth/token` with the "
        "password grant (card as username, PIN as password)."
    )
    patron_only = True


def register(api: NinjaAPI) -> None:
    """Make `api` answer the bearer refusals with their status and challenge."""

    @api.exception_handler(BearerRefused)
    def bearer_refused(request: HttpRequest, exc: BearerRefused) -> HttpResponse:
        return exc.response()


def bearer(patron: bool = False) -> Callable[[Callable[..., HttpResponse]],
                                             Callable[..., HttpResponse]]:
    """For a plain Django view: `request.auth` is the Caller, or the refusal is answered."""
    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                request.auth = caller_from(request, patron=patron)  # type: ignore[attr-defined]
            except BearerRefused as refused:
                return refused.response()
            return view(request, *args, **kwargs)
        return wrapped
    return decorate
