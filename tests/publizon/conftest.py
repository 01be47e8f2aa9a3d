"""The provider API over real HTTP, every answer validated against the description the sites
are built on (../shared/schemas/publizon-adapter.yaml): a 200 by schemathesis against its
operation, a refusal's 400 against the description's ApiResult."""

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import jsonschema_rs
import pytest
import requests
import schemathesis
import yaml

from reol.digital import services as digital
from reol.digital.models import DigitalTerms, DigitalTitle
from tests.factories import make_patron, make_record
from tests.fbs.conftest import bearer  # noqa: F401  (a token from POST /oauth/token)
from tests.oauth import conftest as oauth

DESCRIPTION = Path(__file__).resolve().parents[3] / "shared" / "schemas" / "publizon-adapter.yaml"
if not DESCRIPTION.exists():  # a checkout beside /work/shared
    DESCRIPTION = Path("/work/shared/schemas/publizon-adapter.yaml")
SCHEMA = schemathesis.openapi.from_path(str(DESCRIPTION))
COMPONENTS = yaml.safe_load(DESCRIPTION.read_text())["components"]

api_client_for, library_token, patron_token = (
    oauth.api_client_for, oauth.library_token, oauth.patron_token)


def component(name: str, answer: object) -> None:
    """`answer` is a valid `name` of the description's components."""
    jsonschema_rs.validate({"$ref": f"#/components/schemas/{name}", "components": COMPONENTS},
                           answer)


@dataclass
class Publizon:
    url: str

    def call(self, method: str, path: str, headers: dict, *, template: str | None = None,
             **kwargs) -> requests.Response:
        """One request to /publizon; its answer must be what the description says: a 200 in
        its operation's schema, a refusal (400) an ApiResult."""
        response = requests.request(method, f"{self.url}/publizon{path}", headers=headers,
                                    timeout=30, **kwargs)
        assert response.status_code in (200, 400), response.text
        if response.status_code == 200:
            SCHEMA[template or path][method].validate_response(response)
        else:
            component("ApiResult", response.json())
        return response


@pytest.fixture
def publizon(live_server) -> Publizon:
    return Publizon(live_server.url)


@dataclass
class Titles:
    """Glostrup's digital terms (two e-books and one audiobook a month) and four titles:
    pay per loan (two e-books), one copy (lent to another patron) and free audio."""

    patron: object
    other: object
    paid: list
    one_copy: DigitalTitle
    free_audio: DigitalTitle


ISBNS = ["9788700000018", "9788700000025", "9788700000032", "9788700000049", "9788700000056"]


def _title(name: str, isbn: str, licence: str, material_type: str = "ebook") -> DigitalTitle:
    record = make_record(name, creators=["Adler-Olsen, Jussi"], material_type=material_type,
                         isbns=[isbn], year=2007, publisher="Politiken")
    return DigitalTitle.objects.create(record=record, licence=licence)


@pytest.fixture
def titles(network) -> Titles:
    DigitalTerms.objects.create(library=network.glostrup, ebook_cap=2, eaudiobook_cap=1,
                                price_per_loan=Decimal("18"))
    paid = [_title(f"Bog {n}", ISBNS[n], "pay_per_loan") for n in range(3)]
    one_copy = _title("Kvinden i buret", ISBNS[3], "one_copy")
    free_audio = _title("Fasandræberne", ISBNS[4], "free", "eaudiobook")
    patron = make_patron(network.glostrup, name="Alma")
    other = make_patron(network.glostrup, name="Bent")
    digital.lend(other, one_copy)
    return Titles(patron, other, paid, one_copy, free_audio)
