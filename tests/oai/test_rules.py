"""What an OAI-PMH request may say: verbs, arguments, dates and tokens. No database."""

from datetime import UTC, datetime, timedelta

import pytest

from reol.errors import DomainError
from reol.oai import rules

NOW = datetime(2026, 12, 7, 10, 30, 15, 250000, tzinfo=UTC)
KEY = b"k" * 32


def refusal(arguments: dict[str, list[str]]) -> str:
    with pytest.raises(DomainError) as caught:
        rules.parse(arguments, NOW, KEY)
    return rules.protocol_error(caught.value)


def test_each_malformed_request_gets_the_error_the_protocol_names():
    assert refusal({}) == "badVerb"
    assert refusal({"verb": ["Harvest"]}) == "badVerb"
    assert refusal({"verb": ["Identify", "Identify"]}) == "badVerb"
    assert refusal({"verb": ["Identify"], "set": ["type:book"]}) == "badArgument"
    assert refusal({"verb": ["GetRecord"], "identifier": ["x"]}) == "badArgument"
    assert refusal({"verb": ["ListRecords"], "metadataPrefix": ["marc21", "oai_dc"]}) == \
        "badArgument"
    assert refusal({"verb": ["ListRecords"], "metadataPrefix": ["mods"]}) == \
        "cannotDisseminateFormat"
    assert refusal({"verb": ["ListRecords"], "metadataPrefix": ["marc21"],
                    "set": ["shelf:1"]}) == "noRecordsMatch"
    assert refusal({"verb": ["ListRecords"], "resumptionToken": ["abc"],
                    "metadataPrefix": ["marc21"]}) == "badArgument"
    assert refusal({"verb": ["ListRecords"], "resumptionToken": ["abc.def"]}) == \
        "badResumptionToken"


def test_from_and_until_are_inclusive_at_either_granularity_but_not_mixed():
    day = rules.parse({"verb": ["ListIdentifiers"], "metadataPrefix": ["marc21"],
                       "from": ["2026-12-01"], "until": ["2026-12-02"]}, NOW, KEY)
    assert day.start == datetime(2026, 12, 1, tzinfo=UTC)
    assert day.end == datetime(2026, 12, 3, tzinfo=UTC)  # all of 2 December
    second = rules.parse({"verb": ["ListIdentifiers"], "metadataPrefix": ["marc21"],
                          "until": ["2026-12-02T08:00:00Z"]}, NOW, KEY)
    assert second.end == datetime(2026, 12, 2, 8, 0, 1, tzinfo=UTC)
    for bad in ({"from": ["2026-12-01"], "until": ["2026-12-02T08:00:00Z"]},
                {"from": ["2026-12-03"], "until": ["2026-12-02"]},
                {"from": ["2026-12-01T08:00:00"]}, {"from": ["2026-13-01"]},
                {"until": ["2026"]}):
        assert refusal({"verb": ["ListRecords"], "metadataPrefix": ["oai_dc"], **bad}) == \
            "badArgument"


def test_a_harvest_ends_now_even_when_its_until_lies_ahead():
    """Frozen at the first page: what changes during the harvest is left to the next one."""
    open_ended = rules.parse({"verb": ["ListRecords"], "metadataPrefix": ["marc21"]}, NOW, KEY)
    ahead = rules.parse({"verb": ["ListRecords"], "metadataPrefix": ["marc21"],
                         "until": ["2030-01-01"]}, NOW, KEY)
    assert open_ended.end == ahead.end == NOW


def test_a_token_comes_back_as_it_was_given_and_a_changed_one_is_refused():
    token = rules.Token("oai_dc", "type:book", NOW - timedelta(days=1), NOW, rules.DELETED,
                        NOW - timedelta(hours=1), 42, 200, 1234)
    written = rules.write_token(token, KEY)
    request = rules.parse({"verb": ["ListRecords"], "resumptionToken": [written]}, NOW, KEY)
    assert request.token == token
    body, _, signature = written.partition(".")
    for forged in (f"{body}x.{signature}", f"{body}.{signature[:-1]}0", written + "é", ""):
        assert refusal({"verb": ["ListIdentifiers"], "resumptionToken": [forged]}) == \
            "badResumptionToken"
    with pytest.raises(DomainError):
        rules.read_token(written, b"another key")


def test_only_arguments_of_the_form_the_schema_allows_are_echoed():
    assert rules.echo({"verb": ["ListRecords"], "metadataPrefix": ["marc 21"],
                       "set": ["library:716100"], "from": ["yesterday"],
                       "until": ["2026-12-01", "2026-12-02"]}) == {
        "verb": "ListRecords", "set": "library:716100"}
