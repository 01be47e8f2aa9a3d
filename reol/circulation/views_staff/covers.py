"""A record's cover, as staff set it: upload an image or go back to the generated cover.

A record is shared by the whole network, so its cover is too: a leader or collection staff
member may change it only where their library owns a copy (a superuser anywhere), and the
change is on that library's staff record. The image is checked by its content
in catalogue/covers.py."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from reol.catalogue import covers
from reol.catalogue.models import Item, Record
from reol.core.access import libraries_with
from reol.errors import DomainError

from .access import NOT_ALLOWED, staff_view

# The work of those who care for the collection (cataloguing staff and leaders), not of the
# front desk.
PERMISSION = "change_record"


def _acting_library(user, record: Record) -> int | None:
    """The library the user changes this record's cover for (None: a superuser), or a
    refusal when none of their libraries with a leader or cataloguing role owns a copy."""
    if user.is_superuser:
        return None
    allowed = libraries_with(user, PERMISSION) or set()
    owning = (Item.objects.filter(record=record, library_id__in=allowed)
              .values_list("library_id", flat=True).order_by("library_id").first())
    if owning is None:
        raise NOT_ALLOWED
    return owning


@staff_view
def cover_page(request: HttpRequest, pid: str) -> HttpResponse:
    record = get_object_or_404(Record, pid=pid)
    library_id = _acting_library(request.user, record)
    error = None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "remove":
                covers.remove_cover(record, library_id)
                messages.success(request, _("The record has its generated cover again."))
            elif "image" in request.FILES:
                covers.set_cover(record, request.FILES["image"], library_id)
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
