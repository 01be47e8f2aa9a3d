"""The leader's page of their library's digital terms: caps per kind a month, the budget's
period and the price per loan, with what the budget has spent and has left this period.
The library is the one the staff member works at (?branch= switches); services decide."""

from datetime import timedelta

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from reol.circulation.views_staff.access import current_branch, require, staff_branches, staff_view
from reol.core.models import StaffChange
from reol.errors import DomainError
from reol.requests import StaffPageRequest

from . import rules, services
from .forms import TermsForm


@staff_view
def terms_page(request: StaffPageRequest) -> HttpResponse:
    branch = current_branch(request)
    library = branch.library
    require(request.user, library.pk, services.CHANGE_TERMS)
    own = services.terms(library.pk)
    initial = {name: getattr(own, name) for name in TermsForm.base_fields}
    form = TermsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_terms(library.pk, form.caps(), data["period"],
                               data["price_per_loan"], by=request.user)
        except DomainError as refusal:
            form.explain(refusal)
        else:
            messages.success(request, _("The digital terms are saved. The next loan obeys them."))
            return redirect("staff-digital-terms")
    now = timezone.now()
    budget, spent = services.budget(library.pk, now, own)
    start, end = rules.budget_bounds(now, own.period)
    return render(request, "digital/staff/terms.html", {
        "branch": branch, "branches": staff_branches(request.user), "library": library,
        "form": form, "terms": own, "budget": budget, "spent": spent,
        "left": rules.budget_left(budget, spent), "start": start, "last": end - timedelta(days=1),
        "here": "staff-digital-terms",
        "changes": StaffChange.objects.filter(model="digital.digitalterms",
                                              library_id=library.pk)[:20],
    }, status=400 if form.errors else 200)
