"""Events' part of forgetting (docs/privacy.md): who registered for what is kept until the
retention period after the occurrence, then only the numbers stay; event mail goes once sent
and past the period; a deleted patron's coming registrations are cancelled (the waiting list
moves up) and all of theirs lose name and address."""

from datetime import datetime

from django.db.models import Q

from reol.circulation import privacy
from reol.circulation.models import Patron

from . import registration
from .models import EventMail, Registration

_ANONYMOUS = {"patron": None, "name": "", "email": ""}


def forget(now: datetime) -> dict[str, int]:
    cutoff = privacy.retention_cutoff(now)
    past = Registration.objects.filter(occurrence__end__lt=cutoff).filter(
        Q(patron__isnull=False) | ~Q(name="") | ~Q(email=""))
    mails = EventMail.objects.filter(created__lt=cutoff).exclude(
        status__in=[EventMail.Status.PENDING, EventMail.Status.SENDING])
    return {"registrations": past.update(**_ANONYMOUS), "mails": mails.delete()[0]}


def export(patron: Patron) -> dict[str, list[dict]]:
    mails = EventMail.objects.filter(registration__patron=patron)
    return {"events.eventmail": [{"to": m.to, "subject": m.subject, "body": m.body,
                                  "status": m.status, "created": m.created, "sent": m.sent}
                                 for m in mails]}


def erase(patron: Patron, now: datetime) -> dict[str, int]:
    mine = Registration.objects.filter(patron=patron)
    coming = mine.filter(occurrence__start__gt=now).exclude(
        status=Registration.Status.CANCELLED)
    cancelled = 0
    for r in coming:
        registration.cancel(r, now)
        cancelled += 1
    mails = EventMail.objects.filter(registration__in=mine).delete()[0]
    return {"registrations_cancelled": cancelled, "event_mails": mails,
            "registrations": mine.update(**_ANONYMOUS)}
