"""Staff pages of events under /staff/events/: create a series, edit from an occurrence on
(this, this and following, all), cancel, and record attendance. Events staff (and leaders)
plan and change events in their own libraries; the desk sees the occurrences and records
attendance (reol/core/access.py)."""

from datetime import timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from reol.circulation.views_staff.access import current_branch, staff_branches, staff_view
from reol.core.access import can, libraries_with, require
from reol.errors import DomainError

from . import queries, registration, services
from .forms import AttendanceForm, SeriesForm
from .models import AgeGroup, Occurrence, Registration


@staff_view
def staff_events(request: HttpRequest) -> HttpResponse:
    branch = current_branch(request)
    today = timezone.localdate()
    found = queries.occurrences(queries.Filter(start=today - timedelta(days=7),
                                               end=today + timedelta(days=60)))
    allowed = libraries_with(request.user, "view_occurrence")
    if allowed == set():
        require(request.user, branch.library_id, "view_occurrence")
    if allowed is not None:
        found = found.filter(series__library_id__in=allowed)
    rows = list(found[:300])
    for occurrence in rows:
        occurrence.places_left = queries.places_left(occurrence)
        occurrence.place = queries.place(occurrence)
    return render(request, "events/staff/list.html", {"rows": rows, "branch": branch})


@staff_view
def series_new(request: HttpRequest) -> HttpResponse:
    branch = current_branch(request)
    require(request.user, branch.library_id, "add_eventseries")
    branches = [b for b in staff_branches(request.user) if b.library_id == branch.library_id]
    form = SeriesForm(request.POST or None, branches=branches,
                      initial={"branch": branch.code})
    form.fields.pop("scope")
    if request.method == "POST" and form.is_valid():
        try:
            series = services.create_series(form.data_for(branch.library.agency))
        except DomainError as refusal:
            form.add_error(None, refusal.message())
        else:
            messages.success(request, _("The event was created with %(n)d occurrences.")
                             % {"n": series.occurrences.count()})
            first = series.occurrences.first()
            return redirect("staff-occurrence", pk=first.pk) if first else redirect(
                "staff-events")
    return render(request, "events/staff/series_form.html", {"form": form},
                  status=400 if form.errors else 200)


@staff_view
def occurrence_staff(request: HttpRequest, pk: int) -> HttpResponse:
    occurrence = get_object_or_404(Occurrence.objects.select_related(
        "series__library", "branch"), pk=pk)
    series = occurrence.series
    require(request.user, series.library_id, "view_occurrence")
    branches = [b for b in staff_branches(request.user) if b.library_id == series.library_id]
    active = list(occurrence.registrations.exclude(status=Registration.Status.CANCELLED))
    action = request.POST.get("action") if request.method == "POST" else None
    if action in ("edit", "cancel"):
        require(request.user, series.library_id, "change_eventseries")
    elif action:
        require(request.user, series.library_id, "change_attendance")
    data = services.SeriesData.of(series)
    edit_form = SeriesForm(request.POST if action == "edit" else None, branches=branches,
                           initial=SeriesForm.initial_of(data, timezone.localtime(
                               occurrence.start)))
    confirmed = [r for r in active if r.status == Registration.Status.CONFIRMED]
    attendance_form = AttendanceForm(request.POST if action == "attendance" else None,
                                     registrations=confirmed, initial=_attendance(occurrence))
    try:
        if action == "edit" and edit_form.is_valid():
            changed = services.edit(occurrence, edit_form.data_for(series.library.agency),
                                    edit_form.cleaned_data["scope"] or services.Scope.THIS)
            messages.success(request, _("The change was saved."))
            target = Occurrence.objects.filter(pk=pk).first() or changed.occurrences.first()
            return redirect("staff-occurrence", pk=target.pk) if target else redirect(
                "staff-events")
        if action == "cancel":
            registration.cancel_occurrence(occurrence)
            messages.success(request, _("The occurrence was cancelled; those registered are "
                                        "told."))
            return redirect("staff-occurrence", pk=pk)
        if action == "attendance" and attendance_form.is_valid():
            d = attendance_form.cleaned_data
            counts = {g: registration.Count(d[f"registered_{g}"], d[f"walk_ins_{g}"])
                      for g in AgeGroup.values}
            total = registration.record_attendance(occurrence, counts,
                                                   {int(x) for x in d["came"]})
            messages.success(request, _("Attendance saved: %(n)d participants.") % {"n": total})
            return redirect("staff-occurrence", pk=pk)
    except DomainError as refusal:
        (edit_form if action == "edit" else attendance_form).add_error(None, refusal.message())
    occurrence.places_left = registration.places_left(occurrence)
    return render(request, "events/staff/occurrence.html", {
        "occurrence": occurrence, "series": series, "place": queries.place(occurrence),
        "registrations": active, "edit_form": edit_form, "attendance_form": attendance_form,
        "past": occurrence.start <= timezone.now(),
        "may_change": can(request.user, series.library_id, "change_eventseries"),
    }, status=400 if action and request.method == "POST" else 200)


def _attendance(occurrence: Occurrence) -> dict:
    initial = {}
    for row in occurrence.attendance.all():
        initial[f"registered_{row.age_group}"] = row.registered
        initial[f"walk_ins_{row.age_group}"] = row.walk_ins
    initial["came"] = [str(pk) for pk in occurrence.registrations.filter(
        attended=True).values_list("pk", flat=True)]
    return initial
