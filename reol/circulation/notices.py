"""Notices to patrons: each goes by the channels the patron chose, through core's outbox."""

from reol.core import outbox

from . import rules
from .models import Patron

TEMPLATES = "circulation/notices"


def queue(patron: Patron | None, kind: str, key: str, **context) -> int:
    """Write the notice for each channel the patron chose; returns how many were new."""
    if patron is None:
        return 0
    # Each channel the patron uses, unless they turned this kind of notice off for it.
    email = patron.notify_email and rules.notice_wanted("email", kind, patron.notices_off)
    sms = patron.notify_sms and rules.notice_wanted("sms", kind, patron.notices_off)
    recipient = outbox.Recipient(
        patron.pk, email=patron.email if email else "", phone=patron.phone if sms else "",
        language=patron.language)
    return outbox.queue(recipient, kind, key, templates=TEMPLATES,
                        context={"patron": patron, **context})
