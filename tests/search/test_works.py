"""Search lists works: one book in several editions and formats is one hit, with its formats
and where a copy is on the shelf; the work page and the API show its editions."""

import pytest
from django.test import Client

from reol.search.services import parse_query
from reol.search.works import search_works
from tests.factories import make_item, make_record
from tests.searching import index_caught_up


@pytest.fixture
def buret(network):
    book = make_record("Kvinden i buret : krimi", creators=["Jussi Adler-Olsen"])
    film = make_record("Kvinden i buret", creators=["Adler-Olsen Jussi ant"],
                       material_type="film")
    make_item(book, network.glostrup_main)
    make_item(film, network.randers_main, status="on_loan")
    make_record("Journal 64", creators=["Jussi Adler-Olsen"])
    index_caught_up()
    book.refresh_from_db()
    return book, film


def test_the_book_and_the_film_are_one_hit_with_both_formats(buret):
    found = search_works(parse_query("kvinden i buret", {}, 1, 20))
    assert len(found.works) == 1
    work = found.works[0]
    assert [(f.material_type, f.available) for f in work.formats] == [
        ("book", True), ("film", False)]
    assert work.libraries == ["716100"]


def test_a_work_on_the_first_page_is_not_listed_again_on_the_second(buret):
    first = search_works(parse_query("Adler-Olsen", {}, 1, 1)).works
    second = search_works(parse_query("Adler-Olsen", {}, 2, 1)).works
    assert first[0].work_id != (second[0].work_id if second else None)


def test_the_search_page_lists_the_work_and_links_its_page(buret):
    book, _ = buret
    page = Client().get("/", {"q": "kvinden i buret"}).content.decode()
    assert page.count('class="hit"') == 1 and f"/works/{book.work_id}/" in page
    assert "Glostrup Bibliotek" in page


def test_the_work_page_shows_every_edition_and_the_copies_per_library(buret):
    book, film = buret
    page = Client().get(f"/works/{book.work_id}/").content.decode()
    assert f"/records/{book.pid}/" in page and f"/records/{film.pid}/" in page
    assert "Randers Bibliotek" in page and "Glostrup Bibliotek" in page


def test_the_api_gives_works_and_keeps_search_by_record(buret):
    book, film = buret
    client = Client()
    work = client.get(f"/api/v1/works/{book.work_id}").json()
    assert work["types"] == ["book", "film"]
    assert {e["pid"] for e in work["editions"]} == {book.pid, film.pid}
    listed = client.get("/api/v1/works", {"q": "kvinden i buret"}).json()
    assert [r["work"] for r in listed["results"]] == [book.work_id]
    assert len(client.get("/api/v1/search", {"q": "kvinden i buret"}).json()["results"]) == 2
    assert client.get("/api/v1/works/999999").status_code == 404
