"""Secrets that operators handle: printed once, pasted into a command line or a config file."""

import secrets


def new_secret(nbytes: int = 32) -> str:
    """A URL-safe random secret that does not start with "-": pasted as an argument
    (`reol ill peer ISIL URL SECRET`) it would otherwise read as an option (1 in 64 did)."""
    while (secret := secrets.token_urlsafe(nbytes)).startswith("-"):
        pass
    return secret
