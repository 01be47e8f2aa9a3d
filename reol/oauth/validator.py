"""django-oauth-toolkit's validator, told reol's answers: a client is a library's, a patron
proves card and PIN with circulation's own check (throttled per card and per address), and
tokens are kept as digests (tokens.py)."""

from typing import Any

from django.http import HttpRequest
from oauth2_provider.models import AccessToken
from oauth2_provider.oauth2_validators import OAuth2Validator

from reol.circulation import patrons
from reol.errors import DomainError
from reol.throttle.services import web_source

from . import tokens
from .models import ApiClient, PatronToken

GRANTS = ("client_credentials", "password")


def client_library_id(client: Any) -> int | None:
    """The library of an oauth2_provider Application, or None when it is not a reol client."""
    try:
        return client.reol_client.library_id
    except (AttributeError, ApiClient.DoesNotExist):
        return None


class Validator(OAuth2Validator):
    def validate_grant_type(self, client_id: str, grant_type: str, client: Any,
                            request: Any, *args: Any, **kwargs: Any) -> bool:
        """Every reol client may ask for both kinds of token; nothing else is offered."""
        return grant_type in GRANTS and client_library_id(request.client) is not None

    def validate_user(self, username: str, password: str, client: Any, request: Any,
                      *args: Any, **kwargs: Any) -> bool:
        """The patron's card and PIN, checked as at every other door; a patron of another
        library answers as a wrong PIN does (invalid_grant), after the same work."""
        library_id = client_library_id(client)
        if library_id is None:
            return False
        http = HttpRequest()  # the toolkit's headers are the Django request's META
        http.META = dict(request.headers)
        try:
            patron = patrons.authenticate(username[:40], password[:40], source=web_source(http))
        except DomainError:
            return False
        if patron.library_id != library_id:
            return False
        request.user = None  # tokens of patrons name no Django user
        request.reol_patron = patron
        return True

    def _create_access_token(self, expires: Any, request: Any, token: dict,
                             source_refresh_token: Any = None) -> AccessToken:
        access = AccessToken.objects.create(
            user=None, scope=token["scope"], expires=expires,
            token=tokens.stored(token["access_token"]), application=request.client)
        if patron := getattr(request, "reol_patron", None):
            PatronToken.objects.create(access_token=access, patron=patron)
        return access

    def _load_access_token(self, token: str) -> AccessToken | None:
        return (AccessToken.objects.select_related("application")
                .filter(token_checksum=tokens.checksum(token)).first())

    def revoke_token(self, token: str, token_type_hint: str | None, request: Any,
                     *args: Any, **kwargs: Any) -> None:
        """RFC 7009: a client revokes its own tokens; another's or an unknown one is
        answered alike (200) and left alone."""
        if len(token) > tokens.MAX_LENGTH:
            return
        AccessToken.objects.filter(token_checksum=tokens.checksum(token),
                                   application=request.client).delete()
