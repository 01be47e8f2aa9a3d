"""The JSON API as another system sees it."""

import pytest

from reol.catalogue.models import Item
from tests.factories import make_item, make_record
from tests.searching import index_caught_up


@pytest.fixture
def catalogue(network):
    record = make_record(
        "Journal 64 : krimithriller", pid="870970-basis:28511663", creators=["Jussi Adler-Olsen"],
        subjects=["krimi", "Danmark"], language="dan", year=2010,
    )
    make_item(record, network.glostrup_main)
    make_item(record, network.randers_main, status=Item.Status.ON_LOAN)
    make_record("Flaskepost fra P", creators=["Jussi Adler-Olsen"], material_type="film",
                language="dan", subjects=["krimi"])
    index_caught_up()
    return record


def test_search_answers_with_count_results_and_facets(client, catalogue):
    answer = client.get("/api/v1/search", {"q": "krimier"}).json()
    assert answer["count"] == 2
    first = answer["results"][0]
    assert set(first) >= {"pid", "title", "creators", "type", "language", "year", "subjects",
                          "available"}
    by_pid = {r["pid"]: r for r in answer["results"]}
    hit = by_pid["870970-basis:28511663"]
    assert hit["creators"] == ["Jussi Adler-Olsen"]
    assert (hit["type"], hit["language"], hit["year"], hit["available"]) == ("book", "dan", 2010,
                                                                             True)
    assert answer["facets"]["type"] == {"book": 1, "film": 1}
    assert answer["facets"]["library"] == {"716100": 1}


def test_search_filters_by_type_language_audience_and_library(client, catalogue):
    def count(**params):
        return client.get("/api/v1/search", {"q": "adler-olsen", **params}).json()["count"]

    assert count() == 2
    assert count(type="film") == 1
    assert count(language="eng") == 0
    assert count(audience="adult") == 2
    assert count(library="716100") == 1


def test_page_size_is_capped(client, network):
    for n in range(105):
        make_record(f"Hest {n}")
    index_caught_up()
    answer = client.get("/api/v1/search", {"q": "hest", "page_size": 100000}).json()
    assert answer["count"] == 105
    assert len(answer["results"]) == 100
    assert answer["page_size"] == 100


def test_a_record_comes_with_its_items(client, catalogue):
    answer = client.get("/api/v1/records/870970-basis:28511663").json()
    assert answer["title"] == "Journal 64 : krimithriller"
    assert sorted((i["library"], i["branch"], i["status"]) for i in answer["items"]) == [
        ("716100", "glostrup", "available"),
        ("773000", "randers-hb", "on_loan"),
    ]
    assert all(i["barcode"] for i in answer["items"])


def test_an_unknown_pid_is_a_404_with_a_message(client, network):
    response = client.get("/api/v1/records/870970-basis:00000000")
    assert response.status_code == 404
    assert "870970-basis:00000000" in response.json()["detail"]


def test_libraries_list_agency_isil_region_and_branches(client, network):
    libraries = {lib["agency"]: lib for lib in client.get("/api/v1/libraries").json()}
    glostrup = libraries["716100"]
    assert glostrup["isil"] == "DK-716100"
    assert (glostrup["name"], glostrup["municipality"], glostrup["kind"], glostrup["region"]) == (
        "Glostrup Bibliotek", "Glostrup", "municipal", "Gentofte")
    assert glostrup["branches"] == [
        {"code": "glostrup", "name": "Glostrup Bibliotek", "kind": "main", "address": ""}
    ]
    assert {b["kind"] for b in libraries["773000"]["branches"]} == {"main", "bookmobile"}


BAD_INPUT = [
    {"q": ""},
    {"q": "x" * 10_000},
    {"q": '"krimi'}, {"q": "krimi*"}, {"q": "(krimi"}, {"q": "krimi NEAR hest"},
    {"q": "-krimi"}, {"q": "title:krimi"}, {"q": "' OR 1=1; --"},
    {"q": "krimi\x00\x01\x1b"},
    {"q": "krimi", "page_size": "99999999999999999999999"},
    {"q": "krimi", "page_size": "-1"},
    {"q": "krimi", "page": "0"},
    {"q": "krimi", "page": "abc"},
    {"q": "krimi", "page": "1e400"},
    {"q": "krimi", "type": "x" * 5000},
    {"q": "krimi", "library": "'; DROP TABLE x"},
]


@pytest.mark.parametrize("params", BAD_INPUT)
def test_bad_input_gets_an_answer_or_a_400_never_a_500(client, catalogue, params):
    response = client.get("/api/v1/search", params)
    assert response.status_code in (200, 400)
    body = response.json()
    if response.status_code == 400:
        assert body["detail"]
        assert "Traceback" not in body["detail"]
    else:
        assert "results" in body


def test_refusals_speak_the_callers_language(client, network):
    english = client.get("/api/v1/search", {"q": "x" * 600}, HTTP_ACCEPT_LANGUAGE="en")
    danish = client.get("/api/v1/search", {"q": "x" * 600}, HTTP_ACCEPT_LANGUAGE="da")
    assert "too long" in english.json()["detail"]
    assert "for lang" in danish.json()["detail"]


def test_openapi_describes_the_api(client, network):
    spec = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/search", "/api/v1/records/{pid}", "/api/v1/libraries"} <= set(spec["paths"])
