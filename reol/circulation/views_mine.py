"""Min side beyond loans and reservations: what the patron owes, their event registrations
and room bookings, the favourites list, purchase suggestions and notice settings. Views only
translate: charges, mine and the events and rooms apps decide."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reol.catalogue.models import Record
from reol.errors import DomainError
from reol.requests import PatronPageRequest

from . import charges, mine, rules
from .forms_patron import NoticesForm, SuggestionForm
from .models import Favourite, Patron, PurchaseSuggestion
from .views_patron import patron_required


@patron_required
def charges_page(request: PatronPageRequest) -> HttpResponse:
    return render(request, "circulation/patron/charges.html", {
        "patron": request.patron, "section": "charges", "owed": charges.owed(request.patron)})


@patron_required
def bookings_page(request: PatronPageRequest) -> HttpResponse:
    """The lists come from the events and rooms apps' template tags: they build on
    circulation, not the other way."""
    return render(request, "circulation/patron/bookings.html", {
        "patron": request.patron, "section": "bookings"})


@patron_required
def favourites_page(request: PatronPageRequest) -> HttpResponse:
    favourites = Favourite.objects.filter(patron=request.patron).select_related("record")
    return render(request, "circulation/patron/favourites.html", {
        "patron": request.patron, "section": "favourites", "favourites": favourites})


@require_POST
@patron_required
def favourite_action(request: PatronPageRequest, pid: str) -> HttpResponse:
    record = get_object_or_404(Record, pid=pid)
    if "remove" in request.POST:
        mine.remove_favourite(request.patron, record)
        messages.success(request, _("“%(title)s” is off your list.") % {"title": record.title})
    else:
        mine.add_favourite(request.patron, record)
        messages.success(request, _("“%(title)s” is on your list.") % {"title": record.title})
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()},
                                           require_https=request.is_secure()):
        back = reverse("my-favourites")
    return redirect(back)


@patron_required
def suggestions_page(request: PatronPageRequest) -> HttpResponse:
    patron: Patron = request.patron
    # A search without hits links here with what was searched for (search/views.py).
    form = SuggestionForm(request.POST or None,
                          initial={"title": request.GET.get("title", "")[:300]})
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            mine.suggest_purchase(patron, **form.cleaned_data)
        except DomainError as refusal:
            error = refusal.message()
        else:
            messages.success(request, _("Thank you. The library has your suggestion."))
            return redirect("my-suggestions")
    return render(request, "circulation/patron/suggestions.html", {
        "patron": patron, "section": "suggestions", "form": form, "error": error,
        "suggestions": PurchaseSuggestion.objects.filter(patron=patron),
    }, status=400 if request.method == "POST" else 200)


@patron_required
def notices_page(request: PatronPageRequest) -> HttpResponse:
    patron: Patron = request.patron
    if request.method == "POST":
        form = NoticesForm(request.POST)
        if form.is_valid():
            mine.set_notices(patron, form.wanted())
            messages.success(request, _("Your notice settings are saved."))
            return redirect("my-notices")
    else:
        form = NoticesForm.for_patron(patron)
    return render(request, "circulation/patron/notices.html", {
        "patron": patron, "section": "notices", "form": form,
        "kinds": rules.NOTICE_KINDS,
    })
