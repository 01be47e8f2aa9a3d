"""Staff pages of the transport scheme, the grant key and the interlibrary-loan figures."""

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.dates import MONTHS_3

from reol import bounds
from reol.circulation.views_staff.access import current_branch, staff_view
from reol.core.access import require
from reol.errors import DomainError
from reol.sharing import figures as ill_figures
from reol.sharing import grant

from . import services
from .apps import VIEW_NETWORK_FIGURES
from .models import Hub


def _day(request: HttpRequest) -> date:
    return bounds.parse_day(request.GET.get("date"), timezone.localdate())


@staff_view
def hub_sorting(request: HttpRequest, code: str) -> HttpResponse:
    """The hub's sorting view: the day's crates per destination, a slip per copy."""
    hub = get_object_or_404(Hub, code=code)
    require(request.user, hub.library_id, "view_transit")
    day = _day(request)
    return render(request, "transport/sorting.html", {
        "hub": hub, "day": day, "crates": services.sorting_list(code, day),
        "hubs": Hub.objects.filter(sorted_at=None)})


@staff_view
def pack(request: HttpRequest) -> HttpResponse:
    branch = current_branch(request)
    require(request.user, branch.library_id, "view_transit")
    day = _day(request)
    return render(request, "transport/pack.html", {
        "branch": branch, "day": day, "packing": services.pack_list(branch.library, day)})


@staff_view
def where(request: HttpRequest) -> HttpResponse:
    barcode = request.GET.get("barcode", "").strip()
    found, refusal = None, None
    if barcode:
        try:
            found = services.whereabouts(barcode)
        except DomainError as error:
            refusal = error.message()
    return render(request, "transport/where.html",
                  {"barcode": barcode, "found": found, "refusal": refusal})


@staff_view
def grant_page(request: HttpRequest) -> HttpResponse:
    """The key applied to the figures of domain.md: 40 / 30 / 30 of 65,612,599 kr."""
    require(request.user, None, VIEW_NETWORK_FIGURES)
    rows = grant.allocate(grant.DOMAIN_TOTAL, grant.domain_regions())
    regions = {r.central_library: r for r in grant.domain_regions()}
    return render(request, "transport/grant.html", {
        "rows": [(r, regions[r.central_library]) for r in rows], "total": grant.DOMAIN_TOTAL,
        "shares": grant.DEFAULT_SHARES})


@staff_view
def figures_page(request: HttpRequest) -> HttpResponse:
    require(request.user, None, VIEW_NETWORK_FIGURES)
    today = timezone.localdate()
    year = bounds.parse_year(request.GET.get("year"), today.year)
    result = ill_figures.figures(year)
    return render(request, "transport/figures.html", {
        "figures": result, "year": year,
        "months": [(m, MONTHS_3[m], result.monthly.get(m, 0)) for m in range(1, 13)],
        "expected": result.expected_by(today)})
