"""Interlibrary loans' part of forgetting (docs/privacy.md): a request carries the patron's
opaque reference beside the title, and its ISO 18626 messages carry it in <patronInfo>. Once a
request is over and the retention period has passed, both lose it; a deleted patron's
requests lose it at once."""

import re
from datetime import datetime

from django.db.models import Q

from reol.circulation import privacy
from reol.circulation.models import Patron

from . import rules
from .models import IllMessage, IllRequest

_PATRON_INFO = re.compile(r"<(?:[\w.-]+:)?patronInfo\b.*?</(?:[\w.-]+:)?patronInfo>", re.S)


def forget(now: datetime) -> dict[str, int]:
    """The retention job's interlibrary part: closed requests and their messages."""
    cutoff = privacy.retention_cutoff(now)
    over = IllRequest.objects.exclude(state__in=rules.OPEN).filter(updated__lt=cutoff)
    requests = over.exclude(patron_ref="").update(patron_ref="")
    messages = _strip(IllMessage.objects.filter(created__lt=cutoff).filter(
        Q(request__isnull=True) | ~Q(request__state__in=rules.OPEN)))
    return {"requests": requests, "messages": messages}


def _strip(messages) -> int:
    """Take <patronInfo> out of the messages' text; the rest stays for the record."""
    changed = 0
    for message in messages.filter(Q(body__contains="patronInfo")
                                   | Q(answer__contains="patronInfo")):
        message.body = _PATRON_INFO.sub("", message.body)
        message.answer = _PATRON_INFO.sub("", message.answer)
        message.save(update_fields=["body", "answer"])
        changed += 1
    return changed


def export(patron: Patron) -> dict[str, list[dict]]:
    rows = IllRequest.objects.filter(role=IllRequest.Role.REQUESTER,
                                     patron_ref=str(patron.reference))
    return {"sharing.illrequest": [
        {"request_id": r.request_id, "title": r.title, "author": r.author, "state": r.state,
         "supplier": r.supplier_isil, "created": r.created, "updated": r.updated}
        for r in rows]}


def erase(patron: Patron, now: datetime) -> dict[str, int]:
    mine = IllRequest.objects.filter(patron_ref=str(patron.reference))
    messages = _strip(IllMessage.objects.filter(request__in=mine))
    return {"interlibrary_requests": mine.update(patron_ref=""),
            "interlibrary_messages": messages}
