"""Who is calling the API as a patron: card and PIN, or the patron's session. ninja's auth
classes, so that the OpenAPI schema names the scheme of every operation; staff's schemes and
the refusal helpers are core's (reol/core/api_auth.py).
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.security import HttpBasicAuth
from ninja.security.http import DecodeError

from reol.core.api_auth import SessionCookie, refusal, with_status
from reol.errors import DomainError
from reol.throttle.services import web_source

from . import patrons, session
from .models import Patron

BASIC_MEMORY = timedelta(minutes=5)  # how long a right card and PIN skip the Argon2 check


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


class PatronSession(SessionCookie):
    openapi_description = (
        "A patron logged in with POST /api/v1/patron/session (card and PIN): the session "
        "cookie, and for POST, PATCH and DELETE the X-CSRFToken header with the value of the "
        "csrftoken cookie (also returned as csrf_token at log-in)."
    )

    def authenticate(self, request: HttpRequest, key: str | None) -> Patron | None:
        return session.current_patron(request) if key else None


PATRON = [PatronBasic(), PatronSession()]
