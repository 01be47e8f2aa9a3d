"""The patron pages, rendered by the real views and templates."""

import pytest

from reol.catalogue.models import Item
from tests.factories import make_item, make_record
from tests.searching import index_caught_up


@pytest.fixture
def record(network):
    record = make_record(
        "Journal 64 : krimithriller", pid="870970-basis:28511663", creators=["Jussi Adler-Olsen"],
        subjects=["krimi"], description="Carl Mørck genåbner en gammel sag.",
    )
    make_item(record, network.glostrup_main)
    make_item(record, network.randers_main, status=Item.Status.ON_LOAN)
    make_item(record, network.randers_bus, status=Item.Status.IN_TRANSIT)
    make_record("Flaskepost fra P", subjects=["krimi"], material_type="film")
    index_caught_up()
    return record


def page(client, url, **params):
    response = client.get(url, params)
    return response, response.content.decode()


def test_the_front_page_welcomes_with_a_labelled_search_box(client, network):
    response, html = page(client, "/")
    assert response.status_code == 200
    assert '<html lang="da">' in html
    assert '<label for="q"' in html and 'id="q"' in html
    assert html.count("<main") == 1 and html.count("<h1") == 1


def test_results_show_hits_and_facets_in_danish(client, record):
    response, html = page(client, "/", q="krimier")
    assert response.status_code == 200
    assert "2 resultater" in html
    assert 'Journal 64<span class="visually-hidden">: </span> <span class="title-sub">' \
        'Krimithriller</span>' in html and "Flaskepost fra P" in html
    assert "Materialetype" in html
    assert "Glostrup Bibliotek" in html  # the library facet names the library


def test_a_facet_link_narrows_the_results(client, record):
    _, html = page(client, "/", q="krimier", type="film")
    assert "1 resultat" in html
    assert "Flaskepost fra P" in html and "Journal 64" not in html


def test_htmx_asks_only_for_the_results(client, record):
    response = client.get("/", {"q": "krimier"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Journal 64" in html
    assert "<html" not in html


def test_no_hits_page_helps_the_patron_on(client, network):
    _, html = page(client, "/", q="xyzzyplugh")
    assert "Ingen resultater" in html
    assert "stavningen" in html


def test_an_identifier_as_query_opens_the_record(client, record):
    response = client.get("/", {"q": "870970-basis:28511663"})
    assert response.status_code == 302
    assert response["Location"] == "/records/870970-basis:28511663/"


def test_record_page_shows_availability_per_library_and_branch(client, record):
    response, html = page(client, "/records/870970-basis:28511663/")
    assert response.status_code == 200
    # The title as a reader sees it: the subtitle on a line of its own, not after " : ".
    assert '<h1 id="record-title">Journal 64</h1>' in html and "Krimithriller" in html
    assert "Jussi Adler-Olsen" in html
    assert "Carl Mørck genåbner" in html
    for text in ("Glostrup Bibliotek", "Randers Bibliotek", "Bogbussen", "1 på hylden",
                 "1 udlånt", "1 undervejs"):
        assert text in html, text


def test_an_unknown_record_is_a_friendly_404(client, network):
    response = client.get("/records/870970-basis:00000000/")
    assert response.status_code == 404


def test_bad_page_numbers_get_a_clear_message_not_an_error(client, network):
    response, html = page(client, "/", q="krimi", page="abc")
    assert response.status_code == 400
    assert "er ikke et tal" in html


def test_the_interface_switches_to_english(client, record):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    _, html = page(client, "/", q="krimier")
    assert '<html lang="en">' in html
    assert "2 results" in html and "Material type" in html


def test_libraries_page_lists_branches_and_bookmobile(client, network):
    _, html = page(client, "/libraries/")
    assert "Glostrup Bibliotek" in html and "Bogbussen" in html and "DK-716100" in html
