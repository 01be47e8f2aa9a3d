"""Staff pages of rooms: requests to approve or decline, the coming bookings, booking for
someone (with override), and usage figures: events and rooms staff (and leaders) of the
room's library; the desk sees the bookings (reol/core/access.py)."""

from datetime import timedelta

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reol import bounds
from reol.bounds import OutOfRange
from reol.circulation.models import Patron
from reol.circulation.views_staff.access import staff_view
from reol.core.access import libraries_with, require
from reol.errors import DomainError
from reol.refusals import refuse
from reol.requests import StaffPageRequest

from . import services
from .forms import StaffBookingForm
from .models import Booking, Room


def _rooms(user, permission: str):
    """The rooms of the libraries where the user may do this; none: a refusal."""
    rooms = Room.objects.select_related("branch__library").order_by("branch__name", "name")
    allowed = libraries_with(user, permission)
    if allowed == set():
        raise refuse("not_allowed")
    return rooms if allowed is None else rooms.filter(branch__library_id__in=allowed)


@staff_view
def bookings_page(request: StaffPageRequest) -> HttpResponse:
    rooms = _rooms(request.user, "view_booking")
    bookable = _rooms(request.user, "add_booking") if request.method == "POST" else rooms
    form = StaffBookingForm(request.POST or None, rooms=bookable.filter(active=True),
                            initial={"day": timezone.localdate()})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            patron = None
            if data["card"]:
                patron = Patron.objects.filter(card=data["card"].strip()).first()
            if data["card"] and patron is None:
                form.add_error("card", _("The library card is not known."))
            else:
                start, end = form.span()
                try:
                    services.book(data["room"], start, end, patron=patron, name=data["name"],
                                  purpose=data["purpose"], by=request.user,
                                  override=data["override"])
                except DomainError as refusal:
                    form.add_error(None, refusal.message())
                else:
                    messages.success(request, _("The room is booked."))
                    return redirect("staff-rooms")
    now = timezone.now()
    bookings = Booking.objects.filter(room__in=rooms, end__gt=now, status__in=Booking.ACTIVE) \
        .select_related("room__branch", "patron").order_by("start")
    return render(request, "rooms/staff/bookings.html", {
        "form": form, "may_book": libraries_with(request.user, "add_booking") != set(),
        "requested": [b for b in bookings if b.status == Booking.Status.REQUESTED],
        "coming": [b for b in bookings if b.status == Booking.Status.CONFIRMED][:200],
    }, status=status)


@staff_view
@require_POST
def decide_action(request: StaffPageRequest, pk: int) -> HttpResponse:
    booking = get_object_or_404(Booking.objects.select_related("room__branch"), pk=pk)
    require(request.user, booking.room.branch.library_id, "change_booking")
    action = request.POST.get("action")
    try:
        if action == "cancel":
            services.cancel(booking, by=request.user)
            messages.success(request, _("The booking is cancelled."))
        else:
            services.decide(booking, action == "approve", by=request.user)
            messages.success(request, _("Approved.") if action == "approve" else _("Declined."))
    except DomainError as refusal:
        messages.error(request, refusal.message())
    return redirect("staff-rooms")


@staff_view
def usage_page(request: StaffPageRequest) -> HttpResponse:
    today = timezone.localdate()
    error = None
    try:
        month = bounds.parse_month(request.GET.get("month"), today.replace(day=1))
    except OutOfRange as refusal:
        error = refusal.message()
        month = today.replace(day=1)
    rooms = list(_rooms(request.user, "view_room"))
    return render(request, "rooms/staff/usage.html", {
        "month": month, "rows": services.usage(rooms, month.year, month.month), "error": error,
        "previous": (month - timedelta(days=1)).replace(day=1),
        "next": (month + timedelta(days=32)).replace(day=1),
    }, status=400 if error else 200)
