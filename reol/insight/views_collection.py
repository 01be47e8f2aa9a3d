"""Pages of collection advice: holds ratio and weeding (staff), the collection profile
(staff) and each library's purchase and weeding policy (public)."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reol import bounds
from reol.catalogue.rules import language_name
from reol.circulation.views_staff.access import current_branch, staff_branches, staff_view
from reol.collection import weeding
from reol.libraries.models import Library

from . import collection


def _number(raw: str | None, kind: type, low, high):
    """A number typed into a form (Danish comma allowed), or None when empty or unusable."""
    if not raw:
        return None
    try:
        value = kind(raw.strip().replace(",", "."))
    except (ValueError, InvalidOperation):
        return None
    return value if low <= value <= high else None


@staff_view
def holds_page(request: HttpRequest) -> HttpResponse:
    """Buying by demand: one library (default: where the staff member works) or, with an
    empty `library`, the whole network."""
    if "library" in request.GET:
        agency = request.GET["library"]
        library = get_object_or_404(Library, agency=agency) if agency else None
    else:
        library = current_branch(request).library
    raw = request.GET.get("threshold")
    threshold = _number(raw, Decimal, Decimal("0.1"), Decimal("999"))
    used, rows = collection.holds_ratio(library, threshold)
    return render(request, "insight/collection/holds.html", {
        "library": library, "libraries": Library.objects.all(), "threshold": used,
        "rows": rows, "bad_threshold": bool(raw) and threshold is None,
        "to_buy": sum(r.to_buy for r in rows)})


@staff_view
def weeding_page(request: HttpRequest) -> HttpResponse:
    branch = current_branch(request)
    raw = request.GET.get("years")
    years = _number(raw, int, 1, 100)
    used, shelves = collection.weeding(branch, years)
    return render(request, "insight/collection/weeding.html", {
        "branch": branch, "branches": staff_branches(request.user), "years": used,
        "shelves": shelves, "bad_years": bool(raw) and years is None,
        "count": sum(len(s.items) for s in shelves)})


@require_POST
@staff_view
def weeding_carry_out(request: HttpRequest) -> HttpResponse:
    """Carry out the list as the page shows it: staff then scan its copies off the shelf."""
    branch = current_branch(request)
    years = _number(request.POST.get("years"), int, 1, 100)
    used, shelves = collection.weeding(branch, years)
    started = weeding.start(request.user, branch, used,
                            [w.item.pk for shelf in shelves for w in shelf.items])
    return redirect("staff-weeding", pk=started.pk)


@staff_view
def profile_page(request: HttpRequest, agency: str) -> HttpResponse:
    library = get_object_or_404(Library, agency=agency)
    today = timezone.localdate()
    start = _day(request.GET.get("from")) or today - timedelta(days=365)
    end = _day(request.GET.get("to")) or today
    if end < start:
        start, end = end, start
    p = collection.profile(library, _midnight(start), _midnight(end + timedelta(days=1)))
    lang = (request.LANGUAGE_CODE or "da")[:2]
    names = {s.key: language_name(s.key, lang) or s.key for s in p.by["language"]}
    names.update({d.code: language_name(d.code, lang) or d.code for d in p.languages})
    if "und" in names:
        names["und"] = _("Not stated")
    return render(request, "insight/collection/profile.html", {
        "library": library, "libraries": Library.objects.all(), "profile": p,
        "start": start, "end": end, "names": names})


def _day(raw: str | None) -> date | None:
    return bounds.parse_day(raw)


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time()))


def policy_page(request: HttpRequest, agency: str) -> HttpResponse:
    """A library's purchase and weeding policy, as the public may read it."""
    library = get_object_or_404(Library, agency=agency)
    return render(request, "insight/collection/policy.html",
                  {"library": library, "policy": collection.policy(library)})
