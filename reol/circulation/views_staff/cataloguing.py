"""Cataloguing pages: the record form, copies in bulk, merging, MARC files, the authority file.

Who may. A record is the network's, so it is changed by cataloguing staff or leaders of a
library that owns a copy of it; a record no library holds yet (new, imported) by any
cataloguing staff or leader; and by the network administrator ("network") and superusers
everywhere. Desk staff may not. Each change is on the staff record of the library acted for.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from reol.catalogue import authorities, cataloguing, merging
from reol.catalogue.forms import AuthorityForm, CopiesForm, MergeForm, RecordForm
from reol.catalogue.models import Authority, Item, Record, RecordIsbn
from reol.catalogue.rules import normalize_isbn
from reol.catalogue.services import RecordData
from reol.core.access import staff_roles
from reol.core.actor import Actor, current
from reol.errors import DomainError
from reol.libraries.models import Branch, Library

from .access import BRANCH_KEY, NOT_ALLOWED, staff_view

CATALOGUERS = {"role:cataloguing", "role:leader"}
NETWORK = "role:network"


def cataloguing_libraries(user) -> list[int] | None:
    """The libraries the user catalogues for, in order; None: every library (a superuser or
    the network administrator)."""
    if user.is_superuser:
        return None
    held = staff_roles(user)
    if any(NETWORK in roles for roles in held.values()):
        return None
    return sorted(library for library, roles in held.items() if roles & CATALOGUERS)


def acting_library(user, record: Record | None = None) -> int | None:
    """The library on whose staff record the user changes this record (or makes a new one);
    refused when the user may not. None: a superuser, acting for the network."""
    if user.is_superuser:
        return None
    held = staff_roles(user)
    mine = sorted(library for library, roles in held.items() if roles & CATALOGUERS)
    network = sorted(library for library, roles in held.items() if NETWORK in roles)
    owners = set()
    if record is not None:
        owners = set(Item.objects.filter(record=record).values_list("library_id", flat=True))
    for library in [*(lib for lib in mine if not owners or lib in owners), *network]:
        return library
    raise NOT_ALLOWED


def _who(request: HttpRequest) -> Actor:
    return current() or Actor(request.user.get_username())


def _branches(user):
    libraries = cataloguing_libraries(user)
    found = Branch.objects.select_related("library").order_by("library__name", "name")
    return found if libraries is None else found.filter(library_id__in=libraries)


def _explain(form: forms.Form, refusal: DomainError, field: str | None = None) -> None:
    form.add_error(field, refusal.message())


@staff_view
def home(request: HttpRequest) -> HttpResponse:
    """Find a record to catalogue, start a new one, or create records from a MARC file."""
    library = acting_library(request.user)
    found, taken, query = [], [], request.GET.get("q", "").strip()[:200]
    if query:
        isbn = normalize_isbn(query)
        found = list(Record.objects.filter(
            Q(pid=query) | Q(faust=query) | Q(title__icontains=query)
            | Q(pk__in=RecordIsbn.objects.filter(isbn=isbn or "-").values("record_id"))
        ).order_by("title", "pk")[:50])
    if request.method == "POST" and "file" in request.FILES:
        # The upload's own file (a buffer, or a temporary file) lets the reader peek at it.
        upload: Any = request.FILES["file"]
        taken = cataloguing.import_file(upload.file, _who(request), library)
    return render(request, "circulation/staff/catalogue.html", {
        "query": query, "found": found, "taken": taken,
        "created": sum(1 for t in taken if not t.refused)})


def _record_page(request: HttpRequest, form: RecordForm, record: Record | None,
                 status: int = 200) -> HttpResponse:
    return render(request, "circulation/staff/record_form.html",
                  {"form": form, "record": record}, status=status)


@staff_view
def record_new(request: HttpRequest) -> HttpResponse:
    library = acting_library(request.user)
    if request.method != "POST":
        return _record_page(request, RecordForm(initial={"language": "dan"}), None)
    return _save(request, RecordForm(request.POST), None, library)


@staff_view
def record_edit(request: HttpRequest, pid: str) -> HttpResponse:
    record = get_object_or_404(Record, pid=pid)
    library = acting_library(request.user, record)
    if request.method != "POST":
        form = RecordForm(initial=RecordForm.initial_from(cataloguing.record_data(record)))
        return _record_page(request, form, record)
    return _save(request, RecordForm(request.POST), record, library)


def _save(request: HttpRequest, form: RecordForm, record: Record | None,
          library: int | None) -> HttpResponse:
    if form.is_valid():
        base = cataloguing.record_data(record) if record else RecordData(pid="", title="")
        agency = (Library.objects.filter(pk=library).values_list("agency", flat=True).first()
                  if library is not None else None) or "local"
        try:
            saved = cataloguing.catalogue_record(form.record_data(base), _who(request),
                                                 library, agency, record)
        except DomainError as refusal:
            _explain(form, refusal)
        else:
            messages.success(request, _("The record is saved."))
            return redirect("staff-record-edit", saved.pid)
    return _record_page(request, form, record, status=400)


@staff_view
def copies(request: HttpRequest, pid: str) -> HttpResponse:
    """Copies added in bulk to a record, at a branch of a library the user catalogues for."""
    record = get_object_or_404(Record, pid=pid)
    acting_library(request.user)
    branches = _branches(request.user)
    here = request.session.get(BRANCH_KEY)
    form = CopiesForm(request.POST or None, branches=branches, initial={
        "loan_category": "standard",
        "branch": next((b for b in branches if b.pk == here), None) or branches.first()})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            wanted = cataloguing.CopiesWanted(
                form.cleaned_data["barcodes"], form.cleaned_data["branch"],
                form.cleaned_data["shelf"], form.cleaned_data["loan_category"])
            _barcodes, found = cataloguing.copy_problems(wanted)
            for refusal in found:
                _explain(form, refusal, "barcodes")
            if not found:
                try:
                    made = cataloguing.add_copies(record, wanted, _who(request))
                except DomainError as refusal:
                    _explain(form, refusal, "barcodes")
                else:
                    messages.success(request, _("%(count)s copies are added.")
                                     % {"count": len(made)})
                    return redirect("staff-record-copies", record.pid)
    return render(request, "circulation/staff/record_copies.html", {
        "form": form, "record": record,
        "items": record.items.select_related("home_branch").order_by("barcode")[:200]},
        status=status)


@staff_view
def merge(request: HttpRequest, pid: str) -> HttpResponse:
    """Another record of the same edition merged into this one, which survives."""
    record = get_object_or_404(Record, pid=pid)
    library = acting_library(request.user, record)
    form = MergeForm(request.POST or None)
    same_isbn = (Record.objects.filter(isbn_rows__isbn__in=record.isbns).exclude(pk=record.pk)
                 .distinct().order_by("pk")[:20]) if record.isbns else []
    if request.method == "POST" and form.is_valid():
        other = _find(form.cleaned_data["other"])
        if other is None:
            form.add_error("other", _("No record has that pid or ISBN."))
        else:
            try:
                acting_library(request.user, other)
                merging.merge_records(record, other, _who(request), library,
                                      form.cleaned_data["types_confirmed"])
            except DomainError as refusal:
                if refusal.code in ("not_allowed",):
                    raise
                _explain(form, refusal, "other")
            else:
                messages.success(request, _("%(other)s is merged into this record.")
                                 % {"other": other.pid})
                return redirect("staff-record-edit", record.pid)
    return render(request, "circulation/staff/record_merge.html", {
        "form": form, "record": record, "same_isbn": same_isbn},
        status=400 if form.errors else 200)


def _find(text: str) -> Record | None:
    text = text.strip()
    isbn = normalize_isbn(text)
    return (Record.objects.filter(pid=text).first()
            or (Record.objects.filter(isbn_rows__isbn=isbn).order_by("pk").first()
                if isbn else None))


@staff_view
def authority_list(request: HttpRequest) -> HttpResponse:
    library = acting_library(request.user)
    form = AuthorityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made, count = authorities.save_authority(
                _who(request), library, kind=form.cleaned_data["kind"],
                name=form.cleaned_data["name"], see_from=form.cleaned_data["see_from"])
        except DomainError as refusal:
            _explain(form, refusal)
        else:
            messages.success(request, _("Saved: %(count)s records use this form now.")
                             % {"count": count})
            return redirect("staff-authority", made.pk)
    query = request.GET.get("q", "").strip()[:200]
    shown = Authority.objects.all()
    if query:
        shown = shown.filter(forms__form__icontains=query).distinct()
    return render(request, "circulation/staff/authorities.html", {
        "form": form, "authorities": shown.order_by("kind", "name")[:200], "query": query},
        status=400 if form.errors else 200)


@staff_view
def authority(request: HttpRequest, pk: int) -> HttpResponse:
    library = acting_library(request.user)
    found = get_object_or_404(Authority, pk=pk)
    form = AuthorityForm(request.POST or None, initial={
        "kind": found.kind, "name": found.name, "see_from": "\n".join(found.see_from)})
    form.fields["kind"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            count = authorities.save_authority(
                _who(request), library, kind=found.kind, name=form.cleaned_data["name"],
                see_from=form.cleaned_data["see_from"], authority=found)[1]
        except DomainError as refusal:
            _explain(form, refusal)
        else:
            messages.success(request, _("Saved: %(count)s records use this form now.")
                             % {"count": count})
            return redirect("staff-authority", found.pk)
    return render(request, "circulation/staff/authority.html", {
        "form": form, "authority": found,
        "records": Record.objects.filter(authority_links__authority=found).order_by("title")[:100],
        "used": found.links.count()}, status=400 if form.errors else 200)
