"""Public pages of events: the calendar, an event with registration, cancellation by link,
the iCalendar feeds and the partners. Views only translate; the services decide."""

from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reol.circulation.session import current_patron
from reol.errors import DomainError
from reol.libraries.models import Branch

from . import confirmation, feeds, queries, registration
from .forms import CalendarFilter, GuestForm, PatronForm
from .models import Audience, Category, Occurrence, Partner, Registration

CALENDAR_DAYS = 31
CALENDAR_LIMIT = 300
AUDIENCES = dict(Audience.choices)


def _branches():
    return Branch.objects.exclude(kind=Branch.Kind.DEPOSIT).filter(
        occurrences__isnull=False).distinct().order_by("library__name", "name")


def calendar_page(request: HttpRequest) -> HttpResponse:
    form = CalendarFilter(request.GET or None, branches=_branches())
    today = timezone.localdate()
    f = queries.Filter(start=today, end=today + timedelta(days=CALENDAR_DAYS - 1))
    if form.is_valid():
        d = form.cleaned_data
        f.start = d["start"] or today
        f.end = d["end"] or f.start + timedelta(days=CALENDAR_DAYS - 1)
        f.branch, f.audience, f.category = d["branch"], d["audience"], d["category"]
    found = list(queries.occurrences(f)[:CALENDAR_LIMIT])
    days: dict = {}
    for occurrence in found:
        occurrence.places_left = queries.places_left(occurrence)
        occurrence.place = queries.place(occurrence)
        days.setdefault(timezone.localtime(occurrence.start).date(), []).append(occurrence)
    return render(request, "events/calendar.html", {
        "form": form, "days": days, "filter": f, "count": len(found),
        "truncated": len(found) == CALENDAR_LIMIT, "categories": Category.choices,
        "branches": _branches(),
    }, status=400 if form.is_bound and form.errors else 200)  # a filter it cannot use


def _occurrence(pk: int) -> Occurrence:
    found = queries.occurrences(queries.Filter()).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def event_page(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "events/event.html", _event_context(request, _occurrence(pk)))


def _event_context(request: HttpRequest, occurrence: Occurrence, **extra) -> dict:
    patron = current_patron(request)
    mine = None
    if patron:
        mine = occurrence.registrations.filter(patron=patron).exclude(
            status=Registration.Status.CANCELLED).first()
    refusal = registration.rules.registration_refusal(
        now=timezone.now(), start=occurrence.start, cancelled=occurrence.status == "cancelled",
        required=occurrence.series.registration_required,
        window=registration.window(occurrence), party_size=1)
    occurrence.places_left = queries.places_left(occurrence)
    return {
        "occurrence": occurrence, "series": occurrence.series,
        "place": queries.place(occurrence), "patron": patron, "mine": mine,
        "closed_reason": refusal.message() if refusal else "",
        "form": extra.pop("form", None) or (PatronForm() if patron else GuestForm()),
        "partners": occurrence.series.partners.all(),
        "audiences": ", ".join(str(AUDIENCES.get(a, a)) for a in occurrence.series.audience_list),
        "cancel_link": reverse("event-cancel", args=[registration.cancel_token(mine)])
        if mine else "",
        **extra,
    }


@require_POST
def register_view(request: HttpRequest, pk: int) -> HttpResponse:
    occurrence = _occurrence(pk)
    patron = current_patron(request)
    form = (PatronForm if patron else GuestForm)(request.POST)
    done = error = None
    status = 400
    if form.is_valid():
        d = form.cleaned_data
        language = translation.get_language() or "da"
        try:
            if patron:
                done = registration.register(occurrence, patron=patron,
                                             party_size=d["party_size"], language=language)
            else:  # a guest: the seat waits until the email address is confirmed
                done = confirmation.ask(
                    occurrence.pk, name=d["name"], email=d["email"],
                    party_size=d["party_size"], language=language,
                    address=confirmation.client_address(request))
        except DomainError as refusal:
            error, status = refusal.message(), getattr(refusal, "status", 400)
    if done:
        if isinstance(done, confirmation.Pending):
            text = _("Almost done: we have sent an email to %(email)s. Follow the link in it to "
                     "confirm; your place is held only then.") % {"email": done.email}
        elif done.status == Registration.Status.CONFIRMED:
            text = _("You are registered. We have sent you an email with a link to cancel.")
        else:
            text = _("The event is full: you are on the waiting list. We write when a place "
                     "is yours.")
        if not request.headers.get("HX-Request"):
            messages.success(request, text)
            return redirect("event", pk=pk)
        context = _event_context(request, _occurrence(pk), done=done, done_text=text)
    else:
        context = _event_context(request, _occurrence(pk), form=form, error=error)
    template = ("events/_registration.html" if request.headers.get("HX-Request")
                else "events/event.html")
    return render(request, template, context, status=200 if done else status)


def confirm_page(request: HttpRequest, token: str) -> HttpResponse:
    """The link in a guest's confirmation mail: shows what will be registered, and registers
    on the button (a POST, so a mail program that opens links to check them takes no seat)."""
    try:
        data = confirmation.read(token)
        occurrence = _occurrence(data["o"])
    except DomainError as refusal:
        return render(request, "events/confirm.html", {"error": refusal.message()}, status=400)
    context = {"occurrence": occurrence, "place": queries.place(occurrence),
               "name": data["n"], "party_size": data["p"]}
    if request.method == "POST":
        try:
            context["done"] = confirmation.confirm(token)
        except DomainError as refusal:
            context["error"] = refusal.message()
            return render(request, "events/confirm.html", context, status=400)
    return render(request, "events/confirm.html", context)


def cancel_page(request: HttpRequest, token: str) -> HttpResponse:
    try:
        found = registration.by_token(token)
    except DomainError as refusal:
        return render(request, "events/cancel.html", {"error": refusal.message()}, status=404)
    context = {"registration": found, "occurrence": found.occurrence,
               "place": queries.place(found.occurrence)}
    if request.method == "POST":
        try:
            registration.cancel(found)
            context["cancelled"] = True
        except DomainError as refusal:
            context["error"] = refusal.message()
    return render(request, "events/cancel.html", context)


# --- feeds ---------------------------------------------------------------------------------

FEED_PAST_DAYS = 30


def _ics(request: HttpRequest, name: str, occurrences, filename: str,
         disposition: str = "inline") -> HttpResponse:
    body = feeds.calendar(occurrences, name,
                          lambda o: request.build_absolute_uri(reverse("event", args=[o.pk])))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def _feed(request: HttpRequest, name: str, f: queries.Filter) -> HttpResponse:
    f.start = timezone.localdate() - timedelta(days=FEED_PAST_DAYS)
    return _ics(request, name, queries.occurrences(f), "events.ics")


def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """One event as a file to open in one's own calendar ("Add to calendar")."""
    occurrence = _occurrence(pk)
    return _ics(request, occurrence.series.title, [occurrence], f"event-{pk}.ics",
                disposition="attachment")


def feed_all(request: HttpRequest) -> HttpResponse:
    return _feed(request, _("Events at the library"), queries.Filter())


def feed_branch(request: HttpRequest, code: str) -> HttpResponse:
    branch = get_object_or_404(Branch, code=code)
    return _feed(request, branch.name, queries.Filter(branch=code))


def feed_category(request: HttpRequest, slug: str) -> HttpResponse:
    labels = dict(Category.choices)
    if slug not in labels:
        raise Http404
    return _feed(request, str(labels[slug]), queries.Filter(category=slug))


# --- partners ------------------------------------------------------------------------------


def partners_page(request: HttpRequest) -> HttpResponse:
    return render(request, "events/partners.html",
                  {"partners": Partner.objects.prefetch_related("series")})


def partner_page(request: HttpRequest, slug: str) -> HttpResponse:
    partner = get_object_or_404(Partner.objects.prefetch_related("contacts"), slug=slug)
    upcoming = list(queries.occurrences(queries.Filter(
        start=timezone.localdate(), partner=slug))[:50])
    for occurrence in upcoming:
        occurrence.place = queries.place(occurrence)
    exhibitions = getattr(partner, "exhibitions", None)
    return render(request, "events/partner.html", {
        "partner": partner, "upcoming": upcoming,
        "series": partner.series.order_by("title").distinct(),
        "exhibitions": exhibitions.all() if exhibitions is not None else [],
    })
