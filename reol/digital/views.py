"""The patron's digital pages and actions: borrow, reserve, give back, open the title, and
Min side's digital loans. Views only translate: services and rules decide."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reol.circulation.views_patron import patron_required
from reol.errors import DomainError
from reol.requests import PatronPageRequest

from . import services
from .models import DigitalLoan, DigitalReservation, DigitalTitle
from .providers import provider


def _title(pid: str) -> DigitalTitle:
    return get_object_or_404(DigitalTitle.objects.select_related("record"), record__pid=pid)


@require_POST
@patron_required
def borrow_action(request: PatronPageRequest, pid: str) -> HttpResponse:
    title = _title(pid)
    try:
        services.lend(request.patron, title)
    except DomainError as refusal:
        messages.error(request, refusal.message())
        return redirect(reverse("record", args=[pid]) + "#digital")
    messages.success(request, _("“%(title)s” is yours until the loan ends by itself.")
                     % {"title": title.record.title})
    return redirect("my-digital")


@require_POST
@patron_required
def reserve_action(request: PatronPageRequest, pid: str) -> HttpResponse:
    title = _title(pid)
    try:
        services.reserve(request.patron, title)
    except DomainError as refusal:
        messages.error(request, refusal.message())
    else:
        messages.success(request, _("You are in the queue. Borrow it here when it is your turn."))
    return redirect(reverse("record", args=[pid]) + "#digital")


@require_POST
@patron_required
def return_action(request: PatronPageRequest, pk: int) -> HttpResponse:
    try:
        services.give_back(request.patron, pk)
    except DomainError as refusal:
        messages.error(request, refusal.message())
    else:
        messages.success(request, _("The loan has ended."))
    return redirect("my-digital")


@patron_required
def access(request: PatronPageRequest, token: str) -> HttpResponse:
    """The title itself, behind a link that opens only for its patron during the loan."""
    try:
        loan = services.open_access(token, request.patron)
    except DomainError as refusal:
        return render(request, "digital/refused.html", {"refusal": refusal.message()},
                      status=403)
    return provider(loan.title.provider).open(loan)


@patron_required
def mine_page(request: PatronPageRequest) -> HttpResponse:
    """Min side: current digital loans with their links, the month's caps left, the queue,
    and past loans for a patron who keeps a history."""
    patron, now = request.patron, timezone.now()
    loans = DigitalLoan.objects.filter(patron=patron).select_related("title__record")
    current = [(loan, services.access_token(loan))
               for loan in loans.filter(**services.active(now)).order_by("ends")]
    past = loans.exclude(pk__in=[loan.pk for loan, _ in current]) if patron.keep_history else []
    return render(request, "digital/mine.html", {
        "patron": patron, "section": "digital", "current": current, "past": past,
        "caps": services.caps_left(patron, now),
        "queue": DigitalReservation.objects.filter(patron=patron)
        .select_related("title__record")})
