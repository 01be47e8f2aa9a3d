"""Argon2 with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane).

Django's defaults (100 MiB, 8 lanes) took 0.7 s per check on our 2-core machine: a door
controller or a kiosk waits for every PIN. A 4-digit PIN is protected by the lock after five
wrong tries, not by the cost of its hash; the cost only has to make a stolen table expensive.

The SIP2 server checks a kiosk's password or a patron's PIN on a thread of its own, before
the message is handled on the database thread (reol/selfservice/hashing.py). While that
message is handled, `checked()` tells this hasher the answer, so the services' own
check_password() calls cost no second Argon2 run on the thread every kiosk waits for.
"""

import hmac
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import argon2
from django.contrib.auth.hashers import Argon2PasswordHasher

_checked = threading.local()
_cost = threading.local()


@contextmanager
def checked(raw: str, encoded: str | None, right: bool) -> Iterator[None]:
    """In this thread, while inside: `raw` against `encoded` is `right` without Argon2 work,
    and `raw` against any other hash is wrong (a hash changed in between, or a dummy whose
    work was done already) — never right without a real check."""
    _checked.verdict = (raw, encoded, right)
    try:
        yield
    finally:
        _checked.verdict = None


@contextmanager
def demo_cost() -> Iterator[None]:
    """In this thread, while inside: PINs are hashed at the demo's cost (DemoPinHasher's) and
    a hash at that cost is not made anew at a right log-in. Only for patrons whose PIN is no
    secret: the simulated year's (reol.insight.simulate), whose cards all open with 1234 and
    whose hundreds of door entries would otherwise cost a full Argon2 run each. Outside, such
    a hash is made anew at full cost at the first right log-in, as the demo's are."""
    before = getattr(_cost, "demo", False)
    _cost.demo = True
    try:
        yield
    finally:
        _cost.demo = before


class PinHasher(Argon2PasswordHasher):
    algorithm = "argon2"
    time_cost = 2
    memory_cost = 19456
    parallelism = 1

    def params(self) -> argon2.Parameters:
        params = super().params()
        if getattr(_cost, "demo", False):  # never dearer than this hasher's own cost
            params.time_cost = min(params.time_cost, DemoPinHasher.time_cost)
            params.memory_cost = min(params.memory_cost, DemoPinHasher.memory_cost)
        return params

    def verify(self, password: str, encoded: str) -> bool:
        verdict = getattr(_checked, "verdict", None)
        if verdict is not None and verdict[0] == password:
            _, known, right = verdict
            return right and known is not None and hmac.compare_digest(known, encoded)
        return super().verify(password, encoded)


class DemoPinHasher(PinHasher):
    """Argon2 at a demo's cost (1 MiB, 1 pass): `reol demo` hashes over a thousand PINs, each
    with its own salt, in about a second instead of half a minute. Never used for a real PIN:
    PinHasher checks these hashes (the parameters are in each hash) and, since they are not
    its own, patrons.authenticate hashes the PIN anew at full cost at the first right log-in.
    Until then a demo card answers faster than an unknown one: a demo, not a secret."""

    time_cost = 1
    memory_cost = 1024


def demo_hash(secret: str) -> str:
    """The secret hashed at demo cost, with a fresh salt."""
    hasher = DemoPinHasher()
    return hasher.encode(secret, hasher.salt())
