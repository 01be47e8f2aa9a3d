"""Delivering ISO 18626 messages: in-process to a library of this database, by HTTP POST to
the /iso18626 address of the peer that serves the agency otherwise.

The outbox (IllMessage rows going out) is sent after the transaction that wrote it commits,
and again by the jobs for whatever could not be delivered. Each row is claimed with one
conditional UPDATE, so two senders never send the same message twice.
"""

import logging
import threading
import urllib.error
import urllib.request

from . import iso18626 as iso
from .models import IllMessage, Peer

logger = logging.getLogger(__name__)
TIMEOUT = 15  # seconds for a peer to confirm
_state = threading.local()  # is this thread already flushing?


def is_local(isil: str) -> bool:
    """Is this agency a library of this database (delivered in-process)?"""
    from .services import library_by_isil

    return library_by_isil(isil) is not None


def deliver(to_isil: str, body: bytes, *, local: bool | None = None) -> bytes:
    """Send one message and return the confirmation's XML."""
    from .inbox import handle_message

    if is_local(to_isil) if local is None else local:
        return handle_message(body, local=True)
    peer = Peer.objects.filter(isil=to_isil).first()
    if peer is None:
        raise ConnectionError(f"no peer serves {to_isil}")
    headers = {"Content-Type": "application/xml"}
    if peer.secret:  # what the peer issued to us: without it the peer takes no message
        headers["Authorization"] = f"Bearer {peer.secret}"
    request = urllib.request.Request(peer.url, data=body, method="POST", headers=headers)
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        return response.read()


def flush(limit: int = 1000) -> int:
    """Send the pending messages, oldest first, until none is left that this run has not yet
    tried. Returns how many were delivered. Called after a commit, never inside a transaction
    that another server's answer might wait for. Delivering in-process queues the answers,
    whose own after-commit flush finds this one busy: the loop here sends them, so a long
    exchange never nests (no recursion, however many messages)."""
    if getattr(_state, "busy", False):
        return 0
    _state.busy = True
    try:
        tried: set[int]
        sent, tried = 0, set()
        while True:
            ids = list(IllMessage.objects.filter(
                direction=IllMessage.Direction.OUT, status=IllMessage.Status.PENDING
            ).exclude(pk__in=tried).order_by("id").values_list("pk", flat=True)[:limit])
            if not ids:
                return sent
            for pk in ids:
                tried.add(pk)
                sent += _send_one(pk)
    finally:
        _state.busy = False


def _send_one(pk: int) -> int:
    claimed = IllMessage.objects.filter(pk=pk, status=IllMessage.Status.PENDING).update(
        status=IllMessage.Status.SENDING)
    if not claimed:
        return 0  # another sender has it
    row = IllMessage.objects.get(pk=pk)
    local = is_local(row.to_isil)
    try:
        answer = deliver(row.to_isil, row.body.encode(), local=local)
        confirmation = iso.parse(answer, validate=not local)
    except (OSError, urllib.error.URLError, iso.IsoError, ConnectionError) as e:
        # Not delivered (or no readable answer): try again with the next run.
        IllMessage.objects.filter(pk=pk).update(
            status=IllMessage.Status.PENDING, attempts=row.attempts + 1, error=str(e)[:300])
        logger.warning("ISO 18626 message %s to %s not delivered: %s", pk, row.to_isil, e)
        return 0
    ok = confirmation.message_status == "OK"
    IllMessage.objects.filter(pk=pk).update(
        status=IllMessage.Status.DONE if ok else IllMessage.Status.ERROR,
        answer=answer.decode(), attempts=row.attempts + 1,
        error="" if ok else f"{confirmation.error_type}: {confirmation.error_value}"[:300])
    return int(ok)
