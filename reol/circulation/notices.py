"""Notices to patrons: written into an outbox in the same transaction as the act, sent later.

The outbox's unique (key, channel) means a notice is never queued, and so never sent, twice.
"""

from django.template.loader import render_to_string
from django.utils import translation

from .models import Notice, Patron


def queue(patron: Patron | None, kind: str, key: str, **context) -> int:
    """Write the notice for each channel the patron chose; returns how many were new."""
    if patron is None:
        return 0
    channels = []
    if patron.notify_email and patron.email:
        channels.append((Notice.Channel.EMAIL, patron.email))
    if patron.notify_sms and patron.phone:
        channels.append((Notice.Channel.SMS, patron.phone))
    if not channels:
        return 0
    with translation.override(patron.language or "da"):
        context = {"patron": patron, "kind": kind, **context}
        subject = render_to_string(f"circulation/notices/{kind}.subject.txt", context).strip()
        body = render_to_string(f"circulation/notices/{kind}.txt", context).strip()
    rows = [
        Notice(patron=patron, kind=kind, channel=channel, key=key, address=address,
               subject=subject, body=body)
        for channel, address in channels
    ]
    before = Notice.objects.filter(key=key).count()
    Notice.objects.bulk_create(rows, ignore_conflicts=True)
    return Notice.objects.filter(key=key).count() - before
