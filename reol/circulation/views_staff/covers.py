"""A record's cover, as staff set it: upload an image or go back to the generated cover.

A record is shared by the whole network, so its cover is too: staff may change it only
where their library owns a copy (a superuser anywhere). The image is checked by its content
in catalogue/covers.py."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from reol.catalogue import covers
from reol.catalogue.models import Item, Record
from reol.core.access import staff_libraries
from reol.errors import DomainError

from .access import NOT_ALLOWED, staff_view


def _may_change(user, record: Record) -> bool:
    allowed = staff_libraries(user)
    return allowed is None or Item.objects.filter(record=record,
                                                  library_id__in=allowed).exists()


@staff_view
def cover_page(request: HttpRequest, pid: str) -> HttpResponse:
    record = get_object_or_404(Record, pid=pid)
    if not _may_change(request.user, record):
        raise NOT_ALLOWED
    error = None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "remove":
                covers.remove_cover(record)
                messages.success(request, _("The record has its generated cover again."))
            elif "image" in request.FILES:
                covers.set_cover(record, request.FILES["image"])
                messages.success(request, _("The cover is saved."))
            else:
                error = _("Choose an image to upload.")
            if error is None:
                return redirect("staff-record-cover", pid=record.pid)
        except DomainError as refusal:
            error = refusal.message()
        record.refresh_from_db()
    return render(request, "circulation/staff/cover.html", {
        "record": record, "error": error, "max_mb": covers.MAX_BYTES // (1024 * 1024)},
        status=400 if error else 200)
