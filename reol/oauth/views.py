"""GET /userinfo: who the patron of a token is, in the shape of the national log-in's answer
(the apps read `attributes`); POST /oauth/token, django-oauth-toolkit's view told that
reol keeps only digests of tokens. Revocation is the toolkit's own view (urls.py)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters
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
    """The toolkit's token view looks the new token up by its own checksum to announce it
    (app_authorized), which a digest cannot match, and offers the device flow; reol needs
    neither: the grants are oauthlib's (server.py), the answer is passed on as it is."""

    @method_decorator(sensitive_post_parameters("password", "client_secret"))
    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if refused := in_clear(request):
            return refused
        _url, headers, body, status = self.create_token_response(request)
        response = HttpResponse(content=body, status=status)
        for name, value in headers.items():
            response[name] = value
        return response


class RevokeTokenView(toolkit.RevokeTokenView):
    """RFC 7009, the toolkit's own; the client's secret travels over TLS only, as above."""

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        return in_clear(request) or super().post(request, *args, **kwargs)
