"""/sru answers SRU 1.2 and 2.0 as the standard writes them: every answer is checked against
the OASIS schemas (tests/schemas/sru/), on whichever database the suite runs on."""

import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pytest

from tests.factories import make_record
from tests.searching import index_caught_up

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
SRW, SRW_DIAG = "http://www.loc.gov/zing/srw/", "http://www.loc.gov/zing/srw/diagnostic/"
SRU, SRU_DIAG = ("http://docs.oasis-open.org/ns/search-ws/sruResponse",
                 "http://docs.oasis-open.org/ns/search-ws/diagnostic")
MARC = "http://www.loc.gov/MARC21/slim"
DC = "http://purl.org/dc/elements/1.1/"
ZEEREX = "http://explain.z3950.org/dtd/2.0/"
TO_OASIS = {SRW: SRU, SRW_DIAG: SRU_DIAG}


@cache
def schema(name: str):
    xmlschema = pytest.importorskip("xmlschema")
    return xmlschema.XMLSchema(SCHEMAS / name)


def valid(root: ET.Element) -> None:
    """The answer against sruResponse.xsd (a 1.2 answer moved into the 2.0 namespaces, see
    tests/schemas/sru/README.md), its records against MARC21slim.xsd and ZeeRex."""
    copy = ET.fromstring(ET.tostring(root))
    for element in copy.iter():
        ns, _, name = element.tag[1:].partition("}")
        if ns in TO_OASIS:
            element.tag = f"{{{TO_OASIS[ns]}}}{name}"
    schema("sru/sruResponse.xsd").validate(copy)
    for record in root.iter(f"{{{MARC}}}record"):
        schema("MARC21slim.xsd").validate(record)
    for explain in root.iter(f"{{{ZEEREX}}}explain"):
        schema("sru/explain.xsd").validate(explain)


def ask(client, status: int = 200, **params) -> ET.Element:
    response = client.get("/sru", params)
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/xml")
    root = ET.fromstring(response.content)
    valid(root)
    return root


def search(client, query: str, version: str = "1.2", **params) -> ET.Element:
    return ask(client, query=query, version=version, operation="searchRetrieve", **params)


def count(root: ET.Element) -> int:
    found = root.find(f"{{{SRW}}}numberOfRecords")
    if found is None:
        found = root.find(f"{{{SRU}}}numberOfRecords")
    return int(found.text)


def titles(root: ET.Element) -> list[str]:
    return [field.findtext(f"{{{MARC}}}subfield[@code='a']")
            for field in root.iter(f"{{{MARC}}}datafield") if field.get("tag") == "245"]


def diagnostic(root: ET.Element) -> tuple[str, str]:
    for ns in (SRW_DIAG, SRU_DIAG):
        if (found := root.find(f".//{{{ns}}}diagnostic")) is not None:
            return found.findtext(f"{{{ns}}}uri"), found.findtext(f"{{{ns}}}details") or ""
    raise AssertionError("no diagnostic")


@pytest.fixture
def shelf(network):
    """Three records by two authors, with subjects and ISBNs, indexed."""
    make_record("Kongens fald", creators=["Jensen, Johannes V."], subjects=["Danmark"],
                isbns=["9788702173352"], pid="870970-basis:29500000", faust="29500000",
                year=1901, language="dan")
    make_record("Himmerlandshistorier", creators=["Jensen, Johannes V."],
                subjects=["noveller", "Himmerland"])
    make_record("Journal 64", creators=["Adler-Olsen, Jussi"], subjects=["krimi", "Danmark"])
    index_caught_up()
    return network


def test_explain_without_parameters_is_sru_20_and_names_indexes_and_schemas(client, network):
    root = ask(client)
    assert root.tag == f"{{{SRU}}}explainResponse" and root.find(f"{{{SRU}}}version") is None
    names = {(n.get("set"), n.text) for n in root.iter(f"{{{ZEEREX}}}name")}
    assert {("cql", "serverChoice"), ("dc", "title"), ("dc", "creator"), ("dc", "subject"),
            ("bath", "isbn"), ("dc", "identifier"), ("rec", "id")} <= names
    schemas = {s.get("name") for s in root.iter(f"{{{ZEEREX}}}schema")}
    assert schemas == {"marcxml", "dc"}
    old = ask(client, operation="explain", version="1.2")
    assert old.tag == f"{{{SRW}}}explainResponse" and old.findtext(f"{{{SRW}}}version") == "1.2"
    assert old.find(f".//{{{ZEEREX}}}serverInfo").get("version") == "1.2"


def test_each_index_finds_what_a_cataloguer_means(client, shelf):
    assert titles(search(client, 'dc.title = "kongens fald"')) == ["Kongens fald"]
    assert sorted(titles(search(client, "dc.creator = jensen"))) == [
        "Himmerlandshistorier", "Kongens fald"]
    assert count(search(client, "dc.subject = noveller")) == 1
    assert count(search(client, "dc.title = noveller")) == 0  # a subject is not a title
    assert titles(search(client, "bath.isbn = 978-87-02-17335-2")) == ["Kongens fald"]
    assert titles(search(client, "dc.identifier = 29500000")) == ["Kongens fald"]
    assert titles(search(client, "rec.id = 870970-basis:29500000")) == ["Kongens fald"]
    assert count(search(client, "himmerland")) == 1  # a plain word is cql.serverChoice
    assert count(search(client, "cql.serverChoice all \"jensen fald\"")) == 1


def test_and_or_not_any_and_word_order(client, shelf):
    assert count(search(client, "dc.creator = jensen and dc.subject = danmark")) == 1
    assert count(search(client, "dc.title = journal or bath.isbn = 9788702173352")) == 2
    assert titles(search(client, "danmark not dc.creator = jensen")) == ["Journal 64"]
    assert count(search(client, 'dc.title any "journal himmerlandshistorier"')) == 2
    assert count(search(client, 'dc.title all "journal himmerlandshistorier"')) == 0
    assert count(search(client, 'dc.title adj "kongens fald"')) == 1
    assert count(search(client, 'dc.title adj "fald kongens"')) == 0
    assert count(search(client, "(jensen or adler) and (danmark not noveller)")) == 2


def test_paging_counts_all_and_says_where_the_next_page_starts(client, shelf):
    first = search(client, "danmark or noveller", maximumRecords="2")
    assert count(first) == 3 and len(titles(first)) == 2
    assert first.findtext(f"{{{SRW}}}nextRecordPosition") == "3"
    last = search(client, "danmark or noveller", maximumRecords="2", startRecord="3")
    assert len(titles(last)) == 1 and last.find(f"{{{SRW}}}nextRecordPosition") is None
    assert [p.text for p in last.iter(f"{{{SRW}}}recordPosition")] == ["3"]
    assert set(titles(first) + titles(last)) == {
        "Kongens fald", "Himmerlandshistorier", "Journal 64"}
    only_count = search(client, "danmark", maximumRecords="0")
    assert count(only_count) == 2 and titles(only_count) == []
    assert diagnostic(search(client, "danmark", startRecord="3")) == (
        "info:srw/diagnostic/1/61", "3")


def test_sru_20_dublin_core_and_records_packed_as_strings(client, shelf):
    root = ask(client, query="bath.isbn = 9788702173352", recordSchema="dc")
    assert root.tag == f"{{{SRU}}}searchRetrieveResponse"
    assert root.findtext(f".//{{{SRU}}}recordSchema") == "info:srw/schema/1/dc-v1.1"
    assert root.findtext(f".//{{{DC}}}title") == "Kongens fald"
    assert {e.text for e in root.iter(f"{{{DC}}}identifier")} == {
        "870970-basis:29500000", "urn:isbn:9788702173352"}
    packed = search(client, "dc.title = kongens", recordPacking="string")
    data = packed.findtext(f".//{{{SRW}}}recordData")
    record = ET.fromstring(data)
    assert record.tag == f"{{{MARC}}}record"
    schema("MARC21slim.xsd").validate(record)


@pytest.mark.parametrize(("params", "number", "details"), [
    ({"version": "1.1", "operation": "explain"}, 5, "2.0"),
    ({"version": "3.0"}, 5, "2.0"),
    ({"operation": "scan", "version": "1.2"}, 4, "scan"),
    ({"operation": "searchRetrieve", "version": "1.2"}, 7, "query"),
    ({"query": "(dc.title = kongens"}, 10, None),
    ({"query": 'dc.title = "unclosed'}, 10, None),
    ({"query": "dc.publisher = gyldendal"}, 16, "dc.publisher"),
    ({"query": "dc.title > kongens"}, 19, ">"),
    ({"query": "dc.title =/fuzzy kongens"}, 20, "=/fuzzy"),
    ({"query": 'dc.title = ""'}, 27, ""),
    ({"query": "kong*"}, 28, "kong*"),
    ({"query": "kongens prox fald"}, 37, "prox"),
    ({"query": "kongens sortBy dc.title"}, 80, ""),
    ({"query": "kongens", "sortKeys": "title"}, 80, ""),
    ({"query": "kongens", "recordSchema": "mods"}, 66, "mods"),
    ({"query": "kongens", "startRecord": "0"}, 6, "startRecord"),
    ({"query": "kongens", "maximumRecords": "-1"}, 6, "maximumRecords"),
    ({"query": "kongens", "maximumRecords": "ti"}, 6, "maximumRecords"),
    ({"query": "kongens", "recordXMLEscaping": "json"}, 71, "json"),
    ({"query": "x" * 501}, 6, "query"),
    ({"query": "kongens", "colour": "red"}, 8, "colour"),
    ({"query": "kongens", "maximumrecords": "5"}, 8, "maximumrecords"),
])
def test_what_cannot_be_answered_is_the_standards_diagnostic(client, db, params, number,
                                                             details):
    root = ask(client, **params)
    uri, said = diagnostic(root)
    assert uri == f"info:srw/diagnostic/1/{number}"
    if details is not None:
        assert said == details
    assert count(root) == 0


def test_garbage_gets_a_diagnostic_never_an_error(client, shelf):  # records: searches run
    for query in ["\x01\x02", "))((", "and", "=", "dc.title =", "a " * 240, "\ufffd" * 10,
                  "dc.title = " + "(" * 200 + "a" + ")" * 200, ">x=y z", "bath.isbn = abc"]:
        response = client.get("/sru", {"query": query})
        assert response.status_code == 200, query
        valid(ET.fromstring(response.content))


def test_at_most_fifty_records_come_at_once(client, network):
    for n in range(55):
        make_record(f"Hest nummer {n}")
    index_caught_up()
    root = search(client, "hest", maximumRecords="1000")
    assert count(root) == 55 and len(titles(root)) == 50
    assert root.findtext(f"{{{SRW}}}nextRecordPosition") == "51"


def test_a_flood_from_one_address_gets_429_and_others_go_on(client, shelf, settings):
    settings.SRU_PER_MINUTE = 3
    flood = {"REMOTE_ADDR": "192.0.2.77"}
    for _ in range(3):
        assert client.get("/sru", {"query": "kongens"}, **flood).status_code == 200
    refused = client.get("/sru", {"query": "kongens"}, **flood)
    assert refused.status_code == 429 and refused["Retry-After"]
    assert diagnostic(ET.fromstring(refused.content))[0] == "info:srw/diagnostic/1/2"
    assert client.get("/sru", {"query": "kongens"}, REMOTE_ADDR="192.0.2.78").status_code == 200
