"""django-oauth-toolkit's validator, told reol's answers: a client is a library's, a patron
proves card and PIN with circulation's own check (throttled per card and per address), a
client's secret is guarded by the same counters (per client and per address: each check is
Argon2 work). Tokens are kept as their SHA-256 only: the toolkit's RFC 9700 storage
(settings.OAUTH2_PROVIDER)."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from oauth2_provider.models import AccessToken
from oauth2_provider.oauth2_validators import OAuth2Validator

from reol.circulation import patrons
from reol.errors import DomainError
from reol.throttle import rules as throttle_rules
from reol.throttle import services as throttle

from .models import ApiClient, PatronToken

GRANTS = ("client_credentials", "password")
# A client's secret: its id counts like a card (short pauses; its own site, known to the
# counters by its address, is never kept out by strangers), the address like any guesser's.
CLIENT_SECRET = throttle.Policy("client", throttle_rules.CARD, throttle_rules.ADDRESS)


def source(request: Any) -> str:
    """The throttle's source of an oauthlib request (whose headers are Django's META)."""
    http = HttpRequest()
    http.META = dict(request.headers)
    return throttle.web_source(http)


def client_library_id(client: Any) -> int | None:
    """The library of an oauth2_provider Application, or None when it is not a reol client."""
    try:
        return client.reol_client.library_id
    except (AttributeError, ApiClient.DoesNotExist):
        return None


class Validator(OAuth2Validator):
    def authenticate_client(self, request: Any, *args: Any, **kwargs: Any) -> bool:
        request.reol_tickets = []  # _load_application counts each attempt on a secret
        right = bool(super().authenticate_client(request, *args, **kwargs))
        for ticket in request.reol_tickets:
            throttle.finish(ticket, right)
        return right

    def _load_application(self, client_id: str, request: Any) -> Any:
        if client_id and "\x00" in client_id:  # PostgreSQL cannot even compare it
            return None
        tickets = getattr(request, "reol_tickets", None)
        if tickets is not None and client_id:  # a secret is about to be checked
            ticket = throttle.begin(CLIENT_SECRET, client_id[:100], source(request),
                                    timezone.now())
            tickets.append(ticket)
            if not ticket.allowed:  # paused: no Argon2 work, the answer of a wrong secret
                return None
        return super()._load_application(client_id, request)

    def validate_grant_type(self, client_id: str, grant_type: str, client: Any,
                            request: Any, *args: Any, **kwargs: Any) -> bool:
        """Every reol client may ask for both kinds of token; nothing else is offered."""
        return grant_type in GRANTS and client_library_id(request.client) is not None

    def validate_user(self, username: str, password: str, client: Any, request: Any,
                      *args: Any, **kwargs: Any) -> bool:
        """The patron's card and PIN, checked as at every other door; a patron of another
        library answers as a wrong PIN does (invalid_grant), after the same work."""
        library_id = client_library_id(client)
        card = username.strip()[:40]
        if library_id is None or not card.isalnum():  # no card looks like this (a NUL …)
            return False
        try:
            patron = patrons.authenticate(card, password[:40], source=source(request))
        except DomainError:
            return False
        if patron.library_id != library_id:
            return False
        request.user = None  # tokens of patrons name no Django user
        request.reol_patron = patron
        return True

    def _create_access_token(self, expires: Any, request: Any, token: dict,
                             source_refresh_token: Any = None) -> AccessToken:
        access = super()._create_access_token(expires, request, token, source_refresh_token)
        if patron := getattr(request, "reol_patron", None):
            PatronToken.objects.create(access_token=access, patron=patron)
        return access
