"""Who is calling the lending API: a patron (card and PIN) or a member of staff (session or
token). ninja's auth classes, so that the OpenAPI schema names the scheme of every operation.

A refusal is a DomainError carrying an HTTP status (`status`), answered by reol/api.py as
{"detail", "code"} in the caller's language: 401 without valid credentials, 403 when staff act
outside their own libraries.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBasicAuth, HttpBearer
from ninja.security.http import DecodeError
from ninja.utils import check_csrf

from reol.errors import DomainError
from reol.refusals import refuse
from reol.throttle.services import web_source

from . import patrons, session
from .models import ApiToken, Patron

# last_used is written at most this often: a token used for a burst of calls costs one write.
LAST_USED_GRANULARITY = timedelta(minutes=1)
BASIC_MEMORY = timedelta(minutes=5)  # how long a right card and PIN skip the Argon2 check


def with_status(status: int, error: DomainError) -> DomainError:
    return error.answered_with(status)


def refusal(status: int, key: str, **values: object) -> DomainError:
    """The catalogue's refusal `key`, answered with this HTTP status."""
    return with_status(status, refuse(key, **values))


def not_found(key: str, **values: object) -> DomainError:
    return refusal(404, key, **values)


def csrf_refusal() -> DomainError:
    return refusal(403, "csrf_failed")


class _Cookie(APIKeyCookie):
    """The Django session cookie; unsafe methods (POST, PATCH, DELETE) need the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        key = request.COOKIES.get(self.param_name)
        if key and check_csrf(request):  # without the cookie: simply not authenticated (401)
            raise csrf_refusal()
        return key


# --- patrons -------------------------------------------------------------------------------


def insecure_basic_refusal() -> DomainError:
    return refusal(403, "insecure_connection")


class PatronBasic(HttpBasicAuth):
    openapi_description = (
        "A patron: HTTP Basic with the library card number as user name and the PIN as "
        "password, on every request, over HTTPS only (plain HTTP is refused with 403 "
        "insecure_connection). Wrong PINs are limited per card and per address; an unknown "
        "card, a wrong PIN and a pause all answer 401 wrong_pin."
    )

    def __call__(self, request: HttpRequest) -> Patron | None:
        # A card and PIN sent in clear are refused before they are checked, so that plain
        # HTTP never answers whether they were right (REOL_ALLOW_INSECURE_BASIC: development).
        if not (request.is_secure() or settings.REOL_ALLOW_INSECURE_BASIC):
            try:
                self.decode_authorization(request.headers.get(self.header, ""))
            except DecodeError:
                return None  # no card and PIN were sent (a Bearer token, nothing)
            raise insecure_basic_refusal()
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, username: str, password: str) -> Patron:
        card, pin = username.strip()[:40], password[:40]
        if not card.isalnum():  # no card looks like this; the database need not be asked
            raise with_status(401, patrons.WRONG)
        # Checking a PIN against its Argon2 hash takes most of a second by design; a card and
        # PIN that were right a moment ago are remembered (under a keyed hash, never the PIN)
        # for as long as the patron's PIN hash stays the same and the card is not reported lost.
        key = "reol:patron-basic:" + hmac.new(
            settings.SECRET_KEY.encode(), f"{card}\0{pin}".encode(), hashlib.sha256
        ).hexdigest()
        known = cache.get(key)
        if known:
            patron = Patron.objects.select_related("library", "pickup_branch").filter(
                pk=known[0], card=card, pin=known[1]).first()
            if patron and not patrons.card_lost(patron):
                return patron
        try:
            patron = patrons.authenticate(card, pin, source=web_source(request))
        except DomainError as error:
            raise with_status(401, error) from None
        cache.set(key, (patron.pk, patron.pin), BASIC_MEMORY.total_seconds())
        return patron


class PatronSession(_Cookie):
    openapi_description = (
        "A patron logged in with POST /api/v1/patron/session (card and PIN): the session "
        "cookie, and for POST, PATCH and DELETE the X-CSRFToken header with the value of the "
        "csrftoken cookie (also returned as csrf_token at log-in)."
    )

    def authenticate(self, request: HttpRequest, key: str | None) -> Patron | None:
        return session.current_patron(request) if key else None


PATRON = [PatronBasic(), PatronSession()]


# --- staff ---------------------------------------------------------------------------------


def _staff(user):
    """The user, if they hold a staff role in some library (or are a superuser)."""
    if not (user and user.is_active):
        return None
    if user.is_superuser or patrons.staff_roles(user):
        return user
    raise refusal(403, "not_staff")


class StaffToken(HttpBearer):
    openapi_description = (
        "A member of staff: `Authorization: Bearer <token>`, a token made with "
        "`reol add_api_token --user USERNAME --name NAME` (shown once; only its SHA-256 is "
        "stored). The token acts with its user's roles and libraries."
    )

    def authenticate(self, request: HttpRequest, token: str):
        token = token.strip()
        if not token or len(token) > 200:
            return None
        digest = hashlib.sha256(token.encode()).hexdigest()
        found = ApiToken.objects.select_related("user").filter(digest=digest).first()
        if found is None:
            return None
        now = timezone.now()
        if found.last_used is None or found.last_used < now - LAST_USED_GRANULARITY:
            ApiToken.objects.filter(pk=found.pk).update(last_used=now)
        return _staff(found.user)


class StaffSession(_Cookie):
    openapi_description = (
        "A member of staff logged in to reol's pages (the Django session cookie); POST, PATCH "
        "and DELETE also need the X-CSRFToken header with the value of the csrftoken cookie."
    )

    def authenticate(self, request: HttpRequest, key: str | None):
        user = getattr(request, "user", None)
        return _staff(user) if key and user is not None and user.is_authenticated else None


STAFF = [StaffToken(), StaffSession()]


def require_staff(user, *library_ids: int) -> None:
    """Staff act only for their own libraries: allowed when any of `library_ids` is theirs."""
    allowed = patrons.staff_libraries(user)
    if allowed is None or allowed & set(library_ids):
        return
    patrons.require_staff(user, library_ids[0])  # raises not_your_library (403)
