"""The patron's account at the desk: take a cash or card payment, charge by hand, waive a
charge with a reason; and the leaders' daily totals per library as CSV. Views only
translate: accounts.py and fee_totals.py decide."""

from datetime import timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reol import bounds
from reol.errors import DomainError
from reol.libraries.models import Library

from .. import accounts, fee_totals
from ..models import AccountEntry, Patron
from .access import NOT_ALLOWED, can, require, staff_view
from .wording import money

CODENAME = "add_accountentry"


def _patron(request: HttpRequest, patron_id: int) -> Patron:
    patron = get_object_or_404(Patron.objects.select_related("library"), pk=patron_id)
    require(request.user, patron.library_id, CODENAME)
    return patron


def _done(request: HttpRequest, patron: Patron, call, done: str) -> HttpResponse:
    try:
        entry = call()
    except DomainError as refusal:
        messages.error(request, refusal.message())
    else:
        messages.success(request, done % {"amount": money(str(abs(entry.amount)))})
    return redirect("staff-patron", patron.pk)


@staff_view
@require_POST
def pay(request: HttpRequest, patron_id: int) -> HttpResponse:
    patron = _patron(request, patron_id)
    method = request.POST.get("method", "")
    return _done(request, patron, lambda: accounts.pay(
        patron, request.POST.get("amount", ""), method if method in ("cash", "card") else "",
        library_id=patron.library_id, by=request.user), _("Payment taken: %(amount)s."))


@staff_view
@require_POST
def charge(request: HttpRequest, patron_id: int) -> HttpResponse:
    patron = _patron(request, patron_id)
    return _done(request, patron, lambda: accounts.manual_charge(
        patron, request.POST.get("amount", ""), request.POST.get("reason", ""),
        library_id=patron.library_id, by=request.user), _("Charged: %(amount)s."))


@staff_view
@require_POST
def waive(request: HttpRequest, patron_id: int, entry_id: int) -> HttpResponse:
    patron = _patron(request, patron_id)
    return _done(request, patron, lambda: accounts.waive(
        patron, entry_id, request.POST.get("reason", ""), by=request.user,
        amount=request.POST.get("amount") or None), _("Waived: %(amount)s."))


@staff_view
def daily_totals(request: HttpRequest) -> HttpResponse:
    """Leaders: each day's charges, payments by method, waivers and refunds of their
    libraries, as a page to choose from and as CSV for the municipality's accounts."""
    mine = [library for library in Library.objects.order_by("name")
            if can(request.user, library.pk, "view_accountentry")]
    if not mine:
        raise NOT_ALLOWED
    today = timezone.localdate()
    # Dates out of what reol works with are the caller's mistake: a 400 page (reol.bounds).
    end = bounds.parse_day(request.GET.get("to"), today)
    start = bounds.parse_day(request.GET.get("from"), end - timedelta(days=30))
    if start > end or (end - start).days > 366:
        start = end - timedelta(days=30)
    wanted = request.GET.get("library", "")
    chosen = [library for library in mine if str(library.pk) == wanted] or mine
    rows = fee_totals.daily(chosen, start, end)
    if request.GET.get("format") == "csv":
        response = HttpResponse(fee_totals.as_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="gebyrer-{start.isoformat()}-{end.isoformat()}.csv"')
        return response
    return render(request, "circulation/staff/fee_totals.html", {
        "libraries": mine, "chosen": wanted, "start": start, "end": end, "rows": rows,
        "methods": AccountEntry.Method.choices})
