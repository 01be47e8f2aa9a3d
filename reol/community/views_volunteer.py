"""The volunteer's page: a volunteer logs in with their library card (as that patron) and sees
their shifts, the open shifts with the reason each cannot be taken, and logs their work."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reol.circulation.views_patron import patron_required
from reol.errors import DomainError
from reol.requests import PatronPageRequest

from . import volunteers
from .forms import LogForm
from .models import Volunteer


def _volunteer(request: PatronPageRequest) -> Volunteer | None:
    return Volunteer.objects.filter(patron=request.patron).select_related("library").first()


@patron_required
def volunteer_page(request: PatronPageRequest) -> HttpResponse:
    volunteer = _volunteer(request)
    if volunteer is None:
        return render(request, "community/volunteer.html", {"volunteer": None}, status=404)
    now = timezone.now()
    mine = [(s, LogForm(prefix=f"log{s.pk}", initial={
        "hours": s.hours, "people_helped": s.people_helped})) for s in
        volunteers.my_signups(volunteer)]
    return render(request, "community/volunteer.html", {
        "volunteer": volunteer, "now": now, "mine": mine,
        "open": volunteers.open_shifts(volunteer, now),
    })


def _act(request: PatronPageRequest, act, success: str) -> HttpResponse:
    volunteer = _volunteer(request)
    if volunteer is None:
        return redirect("volunteer")
    try:
        act(volunteer, timezone.now())
    except DomainError as error:
        messages.error(request, error.message())
    else:
        messages.success(request, success)
    return redirect("volunteer")


@require_POST
@patron_required
def signup_action(request: PatronPageRequest, shift_id: int) -> HttpResponse:
    return _act(request, lambda v, now: volunteers.sign_up(v, shift_id, now),
                _("You have taken the shift. Thank you!"))


@require_POST
@patron_required
def dropout_action(request: PatronPageRequest, signup_id: int) -> HttpResponse:
    return _act(request, lambda v, now: volunteers.drop_out(v, signup_id, now),
                _("You have dropped out of the shift."))


@require_POST
@patron_required
def log_action(request: PatronPageRequest, signup_id: int) -> HttpResponse:
    form = LogForm(request.POST, prefix=f"log{signup_id}")
    if not form.is_valid():
        messages.error(request, _("Give the hours (0–24) and the number of people helped."))
        return redirect("volunteer")
    hours, people = form.cleaned_data["hours"], form.cleaned_data["people_helped"]
    return _act(request, lambda v, now: volunteers.log_work(v, signup_id, hours, people, now),
                _("Your hours and the people you helped are logged."))
