"""reol's routes and two probes standing in for the doors that take tokens (FBS and the
others build on the same auth classes): what a LibraryBearer and a PatronBearer operation
see of the caller."""

from django.urls import path
from ninja import NinjaAPI

from reol.oauth.auth import LibraryBearer, PatronBearer, register
from reol.urls import urlpatterns as reol_urlpatterns

probe = NinjaAPI(urls_namespace="oauth-probe")
register(probe)


def _seen(request) -> dict:
    caller = request.auth
    return {"library": caller.library.agency, "client_id": caller.client_id,
            "patron": caller.patron.card if caller.patron else None}


@probe.get("/library", auth=LibraryBearer())
def library_operation(request) -> dict:
    return _seen(request)


@probe.get("/patron", auth=PatronBearer())
def patron_operation(request) -> dict:
    return _seen(request)


urlpatterns = [path("probe/", probe.urls), *reol_urlpatterns]
