"""The loan-rule matrix of the staff member's library: leaders add, change and remove its
cells (through reol.circulation.loan_rules, which checks and records every change); others
with the right to see it read it. Network-wide cells are shown, not changed, here."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reol.core.models import StaffChange
from reol.errors import DomainError

from .. import loan_rules as service
from ..forms_staff import LoanRuleForm, explain
from ..models import LoanRule
from .access import current_branch, require, staff_branches, staff_view

ORDER = ("patron_group", "loan_category", "material_type", "id")


@staff_view
def matrix(request: HttpRequest) -> HttpResponse:
    branch = current_branch(request)
    library = branch.library
    require(request.user, library.pk, "view_loanrule")
    own = list(LoanRule.objects.filter(library=library).select_related("library")
               .order_by(*ORDER))
    labels = {str(rule.pk): str(rule) for rule in own}
    changes = list(StaffChange.objects.filter(model="circulation.loanrule",
                                              library_id=library.pk)[:50])
    for change in changes:  # a removed rule is named by its id
        change.rule = labels.get(change.object_id, f"#{change.object_id}")
    return render(request, "circulation/staff/loan_rules.html", {
        "branch": branch, "branches": staff_branches(request.user), "library": library,
        "own": own,
        "common": LoanRule.objects.filter(library__isnull=True).order_by(*ORDER),
        "may_change": service.may_change(request.user, library.pk),
        "changes": changes,
    })


@staff_view
def add(request: HttpRequest) -> HttpResponse:
    library = current_branch(request).library
    require(request.user, library.pk, "add_loanrule")
    form = LoanRuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.add_rule(library, form.cell(), form.values(), by=request.user)
        except DomainError as refusal:
            explain(form, refusal)
        else:
            messages.success(request, _("The loan rule is added."))
            return redirect("staff-loan-rules")
    return render(request, "circulation/staff/loan_rule_edit.html",
                  {"form": form, "library": library, "rule": None},
                  status=400 if form.errors else 200)


def _rule(request: HttpRequest, rule_id: int, codename: str) -> LoanRule:
    rule = get_object_or_404(LoanRule.objects.select_related("library"), pk=rule_id)
    if rule.library_id is None and not request.user.is_superuser:
        raise service.NOT_LEADER  # the network's common rules: not one library's to change
    if rule.library_id is not None:
        require(request.user, rule.library_id, codename)
    return rule


@staff_view
def edit(request: HttpRequest, rule_id: int) -> HttpResponse:
    rule = _rule(request, rule_id, "change_loanrule")
    initial = {name: getattr(rule, name) for name in service.VALUES}
    form = LoanRuleForm(request.POST or None, initial=initial, new=False)
    if request.method == "POST" and form.is_valid():
        try:
            service.change_rule(rule.pk, form.values(), by=request.user)
        except DomainError as refusal:
            explain(form, refusal)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("staff-loan-rules")
    return render(request, "circulation/staff/loan_rule_edit.html",
                  {"form": form, "library": rule.library, "rule": rule},
                  status=400 if form.errors else 200)


@staff_view
@require_POST
def remove(request: HttpRequest, rule_id: int) -> HttpResponse:
    rule = _rule(request, rule_id, "delete_loanrule")
    try:
        service.remove_rule(rule.pk, by=request.user)
    except DomainError as refusal:
        messages.error(request, refusal.message())
    else:
        messages.success(request, _("The loan rule is removed."))
    return redirect("staff-loan-rules")
