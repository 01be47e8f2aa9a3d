"""Staff pages for the life of a copy: a copy's status and history, stocktakes (scan, upload,
report, confirm) and weeding lists carried out. They only translate: collection/copies.py,
stocktake.py and weeding.py decide and check access."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from reol.catalogue.models import Item
from reol.circulation.views_staff.access import current_branch, staff_branches, staff_view
from reol.errors import DomainError

from . import copies, rules, stocktake, weeding
from .forms import StatusForm
from .models import Stocktake

MAX_UPLOAD = 4 * 1024 * 1024  # a handheld's list of 100,000 barcodes is about 1.5 MB


# --- a copy ----------------------------------------------------------------------------------


@staff_view
def copy_find(request: HttpRequest) -> HttpResponse:
    barcode = request.GET.get("barcode", "").strip()
    if barcode and "/" not in barcode:
        return redirect("staff-copy", barcode=barcode)
    return render(request, "collection/copy_find.html", {"barcode": barcode})


@staff_view
def copy_page(request: HttpRequest, barcode: str) -> HttpResponse:
    item = copies.copy(barcode)
    copies.require(request.user, item.library_id)
    form = StatusForm(request.POST or None, current=item.status)
    if request.method == "POST" and form.is_valid():
        try:
            change = copies.change_status(request.user, item.barcode,
                                          form.cleaned_data["status"],
                                          form.cleaned_data["reason"])
        except DomainError as refusal:
            form.add_error(None, refusal.message())
        else:
            messages.success(request, _("%(barcode)s is now: %(status)s") % {
                "barcode": item.barcode, "status": change.get_status_display()})
            return redirect("staff-copy", barcode=item.barcode)
    return render(request, "collection/copy.html", {
        "item": item, "history": copies.history_of(item), "form": form,
    }, status=400 if form.errors else 200)


# --- stocktakes ------------------------------------------------------------------------------


@staff_view
def stocktakes(request: HttpRequest) -> HttpResponse:
    branch = current_branch(request)
    errors: list[str] = []
    if request.method == "POST":
        try:
            started = stocktake.start(request.user, branch, request.POST.get("scope", ""),
                                      request.POST.get("value", ""))
        except DomainError as refusal:
            errors.append(refusal.message())
        else:
            return redirect("staff-stocktake", pk=started.pk)
    copies.require(request.user, branch.library_id)
    sections = sorted({rules.section_of(s) for s in Item.objects.filter(
        home_branch=branch).order_by().values_list("shelf_location", flat=True).distinct()
        if s})
    return render(request, "collection/stocktakes.html", {
        "branch": branch, "branches": staff_branches(request.user), "errors": errors,
        "sections": sections, "scopes": Stocktake.Scope.choices,
        "chosen": request.POST.get("scope", "branch"), "value": request.POST.get("value", ""),
        "stocktakes": Stocktake.objects.filter(branch=branch).select_related(
            "started_by")[:50],
    }, status=400 if errors else 200)


@staff_view
def stocktake_page(request: HttpRequest, pk: int) -> HttpResponse:
    found = stocktake.opened(request.user, pk)
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    report = stocktake.report(found, request.GET.get("list", "not_scanned"), page)
    return render(request, "collection/stocktake.html", {
        "stocktake": found, "report": report, "prefix": stocktake.prefix(found),
        "lists": [(name, LIST_NAMES[name], report.counts[name]) for name in stocktake.LISTS],
    })


LIST_NAMES = {
    "not_scanned": _lazy("Should be there, not scanned"),
    "wrong_place": _lazy("Scanned in the wrong place"),
    "checked_in": _lazy("On loan or missing, found on the shelf (checked in)"),
    "withdrawn": _lazy("Withdrawn, yet found"),
    "unknown": _lazy("Unknown barcodes"),
}
SCAN_TEXTS = {
    "expected": _lazy("in its place"),
    "checked_in": _lazy("was on loan or missing: checked in"),
    "withdrawn": _lazy("withdrawn, yet on the shelf"),
    "wrong_place": _lazy("belongs elsewhere"),
    "unknown": _lazy("unknown barcode"),
    "other": _lazy("scanned, not on the open shelf by its status"),
}


def _back(pk: int) -> HttpResponse:
    # No "#scan": a page opened at a fragment gives no field its autofocus (HTML's rule), and
    # the scanner needs the barcode field to keep the focus.
    return redirect("staff-stocktake", pk=pk)


@require_POST
@staff_view
def stocktake_scan(request: HttpRequest, pk: int) -> HttpResponse:
    found = stocktake.opened(request.user, pk)
    try:
        scanned = stocktake.scan(request.user, found, request.POST.get("barcode", ""))
    except DomainError as refusal:
        messages.error(request, refusal.message())
    else:
        text = SCAN_TEXTS[scanned.kind]
        if scanned.repeated:
            text = _("%(text)s (scanned before)") % {"text": text}
        level = messages.success if scanned.kind in ("expected", "checked_in") else messages.warning
        level(request, f"{scanned.barcode}: {text}")
    return _back(pk)


@require_POST
@staff_view
def stocktake_upload(request: HttpRequest, pk: int) -> HttpResponse:
    found = stocktake.opened(request.user, pk)
    upload = request.FILES.get("file")
    if upload is None or (upload.size or 0) > MAX_UPLOAD:
        messages.error(request, _("Choose a text or CSV file of barcodes, at most 4 MB."))
        return _back(pk)
    text = upload.read().decode("utf-8-sig", errors="replace")
    try:
        done = stocktake.upload(request.user, found, text)
    except DomainError as refusal:
        messages.error(request, refusal.message())
    else:
        messages.success(request, _(
            "%(barcodes)s barcodes read, %(added)s new; %(checked)s checked in.") % {
            "barcodes": done.barcodes, "added": done.added, "checked": done.checked_in})
    return _back(pk)


@require_POST
@staff_view
def stocktake_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    found = stocktake.opened(request.user, pk)
    try:
        missing = stocktake.confirm(request.user, found)
    except DomainError as refusal:
        messages.error(request, refusal.message())
    else:
        messages.success(request, ngettext(
            "Stocktake confirmed: %(n)s copy is now missing.",
            "Stocktake confirmed: %(n)s copies are now missing.", missing) % {"n": missing})
    return redirect("staff-stocktake", pk=pk)


# --- weeding lists carried out ---------------------------------------------------------------


@staff_view
def weeding_page(request: HttpRequest, pk: int) -> HttpResponse:
    found = weeding.opened(request.user, pk)
    left = weeding.remaining(found)
    return render(request, "collection/weeding.html", {
        "weeding": found, "remaining": left[:500], "left": left.count(),
        "withdrawn": weeding.withdrawn_count(found)})


@require_POST
@staff_view
def weeding_scan(request: HttpRequest, pk: int) -> HttpResponse:
    found = weeding.opened(request.user, pk)
    try:
        weeded = weeding.scan(request.user, found, request.POST.get("barcode", ""))
    except DomainError as refusal:
        messages.error(request, refusal.message())
    else:
        if weeded.outcome == "withdrawn":
            messages.success(request, _("%(barcode)s: withdrawn (weeded)")
                             % {"barcode": weeded.barcode})
        elif weeded.outcome == "refused" and weeded.refusal is not None:
            messages.warning(request, f"{weeded.barcode}: {weeded.refusal.message()}")
        else:
            messages.warning(request, {
                "already": _("%(barcode)s: already withdrawn"),
                "not_on_list": _("%(barcode)s: not on the weeding list, not withdrawn"),
            }.get(weeded.outcome, _("%(barcode)s: unknown barcode"))
                % {"barcode": weeded.barcode})
    return redirect("staff-weeding", pk=pk)


@require_POST
@staff_view
def weeding_finish(request: HttpRequest, pk: int) -> HttpResponse:
    found = weeding.opened(request.user, pk)
    weeding.finish(request.user, found)
    messages.success(request, _("The weeding list is finished."))
    return redirect("staff-weeding", pk=pk)
