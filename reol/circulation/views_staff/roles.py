"""/staff/roles/: who holds which role where. A leader gives and takes the roles of their own
library; the network administrator those of every library (reol/core/rules.py says who may
give what; reol/core/services.py does it, on the staff record)."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from reol.core import roles, services
from reol.core.access import libraries_with, require
from reol.core.models import StaffRole
from reol.errors import DomainError
from reol.libraries.models import Library
from reol.requests import StaffPageRequest

from .access import NOT_ALLOWED, staff_view

ROLE_NAMES = {
    "desk": gettext_lazy("Desk"), "cataloguing": gettext_lazy("Cataloguing"),
    "acquisitions": gettext_lazy("Acquisitions"), "events": gettext_lazy("Events and rooms"),
    "leader": gettext_lazy("Leader"), "editor": gettext_lazy("Front page editor"),
    "network": gettext_lazy("Network administrator"),
}


class GrantForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("User name"), max_length=150)
    library = forms.ModelChoiceField(label=gettext_lazy("Library"), queryset=Library.objects,
                                     to_field_name="agency", empty_label=None)
    role = forms.ChoiceField(label=gettext_lazy("Role"),
                             choices=[(name, ROLE_NAMES[name]) for name in roles.ROLES])

    def __init__(self, *args, libraries, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries  # type: ignore[attr-defined]


def _libraries(user):
    allowed = libraries_with(user, "change_staffrole")
    if allowed == set():
        raise NOT_ALLOWED  # leaders and the network administrator only
    found = Library.objects.order_by("name")
    return found if allowed is None else found.filter(pk__in=allowed)


@staff_view
def page(request: StaffPageRequest) -> HttpResponse:
    libraries = _libraries(request.user)
    form = GrantForm(request.POST or None, libraries=libraries)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.grant_role(request.user, data["username"], data["library"].pk,
                                    data["role"])
            except DomainError as refusal:
                form.add_error(None, refusal.message())
            else:
                messages.success(request, _("%(user)s is now %(role)s at %(library)s.") % {
                    "user": data["username"], "role": ROLE_NAMES[data["role"]],
                    "library": data["library"].name})
                return redirect("staff-roles")
    held = (StaffRole.objects.filter(library__in=libraries)
            .select_related("user", "library", "group")
            .order_by("library__name", "user__username", "group__name"))
    return render(request, "circulation/staff/roles.html", {
        "form": form, "held": [(h, ROLE_NAMES.get(h.group.name, h.group.name)) for h in held],
    }, status=status)


@require_POST
@staff_view
def remove(request: StaffPageRequest, pk: int) -> HttpResponse:
    held = get_object_or_404(StaffRole.objects.select_related("user", "group", "library"),
                             pk=pk)
    require(request.user, held.library_id, "change_staffrole")
    services.revoke_role(request.user, held)
    messages.success(request, _("%(user)s is no longer %(role)s at %(library)s.") % {
        "user": held.user.get_username(), "role": ROLE_NAMES.get(held.group.name, ""),
        "library": held.library.name})
    return redirect("staff-roles")
