"""Argon2 with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane).

Django's defaults (100 MiB, 8 lanes) took 0.7 s per check on our 2-core machine: a door
controller or a kiosk waits for every PIN. A 4-digit PIN is protected by the lock after five
wrong tries, not by the cost of its hash; the cost only has to make a stolen table expensive.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class PinHasher(Argon2PasswordHasher):
    algorithm = "argon2"
    time_cost = 2
    memory_cost = 19456
    parallelism = 1


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
