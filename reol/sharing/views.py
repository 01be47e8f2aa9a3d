"""Interlibrary loans on the web: the ISO 18626 endpoint and the staff pages. Views only
translate: every decision is in services.py and rules.py."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from reol.circulation.views_staff.access import current_branch, require, staff_branches, staff_view
from reol.core.models import Event

from . import credentials, inbox, rules, services, wording
from .models import IllRequest


@csrf_exempt
@require_POST
def iso18626(request: HttpRequest) -> HttpResponse:
    """Another library's system posts one ISO 18626 message; the answer is its confirmation
    (status OK or ERROR with the protocol's error type), always with HTTP 200. The sender's
    credential comes in the Authorization header (Bearer, or Basic with the ISIL)."""
    answer = inbox.handle_message(
        request.body, credential=credentials.presented(request.headers.get("Authorization", "")))
    return HttpResponse(answer, content_type="application/xml; charset=utf-8")


def _library_page(request: HttpRequest, role: str, template: str) -> HttpResponse:
    branch = current_branch(request)
    require(request.user, branch.library_id, "view_reservation")
    rows = IllRequest.objects.filter(library=branch.library_id, role=role).select_related(
        "record", "pickup_branch", "item")
    danish = (translation.get_language() or "da").startswith("da")
    open_rows = wording.in_order(list(rows.filter(state__in=rules.OPEN)))
    done = list(rows.exclude(state__in=rules.OPEN).order_by("-updated", "-id")[:20])
    wording.named(open_rows + done)
    return render(request, template, {
        "branch": branch, "branches": staff_branches(request.user), "open_rows": open_rows,
        "done": done, "refusals": [(code, da if danish else en)
                                   for code, (da, en) in rules.REFUSALS.items()
                                   if code != "NoAnswer"],
    })


@staff_view
def incoming(request: HttpRequest) -> HttpResponse:
    return _library_page(request, IllRequest.Role.SUPPLIER, "sharing/incoming.html")


@staff_view
def outgoing(request: HttpRequest) -> HttpResponse:
    return _library_page(request, IllRequest.Role.REQUESTER, "sharing/outgoing.html")


def _mine(request: HttpRequest, pk: int, codename: str) -> IllRequest:
    req = get_object_or_404(IllRequest.objects.select_related("record", "pickup_branch", "item",
                                                              "library"), pk=pk)
    require(request.user, req.library_id, codename)
    return req


@staff_view
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    req = _mine(request, pk, "view_reservation")
    history = Event.objects.filter(kind=services.ILL_KIND, library=req.library_id,
                                   detail__request=req.request_id,
                                   detail__role=req.role).order_by("time", "id")
    steps = [(e.time, wording.step(e.detail.get("ill", "")), e.detail.get("lender", ""),
              e.detail.get("borrower", ""), e.detail.get("reason", "")) for e in history]
    known = wording.names([i for s in steps for i in s[2:4]])
    wording.named([req])
    return render(request, "sharing/detail.html", {"req": req, "history": [
        {"time": time, "step": step, "lender": known.get(lender, ""),
         "borrower": known.get(borrower, ""), "reason": wording.reason(why) if why else ""}
        for time, step, lender, borrower, why in steps]})


@staff_view
def slip(request: HttpRequest, pk: int) -> HttpResponse:
    req = _mine(request, pk, "view_reservation")
    wording.named([req])
    return render(request, "sharing/slip.html", {"req": req})


ACTIONS = {
    "accept": services.accept,
    "ship": services.ship,
    "receive-back": services.receive_back,
    "receive": services.receive,
    "ship-back": services.ship_back,
    "cancel": services.cancel,
    "renew": services.renew,
}


@staff_view
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    req = _mine(request, pk, "change_reservation")
    if action == "refuse":
        services.refuse(req.pk, request.POST.get("reason", ""), note=request.POST.get("note", ""))
    elif action in ACTIONS:
        ACTIONS[action](req.pk)
    else:
        return HttpResponse(status=404)
    req.refresh_from_db()
    messages.success(request, f"{req.title}: {wording.step(req.state)}")
    page = "sharing-incoming" if req.role == IllRequest.Role.SUPPLIER else "sharing-outgoing"
    return redirect(page)
