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
