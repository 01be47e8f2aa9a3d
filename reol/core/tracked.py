"""Which models' changes are on the staff record, and the signal handlers that catch them.

Signals rather than calls in each service: a change made through the desk, the API, the
admin or a command is caught without anyone remembering to log it. Models are named by
label, so core imports no app it stands under.

Not caught here: writes that bypass model signals — QuerySet.update(), bulk_create() and the
hand-written SQL of the lending hot path (reol.sql). Check-out and check-in therefore record
themselves (staff_record.lending).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Model
from django.db.models.signals import post_delete, post_save, pre_save

from . import actor
from . import staff_record as record

SECRET = "changed"  # what the record says of a secret field instead of its values


def _patron_library(patron_id: int | None) -> int | None:
    if patron_id is None:
        return None
    Patron = apps.get_model("circulation", "Patron")
    return Patron._base_manager.filter(pk=patron_id).values_list("library_id", flat=True).first()


def _branch_library(branch_id: int | None) -> int | None:
    if branch_id is None:
        return None
    Branch = apps.get_model("libraries", "Branch")
    return Branch._base_manager.filter(pk=branch_id).values_list("library_id", flat=True).first()


@dataclass(frozen=True)
class Tracked:
    app: str
    model: str
    library: Callable[[Any], int | None]  # whose record the row is
    patron: Callable[[Any], int | None] = lambda obj: None
    secret: frozenset[str] = frozenset()  # recorded as "changed", never their values
    ignore: frozenset[str] = frozenset()  # bookkeeping, not a change anyone made
    # A deleted row of these says nothing but that it was deleted (personal data goes).
    forget_values_on_delete: bool = False


TRACKED = [
    Tracked("circulation", "Patron", library=lambda p: p.library_id, patron=lambda p: p.pk,
            secret=frozenset({"pin"}),
            ignore=frozenset({"reference", "created"}),
            forget_values_on_delete=True),
    Tracked("circulation", "Block", library=lambda b: _patron_library(b.patron_id),
            patron=lambda b: b.patron_id, ignore=frozenset({"created"})),
    # Loans and reservations name no patron in the record, so it never ties one to a title.
    Tracked("circulation", "Loan",
            library=lambda loan: (_patron_library(loan.patron_id)
                                  or _branch_library(loan.branch_id)),
            secret=frozenset({"patron"}), ignore=frozenset({"auto_renewal_refused"})),
    Tracked("circulation", "Reservation", library=lambda r: _patron_library(r.patron_id),
            secret=frozenset({"patron"}), ignore=frozenset({"allocation"})),
    # An account entry names its patron; its title and loan are kept off the record.
    Tracked("circulation", "AccountEntry", library=lambda entry: entry.library_id,
            patron=lambda entry: entry.patron_id, secret=frozenset({"loan", "title"})),
    Tracked("circulation", "LoanRule", library=lambda rule: rule.library_id),
    Tracked("circulation", "PurchaseSuggestion", library=lambda s: s.library_id,
            patron=lambda s: s.patron_id),
    Tracked("core", "StaffRole", library=lambda role: role.library_id),
    Tracked("digital", "DigitalTerms", library=lambda terms: terms.library_id),
    Tracked("core", "ApiToken", library=lambda token: None,
            secret=frozenset({"digest"}), ignore=frozenset({"last_used", "created"})),
    Tracked("catalogue", "Item", library=lambda item: item.library_id),
    Tracked("web", "FrontBlock", library=lambda block: block.library_id),
    Tracked("selfservice", "Sip2Terminal", library=lambda t: _branch_library(t.branch_id),
            secret=frozenset({"password"}), ignore=frozenset({"created"})),
    Tracked("selfservice", "EntryPolicy", library=lambda p: _branch_library(p.branch_id)),
    Tracked("auth", "User", library=lambda user: None, secret=frozenset({"password"}),
            ignore=frozenset({"last_login", "date_joined"})),
]


@dataclass
class _Spec:
    tracked: Tracked
    label: str
    fields: dict[str, str] = field(default_factory=dict)  # name → attname


_SPECS: dict[type[Model], _Spec] = {}


def connect() -> None:
    for tracked in TRACKED:
        model = apps.get_model(tracked.app, tracked.model)
        _SPECS[model] = _Spec(tracked, model._meta.label_lower, {
            f.name: f.attname for f in model._meta.concrete_fields
            if not f.primary_key and f.name not in tracked.ignore
        })
        uid = f"reol-staff-record-{model._meta.label_lower}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
        post_save.connect(_after_save, sender=model, dispatch_uid=uid)
        post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)


def _values(spec: _Spec, obj: Model, names: list[str]) -> dict[str, Any]:
    return {name: getattr(obj, spec.fields[name]) for name in names}


def _before_save(sender: type[Model], instance: Model, raw: bool = False,
                 update_fields: frozenset[str] | None = None, **kwargs: Any) -> None:
    """Remember the stored values of the fields about to be saved, to tell what changed."""
    instance._staff_record_old = None
    if raw or instance._state.adding or instance.pk is None or actor.current() is None:
        return
    spec = _SPECS[sender]
    names = [n for n in spec.fields if update_fields is None or n in update_fields]
    if not names:
        return
    row = sender._base_manager.filter(pk=instance.pk).values(
        *[spec.fields[n] for n in names]).first()
    if row is not None:
        instance._staff_record_old = {n: row[spec.fields[n]] for n in names}


def _after_save(sender: type[Model], instance: Model, created: bool, raw: bool = False,
                **kwargs: Any) -> None:
    who = actor.current()
    if raw or who is None:
        return
    spec = _SPECS[sender]
    if created:
        new = _values(spec, instance, list(spec.fields))
        changes = {n: _shown(spec, n, None, v) for n, v in new.items() if v not in (None, "")}
        action = record.CREATE
    else:
        old = getattr(instance, "_staff_record_old", None)
        if not old:
            return
        new = _values(spec, instance, list(old))
        changes = {n: _shown(spec, n, old[n], new[n]) for n in old if old[n] != new[n]}
        action = record.UPDATE
        instance._staff_record_old = None
    if changes:
        _write(spec, instance, who, action, changes)


def _after_delete(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    who = actor.current()
    if who is None:
        return
    spec = _SPECS[sender]
    changes = {}
    if not spec.tracked.forget_values_on_delete:
        old = _values(spec, instance, list(spec.fields))
        changes = {n: _shown(spec, n, v, None) for n, v in old.items() if v not in (None, "")}
    _write(spec, instance, who, record.DELETE, changes)
    if spec.tracked.forget_values_on_delete:
        record.forget_patron(instance.pk)


def _shown(spec: _Spec, name: str, old: Any, new: Any) -> Any:
    return SECRET if name in spec.tracked.secret else [old, new]


def _write(spec: _Spec, instance: Model, who: actor.Actor, action: str,
           changes: dict[str, Any]) -> None:
    tracked = spec.tracked
    deleted_patron = action == record.DELETE and tracked.forget_values_on_delete
    record.write(
        who, action=action, model=spec.label, object_id=instance.pk,
        library_id=tracked.library(instance),
        patron_id=None if deleted_patron else tracked.patron(instance),
        changes=changes,
    )
