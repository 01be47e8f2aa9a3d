"""Peers prove who they are: each agency that sends ISO 18626 messages to this installation
holds a secret issued here, presented as HTTP `Authorization: Bearer <secret>` (or Basic, with
the ISIL or nothing as user name and the secret as password). Only its SHA-256 is stored,
like staff API tokens: the secret is random and long, so a slow hash would add nothing."""

import base64
import binascii
import hashlib
import hmac

from django.db import transaction

from reol.core.tokens import new_secret

from .models import PeerCredential

MAX_SECRET = 200


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue(*isils: str) -> str:
    """A new secret for the system that speaks for these agencies (one installation may serve
    several); it replaces any earlier one of theirs at once. Returned once, never stored."""
    secret = new_secret()
    with transaction.atomic():
        for isil in isils:
            PeerCredential.objects.update_or_create(isil=isil.strip(),
                                                    defaults={"digest": _digest(secret)})
    return secret


def revoke(*isils: str) -> int:
    return PeerCredential.objects.filter(isil__in=[i.strip() for i in isils]).delete()[0]


def presented(authorization: str) -> tuple[str, str] | None:
    """(user name, secret) from an Authorization header; None when there is none we read."""
    scheme, _, value = authorization.strip().partition(" ")
    value = value.strip()
    if scheme.lower() == "bearer" and value:
        return "", value
    if scheme.lower() == "basic" and value:
        try:
            user, colon, secret = base64.b64decode(value, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
        return (user, secret) if colon and secret else None
    return None


def proves(credential: tuple[str, str] | None, isil: str) -> bool:
    """Does this credential belong to the agency `isil`? A Basic user name, when given, must be
    that agency too. The digest comparison takes the same time however much of it matches."""
    if credential is None or not isil:
        return False
    user, secret = credential
    if (user and user != isil) or not secret or len(secret) > MAX_SECRET:
        return False
    stored = PeerCredential.objects.filter(isil=isil).values_list("digest", flat=True).first()
    return stored is not None and hmac.compare_digest(stored, _digest(secret))
