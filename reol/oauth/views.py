"""GET /userinfo: who the patron of a token is, in the shape of the national log-in's answer
(the apps read `attributes`); POST /oauth/token and /oauth/revoke, django-oauth-toolkit's
views, over HTTPS only."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET
from oauth2_provider import views as toolkit

from . import rules
from .auth import bearer


@require_GET
@bearer(patron=True)
def userinfo(request: HttpRequest) -> JsonResponse:
    caller = request.auth  # type: ignore[attr-defined]
    patron, agency = caller.patron, caller.library.agency
    return JsonResponse({"attributes": {
        "userId": patron.card,
        "uniqueId": rules.unique_id(settings.SECRET_KEY, patron.pk),
        "agencies": [{"agencyId": agency, "userId": patron.card, "userIdType": "LOCAL"}],
        "municipality": rules.municipality_code(agency),
        "municipalityAgencyId": agency,
    }})


def in_clear(request: HttpRequest) -> JsonResponse | None:
    """RFC 6749 says a token endpoint takes secrets over TLS only: over plain HTTP a PIN or
    client secret is refused before it is checked, so that no answer says whether it was
    right (REOL_ALLOW_INSECURE_BASIC=1 allows it, for development, as for the API's Basic)."""
    if request.is_secure() or getattr(settings, "REOL_ALLOW_INSECURE_BASIC", False):
        return None
    return JsonResponse({"error": "invalid_request",
                         "error_description": "HTTPS is required."}, status=400)


class TokenView(toolkit.TokenView):
    """The toolkit's, without its device flow (which reol does not offer, and whose branch
    reads a `device_code` that a garbled request may lack: a 500)."""

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        return in_clear(request) or self.authorization_flow_token_response(request)


class RevokeTokenView(toolkit.RevokeTokenView):
    """RFC 7009, the toolkit's own; the client's secret travels over TLS only, as above."""

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        return in_clear(request) or super().post(request, *args, **kwargs)
