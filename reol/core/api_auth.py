"""Who is calling the API as staff: a session or a token. ninja's auth classes, so that the
OpenAPI schema names the scheme of every operation; the patron's schemes are circulation's
(circulation/api_auth.py), since patrons are.

A refusal is a DomainError carrying an HTTP status (`status`), answered by reol/api.py as
{"detail", "code"} in the caller's language: 401 without valid credentials, 403 when staff act
outside their own libraries.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from reol.errors import DomainError
from reol.refusals import refuse

from . import access
from .models import ApiToken

# last_used is written at most this often: a token used for a burst of calls costs one write.
LAST_USED_GRANULARITY = timedelta(minutes=1)


def with_status(status: int, error: DomainError) -> DomainError:
    return error.answered_with(status)


def refusal(status: int, key: str, **values: object) -> DomainError:
    """The catalogue's refusal `key`, answered with this HTTP status."""
    return with_status(status, refuse(key, **values))


def not_found(key: str, **values: object) -> DomainError:
    return refusal(404, key, **values)


def csrf_refusal() -> DomainError:
    return refusal(403, "csrf_failed")


class SessionCookie(APIKeyCookie):
    """The Django session cookie; unsafe methods (POST, PATCH, DELETE) need the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        key = request.COOKIES.get(self.param_name)
        if key and check_csrf(request):  # without the cookie: simply not authenticated (401)
            raise csrf_refusal()
        return key


def _staff(user):
    """The user, if they hold a staff role in some library (or are a superuser)."""
    if not (user and user.is_active):
        return None
    if user.is_superuser or access.staff_roles(user):
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


class StaffSession(SessionCookie):
    openapi_description = (
        "A member of staff logged in to reol's pages (the Django session cookie); POST, PATCH "
        "and DELETE also need the X-CSRFToken header with the value of the csrftoken cookie."
    )

    def authenticate(self, request: HttpRequest, key: str | None):
        user = getattr(request, "user", None)
        return _staff(user) if key and user is not None and user.is_authenticated else None


STAFF = [StaffToken(), StaffSession()]
