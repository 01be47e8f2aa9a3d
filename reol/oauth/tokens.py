"""How a bearer token is kept: only its SHA-256, as staff API tokens are (core/api_auth.py).
django-oauth-toolkit keeps what it is given in `AccessToken.token` and looks tokens up by the
SHA-256 of that (`token_checksum`); reol gives it the digest, so the token itself is never
stored and a copy of the database lends nobody a patron's access."""

import hashlib

MAX_LENGTH = 200  # far above oauthlib's 30 characters; anything longer is not ours


def stored(raw: str) -> str:
    """What is kept in AccessToken.token for the token `raw`."""
    return hashlib.sha256(raw.encode()).hexdigest()


def checksum(raw: str) -> str:
    """AccessToken.token_checksum of the token `raw` (the toolkit's SHA-256 of `stored`)."""
    return hashlib.sha256(stored(raw).encode()).hexdigest()
