"""Response headers and proxy headers that keep a patron's data on the patron's screen.

ProxyHeadersMiddleware: X-Forwarded-Proto/-For/-Host are dropped unless the peer is a trusted
reverse proxy (REOL_TRUSTED_PROXIES), so SECURE_PROXY_SSL_HEADER cannot be sent by a client.

PrivacyHeadersMiddleware: a Permissions-Policy on every answer, and Cache-Control: no-store
on every answer reol's views make. Nearly every page and API answer is personal or carries
something of the session (the patron's name in the menu, a CSRF token in a form), and
reol's views do not mark the few that are not; no-store on all of them is the rule that
cannot be forgotten on a new page. It also keeps a shared library PC's Back button from
showing the last patron's loans after they logged out. An answer that sets its own
Cache-Control keeps it; static files (WhiteNoise, earlier in the chain) keep their long
caching.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from reol.core.addresses import trusted_proxy

FORWARDING_HEADERS = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_HOST")


class ProxyHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not trusted_proxy(request.META.get("REMOTE_ADDR", "")):
            for header in FORWARDING_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)


class PrivacyHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.setdefault("Cache-Control", "no-store")
        return response
