"""Reserving a work in a format ("any edition") from the work page."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from reol.catalogue.models import Work
from reol.catalogue.views import work_context
from reol.errors import DomainError
from reol.requests import PatronPageRequest

from . import reservations
from .forms_patron import WorkReserveForm, parse_pickup
from .views_patron import patron_required


@patron_required
def work_reserve_action(request: PatronPageRequest, work_id: int) -> HttpResponse:
    work = get_object_or_404(Work, pk=work_id)
    back = reverse("work", args=[work.pk]) + "#reserve"
    if request.method != "POST":
        return redirect(back)
    kind = request.POST.get("material_type", "")
    form = WorkReserveForm(request.patron, request.POST, auto_id=f"id_{kind[:20]}_%s")
    error = None
    if form.is_valid():
        pickup = parse_pickup(form.cleaned_data["pickup"])
        try:
            placed = reservations.reserve_work(
                request.patron, work, form.cleaned_data["material_type"], pickup.branch,
                pickup_stop=pickup.stop, interest_until=form.cleaned_data["interest_until"],
            )
        except DomainError as refusal:
            error = refusal.message()
        else:
            position = reservations.queue_position(placed)
            messages.success(request, _(
                "You have reserved “%(title)s” (%(format)s, any edition). %(where)s") % {
                "title": work.title, "format": placed.record.get_material_type_display(),
                "where": _("You are number %(n)d in the queue.") % {"n": position}
                if position else _("A copy is on its way to you.")})
            return redirect(back)
    context = work_context(request, work)
    context.update(reserve_form=form, reserve_error=error)
    return render(request, "catalogue/work.html", context, status=400)
