"""What reol holds about a patron: forgetting it after the retention period, handing it over,
and erasing it (docs/privacy.md).

`forget` is a periodic job (jobs.py runs it with the others, in `reol serve` and `reol
run_jobs`): once REOL_RETENTION_DAYS have passed, closed reservations are deleted, the event
log's patron references are cleared (except for loans still linked to their patron: out, lost
or in a history the patron asked for), sent notices about closed loans and reservations are
deleted, and so are the mail and SMS files reol wrote. `export` gathers every row that points
at the patron — found through the model graph, so a table added later is included without
anyone remembering to — and `erase` removes or anonymises them (services.delete_patron decides
whether it may). Apps whose rows tie a patron to something without a foreign key, or whose
rows keep a name beside the link (events, rooms, interlibrary loans), add their part with
`register`.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone

from reol.catalogue.models import Item
from reol.core import sms
from reol.core.models import Event, Notice

from . import reservations, rules
from .models import Loan, Patron, Reservation

# Hashes and tokens: theirs, but of no use and no one's.
SECRET_FIELDS = {"pin", "password", "digest", "access_token"}

Export = Callable[[Patron], dict[str, list[dict]]]
Erase = Callable[[Patron, datetime], dict[str, int]]


@dataclass
class _Holder:
    export: Export | None
    erase: Erase | None


_HOLDERS: dict[str, _Holder] = {}


def register(name: str, *, export: Export | None = None, erase: Erase | None = None) -> None:
    """Another app's part: `export(patron)` adds {label: rows} to the download, `erase(patron,
    now)` runs before the patron row is deleted (cancel what is still ahead, blank names)."""
    _HOLDERS[name] = _Holder(export, erase)


# --- forgetting after the retention period --------------------------------------------------


def retention_cutoff(now: datetime) -> datetime:
    return rules.retention_cutoff(now, settings.REOL_RETENTION_DAYS)


def forget(now: datetime) -> dict[str, int]:
    """The retention job: what ties a patron to a title and is older than the period goes."""
    cutoff = retention_cutoff(now)
    return {
        "reservations": forget_reservations(cutoff),
        "log_references": forget_log_references(cutoff),
        "notices": forget_notices(cutoff),
        "files": forget_files(cutoff),
        "sessions": forget_sessions(now),
    }


def forget_reservations(cutoff: datetime) -> int:
    """Closed reservations are deleted: the log keeps the act, without the patron."""
    old = Q(closed__lt=cutoff) | Q(closed__isnull=True, placed__lt=cutoff)
    deleted, _ = (Reservation.objects.exclude(status__in=Reservation.ACTIVE).filter(old)
                  .delete())
    return deleted


def forget_log_references(cutoff: datetime) -> int:
    """The log's rows keep time, branch, material and age group for the statistics; the
    patron's reference stays only on the rows of a loan still linked to its patron."""
    return (Event.objects.filter(time__lt=cutoff, patron_ref__isnull=False)
            .exclude(loan__patron__isnull=False).update(patron_ref=None))


def forget_notices(cutoff: datetime, batch: int = 1000) -> int:
    """Sent (and failed) notices name the title: deleted once what they are about is closed.
    A notice about a loan still out stays: its key keeps the reminder from going out again."""
    done = (Notice.objects.filter(created__lt=cutoff)
            .exclude(status__in=[Notice.Status.PENDING, Notice.Status.SENDING]))
    rows = list(done.values_list("pk", "key"))
    deleted = 0
    for start in range(0, len(rows), batch):
        chunk = rows[start:start + batch]
        about = {pk: rules.notice_concerns(key) for pk, key in chunk}
        loans = {i for kind, i in filter(None, about.values()) if kind == "loan"}
        held = {i for kind, i in filter(None, about.values()) if kind == "reservation"}
        open_loans = set(Loan.objects.filter(pk__in=loans, returned__isnull=True)
                         .values_list("pk", flat=True))
        active = set(Reservation.objects.filter(pk__in=held, status__in=Reservation.ACTIVE)
                     .values_list("pk", flat=True))
        keep = {("loan", i) for i in open_loans} | {("reservation", i) for i in active}
        gone = [pk for pk, subject in about.items() if subject not in keep]
        deleted += Notice.objects.filter(pk__in=gone).delete()[0]
    return deleted


def forget_sessions(now: datetime) -> int:
    """Expired sessions still name the patron and what their last page carried (renewal
    results name loans): Django leaves them until someone runs clearsessions."""
    if "sessions.backends.db" not in settings.SESSION_ENGINE \
            and "cached_db" not in settings.SESSION_ENGINE:
        return 0
    from django.contrib.sessions.models import Session

    return Session.objects.filter(expire_date__lt=now).delete()[0]


# The names reol's own writers give their files: nothing else in those directories is touched.
_MAIL_FILE = re.compile(r"\d{8}-\d{6}-\d+\.log")  # Django's file-based mail backend
_SMS_FILE = re.compile(r"\.?\d{8}-\d{6}-[0-9a-f]{12}\.(txt|part)")  # sms.FileGateway


def written_files() -> list[tuple[Path, re.Pattern]]:
    """The directories where reol writes mail and SMS, with the names of its files there."""
    places = []
    if settings.EMAIL_BACKEND == "django.core.mail.backends.filebased.EmailBackend":
        places.append((Path(settings.EMAIL_FILE_PATH), _MAIL_FILE))
    gateway = sms.gateway()
    if isinstance(gateway, sms.FileGateway):
        places.append((gateway.directory, _SMS_FILE))
    return places


def forget_files(cutoff: datetime) -> int:
    """Mail and SMS files last written before the cutoff are deleted."""
    deleted = 0
    for directory, name in written_files():
        if not directory.is_dir():
            continue
        for path in directory.iterdir():
            try:
                if (name.fullmatch(path.name) and path.is_file()
                        and path.stat().st_mtime < cutoff.timestamp()):
                    path.unlink()
                    deleted += 1
            except FileNotFoundError:  # another run took it first
                continue
    return deleted


# --- handing over: everything about one patron ---------------------------------------------


def export(patron: Patron, now: datetime | None = None) -> dict[str, Any]:
    """Everything reol holds about the patron, as plain JSON values."""
    data: dict[str, list[dict]] = {}
    for relation in _relations():
        model, skip = relation.related_model, relation.field.name
        rows = model._default_manager.filter(**{skip: patron}).select_related(
            *_named(model, skip))
        found = [_row(obj, skip=skip) for obj in rows]
        if found:
            data[relation.related_model._meta.label_lower] = found
    data["circulation.patron.wards"] = [{"card": w.card, "name": w.name}
                                        for w in patron.wards.all()]
    # The outbox holds the patron as a plain id (core/models.py); the label stays lending's.
    data["circulation.notice"] = [_row(n, skip="patron_id")
                                  for n in Notice.objects.filter(patron_id=patron.pk)]
    data["circulation.event"] = [_row(e, skip="") for e in Event.objects.filter(
        patron_ref=patron.reference).select_related(*_named(Event, ""))]
    for holder in _HOLDERS.values():
        if holder.export:
            data.update(holder.export(patron))
    document = {
        "generated": timezone.localtime(now or timezone.now()),
        "retention_days": settings.REOL_RETENTION_DAYS,
        "patron": _row(patron, skip=""),
        "data": {label: rows for label, rows in sorted(data.items()) if rows},
    }
    return json.loads(json.dumps(document, cls=DjangoJSONEncoder))


def _relations() -> list:
    """Every foreign key to Patron from another model (a patron's wards are named apart)."""
    return [r for r in Patron._meta.related_objects
            if (r.one_to_many or r.one_to_one) and r.related_model is not Patron]


def _named(model: type[models.Model], skip: str, depth: int = 2) -> list[str]:
    """The foreign keys `_row` names a row's relations by, and those their names (__str__)
    read in turn, to read with the row."""
    names = []
    for field in model._meta.concrete_fields:
        if field.is_relation and field.name not in SECRET_FIELDS and field.name != skip:
            names.append(field.name)
            related = field.related_model
            if depth > 1 and isinstance(related, type):
                names += [f"{field.name}__{inner}" for inner in _named(related, "", depth - 1)]
    return names


def _row(obj: models.Model, *, skip: str) -> dict:
    """A row's own fields; a foreign key as what it names (a title, a branch), not its id."""
    row: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS or field.name == skip:
            continue
        if field.is_relation:
            related = getattr(obj, field.name)
            row[field.name] = str(related) if related is not None else None
            if isinstance(related, Item):  # an item's name is its barcode: say the title
                row[f"{field.name}_title"] = related.record.title
        else:
            row[field.name] = field.value_from_object(obj)
    return row


# --- erasing -------------------------------------------------------------------------------


def erase(patron: Patron, now: datetime) -> dict[str, int]:
    """Delete the patron and everything that points at them; the log's rows and returned
    loans stay for the statistics, anonymous. Run by services.delete_patron, inside its
    transaction, after it has checked that nothing is out or owed."""
    counts: dict[str, int] = {"reservations_cancelled": 0}
    for r in Reservation.objects.filter(patron=patron, status__in=Reservation.ACTIVE):
        reservations.cancel_reservation(r, patron=patron, reason="patron_deleted", now=now)
        counts["reservations_cancelled"] += 1
    for holder in _HOLDERS.values():
        if holder.erase:
            counts.update(holder.erase(patron, now))
    counts["log_references"] = Event.objects.filter(patron_ref=patron.reference).update(
        patron_ref=None)
    counts["loans"] = Loan.objects.filter(patron=patron).update(patron=None)
    counts["admin_log"] = _forget_admin_log(patron)
    counts["deleted"] = _delete_notices(patron) + patron.delete()[0]
    return counts


def _delete_notices(patron: Patron) -> int:
    return Notice.objects.filter(patron_id=patron.pk).delete()[0]


def delete_notices(sender: type[Patron], instance: Patron, **kwargs: object) -> None:
    """pre_delete of a patron, from any door: the outbox's rows go with them, as a cascade
    would take them (the outbox holds its patron as a plain id)."""
    _delete_notices(instance)


def _forget_admin_log(patron: Patron) -> int:
    """The admin's log names the patron ("name (card)") in its text: blank that."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    return LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Patron),
                                   object_id=str(patron.pk)).update(object_repr="—")
