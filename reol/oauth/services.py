"""Registering a library's API clients and taking their tokens back."""

from datetime import datetime

from django.db import transaction
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import AccessToken, Application, RefreshToken

from reol.circulation.models import Patron
from reol.libraries.models import Library
from reol.refusals import refuse

from .models import ApiClient

MAX_NAME = 100


@transaction.atomic
def add_client(library: Library, name: str) -> tuple[str, str]:
    """A new client of `library` (its web site, its app): its id and its secret, which is
    shown only now: the toolkit keeps it hashed (Argon2, like PINs)."""
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise refuse("api_client_name", longest=MAX_NAME)
    secret = generate_client_secret()
    application = Application.objects.create(
        name=name, client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        client_secret=secret, hash_client_secret=True, user=None)
    ApiClient.objects.create(application=application, library=library)
    return application.client_id, secret


@transaction.atomic
def revoke(client_id: str) -> int:
    """Take back a client: it gets no more tokens and every token it was given stops working
    at once. Returns how many tokens were still live."""
    application = Application.objects.filter(client_id=client_id,
                                             reol_client__isnull=False).first()
    if application is None:
        raise refuse("unknown_api_client")
    live: int = AccessToken.objects.filter(application=application).count()
    application.delete()  # its tokens and reol's record of it go with it
    return live



@transaction.atomic
def end_patron_tokens(sender: object, patron: Patron, **kwargs: object) -> int:
    """A patron's PIN changed (circulation.patrons.pin_changed, from every door that changes
    one): each token given for the old PIN stops working at once, the one that asked for the
    change included (Min side keeps the session that changed it; a token is no session the
    patron can see, and one taken with a stolen PIN must not outlive the new PIN). reol gives
    patrons no refresh tokens (server.py); any there were go too. Returns how many access
    tokens were ended."""
    tokens = AccessToken.objects.filter(reol_patron__patron=patron)
    RefreshToken.objects.filter(access_token__in=tokens).delete()
    _, deleted = tokens.delete()
    ended: int = deleted.get(AccessToken._meta.label, 0)
    return ended


@transaction.atomic
def forget_expired(now: datetime) -> dict[str, int]:
    """The periodic job: expired tokens go, and with them which patron used which client."""
    _, deleted = AccessToken.objects.filter(expires__lt=now).delete()
    return {"tokens": deleted.get(AccessToken._meta.label, 0)}
