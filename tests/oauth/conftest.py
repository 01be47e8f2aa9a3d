"""Clients and tokens for the doors the libraries' apps call. Tokens are obtained by real
POSTs to /oauth/token, so every test that uses one also exercises the token endpoint."""

import base64

import pytest

from reol.oauth import services


def basic(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


@pytest.fixture
def api_client_for(db):
    """(client_id, client_secret) of a client of the library, made once per test."""
    made: dict[int, tuple[str, str]] = {}

    def register(library) -> tuple[str, str]:
        if library.pk not in made:
            made[library.pk] = services.add_client(library, f"Site of {library.agency}")
        return made[library.pk]

    return register


@pytest.fixture
def library_token(api_client_for):
    """A library-level token: client credentials, the secret in the form body."""

    def obtain(client, library) -> str:
        client_id, secret = api_client_for(library)
        answer = client.post("/oauth/token", {"grant_type": "client_credentials",
                                              "client_id": client_id, "client_secret": secret},
                             secure=True)
        assert answer.status_code == 200, answer.content
        return answer.json()["access_token"]

    return obtain


@pytest.fixture
def patron_token(api_client_for):
    """A patron-level token: the password grant through the patron's library's client (the
    client authenticated with HTTP Basic, as the national log-in's clients are)."""

    def obtain(client, patron, pin: str = "1234") -> str:
        answer = password_grant(client, api_client_for(patron.library), patron.card, pin)
        assert answer.status_code == 200, answer.content
        return answer.json()["access_token"]

    return obtain


def password_grant(client, credentials: tuple[str, str], card: str, pin: str):
    return client.post("/oauth/token", {"grant_type": "password", "username": card,
                                        "password": pin},
                       HTTP_AUTHORIZATION=basic(*credentials), secure=True)


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
