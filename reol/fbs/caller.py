"""Who is calling: the library (and patron) a bearer token stands for.

STAND-IN until the oauth branch lands (reol/oauth/auth.py, the same interface: `LibraryBearer`,
`PatronBearer` and `Caller(library, patron | None, client_id)` as `request.auth`). Its tokens
are signed with the secret key and minted only by `token()` (tests and the benchmark); no
endpoint gives them out. Merging oauth replaces this module by one import.
"""

from dataclasses import dataclass

from django.core import signing
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer

from reol.circulation.models import Patron
from reol.libraries.models import Library

SALT = "reol.fbs.stand-in"


@dataclass(frozen=True)
class Caller:
    library: Library
    patron: Patron | None
    client_id: str


def token(library: Library, patron: Patron | None = None) -> str:
    return signing.dumps({"l": library.pk, "p": patron.pk if patron else None}, salt=SALT)


def _caller(raw: str) -> Caller | None:
    try:
        data = signing.loads(raw, salt=SALT, max_age=3600)
    except signing.BadSignature:
        return None
    library = Library.objects.filter(pk=data["l"]).first()
    patron = (Patron.objects.select_related("library", "pickup_branch")
              .filter(pk=data["p"], library=library).first() if data["p"] else None)
    if library is None or (data["p"] and patron is None):
        return None
    return Caller(library, patron, "stand-in")


class LibraryBearer(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Caller | None:
        return _caller(token)


class PatronBearer(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Caller | None:
        caller = _caller(token)
        if caller is not None and caller.patron is None:
            raise HttpError(403, "A patron's token is needed.")
        return caller
