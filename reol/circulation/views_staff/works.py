"""Cataloguers split and join works: a record taken out of its work, or put into
another, stays there whatever the grouping rules say (catalogue/works.py)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from reol.catalogue import works
from reol.catalogue.models import Record, Work
from reol.core.access import libraries_with
from reol.core.actor import Actor, current
from reol.refusals import refuse

from .access import NOT_ALLOWED, staff_view


def collection_library(user) -> int | None:
    """The library the user catalogues for (cataloguing staff and leaders: a role carrying
    change_work); refused when none (superusers act for the network, None)."""
    if user.is_superuser:
        return None
    allowed = libraries_with(user, "change_work")
    if allowed is None:
        return None
    if not allowed:
        raise NOT_ALLOWED
    return min(allowed)


@staff_view
def work(request: HttpRequest, work_id: int) -> HttpResponse:
    library = collection_library(request.user)
    shown = get_object_or_404(Work, pk=work_id)
    if request.method == "POST":
        record = get_object_or_404(Record, pk=request.POST.get("record") or 0, work=shown)
        who = current() or Actor(request.user.get_username())
        action = request.POST.get("action")
        if action == "split":
            return redirect("staff-work", works.split(record, who, library).pk)
        if action == "join":
            works.join(record, _target(request.POST.get("target", "")), who, library)
        elif action == "release":
            works.release(record, who, library)
        return redirect("staff-work", shown.pk if shown.records.exists() else
                        Record.objects.get(pk=record.pk).work_id)
    return render(request, "circulation/staff/work.html", {
        "work": shown, "records": shown.records.order_by("material_type", "-year", "pk")})


def _target(text: str) -> Work:
    """The work to join: its number, or the pid of one of its records."""
    text = text.strip()
    found = (Work.objects.filter(pk=int(text)).first() if text.isdigit() else
             Work.objects.filter(records__pid=text).first())
    if found is None:
        raise refuse("unknown_work")
    return found
