"""/oai answers every verb and every error as OAI-PMH 2.0 says, valid against its schemas."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reol.catalogue import marc_export, marc_import, merging
from reol.catalogue.models import Record
from reol.core.actor import Actor
from tests.factories import make_item, make_record
from tests.oai.conftest import NS, error_code, identifiers

T0 = datetime(2026, 11, 30, 12, 0, 0, tzinfo=UTC)


@pytest.fixture
def shelves(network) -> dict[str, Record]:
    """A book at Glostrup, a film at Randers, a book at both; changed a minute apart."""
    made = {
        "book": make_record("Kongens Fald", isbns=["9788702173352"], year=1901,
                            creators=["Johannes V. Jensen"], subjects=["Christian 2."]),
        "film": make_record("Jagten", material_type="film", year=2012),
        "both": make_record("Ternet Ninja", year=2016),
    }
    make_item(made["book"], network.glostrup_main)
    make_item(made["film"], network.randers_main)
    make_item(made["both"], network.glostrup_main)
    make_item(made["both"], network.randers_bus)
    for minute, record in enumerate(made.values()):
        Record.objects.filter(pk=record.pk).update(changed=T0 + timedelta(minutes=minute))
    return made


def test_identify_formats_and_sets_describe_the_repository(ask, shelves):
    identify = ask(verb="Identify")
    assert identify.findtext(".//o:deletedRecord", namespaces=NS) == "persistent"
    assert identify.findtext(".//o:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.findtext(".//o:earliestDatestamp", namespaces=NS) == "2026-11-30T12:00:00Z"
    formats = ask(verb="ListMetadataFormats", identifier=shelves["book"].pid)
    assert {e.text for e in formats.iterfind(".//o:metadataPrefix", NS)} == {"marc21", "oai_dc"}
    sets = {e.text for e in ask(verb="ListSets").iterfind(".//o:setSpec", NS)}
    assert {"library:716100", "library:773000", "type:book", "type:film"} <= sets


def test_every_error_the_protocol_defines_comes_as_a_valid_answer_by_get_and_post(ask, shelves):
    cases = [
        ({"verb": "Sing"}, "badVerb"),
        ({"verb": "GetRecord", "metadataPrefix": "marc21"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21", "from": "30-11-2026"},
         "badArgument"),
        ({"verb": "GetRecord", "identifier": shelves["book"].pid, "metadataPrefix": "mods"},
         "cannotDisseminateFormat"),
        ({"verb": "GetRecord", "identifier": "870970-basis:0", "metadataPrefix": "marc21"},
         "idDoesNotExist"),
        ({"verb": "ListMetadataFormats", "identifier": "870970-basis:0"}, "idDoesNotExist"),
        ({"verb": "ListIdentifiers", "metadataPrefix": "marc21", "until": "2020-01-01"},
         "noRecordsMatch"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21", "set": "library:999999"},
         "noRecordsMatch"),
        ({"verb": "ListRecords", "resumptionToken": "not-ours.0"}, "badResumptionToken"),
        ({"verb": "ListSets", "resumptionToken": "not-ours.0"}, "badResumptionToken"),
    ]
    for method in ("get", "post"):
        for arguments, code in cases:
            assert error_code(ask(method, **arguments)) == code, arguments


def test_a_record_comes_in_marcxml_and_in_dublin_core(ask, shelves):
    book = shelves["book"]
    marc = ask(verb="GetRecord", identifier=book.pid, metadataPrefix="marc21")
    assert marc.findtext(".//o:header/o:datestamp", namespaces=NS) == "2026-11-30T12:00:00Z"
    title = marc.find(".//m:datafield[@tag='245']/m:subfield[@code='a']", NS)
    assert title is not None and title.text == "Kongens Fald"
    dc = ask("post", verb="GetRecord", identifier=book.pid, metadataPrefix="oai_dc")
    assert dc.findtext(".//dc:title", namespaces=NS) == "Kongens Fald"
    assert dc.findtext(".//dc:creator", namespaces=NS) == "Johannes V. Jensen"
    assert {e.text for e in dc.iterfind(".//dc:identifier", NS)} == {
        book.pid, "urn:isbn:9788702173352"}


def test_sets_are_the_libraries_holding_copies_and_the_material_types(ask, shelves):
    def listed(spec: str) -> set[str]:
        return set(identifiers(ask(verb="ListIdentifiers", metadataPrefix="oai_dc", set=spec)))

    assert listed("library:716100") == {shelves["book"].pid, shelves["both"].pid}
    assert listed("library:773000") == {shelves["film"].pid, shelves["both"].pid}
    assert listed("type:film") == {shelves["film"].pid}
    header = ask(verb="GetRecord", identifier=shelves["both"].pid, metadataPrefix="marc21")
    assert [e.text for e in header.iterfind(".//o:setSpec", NS)] == [
        "library:716100", "library:773000", "type:book"]


def test_from_and_until_choose_by_the_second_and_by_the_day(ask, shelves):
    def listed(**dates: str) -> list[str]:
        answer = ask(verb="ListIdentifiers", metadataPrefix="marc21", **dates)
        return [] if error_code(answer) else identifiers(answer)

    book, film, both = (shelves[k].pid for k in ("book", "film", "both"))
    assert listed(**{"from": "2026-11-30T12:01:00Z"}) == [film, both]
    assert listed(until="2026-11-30T12:01:00Z") == [book, film]
    assert listed(**{"from": "2026-11-30T12:00:01Z", "until": "2026-11-30T12:01:59Z"}) == [film]
    assert listed(**{"from": "2026-11-30", "until": "2026-11-30"}) == [book, film, both]
    assert listed(**{"from": "2026-12-01"}) == []


def test_a_merged_away_record_is_answered_as_deleted_for_good(ask, shelves):
    book, twin = shelves["book"], make_record("Kongens fald", isbns=["9788702173352"])
    before = datetime.now(UTC).replace(microsecond=0)
    merging.merge_records(book, twin, Actor("lone"), None)
    gone = ask(verb="GetRecord", identifier=twin.pid, metadataPrefix="marc21")
    header = gone.find(".//o:header", NS)
    assert header is not None and header.get("status") == "deleted"
    assert gone.find(".//o:metadata", NS) is None
    stamp = datetime.strptime(header.findtext("o:datestamp", namespaces=NS) or "",
                              "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert before <= stamp <= datetime.now(UTC)
    since = ask(verb="ListIdentifiers", metadataPrefix="marc21", **{"from": "2026-12-01"})
    assert [(h.findtext("o:identifier", namespaces=NS), h.get("status"))
            for h in since.iterfind(".//o:header", NS)] == [(book.pid, None),
                                                             (twin.pid, "deleted")]
    make_record("Kongens fald", pid=twin.pid)  # the same pid catalogued again: live again
    back = ask(verb="GetRecord", identifier=twin.pid, metadataPrefix="oai_dc")
    assert back.find(".//o:header", NS).get("status") is None


def test_a_long_list_comes_in_pages_that_say_where_they_are(ask, shelves, settings):
    settings.OAI_PAGE_SIZE = 10
    for n in range(22):
        make_record(f"Bind {n}")
    seen: list[str] = []
    answer = ask(verb="ListRecords", metadataPrefix="marc21")
    while True:
        seen += identifiers(answer)
        token = answer.find(".//o:resumptionToken", NS)
        if token is None or not token.text:
            break
        assert token.get("completeListSize") == "25"
        assert token.get("cursor") == str(len(seen) - 10 if len(seen) > 10 else 0)
        answer = ask(verb="ListRecords", resumptionToken=token.text)
    assert sorted(seen) == sorted(Record.objects.values_list("pid", flat=True))
    assert len(seen) == 25
    assert token is not None and token.get("cursor") == "20"  # the last page's first item


def test_a_flood_from_one_address_is_told_to_come_back_later(client, settings, shelves):
    settings.OAI_PER_MINUTE = 3
    answers = [client.get("/oai", {"verb": "Identify"}) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 503]
    assert answers[-1]["Retry-After"] == "10"


def test_a_page_costs_the_same_statements_for_few_records_as_for_many(client, network,
                                                                     settings):
    settings.OAI_PAGE_SIZE = 20

    def statements() -> int:
        with CaptureQueriesContext(connection) as queries:
            answer = client.get("/oai", {"verb": "ListRecords", "metadataPrefix": "marc21"})
        assert answer.status_code == 200
        return len(queries)

    def add(n: int) -> None:
        for _ in range(n):
            record = make_record("Bind")
            make_item(record, network.glostrup_main)
            make_item(record, network.randers_main)

    add(5)
    few = statements()
    add(10)
    assert statements() == few


def test_the_sequence_of_the_openarchives_validator_passes(ask, shelves):
    """What the Open Archives Initiative's repository validator asks, in its order, with the
    answers it expects (it needs the internet; the same checks here, every answer valid)."""
    identify = ask(verb="Identify")
    assert identify.findtext(".//o:baseURL", namespaces=NS) == "http://testserver/oai"
    earliest = identify.findtext(".//o:earliestDatestamp", namespaces=NS) or ""
    assert "oai_dc" in {e.text for e in ask(verb="ListMetadataFormats").iterfind(
        ".//o:metadataPrefix", NS)}
    first = identifiers(ask(verb="ListIdentifiers", metadataPrefix="oai_dc"))[0]
    assert error_code(ask(verb="GetRecord", identifier=first, metadataPrefix="oai_dc")) is None
    for since in (earliest, earliest[:10]):  # seconds, then days, from the earliest datestamp
        assert first in identifiers(ask(verb="ListIdentifiers", metadataPrefix="oai_dc",
                                        **{"from": since}))
    assert error_code(ask(verb="ListRecords", metadataPrefix="oai_dc", until="1990-02-01")) \
        == "noRecordsMatch"
    for wrong, code in (({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc",
                          "from": earliest[:10], "until": earliest}, "badArgument"),
                        ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc",
                          "until": "2002-02-05T12:00"}, "badArgument"),
                        ({"verb": "ListRecords", "metadataPrefix": "oai_dc",
                          "resumptionToken": "junk"}, "badArgument"),
                        ({"verb": "GetRecord", "identifier": first}, "badArgument"),
                        ({"verb": "ListSets", "set": "type:book"}, "badArgument"),
                        ({"verb": "Identify", "verb2": "Identify"}, "badArgument"),
                        ({"verb": "GetRecord", "identifier": "really-wrong-identifier",
                          "metadataPrefix": "oai_dc"}, "idDoesNotExist"),
                        ({"verb": "ListIdentifiers", "metadataPrefix": "nonexistent"},
                         "cannotDisseminateFormat"),
                        ({"verb": "ListRecords", "resumptionToken": "junk"},
                         "badResumptionToken")):
        assert error_code(ask(**wrong)) == code, wrong


def test_a_record_imported_with_an_old_005_is_harvested_as_changed_today(ask, shelves):
    """An imported catalogue keeps the former system's 005 (the record's own time), but the
    harvest datestamp is when this database took the record, so an incremental harvest from
    before the import sees it."""
    book = shelves["book"]
    Record.objects.filter(pk=book.pk).update(updated=datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC))
    exported = io.BytesIO()
    list(marc_export.export_records(exported, "xml", Record.objects.filter(pk=book.pk)))
    before = datetime.now(UTC).replace(microsecond=0)
    Record.objects.filter(pk=book.pk).delete()
    outcomes = list(marc_import.import_records(io.BytesIO(exported.getvalue())))
    assert [o.status for o in outcomes] == ["created"]
    taken = Record.objects.get(pid=book.pid)
    assert taken.updated == datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)  # 005 kept for export
    since = before.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert identifiers(ask(verb="ListIdentifiers", metadataPrefix="marc21",
                           **{"from": since})) == [book.pid]
