"""The outbox: notices written in the same transaction as the act, sent later by mail or SMS.

The outbox's unique (key, channel) means a notice is never queued twice; send_pending claims
each row with one conditional UPDATE before sending it, so two senders at once (two
`reol run_jobs`, or `reol serve`'s runner and a cron job) never send the same row twice.

Delivery is at most once. A notice the mail server or SMS gateway refused, or whose sending
broke off half-way, becomes `failed` with the error and is not retried by itself (it may have
gone out); `reol run_jobs --retry-failed` puts failed notices back in the queue once the
cause is fixed. A channel that cannot be reached at all (the mail server is down) sends
nothing, and its notices stay `pending` for the next run.

A notice is checked again just before it is sent: the app that queues a kind may register
what must still be true (`holds_while`), and a notice that no longer holds is dropped, not
sent — a pickup notice queued before the sender stopped for a week, for a reservation
collected since, would otherwise tell the patron to fetch what they already have.
"""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string, select_template
from django.utils import timezone, translation

from . import sms
from .models import Notice

logger = logging.getLogger(__name__)

SMS_LENGTH = 160  # one GSM-7 message; the templates keep to that alphabet (no »«, no …)
# kind → "does a notice with this key still hold on this day?"; kinds not listed always hold.
StillTrue = Callable[[str, date], bool]
_STILL_TRUE: dict[str, StillTrue] = {}


@dataclass(frozen=True)
class Recipient:
    """Whom a notice is for and where it goes: the app that queues it knows its people."""

    patron_id: int
    email: str = ""  # empty: not by email
    phone: str = ""  # empty: not by SMS
    language: str = "da"


def queue(recipient: Recipient, kind: str, key: str, *, templates: str,
          context: dict[str, Any]) -> int:
    """Write the notice for each of the recipient's channels, rendered from
    `templates`/`kind`(.subject|.sms).txt; returns how many were new."""
    channels = []
    if recipient.email:
        channels.append((Notice.Channel.EMAIL, recipient.email))
    if recipient.phone:
        channels.append((Notice.Channel.SMS, recipient.phone))
    if not channels:
        return 0
    with translation.override(recipient.language or "da"):
        context = {"kind": kind, **context}
        subject = _tidy(render_to_string(f"{templates}/{kind}.subject.txt", context))
        bodies = {Notice.Channel.EMAIL: _tidy(render_to_string(f"{templates}/{kind}.txt",
                                                                context))}
        if len(channels) > 1 or channels[0][0] == Notice.Channel.SMS:
            short = select_template([f"{templates}/{kind}.sms.txt",
                                     f"{templates}/{kind}.subject.txt"])
            bodies[Notice.Channel.SMS] = _fit(_tidy(short.render(context)), SMS_LENGTH)
    rows = [
        Notice(patron_id=recipient.patron_id, kind=kind, channel=channel, key=key,
               address=address, subject=_fit(subject, 200), body=bodies[channel])
        for channel, address in channels
    ]
    before = Notice.objects.filter(key=key).count()
    Notice.objects.bulk_create(rows, ignore_conflicts=True)
    return Notice.objects.filter(key=key).count() - before


def _tidy(text: str) -> str:
    """Template tags leave stray spaces and blank lines; a notice has single blank lines."""
    text = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return re.sub(r"\n{3,}", "\n\n", text)


def _fit(text: str, length: int) -> str:
    if len(text) <= length:
        return text
    cut = text[: length - 3]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "..."


def holds_while(kind: str) -> Callable[[StillTrue], StillTrue]:
    """Register what must still be true for a notice of `kind` to be sent. The check gets the
    notice's key ("ready:42:2026-11-20": what it is about) and today's date."""

    def register(check: StillTrue) -> StillTrue:
        _STILL_TRUE[kind] = check
        return check

    return register


def key_id(key: str) -> int:
    """The id in a notice's key: "ready:42:2026-11-20" is about reservation 42."""
    return int(key.split(":")[1])


def _still_true(notice: Notice, today: date) -> bool:
    check = _STILL_TRUE.get(notice.kind)
    return check is None or check(notice.key, today)


@dataclass
class Sending:
    sent: int = 0
    failed: int = 0
    deferred: int = 0  # their channel could not be reached: still pending
    dropped: int = 0  # no longer true when their turn came: deleted, never sent


def send_pending(limit: int | None = None, now: datetime | None = None) -> Sending:
    """Send what waits in the outbox, oldest first, each notice by exactly one sender, if it
    still holds (`now`: the jobs' clock)."""
    today = timezone.localdate(now)
    result = Sending()
    pending = Notice.objects.filter(status=Notice.Status.PENDING).order_by("created", "id")
    rows = list(pending.values_list("pk", "channel")[:limit])
    with _Channels() as channels:
        for pk, channel in rows:
            if not channels.ready(channel):
                result.deferred += 1
                continue
            if not _claim(pk):
                continue  # another sender has it
            notice = Notice.objects.get(pk=pk)
            if not _still_true(notice, today):
                notice.delete()
                result.dropped += 1
                continue
            try:
                channels.send(notice)
            except Exception as error:  # any refusal of any backend: record it, carry on
                logger.warning("notice %s to %s failed: %s", pk, notice.address, error)
                Notice.objects.filter(pk=pk).update(
                    status=Notice.Status.FAILED, error=f"{type(error).__name__}: {error}"[:300]
                )
                result.failed += 1
            else:
                Notice.objects.filter(pk=pk).update(status=Notice.Status.SENT,
                                                    sent=timezone.now(), error="")
                result.sent += 1
    return result


def _claim(pk: int) -> bool:
    """Only the sender whose UPDATE changed the row sends it."""
    return bool(Notice.objects.filter(pk=pk, status=Notice.Status.PENDING)
                .update(status=Notice.Status.SENDING))


def retry_failed() -> int:
    """Put failed notices back in the queue (after fixing the mail server, say)."""
    return Notice.objects.filter(status=Notice.Status.FAILED).update(
        status=Notice.Status.PENDING, error="")


class _Channels:
    """The mail connection and SMS gateway, opened on first use and closed at the end."""

    def __init__(self) -> None:
        self.backends: dict[str, Any] = {}  # a mail connection or an SMS gateway
        self.down: set[str] = set()

    def ready(self, channel: str) -> bool:
        if channel in self.backends:
            return True
        if channel in self.down:
            return False
        try:
            backend = (mail.get_connection() if channel == Notice.Channel.EMAIL
                       else sms.gateway())
            backend.open()
        except Exception as error:
            logger.warning("cannot send %s notices now: %s", channel, error)
            self.down.add(channel)
            return False
        self.backends[channel] = backend
        return True

    def send(self, notice: Notice) -> None:
        backend = self.backends[notice.channel]
        if notice.channel == Notice.Channel.SMS:
            backend.send(notice.address, notice.body)
            return
        message = mail.EmailMessage(
            notice.subject, notice.body, settings.DEFAULT_FROM_EMAIL, [notice.address],
            connection=backend, headers={"Auto-Submitted": "auto-generated"},
        )
        if not message.send():
            raise OSError("the mail backend did not accept the message")

    def __enter__(self) -> "_Channels":
        return self

    def __exit__(self, *exc: object) -> None:
        for backend in self.backends.values():
            try:
                backend.close()
            except Exception as error:  # closing cannot undo what was sent
                logger.warning("closing a notice channel: %s", error)
