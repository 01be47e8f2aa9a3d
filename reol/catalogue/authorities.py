"""The authority file: creators and subjects under control.

An authority has a preferred form and the forms it is also written in (see-references). A
record is stored with the preferred form wherever one of its creators (persons, corporate
bodies), subjects or genres is any form of an authority of that kind, and is linked to it
(`controlled` and `link`, from every save of a record: form, MARC file, SRU, demo). A change
to an authority (`save_authority`) rewrites every record that uses it in one transaction,
and the changed records reach search and the works grouping by the normal path
(catalogue/changes.py: one batch, indexed once at its end).

When the preferred form changes, the old one becomes a see-reference, so a record that
arrives later in the old form still comes out in the new one.
"""

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from reol.core import staff_record
from reol.core.actor import Actor
from reol.refusals import refuse

from . import changes, rules
from .models import Authority, AuthorityForm, AuthorityLink, Record

# Which list of a record each kind of authority controls.
FIELDS = {Authority.Kind.PERSON: "creators", Authority.Kind.CORPORATE: "creators",
          Authority.Kind.SUBJECT: "subjects", Authority.Kind.GENRE: "genres"}


# (list of the record, form) -> (authority id, preferred form)
Found = dict[tuple[str, str], tuple[int, str]]


def values(fields: dict[str, Any]) -> set[str]:
    """The values of a record that an authority may control."""
    return {v for name in set(FIELDS.values()) for v in fields.get(name, [])}


def lookup(forms: set[str]) -> Found:
    """The authorities having any of these forms; one query for a whole batch of records."""
    if not forms:
        return {}
    return {(FIELDS[Authority.Kind(kind)], form): (pk, preferred)
            for kind, form, pk, preferred in AuthorityForm.objects.filter(form__in=forms)
            .values_list("kind", "form", "authority_id", "authority__name")}


def controlled(fields: dict[str, Any], found: Found | None = None) -> set[int]:
    """Put the preferred forms into a record's values (in place); the authorities it uses.
    `found` is `lookup` of (at least) the record's values, when the caller has it."""
    if found is None:
        found = lookup(values(fields))
    used: set[int] = set()
    for name in set(FIELDS.values()):
        renamed = []
        for value in fields.get(name, []):
            pk, preferred = found.get((name, value), (0, value))
            if pk:
                used.add(pk)
            renamed.append(preferred)
            if name == "creators" and preferred != value and value in fields["roles"]:
                fields["roles"][preferred] = fields["roles"].pop(value)
        fields[name] = list(dict.fromkeys(renamed))
    return used


def link(record: Record, authority_ids: set[int], created: bool) -> None:
    """Link the record to exactly these authorities."""
    if created and not authority_ids:
        return
    AuthorityLink.objects.filter(record=record).exclude(authority_id__in=authority_ids).delete()
    known = set(AuthorityLink.objects.filter(record=record).values_list("authority_id", flat=True))
    AuthorityLink.objects.bulk_create(
        [AuthorityLink(record=record, authority_id=pk) for pk in authority_ids - known])


def _forms(name: str, see_from: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(f for f in (rules.clean_text(x).strip()[:300]
                                          for x in [name, *see_from]) if f))


@transaction.atomic
def save_authority(who: Actor, library_id: int | None, *, kind: str, name: str,
                   see_from: list[str], authority: Authority | None = None,
                   ) -> tuple[Authority, int]:
    """Create an authority, or change its preferred form and see-references; every record
    using any of its forms comes out in the preferred form. Returns the authority and the
    number of records changed."""
    if kind not in Authority.Kind.values:
        raise refuse("bad_authority_kind")
    forms = _forms(name, see_from)
    if not forms or forms[0] != rules.clean_text(name).strip()[:300]:
        raise refuse("no_authority_name")
    before: dict[str, Any] = {}
    if authority is not None:
        authority = Authority.objects.select_for_update().get(pk=authority.pk)
        before = {"name": authority.name, "see_from": authority.see_from}
        kind = authority.kind  # a person does not become a subject
        if authority.name not in forms:  # the old preferred form leads to the new one
            forms.append(authority.name)
    taken = sorted(AuthorityForm.objects.filter(kind=kind, form__in=forms)
                   .exclude(authority=authority).values_list("form", flat=True))
    if taken:
        raise refuse("authority_form_taken", form=", ".join(taken))
    if authority is None:
        authority = Authority(kind=kind)
    authority.name, authority.see_from = forms[0], forms[1:]
    authority.save()
    AuthorityForm.objects.filter(authority=authority).delete()
    AuthorityForm.objects.bulk_create(
        [AuthorityForm(authority=authority, kind=kind, form=f) for f in forms])
    changed = _rewrite(authority, set(forms) | {before.get("name", "")} - {""})
    staff_record.write(who, action=staff_record.UPDATE if before else staff_record.CREATE,
                       model="catalogue.authority", object_id=authority.pk,
                       library_id=library_id, patron_id=None, changes={
                           "name": [before.get("name"), authority.name],
                           "see_from": [before.get("see_from"), authority.see_from],
                           "records": changed})
    return authority, changed


def _rewrite(authority: Authority, forms: set[str]) -> int:
    """Every record that holds a form of the authority, or is linked to it, in the preferred
    form and linked; the number changed. Records are read by their one list in chunks: a
    JSON list cannot be searched by an index the same way on SQLite and PostgreSQL, and an
    authority changes seldom."""
    name = FIELDS[Authority.Kind(authority.kind)]
    linked = set(AuthorityLink.objects.filter(authority=authority)
                 .values_list("record_id", flat=True))
    using = [pk for pk, values in Record.objects.values_list("pk", name).iterator(2000)
             if pk in linked or forms & set(values or [])]
    changed = 0
    with changes.batch():
        for start in range(0, len(using), 500):
            chunk = using[start:start + 500]
            for record in Record.objects.select_for_update().filter(pk__in=chunk):
                fields = {"creators": record.creators, "subjects": record.subjects,
                          "genres": record.genres, "roles": dict(record.roles)}
                link(record, controlled(fields), False)
                if any(fields[key] != getattr(record, key) for key in fields):
                    for key, value in fields.items():
                        setattr(record, key, value)
                    record.save()
                    changed += 1
    return changed
