"""The patron's own data ("Min side"): download everything reol holds about them as JSON, and
ask for it to be deleted. Views only translate: services.patron_data and services.delete_patron
decide, and a refusal is shown with its reason."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reol.errors import DomainError
from reol.requests import PatronPageRequest
from reol.throttle.services import web_source

from . import patrons, services, session
from .models import Patron
from .views_patron import patron_required


def _page(request: PatronPageRequest, error: str | None = None, status: int = 200) -> HttpResponse:
    patron: Patron = request.patron
    refusal = services.deletion_refusal(patron)
    return render(request, "circulation/patron/data.html", {
        "patron": patron, "section": "data", "error": error,
        "refusal": refusal.message() if refusal else None,
        "retention_days": settings.REOL_RETENTION_DAYS,
    }, status=status)


@patron_required
def data_page(request: PatronPageRequest) -> HttpResponse:
    return _page(request)


@patron_required
def data_download(request: PatronPageRequest) -> HttpResponse:
    document = services.patron_data(request.patron)
    response = HttpResponse(json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False,
                                       indent=2), content_type="application/json")
    day = timezone.localdate()
    response["Content-Disposition"] = f'attachment; filename="reol-{day:%Y-%m-%d}.json"'
    response["Cache-Control"] = "no-store"  # a shared library PC keeps no copy
    return response


@require_POST
@patron_required
def delete_action(request: PatronPageRequest) -> HttpResponse:
    """Asked with the PIN, so that nobody at a PC someone forgot to log out of can do it."""
    patron: Patron = request.patron
    if request.POST.get("confirm") != "yes":
        return _page(request, _("Tick the box to confirm that you want your data deleted."), 400)
    try:
        patrons.authenticate(patron.card, request.POST.get("pin", ""),
                             source=web_source(request))
    except DomainError as refusal:
        message = (_("The PIN is not right.") if refusal.code == "wrong_pin"
                   else refusal.message())
        return _page(request, message, 400)
    try:
        services.delete_patron(patron)
    except DomainError as refusal:
        return _page(request, refusal.message(), 409)
    session.log_out(request)
    return render(request, "circulation/patron/deleted.html", {})
