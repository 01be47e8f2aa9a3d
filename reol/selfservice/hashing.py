"""Argon2 checks of kiosk log-ins (93) and patrons' PINs, off the database thread.

The SIP2 server handles every message on a few database threads (on SQLite, one). An Argon2
check takes tens of milliseconds of CPU; run there, 40 connections sending wrong log-ins made
every other kiosk's loans wait almost a second. So a message that carries a secret goes in
three steps: the stored hash is read on the database thread (a quick query), the secret is
checked against it on a hashing thread, and the message is handled on the database thread
with the answer known (reol.hashers.checked), where the services' own checks cost nothing.

Only the hash that was really checked can answer "right"; any other hash met while handling
the message (one changed in between, or a dummy for an unknown card) answers "wrong".
"""

import hmac
import os
from dataclasses import dataclass
from functools import cache

from django.contrib.auth.hashers import check_password, make_password

from reol.circulation.models import Patron
from reol.hashers import checked

from .handlers import Session, digest_pin, dispatch
from .models import Sip2Terminal
from .protocol import ProtocolError, parse


@dataclass(frozen=True)
class Secret:
    kind: str  # "terminal" (a kiosk's or door's password) or "patron" (a PIN)
    name: str  # the log-in name or the card number
    raw: str


@dataclass(frozen=True)
class Verdict:
    raw: str
    encoded: str | None
    right: bool


def threads() -> int:
    """Leave one core for the database thread and the web server."""
    return max(1, (os.cpu_count() or 2) - 1)


def wanted(session: Session, frame: bytes) -> Secret | None:
    """The secret a frame asks to check, if any (cheap: runs on the event loop)."""
    try:
        message = parse(frame)
    except ProtocolError:
        return None
    if message.code == "93":
        return Secret("terminal", message.get("CN"), message.get("CO"))
    card, pin = message.get("AA"), message.get("AD")
    if session.terminal is None or not card.strip() or not pin:
        return None
    if card == session.card and hmac.compare_digest(session.pin_digest, digest_pin(pin)):
        return None  # verified on this connection before (handlers._identify)
    return Secret("patron", card.strip(), pin)


def stored(secret: Secret) -> str | None:
    """The hash to check against (database thread)."""
    if secret.kind == "terminal":
        found = Sip2Terminal.objects.filter(login=secret.name, active=True)
        return found.values_list("password", flat=True).first()
    return Patron.objects.filter(card=secret.name).values_list("pin", flat=True).first()


@cache
def _dummy() -> str:
    return make_password("not a secret anybody has")


def verify(secret: Secret, encoded: str | None) -> Verdict:
    """The Argon2 work (hashing thread); an unknown name costs the same work."""
    if not encoded:
        check_password(secret.raw, _dummy())
        return Verdict(secret.raw, None, False)
    return Verdict(secret.raw, encoded, check_password(secret.raw, encoded))


def dispatch_known(session: Session, frame: bytes, verdict: Verdict | None) -> bytes:
    """handlers.dispatch with the secret's answer known (database thread)."""
    if verdict is None:
        return dispatch(session, frame)
    with checked(verdict.raw, verdict.encoded, verdict.right):
        return dispatch(session, frame)
