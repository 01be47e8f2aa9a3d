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


class TokenView(toolkit.TokenView):
    """The toolkit's token view looks the new token up by its own checksum to announce it
    (app_authorized), which a digest cannot match, and offers the device flow; reol needs
    neither: the grants are oauthlib's (server.py), the answer is passed on as it is."""

    @method_decorator(sensitive_post_parameters("password", "client_secret"))
    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        _url, headers, body, status = self.create_token_response(request)
        response = HttpResponse(content=body, status=status)
        for name, value in headers.items():
            response[name] = value
        return response
