"""Purchase suggestions from patrons, for the acquisitions staff of the patrons' library:
declined here with a reason the patron sees; accepted with an order line (reol.collection)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reol.core.access import libraries_with
from reol.libraries.models import Library

from .. import mine
from ..models import PurchaseSuggestion
from .access import NOT_ALLOWED, require, staff_view

PERMISSION = "view_purchasesuggestion"


def _libraries(user) -> list[Library]:
    """The libraries whose suggestions the user may read: where a role carries the right."""
    rows = Library.objects.order_by("name")
    allowed = libraries_with(user, PERMISSION)
    if allowed == set():
        raise NOT_ALLOWED
    return list(rows if allowed is None else rows.filter(pk__in=allowed))


@staff_view
def suggestions(request: HttpRequest) -> HttpResponse:
    libraries = _libraries(request.user)
    status = request.GET.get("status", PurchaseSuggestion.Status.NEW)
    rows = (PurchaseSuggestion.objects.filter(library__in=libraries)
            .select_related("library"))
    if status in PurchaseSuggestion.Status.values:
        rows = rows.filter(status=status)
    return render(request, "circulation/staff/suggestions.html", {
        "suggestions": rows[:500], "libraries": libraries, "status": status,
        "statuses": PurchaseSuggestion.Status.choices})


@require_POST
@staff_view
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(PurchaseSuggestion, pk=pk)
    require(request.user, suggestion.library_id, "change_purchasesuggestion")
    # Accepting adds an order line, on the acquisitions pages (reol.collection).
    mine.decline_suggestion(suggestion, request.POST.get("reason", ""))
    messages.success(request, _("“%(title)s”: %(answer)s") % {
        "title": suggestion.title, "answer": suggestion.get_status_display()})
    return redirect("staff-suggestions")
