"""Patron pages of rooms: the list, a room's week with its free slots and the booking form,
and my bookings. Views only translate; services decide and their refusals are shown."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reol.circulation import session
from reol.errors import DomainError
from reol.libraries.rules import week_start

from . import services
from .forms import BookingForm
from .models import Booking, Room


def rooms_page(request: HttpRequest) -> HttpResponse:
    rooms = Room.objects.filter(active=True).select_related("branch__library") \
        .order_by("branch__library__name", "branch__name", "name")
    groups: dict = {}
    for room in rooms:
        groups.setdefault(room.branch, []).append(room)
    return render(request, "rooms/rooms.html", {"groups": groups.items()})


def week_grid(days: list[services.Day]) -> list[dict]:
    """Rows of the week table: one per slot start time seen in the week, a cell per day."""
    times = sorted({s.start.time() for d in days for s in d.slots})
    by_day = [{s.start.time(): s for s in d.slots} for d in days]
    return [{"time": t, "cells": [cells.get(t) for cells in by_day]} for t in times]


def _room_page(request: HttpRequest, room: Room, form: BookingForm | None = None,
               error: str | None = None, status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    try:
        monday = week_start(request.GET.get("week"), today)
    except DomainError as refusal:
        monday, error, status = week_start(None, today), refusal.message(), 400
    days = services.availability(room, monday, monday + timedelta(days=6))
    patron = session.current_patron(request)
    # A blocked card sees why instead of a form (services.book refuses it too).
    block = services.booking_block(patron) if patron is not None else None
    blocked = block.message() if block is not None else None
    if form is None:
        initial = {"day": today}
        wanted = request.GET.get("start")
        if wanted:
            try:
                start = services.parse_moment(wanted)
            except DomainError as refusal:
                error, status = refusal.message(), 400
            else:
                end = start + timedelta(minutes=room.slot_minutes)
                initial = {"day": start.date(), "start": start.time(), "end": end.time()}
        form = BookingForm(initial=initial, slot_minutes=room.slot_minutes)
    return render(request, "rooms/room.html", {
        "room": room, "days": days, "rows": week_grid(days), "form": form, "error": error,
        "patron": patron, "blocked": blocked, "monday": monday,
        "previous": monday - timedelta(days=7), "next": monday + timedelta(days=7),
        "this_week": week_start(None, today),
        "login": reverse("patron-login") + "?next=" + request.path,
    }, status=200 if request.headers.get("HX-Request") else status)  # htmx swaps only 2xx


def room_page(request: HttpRequest, slug: str) -> HttpResponse:
    room = get_object_or_404(Room.objects.select_related("branch"), slug=slug, active=True)
    return _room_page(request, room)


@require_POST
def book_action(request: HttpRequest, slug: str) -> HttpResponse:
    room = get_object_or_404(Room.objects.select_related("branch"), slug=slug, active=True)
    patron = session.current_patron(request)
    if patron is None:
        return redirect_to_login(reverse("room", args=[slug]), reverse("patron-login"))
    form = BookingForm(request.POST, slot_minutes=room.slot_minutes)
    if not form.is_valid():
        return _room_page(request, room, form, _("Check the date and times."), 400)
    start, end = form.span()
    try:
        booking = services.book(room, start, end, patron=patron,
                                purpose=form.cleaned_data["purpose"])
    except DomainError as refusal:
        return _room_page(request, room, form, refusal.message(), 400)
    if booking.status == Booking.Status.REQUESTED:
        messages.success(request, _("Your request is sent. The library will confirm it."))
    else:
        messages.success(request, _("The room is booked."))
    week = start.date() - timedelta(days=start.weekday())
    return redirect(f"{reverse('room', args=[slug])}?week={week.isoformat()}")


def my_bookings_page(request: HttpRequest) -> HttpResponse:
    patron = session.current_patron(request)
    if patron is None:
        return redirect_to_login(request.get_full_path(), reverse("patron-login"))
    return render(request, "rooms/mine.html", {
        "patron": patron, "bookings": services.bookings_of(patron), "section": "rooms"})


@require_POST
def cancel_action(request: HttpRequest, pk: int) -> HttpResponse:
    patron = session.current_patron(request)
    if patron is None:
        return redirect_to_login(reverse("my-room-bookings"), reverse("patron-login"))
    booking = get_object_or_404(Booking, pk=pk, patron=patron)
    try:
        services.cancel(booking, patron=patron)
    except DomainError as refusal:
        messages.error(request, refusal.message())
    else:
        messages.success(request, _("The booking is cancelled."))
    return redirect("my-room-bookings")
