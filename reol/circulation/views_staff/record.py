"""The staff record for leaders: who changed what and who looked at whom, in their library.

Leaders only: the record shows colleagues' work and patrons' details, so desk staff are
refused (403). A leader sees the rows of the libraries where they are a leader.
"""

from django import forms
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from reol.core import staff_record
from reol.core.access import libraries_with
from reol.core.models import StaffChange
from reol.libraries.models import Library

from ..forms_staff import DATE
from ..models import Patron
from .access import NOT_ALLOWED, staff_view

PER_PAGE = 50

# What each kind of row is about, in the reader's language.
SUBJECTS = {
    "circulation.patron": _("Patron"), "circulation.block": _("Block"),
    "circulation.loan": _("Loan"), "circulation.reservation": _("Reservation"),
    "circulation.loanrule": _("Loan rule"), "core.staffrole": _("Staff role"),
    "core.apitoken": _("API token"), "catalogue.item": _("Copy"),
    "catalogue.record": _("Record"),
    "catalogue.recordcover": _("Cover"), "catalogue.authority": _("Authority"),
    "selfservice.sip2terminal": _("SIP2 terminal"), "selfservice.entrypolicy": _("Entry policy"),
    "auth.user": _("User"), "digital.digitalterms": _("Digital terms"),
}


class RecordFilter(forms.Form):
    card = forms.CharField(label=_("Patron's card"), max_length=20, required=False)
    who = forms.CharField(label=_("Staff user or command"), max_length=100, required=False)
    action = forms.ChoiceField(label=_("What"), required=False,
                               choices=[("", _("Everything")), *StaffChange.Action.choices])
    since = forms.DateField(label=_("From"), required=False, widget=DATE)
    until = forms.DateField(label=_("To"), required=False, widget=DATE)


def leader_libraries(user) -> set[int] | None:
    """Where the user may read the staff record (leaders); None: every library."""
    return libraries_with(user, "view_patronchange")


@staff_view
def page(request: HttpRequest) -> HttpResponse:
    libraries = leader_libraries(request.user)
    if libraries == set():
        raise NOT_ALLOWED
    form = RecordFilter(request.GET)
    if not form.is_valid():
        return render(request, "circulation/staff/record.html",
                      {"form": form, "page": None}, status=400)
    wanted = _wanted(form.cleaned_data, libraries)
    rows = (staff_record.rows(libraries, wanted) if wanted is not None
            else StaffChange.objects.none())
    shown = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    _describe(shown.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "circulation/staff/record.html",
                  {"form": form, "page": shown, "query": query.urlencode()})


def _wanted(data: dict, libraries: set[int] | None) -> staff_record.Wanted | None:
    """The filter as the service takes it; None when the card is not one of the leader's."""
    patron_id = None
    if data["card"].strip():
        patrons = Patron.objects.filter(card=data["card"].strip())
        if libraries is not None:
            patrons = patrons.filter(library_id__in=libraries)
        patron_id = patrons.values_list("pk", flat=True).first()
        if patron_id is None:
            return None
    return staff_record.Wanted(patron_id=patron_id, actor=data["who"].strip(),
                               action=data["action"], since=data["since"],
                               until=data["until"])


def _describe(rows) -> None:
    """Names for the ids the record holds: patrons and libraries, looked up once per page."""
    patrons = Patron.objects.in_bulk({r.patron_id for r in rows if r.patron_id})
    libraries = Library.objects.in_bulk({r.library_id for r in rows if r.library_id})
    for row in rows:
        row.patron = patrons.get(row.patron_id)
        row.library = libraries.get(row.library_id)
        row.subject = SUBJECTS.get(row.model, row.model)
        row.fields = [
            (name, *value, False) if isinstance(value, list) and len(value) == 2
            else (name, None, None, True)  # a secret: only that it changed
            for name, value in sorted(row.changes.items())
        ]
    _name_related(rows)


def _name_related(rows) -> None:
    """A branch, group or copy by its name rather than its id; patrons stay ids, so a page
    about one patron shows no other patron's name."""
    wanted: dict[type, set] = {}
    for row in rows:
        row.targets = [None if secret else _target(row.model, name)
                       for name, _old, _new, secret in row.fields]
        for target, (_name, old, new, _secret) in zip(row.targets, row.fields, strict=True):
            if target is not None:
                wanted.setdefault(target, set()).update(v for v in (old, new) if v is not None)
    found = {model: model._base_manager.in_bulk(ids) for model, ids in wanted.items()}

    def shown(target, value):
        return value if target is None or value is None else str(found[target].get(value, value))

    for row in rows:
        row.fields = [(name, shown(target, old), shown(target, new), secret)
                      for target, (name, old, new, secret) in zip(row.targets, row.fields,
                                                                   strict=True)]


def _target(label: str, name: str):
    """The model a foreign key field points to (not Patron), else None."""
    try:
        field = apps.get_model(label)._meta.get_field(name)
    except (LookupError, FieldDoesNotExist):
        return None
    target = field.related_model if field.many_to_one else None
    return None if target is Patron else target
