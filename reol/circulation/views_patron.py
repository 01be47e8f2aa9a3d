"""The patron's own pages: log in with card and PIN, loans and renewals, reservations, profile,
loan history, and reserving from a record page. Views only translate: every decision is made
in services, reservations, patrons or profile, and their refusals are shown as they are."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from reol.catalogue.models import Record
from reol.catalogue.views import record_context
from reol.errors import DomainError, in_language
from reol.requests import PatronPageRequest
from reol.throttle.services import web_source

from . import charges, facts, patrons, reservations, services, session
from .forms_patron import (
    LoginForm,
    NameForm,
    PauseForm,
    PickupForm,
    PinForm,
    ProfileForm,
    ReserveForm,
    parse_pickup,
    pickup_choices,
    pickup_value,
)
from .models import Loan, Patron, Reservation
from .outlook import outlooks
from .profile import change_profile

RENEWALS = "renewal_results"  # the session key that carries renewal results to the next page


def patron_required(view: Callable) -> Callable:
    """Pages of a logged-in patron; others are sent to log in and brought back afterwards."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        patron = session.current_patron(request)
        if patron is None:
            # After a POST, come back to a page, not to the action.
            back = request.get_full_path() if request.method == "GET" else reverse("me")
            return redirect_to_login(back, reverse("patron-login"))
        request.patron = patron  # type: ignore[attr-defined]  # now a PatronPageRequest
        return view(request, *args, **kwargs)

    return wrapper


def _safe_next(request: HttpRequest, url: str) -> str | None:
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return None


def _speak(response: HttpResponse, language: str) -> HttpResponse:
    """Let the site speak the patron's language from the next page on."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


# --- log in and out ----------------------------------------------------------------------


def login_page(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if request.method == "GET" and session.current_patron(request):
        return redirect(_safe_next(request, next_url) or "me")
    form = LoginForm(request.POST or None, initial={"next": next_url})
    error = None
    if form.is_valid():
        try:
            patron = patrons.authenticate(form.cleaned_data["card"], form.cleaned_data["pin"],
                                          source=web_source(request))
        except DomainError as refusal:
            error = refusal.message()
        else:
            session.log_in(request, patron)
            return _speak(redirect(_safe_next(request, next_url) or "me"), patron.language)
    status = 400 if request.method == "POST" else 200
    return render(request, "circulation/patron/login.html", {"form": form, "error": error},
                  status=status)


@require_POST
def logout_action(request: HttpRequest) -> HttpResponse:
    session.log_out(request)
    messages.info(request, _("You are logged out."))
    return redirect("patron-login")


# --- loans -------------------------------------------------------------------------------


@patron_required
def loans_page(request: PatronPageRequest) -> HttpResponse:
    patron: Patron = request.patron
    today = timezone.localdate()
    results = {r["loan"]: r for r in request.session.pop(RENEWALS, [])}
    loans = list(Loan.objects.filter(patron=patron, returned__isnull=True)
                 .select_related("item__record", "branch", "patron").order_by("due", "id"))
    ahead = outlooks(loans, today)  # as the staff page and the API say it
    rows = []
    for loan in loans:
        terms, outlook = facts.terms(patron, loan.item, today), ahead[loan.pk]
        rows.append({"loan": loan, "overdue": loan.due < today,
                     "renew_from": outlook.renewable_from, "renewable": outlook.renewable,
                     "why_not": None if outlook.renewable or outlook.too_early
                     else outlook.refusal.message() if outlook.refusal else None,
                     "max_renewals": terms.renewals,
                     "result": _result(results.get(loan.pk))})
    refused = sum(1 for r in results.values() if not r["ok"])
    shown = {row["loan"].pk for row in rows}
    return render(request, "circulation/patron/loans.html", {
        "patron": patron, "rows": rows, "blocked": _block(patron), "section": "loans",
        "owed": charges.total(patron), "any_renewable": any(r["renewable"] for r in rows),
        "renewed": len(results) - refused, "refused": refused, "tried": bool(results),
        # a refusal for a loan that is not (or no longer) on the list is said on its own
        "unlisted": [_result(r)["reason"] for pk, r in results.items()
                     if pk not in shown and not r["ok"]],
    })


def _result(stored: dict | None) -> dict | None:
    if stored is None:
        return None
    if stored["ok"]:
        return {"ok": True}
    return {"ok": False, "reason": in_language(stored["da"], stored["en"])}


def _block(patron: Patron) -> str | None:
    refusal = facts.block(patron)
    return refusal.message() if refusal else None


@require_POST
@patron_required
def renew_action(request: PatronPageRequest) -> HttpResponse:
    patron: Patron = request.patron
    if "all" in request.POST:
        results = services.renew_all(patron)
    else:
        loan_id = _int(request.POST.get("loan"))
        try:
            results = [services.Renewal(services.renew(loan_id or 0, patron=patron))]
        except DomainError as refusal:
            results = [services.Renewal(Loan(pk=loan_id), refusal)]
    request.session[RENEWALS] = [
        {"loan": r.loan.pk, "ok": r.error is None,
         "da": r.error.da if r.error else "", "en": r.error.en if r.error else ""}
        for r in results
    ]
    return redirect(reverse("me") + "#renewals")


def _int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None


# --- reservations ------------------------------------------------------------------------


@patron_required
def reservations_page(request: PatronPageRequest) -> HttpResponse:
    patron: Patron = request.patron
    today = timezone.localdate()
    choices = pickup_choices(patron)
    rows = []
    for r in reservations.with_queue(
            Reservation.objects.filter(patron=patron, status__in=Reservation.ACTIVE)
            .select_related("record", "pickup_branch", "pickup_stop")):
        position = reservations.queue_position(r)
        rows.append({
            "reservation": r,
            "position": position,
            "wait": reservations.estimated_wait_days(r, position) if position else None,
            "paused": bool(r.pause_from) and (r.pause_to is None or r.pause_to >= today),
            "pickup_form": PickupForm(choices, auto_id=f"id_r{r.pk}_%s", initial={
                "pickup": pickup_value(r.pickup_branch, r.pickup_stop)}),
            "pause_form": PauseForm(auto_id=f"id_r{r.pk}_%s", initial={"pause_from": today}),
        })
    return render(request, "circulation/patron/reservations.html", {
        "patron": patron, "rows": rows, "blocked": _block(patron), "section": "reservations",
        "today": today,
    })


def _reservation_action(request: HttpRequest, act: Callable[[], str]) -> HttpResponse:
    """Run one change to a reservation and say how it went on the reservations page."""
    try:
        messages.success(request, act())
    except DomainError as refusal:
        messages.error(request, refusal.message())
    return redirect("my-reservations")


@require_POST
@patron_required
def cancel_action(request: PatronPageRequest, pk: int) -> HttpResponse:
    def act() -> str:
        r = reservations.cancel_reservation(pk, patron=request.patron)
        return _("Your reservation of “%(title)s” is cancelled.") % {"title": r.record.title}

    return _reservation_action(request, act)


@require_POST
@patron_required
def pause_action(request: PatronPageRequest, pk: int) -> HttpResponse:
    if "resume" in request.POST:
        def act() -> str:
            r = reservations.pause_reservation(pk, None, None, patron=request.patron)
            return _("The reservation of “%(title)s” is active again.") % {
                "title": r.record.title}
        return _reservation_action(request, act)
    form = PauseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the first and the last day of the pause."))
        return redirect("my-reservations")

    def pause() -> str:
        r = reservations.pause_reservation(pk, form.cleaned_data["pause_from"],
                                           form.cleaned_data["pause_to"], patron=request.patron)
        return _("The reservation of “%(title)s” is paused from %(start)s to %(end)s.") % {
            "title": r.record.title, "start": date_format(r.pause_from),
            "end": date_format(r.pause_to)}

    return _reservation_action(request, pause)


@require_POST
@patron_required
def pickup_action(request: PatronPageRequest, pk: int) -> HttpResponse:
    pickup = parse_pickup(request.POST.get("pickup", ""))

    def act() -> str:
        r = reservations.change_pickup(pk, pickup.branch, stop=pickup.stop,
                                       patron=request.patron)
        place = r.pickup_stop or r.pickup_branch
        return _("You will pick up “%(title)s” at %(place)s.") % {
            "title": r.record.title, "place": place.name}

    return _reservation_action(request, act)


# --- profile and PIN ---------------------------------------------------------------------


def _profile(request: PatronPageRequest, profile: ProfileForm, pin: PinForm, errors: dict,
             status: int = 200) -> HttpResponse:
    return render(request, "circulation/patron/profile.html", {
        "patron": request.patron, "form": profile, "pin_form": pin, "section": "profile",
        "profile_error": errors.get("profile"), "pin_error": errors.get("pin"),
        "name_error": errors.get("name"),
    }, status=status)


@patron_required
def profile_page(request: PatronPageRequest) -> HttpResponse:
    patron: Patron = request.patron
    if request.method != "POST":
        return _profile(request, ProfileForm(patron), PinForm(), {})
    form = ProfileForm(patron, request.POST)
    if not form.is_valid():
        return _profile(request, form, PinForm(), {}, status=400)
    had_history = patron.keep_history
    try:
        patron, forgotten = change_profile(patron, form.changes())
    except DomainError as refusal:
        return _profile(request, form, PinForm(), {"profile": refusal.message()}, status=400)
    with translation.override(patron.language):
        messages.success(request, _("Your profile is saved."))
        if had_history and not patron.keep_history:
            messages.info(request, ngettext(
                "Your loan history is deleted (%(count)d loan).",
                "Your loan history is deleted (%(count)d loans).", forgotten,
            ) % {"count": forgotten})
        elif patron.keep_history and not had_history:
            messages.info(request, _("From now on, the items you return are kept in your "
                                     "loan history."))
    return _speak(redirect("my-profile"), patron.language)


@require_POST
@patron_required
def pin_action(request: PatronPageRequest) -> HttpResponse:
    patron: Patron = request.patron
    form = PinForm(request.POST)
    if not form.is_valid():
        return _profile(request, ProfileForm(patron), form, {}, status=400)
    try:
        patrons.authenticate(patron.card, form.cleaned_data["old_pin"],
                             source=web_source(request))
    except DomainError as refusal:
        message = (_("The current PIN is not right.") if refusal.code == "wrong_pin"
                   else refusal.message())
        return _profile(request, ProfileForm(patron), form, {"pin": message}, status=400)
    try:
        patrons.set_pin(patron, form.cleaned_data["new_pin"])
    except DomainError as refusal:
        return _profile(request, ProfileForm(patron), form, {"pin": refusal.message()},
                        status=400)
    session.keep(request, patron)  # this session goes on; every other one ends
    messages.success(request, _("Your PIN is changed."))
    return redirect("my-profile")


@require_POST
@patron_required
def name_action(request: PatronPageRequest) -> HttpResponse:
    """The name asked for on every page of Min side while the library has none (_nav.html)."""
    patron: Patron = request.patron
    form = NameForm(request.POST)
    error = None if form.is_valid() else form.errors["name"][0]
    if error is None:
        try:
            patrons.give_name(patron, form.cleaned_data["name"])
        except DomainError as refusal:
            error = refusal.message()
    if error is not None:  # said in the name's form, or above the details if none is asked
        where = "profile" if patron.name else "name"
        return _profile(request, ProfileForm(patron), PinForm(), {where: error}, status=400)
    messages.success(request, _("Thank you. The library now has your name."))
    return redirect("my-profile")


# --- loan history ------------------------------------------------------------------------


@patron_required
def history_page(request: PatronPageRequest) -> HttpResponse:
    patron: Patron = request.patron
    page = None
    if patron.keep_history:
        loans = (Loan.objects.filter(patron=patron, returned__isnull=False, lost__isnull=True)
                 .select_related("item__record", "branch").order_by("-returned", "-id"))
        page = Paginator(loans, 50).get_page(request.GET.get("page"))
    return render(request, "circulation/patron/history.html", {
        "patron": patron, "page": page, "section": "history",
        "retention_days": settings.REOL_RETENTION_DAYS,
    })


# --- reserving from the record page --------------------------------------------------------


@patron_required
def reserve_action(request: PatronPageRequest, pid: str) -> HttpResponse:
    record = get_object_or_404(Record, pid=pid)
    back = reverse("record", args=[record.pid]) + "#reserve"
    if request.method != "POST":
        return redirect(back)
    patron: Patron = request.patron
    form = ReserveForm(patron, record, request.POST)
    error = None
    if form.is_valid():
        pickup = parse_pickup(form.cleaned_data["pickup"])
        try:
            placed = reservations.place_reservation(
                patron, record, pickup.branch, pickup_stop=pickup.stop,
                wanted_item=form.cleaned_data["item"] or None,
                interest_until=form.cleaned_data["interest_until"],
            )
        except DomainError as refusal:
            error = refusal.message()
        else:
            messages.success(request, _placed(placed))
            return redirect(back)
    context = record_context(request, record)
    context.update(reserve_form=form, reserve_error=error)
    return render(request, "catalogue/record.html", context, status=400)


def _placed(reservation: Reservation) -> str:
    if reservation.status == Reservation.Status.WAITING:
        position = reservations.queue_position(reservation)
        return _("You have reserved “%(title)s”. You are number %(n)d in the queue.") % {
            "title": reservation.record.title, "n": position}
    return _("You have reserved “%(title)s”. A copy is on its way to you.") % {
        "title": reservation.record.title}
