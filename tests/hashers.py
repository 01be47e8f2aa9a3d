"""The suite's PIN hasher: reol's own (reol.hashers.PinHasher: Argon2, the same code, the same
algorithm name, the thread-verdict shortcut), at a few microseconds' cost instead of tens of
milliseconds. Tests hash and check thousands of PINs and passwords; what they prove is who gets
in, not what a stolen table costs. Servers the suite starts in their own processes use the
real cost (reol.settings). Its cost differs from the demo's, so a demo PIN is still rehashed
at the first right log-in (tests/circulation/test_demo.py)."""

from reol.hashers import DemoPinHasher, PinHasher


class QuickPinHasher(PinHasher):
    time_cost = 1
    memory_cost = 64  # KiB
    parallelism = 1


assert (QuickPinHasher.memory_cost, QuickPinHasher.time_cost) != (
    DemoPinHasher.memory_cost, DemoPinHasher.time_cost)
