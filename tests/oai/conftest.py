"""Every answer /oai gives is checked against the official schemas, kept beside the tests
(tests/schemas/README.md names their sources), so no check needs the network."""

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlencode

import pytest
import xmlschema

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
NS = {"o": "http://www.openarchives.org/OAI/2.0/", "m": "http://www.loc.gov/MARC21/slim",
      "dc": "http://purl.org/dc/elements/1.1/"}


@pytest.fixture(scope="session")
def oai_schema() -> xmlschema.XMLSchema10:
    """OAI-PMH.xsd with MARC21slim.xsd and oai_dc.xsd: the metadata inside an answer is
    checked strictly too (the schema's `processContents="strict"`)."""
    return xmlschema.XMLSchema10([str(SCHEMAS / name) for name in
                                  ("OAI-PMH.xsd", "MARC21slim.xsd", "oai_dc.xsd")],
                                 allow="local")


@pytest.fixture
def ask(client, oai_schema):
    """GET (or POST, form-encoded as the protocol says) /oai with these arguments; the
    answer, valid, as an element tree."""
    def asking(method: str = "get", **arguments: str) -> ET.Element:
        response = client.get("/oai", arguments) if method == "get" else client.post(
            "/oai", urlencode(arguments), content_type="application/x-www-form-urlencoded")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/xml; charset=utf-8"
        oai_schema.validate(response.content.decode())
        return ET.fromstring(response.content)
    return asking


def error_code(answer: ET.Element) -> str | None:
    found = answer.find("o:error", NS)
    return None if found is None else found.get("code")


def identifiers(answer: ET.Element) -> list[str]:
    return [e.text or "" for e in answer.iterfind(".//o:header/o:identifier", NS)]


@pytest.fixture(autouse=True)
def fresh_budgets():
    """Every test's client starts with a whole minute's budget at /oai."""
    from reol.oai import views

    views._budgets.clear()
    yield
    views._budgets.clear()
