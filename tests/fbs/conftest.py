"""The FBS Adapter over real HTTP, every answer validated against the description the apps
are built on (../shared/schemas/fbs-adapter.yaml) by schemathesis."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import requests
import schemathesis
from django.utils import timezone

from reol.circulation import accounts, reservations, services
from tests.factories import make_item, make_patron, make_record, renewable_now
from tests.oauth import conftest as oauth

DESCRIPTION = Path(__file__).resolve().parents[3] / "shared" / "schemas" / "fbs-adapter.yaml"
if not DESCRIPTION.exists():  # a checkout beside /work/shared
    DESCRIPTION = Path("/work/shared/schemas/fbs-adapter.yaml")
SCHEMA = schemathesis.openapi.from_path(str(DESCRIPTION))


# The oauth tests' fixtures: a registered client of the library and its tokens.
api_client_for, library_token, patron_token = (
    oauth.api_client_for, oauth.library_token, oauth.patron_token)


@pytest.fixture
def bearer(client, library_token, patron_token):
    """The Authorization header of a library's (or a patron's) token, obtained from
    POST /oauth/token as the apps obtain theirs."""
    made: dict[tuple, str] = {}

    def headers(library, patron=None, pin: str = "1234") -> dict:
        key = (library.pk, patron.pk if patron else None)
        if key not in made:
            made[key] = (library_token(client, library) if patron is None
                         else patron_token(client, patron, pin))
        return {"Authorization": f"Bearer {made[key]}"}

    return headers


@dataclass
class Fbs:
    url: str

    def call(self, method: str, path: str, headers: dict, *, check: bool = True,
             **kwargs) -> requests.Response:
        """One request; with `check`, its answer must be what the description says for the
        operation (the status among those listed, a 200's body in the operation's schema)."""
        response = requests.request(method, self.url + path, headers=headers, timeout=30,
                                    **kwargs)
        if check:
            assert response.status_code in (200, 204, 400, 401, 404), response.text
            SCHEMA[path][method].validate_response(response)
        return response


@pytest.fixture
def fbs(live_server) -> Fbs:
    return Fbs(live_server.url)


@dataclass
class Shelf:
    """A patron of Glostrup with what the apps show: two loans (one renewable now, one whose
    title another patron waits for), a reservation waiting and one on the hold shelf, a fee."""

    patron: object
    other: object
    renewable: object
    reserved: object
    waiting: object
    ready: object
    records: list
    fee: object


@pytest.fixture
def shelf(network) -> Shelf:
    main = network.glostrup_main
    records = [make_record(f"Bog {n}", faust=f"2950000{n}", pid=f"870970-basis:2950000{n}")
               for n in range(5)]
    patron = make_patron(network.glostrup, name="Alma", phone="+4520000001")
    other = make_patron(network.glostrup, name="Bent")
    first, second = make_item(records[0], main), make_item(records[1], main)
    renewable = services.check_out(patron, first.barcode, main, now=renewable_now())
    reserved = services.check_out(patron, second.barcode, main, now=renewable_now())
    reservations.place_reservation(other, records[1], main)
    make_item(records[2], main, status="on_loan")
    waiting = reservations.place_reservation(patron, records[2], main)
    make_item(records[3], main)
    ready = reservations.place_reservation(patron, records[3], main)
    make_item(records[4], main)
    fee = accounts.manual_charge(patron, Decimal("25.00"), "Beskadiget omslag",
                                 library_id=network.glostrup.pk, by=None,
                                 now=timezone.now() - timedelta(days=1))
    return Shelf(patron, other, renewable, reserved, waiting, ready, records, fee)
