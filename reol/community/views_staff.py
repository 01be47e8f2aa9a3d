"""Staff pages: volunteers and roles, shifts, exhibitions and the review of submissions.
Events staff (and leaders) of the library, checked here and again by the services
(reol/core/access.py); views only translate."""

from datetime import timedelta

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reol.circulation.views_staff.access import current_branch, staff_branches, staff_view
from reol.core.access import require
from reol.errors import DomainError

from . import exhibitions, volunteers
from .forms import ExhibitionForm, RoleForm, ShiftForm, VolunteerForm
from .models import Exhibition, Shift, SubmissionImage, Volunteer, VolunteerRole
from .views_exhibitions import serve_image


def _branch(request: HttpRequest, permission: str):
    branch = current_branch(request)
    require(request.user, branch.library_id, permission)
    return branch


def _page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    return render(request, template, {"branches": staff_branches(request.user), **context},
                  status=status)


@staff_view
def volunteers_page(request: HttpRequest) -> HttpResponse:
    branch = _branch(request, "view_volunteer")
    if request.method == "POST":
        require(request.user, branch.library_id, "change_volunteer")
    form, role_form, status = VolunteerForm(), RoleForm(), 200
    if request.method == "POST" and request.POST.get("form") != "role":
        form = VolunteerForm(request.POST)
        if form.is_valid():
            data = volunteers.VolunteerData(
                name=form.cleaned_data["name"], email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"], card=form.cleaned_data["card"],
                roles=tuple(r.slug for r in form.cleaned_data["roles"]))
            try:
                volunteer = volunteers.save_volunteer(branch.library, data, by=request.user)
            except DomainError as error:
                form.add_error(None, error.message())
            else:
                messages.success(request, _("%(name)s is registered as a volunteer.")
                                 % {"name": volunteer.name})
                return redirect("staff-volunteers")
        status = 400
    elif request.method == "POST":
        role_form = RoleForm(request.POST)
        if role_form.is_valid():
            name = role_form.cleaned_data["name"].strip()
            VolunteerRole.objects.get_or_create(slug=slugify(name)[:60] or "role",
                                                defaults={"name": name})
            return redirect("staff-volunteers")
        status = 400
    year = timezone.localdate().year
    return _page(request, "community/staff/volunteers.html", {
        "branch": branch, "form": form, "role_form": role_form,
        "roles": VolunteerRole.objects.annotate(n=Count("volunteers")),
        "volunteers": Volunteer.objects.filter(library=branch.library)
        .prefetch_related("roles").select_related("patron"),
        "figures": volunteers.helped_per_year(branch.library, year),
        "last_year": volunteers.helped_per_year(branch.library, year - 1),
    }, status)


@staff_view
def shifts_page(request: HttpRequest) -> HttpResponse:
    branch = _branch(request, "change_shift")
    now = timezone.now()
    form, status = ShiftForm(), 200
    if request.method == "POST":
        form = ShiftForm(request.POST)
        if form.is_valid():
            data = volunteers.ShiftData(branch=branch, **form.cleaned_data)
            try:
                volunteers.create_shift(data, now, by=request.user)
            except DomainError as error:
                form.add_error(None, error.message())
            else:
                messages.success(request, _("The shift is created."))
                return redirect("staff-shifts")
        status = 400
    shifts = (Shift.objects.filter(branch=branch, end__gte=now - timedelta(days=14))
              .select_related("role")
              .annotate(taken=Count("signups", filter=Q(signups__status="signed_up")))
              .prefetch_related("signups__volunteer")[:200])
    return _page(request, "community/staff/shifts.html",
                 {"branch": branch, "form": form, "shifts": shifts}, status)


@staff_view
def exhibitions_page(request: HttpRequest) -> HttpResponse:
    branch = _branch(request, "change_exhibition")
    form, status = ExhibitionForm(), 200
    if request.method == "POST":
        form = ExhibitionForm(request.POST)
        if form.is_valid():
            data = exhibitions.ExhibitionData(branch=branch, **form.cleaned_data)
            try:
                exhibitions.create_exhibition(data, by=request.user)
            except DomainError as error:
                form.add_error(None, error.message())
            else:
                messages.success(request, _("The exhibition is created."))
                return redirect("staff-exhibitions")
        status = 400
    shown = (Exhibition.objects.filter(branch__library=branch.library_id)
             .select_related("branch")
             .annotate(waiting=Count("submissions", filter=Q(submissions__status="submitted")))
             .order_by("-starts"))
    return _page(request, "community/staff/exhibitions.html",
                 {"branch": branch, "form": form, "exhibitions": shown}, status)


def _own_exhibition(request: HttpRequest, exhibition_id: int, permission: str) -> Exhibition:
    exhibition = get_object_or_404(Exhibition.objects.select_related("branch"),
                                   pk=exhibition_id)
    require(request.user, exhibition.branch.library_id, permission)
    return exhibition


@staff_view
def exhibition_page(request: HttpRequest, exhibition_id: int) -> HttpResponse:
    exhibition = _own_exhibition(request, exhibition_id, "view_exhibition")
    return _page(request, "community/staff/exhibition.html", {
        "exhibition": exhibition,
        "submissions": exhibition.submissions.prefetch_related("images")
        .select_related("decided_by"),
    })


@require_POST
@staff_view
def decide_action(request: HttpRequest, exhibition_id: int, submission_id: int
                  ) -> HttpResponse:
    exhibition = _own_exhibition(request, exhibition_id, "change_submission")
    if not exhibition.submissions.filter(pk=submission_id).exists():
        raise Http404
    accept = request.POST.get("decision") == "accept"
    submission = exhibitions.decide(submission_id, accept, request.user, timezone.now())
    text = _("“%(title)s” is accepted.") if accept else _("“%(title)s” is declined.")
    messages.success(request, text % {"title": submission.title})
    return redirect("staff-exhibition", exhibition_id=exhibition.pk)


@staff_view
def image_view(request: HttpRequest, image_id: int) -> HttpResponse:
    """Staff see every image of their libraries' submissions, to review them."""
    found = get_object_or_404(SubmissionImage.objects.select_related(
        "submission__exhibition__branch"), pk=image_id)
    require(request.user, found.submission.exhibition.branch.library_id, "view_exhibition")
    return serve_image(found)
