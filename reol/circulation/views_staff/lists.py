"""The lists of one branch: the hold shelf, the pull list and the transit lists."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from reol.catalogue.models import Item
from reol.errors import DomainError
from reol.libraries.models import Branch

from .. import reservations
from ..models import Reservation, Transit
from .access import current_branch, require, staff_branches, staff_view
from .wording import routing_facts, routing_text


def _branch(request: HttpRequest, codename: str) -> Branch:
    branch = current_branch(request)
    require(request.user, branch.library_id, codename)
    return branch


@staff_view
def hold_shelf(request: HttpRequest) -> HttpResponse:
    branch = _branch(request, "view_reservation")
    ready = list(
        Reservation.objects.filter(pickup_branch=branch, status=Reservation.Status.ON_HOLD_SHELF)
        .select_related("patron", "record", "item").order_by("pickup_number", "id")
    )
    # Copies still marked as on the hold shelf although their reservation has closed.
    stale = (
        Item.objects.filter(current_branch=branch, status=Item.Status.ON_HOLD_SHELF)
        .exclude(reservations__status__in=Reservation.HOLDING)
        .select_related("record").order_by("barcode")
    )
    to_clear = [
        {"item": item, "last": Reservation.objects.filter(item=item).exclude(pickup_number="")
         .select_related("patron").order_by("-closed", "-id").first()}
        for item in stale
    ]
    return render(request, "circulation/staff/hold_shelf.html", {
        "branch": branch, "branches": staff_branches(request.user), "ready": ready,
        "to_clear": to_clear, "today": timezone.localdate(),
    })


@staff_view
def pull_list(request: HttpRequest) -> HttpResponse:
    branch = _branch(request, "view_reservation")
    rows = (
        Reservation.objects.filter(status=Reservation.Status.ALLOCATED,
                                   item__status=Item.Status.AVAILABLE,
                                   item__current_branch=branch)
        .select_related("item", "record", "pickup_branch")
        .order_by("item__shelf_location", "record__title", "id")
    )
    return render(request, "circulation/staff/pull_list.html", {
        "branch": branch, "branches": staff_branches(request.user), "rows": rows,
    })


@staff_view
@require_POST
def pull(request: HttpRequest) -> HttpResponse:
    branch = _branch(request, "change_reservation")
    barcode = request.POST.get("barcode", "")
    try:
        routing = reservations.pull(barcode, branch)
    except DomainError as refusal:
        messages.error(request, refusal.message())
    else:
        facts = routing_facts(routing, branch.library_id)
        messages.success(request, f"{barcode}: {routing_text(facts)}")
    return redirect("staff-pull-list")


@staff_view
def transit(request: HttpRequest) -> HttpResponse:
    branch = _branch(request, "view_transit")
    open_transits = Transit.objects.filter(received__isnull=True).select_related(
        "item__record", "from_branch", "to_branch", "reservation__patron")
    return render(request, "circulation/staff/transit.html", {
        "branch": branch, "branches": staff_branches(request.user),
        "outgoing": open_transits.filter(from_branch=branch),
        "incoming": open_transits.filter(to_branch=branch),
    })
