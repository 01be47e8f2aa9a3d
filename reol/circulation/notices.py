"""Notices to patrons: each goes by the channels the patron chose, through core's outbox."""

from reol.core import outbox

from .models import Patron

TEMPLATES = "circulation/notices"


def queue(patron: Patron | None, kind: str, key: str, **context) -> int:
    """Write the notice for each channel the patron chose; returns how many were new."""
    if patron is None:
        return 0
    recipient = outbox.Recipient(
        patron.pk, email=patron.email if patron.notify_email else "",
        phone=patron.phone if patron.notify_sms else "", language=patron.language)
    return outbox.queue(recipient, kind, key, templates=TEMPLATES,
                        context={"patron": patron, **context})
