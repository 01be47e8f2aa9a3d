"""Secrets printed for operators paste safely into a command line."""

from reol.core.tokens import new_secret


def test_no_secret_starts_like_an_option():
    # Without the rule about 1 in 64 would: 2,000 draws all but surely include some.
    drawn = [new_secret() for _ in range(2000)]
    assert not [s for s in drawn if s.startswith("-")]
    assert len(set(drawn)) == 2000 and all(len(s) >= 43 for s in drawn)
