"""POST /fbi/graphql answers the queries the libraries' apps send to the national catalogue's
GraphQL (FBI), from reol's records, in the published schema's shape; garbage and floods get
GraphQL's standard `errors`, never a 500."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reol.catalogue import covers
from reol.fbi import limits, views
from tests.catalogue.test_covers import png
from tests.factories import make_record

from .checking import app_queries, fits_schema, post

URL = "/fbi/graphql"


@pytest.fixture
def editions(db):
    """One work in two editions (the newer is its best representation), and another book."""
    old = make_record("Kvinden i buret", creators=["Jussi Adler-Olsen"], year=2007,
                      pid="870970-basis:27045956", isbns=["9788756788045"], language="dan",
                      description="Carl Mørck får en gammel sag.", publisher="Politiken")
    new = make_record("Kvinden i buret", creators=["Jussi Adler-Olsen"], year=2019,
                      pid="870970-basis:54871910", isbns=["9788740058697"], language="dan")
    other = make_record("Fasandræberne", creators=["Jussi Adler-Olsen"], year=2008,
                        material_type="audiobook")
    for record in (old, new, other):
        record.refresh_from_db()  # the catalogue grouped them in works as they were saved
    assert old.work_id == new.work_id != other.work_id
    return {"old": old, "new": new, "other": other}


@pytest.fixture(autouse=True)
def fresh_budgets():
    views.budgets.clear()
    yield
    views.budgets.clear()


@pytest.mark.django_db(transaction=True)
def test_the_apps_queries_answer_reols_records_in_the_schemas_shape(live_server, editions):
    old, new = editions["old"], editions["new"]
    asked = [
        ("getManifestationViaMaterialByFaust", {"faust": old.faust}),
        ("getManifestationViaBestRepresentationByFaust", {"faust": old.faust}),
        ("GetCoversByPids", {"pids": [old.pid, "870970-basis:00000000"]}),
        ("GetBestRepresentationPidByIsbn", {"cql": "term.isbn=9788756788045", "offset": 0,
                                            "limit": 1, "filters": {}}),
    ]
    answers = {}
    for name, variables in asked:
        query = app_queries()[name]
        status, body = post(live_server.url + URL, {"query": query, "variables": variables})
        assert status == 200 and "errors" not in body, body
        assert fits_schema(query, variables, body["data"]) == []
        answers[name] = body["data"]

    material = answers["getManifestationViaMaterialByFaust"]["manifestation"]
    assert material["pid"] == old.pid and material["titles"]["full"] == ["Kvinden i buret"]
    assert material["creators"] == [{"display": "Jussi Adler-Olsen"}]
    assert material["edition"]["publicationYear"]["display"] == "2007"
    assert material["abstract"] == ["Carl Mørck får en gammel sag."]
    assert material["languages"]["main"][0]["isoCode"] == "dan"
    assert material["materialTypes"][0]["materialTypeSpecific"]["display"] == "bog"
    assert material["ownerWork"]["workId"] == f"work-of:{old.pid}"
    best = answers["getManifestationViaBestRepresentationByFaust"]["manifestation"]
    assert best["ownerWork"]["manifestations"]["bestRepresentation"]["pid"] == new.pid
    covers = answers["GetCoversByPids"]["manifestations"]
    assert covers[0]["pid"] == old.pid and covers[0]["cover"]["medium"] is None
    assert covers[1] is None  # an unknown pid: null, as FBI answers
    works = answers["GetBestRepresentationPidByIsbn"]["complexSearch"]["works"]
    assert works[0]["manifestations"]["bestRepresentation"]["pid"] == new.pid


def test_an_unknown_faust_is_null_and_a_national_record_answers_for_its_faust(editions):
    local = make_record("Kvinden i buret (lokal)", pid="775100-katalog:27045956")
    query = app_queries()["getManifestationViaMaterialByFaust"]
    answer = Client().post(URL, {"query": query, "variables": {"faust": "99999999"}},
                           content_type="application/json")
    assert answer.status_code == 200 and answer.json() == {"data": {"manifestation": None}}
    answer = Client().post(URL, {"query": query, "variables": {"faust": local.faust}},
                           content_type="application/json")
    assert answer.json()["data"]["manifestation"]["pid"] == editions["old"].pid


def test_a_cover_staff_supplied_is_answered_with_its_absolute_address(editions):
    record = editions["old"]
    covers.set_cover(record, SimpleUploadedFile("c.png", png(), "image/png"), None)
    body = {"query": app_queries()["GetCoversByPids"], "variables": {"pids": [record.pid]}}
    cover = Client().post(URL, body, content_type="application/json").json()[
        "data"]["manifestations"][0]["cover"]
    assert cover["xSmall"] == cover["large"]  # the one image at every size
    assert re.fullmatch(rf"http://testserver/records/{record.pid}/cover/\?v=\d+",
                        cover["medium"]["url"])
    assert Client().get(cover["medium"]["url"]).status_code == 200


def test_many_manifestations_cost_no_more_statements_than_one(editions):
    counts = []
    for records in (1, 20):
        pids = [make_record(f"Bog {records}-{n}", year=2000 + n).pid for n in range(records)]
        body = {"query": "query Q($p: [String!]) { manifestations(pid: $p) { pid titles "
                         "{ full } ownerWork { workId manifestations { bestRepresentation "
                         "{ pid } all { pid } } } } }", "variables": {"p": pids}}
        with CaptureQueriesContext(connection) as run:
            answer = Client().post(URL, body, content_type="application/json")
        assert len(answer.json()["data"]["manifestations"]) == records
        counts.append(len(run))
    assert counts[0] == counts[1]


# A fan-out: few tokens, 10 × 10 × 30 fields once the fragments are spread.
WIDE = ("{ manifestation(faust: \"1\") { ...A } } fragment A on Manifestation { "
        + " ".join(f"a{n}: ownerWork {{ ...B }}" for n in range(10))
        + " } fragment B on Work { "
        + " ".join(f"b{n}: manifestations {{ ...C }}" for n in range(10))
        + " } fragment C on Manifestations { "
        + " ".join(f"c{n}: latest {{ pid }}" for n in range(30)) + " }")
DEEP = "{ manifestation(faust: \"1\") { " + "ownerWork { manifestations { latest { " * 6 + \
    "pid" + " } } }" * 6 + " } }"


@pytest.mark.parametrize(("body", "status", "code"), [
    (b"not json", 400, "graphql_no_query"),
    ({"variables": {}}, 400, "graphql_no_query"),
    ({"query": "{ manifestation(faust: "}, 400, None),  # graphql-core's syntax error
    ({"query": "{ manifestation(faust: \"1\") { nosuchfield } }"}, 400, None),
    ({"query": "{ work(id: \"x\") { workId } }"}, 400, "graphql_not_served"),
    ({"query": "mutation { __typename }"}, 400, None),
    ({"query": "query A { __typename } query B { __typename }"}, 400, None),
    ({"query": DEEP}, 400, "graphql_too_deep"),
    ({"query": WIDE}, 400, "graphql_too_wide"),
    ({"query": "{ manifestation(faust: \"1\") { " + "a: titles { main } " * 60 + "} }"},
     400, "graphql_same_name"),  # each pair would be compared by validation
    ({"query": "{" + " __typename" * limits.MAX_TOKENS + " }"}, 400, None),  # tokens
    ({"query": "{ manifestations(pid: $p) { pid } }"}, 400, None),
    ({"query": "query Q($p: [String!]) { manifestations(pid: $p) { pid } }",
      "variables": {"p": [str(n) for n in range(200)]}}, 400, "graphql_too_many_ids"),
    ({"query": "{ complexSearch(cql: \"term.title=x\") { hitcount } }"}, 400, "graphql_cql"),
    ({"query": "{ complexSearch(cql: \"term.isbn=9788756788045\") "
               "{ works(limit: 10000, offset: 0) { workId } } }"}, 400, "graphql_page"),
], ids=["not-json", "no-query", "syntax", "unknown-field", "not-served", "mutation",
        "two-operations", "deep", "wide", "same-name", "many-tokens", "undeclared-variable",
        "too-many-ids", "other-cql", "huge-page"])
def test_garbage_gets_standard_graphql_errors_never_a_500(db, body, status, code):
    answer = Client().post(URL, body, content_type="application/json")
    assert answer.status_code == status, answer.content
    errors = answer.json()["errors"]
    assert errors and all(isinstance(e["message"], str) for e in errors)
    if code:
        assert code in [e.get("extensions", {}).get("code") for e in errors]


def test_a_get_or_an_oversized_body_is_refused_in_the_errors_shape(db):
    assert Client().get(URL).json()["errors"]
    answer = Client().post(URL, b"{" + b" " * limits.MAX_BYTES + b"}",
                           content_type="application/json")
    assert answer.status_code == 413 and answer.json()["errors"]


def test_a_flood_from_one_address_is_refused_with_429(db, settings):
    settings.FBI_PER_MINUTE = 3
    body = {"query": "{ __typename }"}
    answers = [Client().post(URL, body, content_type="application/json") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[3].json()["errors"][0]["extensions"]["code"] == "graphql_flood"
    other = Client(REMOTE_ADDR="192.0.2.7").post(URL, body, content_type="application/json")
    assert other.status_code == 200  # another client's budget is its own
