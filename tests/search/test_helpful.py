"""Search that helps (issue 15, point 5), over real HTTP on whichever database the suite runs
on: sorts, works counted, everyday phrases, the advanced search, a search without hits,
a page past the last, "Mente du …?" and the suggestions while typing."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reol.search import vocabulary
from tests.factories import make_item, make_record
from tests.search.test_follow import wrote_nothing
from tests.searching import index_caught_up


def page(client: Client, **params) -> str:
    answer = client.get("/", params)
    assert answer.status_code == 200, answer.content.decode()[:500]
    return answer.content.decode()


def hit_titles(html: str) -> list[str]:
    """The titles of the hits, in the order shown."""
    found = re.findall(r'<h2 class="hit-title"><a [^>]*>(.*?)</a></h2>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", t).split()) for t in found]


def heading(html: str) -> str:
    found = re.search(r'<h1 class="results-heading"[^>]*>(.*?)</h1>', html, re.S)
    assert found, html[:800]
    return " ".join(found.group(1).split())


@pytest.fixture
def shelf(network):
    """Six horse books and films of different years, titles and authors."""
    made = [
        make_record("Øen med hestene", creators=["Bente Bakke"], year=1999, subjects=["heste"]),
        make_record("Zebraen og hesten", creators=["Anders Ågård"], year=2021,
                    subjects=["heste"]),
        make_record("Æblet og hesten", creators=["Carla Carlsen"], year=2005,
                    subjects=["heste"]),
        make_record("Aarhus til hest", creators=["Dorte Dal"], year=2010, subjects=["heste"]),
        make_record("Hestepigen", creators=["Erik Eriksen"], year=2015, subjects=["heste"],
                    material_type="film"),
        make_record("Alle tiders hest", year=1980, subjects=["heste"]),
    ]
    for record in made:
        make_item(record, network.glostrup_main)
    index_caught_up()
    return made


def test_sorted_by_newest_title_and_author_as_a_danish_library_shelves(client, shelf):
    assert hit_titles(page(client, q="hest", sort="newest")) == [
        "Zebraen og hesten", "Hestepigen", "Aarhus til hest", "Æblet og hesten",
        "Øen med hestene", "Alle tiders hest"]
    assert hit_titles(page(client, q="hest", sort="title")) == [
        "Alle tiders hest", "Hestepigen", "Zebraen og hesten", "Æblet og hesten",
        "Øen med hestene", "Aarhus til hest"]
    # By surname, Ågård after Dal; a record without an author last.
    assert hit_titles(page(client, q="hest", sort="creator")) == [
        "Øen med hestene", "Æblet og hesten", "Aarhus til hest", "Hestepigen",
        "Zebraen og hesten", "Alle tiders hest"]


def test_the_sort_links_keep_the_search_and_mark_the_chosen_order(client, shelf):
    html = page(client, q="hest", type="book", sort="title")
    assert re.search(r'href="\?q=hest&amp;type=book&amp;sort=newest"[^>]*data-sort="newest"',
                     html)
    assert re.search(r'chip-active"[^>]*data-sort="title"', html)


def test_an_unknown_sort_is_refused_in_the_users_language(client, shelf):
    answer = client.get("/", {"q": "hest", "sort": "price"})
    assert answer.status_code == 400
    assert "sorteres efter relevans, nyeste, titel eller forfatter" in answer.content.decode()


def test_the_count_and_the_pages_count_works_not_records(client, network):
    book = make_record("Kvinden i buret : krimi", creators=["Jussi Adler-Olsen"])
    make_record("Kvinden i buret", creators=["Jussi Adler-Olsen"], material_type="audiobook")
    make_record("Kvinden i buret", creators=["Adler-Olsen Jussi ant"], material_type="film")
    make_record("Journal 64", creators=["Jussi Adler-Olsen"])
    make_item(book, network.glostrup_main)
    index_caught_up()
    html = page(client, q="Adler-Olsen")
    assert heading(html).startswith("2 resultater")
    assert len(hit_titles(html)) == 2
    # The API as it was: records.
    assert client.get("/api/v1/search", {"q": "Adler-Olsen"}).json()["count"] == 4
    # One work a page: two pages, and the second holds the other work.
    first, second = page(client, q="Adler-Olsen", page_size=1), page(
        client, q="Adler-Olsen", page_size=1, page=2)
    assert "Side 1 af 2" in first and "Side 2 af 2" in second
    shown = sorted(hit_titles(first) + hit_titles(second))  # the best-ranked edition's title
    assert shown[0] == "Journal 64" and shown[1].startswith("Kvinden i buret")


def test_a_page_past_the_last_goes_to_the_last(client, shelf):
    answer = client.get("/", {"q": "hest", "page_size": 4, "page": 9, "sort": "title"})
    assert answer.status_code == 302
    assert "page=2" in answer["Location"] and "sort=title" in answer["Location"]
    html = page(client, q="hest", page_size=4, page=2, sort="title")
    assert hit_titles(html) == ["Øen med hestene", "Aarhus til hest"]


def test_books_about_horses_are_books_about_horses(client, shelf, network):
    make_record("Heste-Hans")  # a book with horses in its title: about them
    make_record("Rideskolen", creators=["Heste Hansen"])  # only its author's name: not
    index_caught_up()
    html = page(client, q="bøger om heste")
    assert sorted(hit_titles(html)) == sorted([
        "Øen med hestene", "Zebraen og hesten", "Æblet og hesten", "Aarhus til hest",
        "Alle tiders hest", "Heste-Hans"])  # not the film Hestepigen
    assert "Søgt som:" in html and ">Bog<" in html
    typed = page(client, q="bøger om heste", as_typed="1")
    assert "Ingen resultater" in typed


def test_books_by_an_author_look_only_at_the_author(client, network):
    make_record("Hans og Grete", creators=["Brødrene Grimm"])
    make_record("Grimm", creators=["Ole Olsen"], subjects=["eventyr"])
    index_caught_up()
    assert hit_titles(page(client, q="bøger af Grimm")) == ["Hans og Grete"]


def test_the_advanced_search_limits_words_to_their_field_and_years(client, shelf, network):
    make_record("Rideskolen", creators=["Hest Hansen"], year=2012)
    index_caught_up()
    assert hit_titles(page(client, creator="hest")) == ["Rideskolen"]
    assert set(hit_titles(page(client, title="hest", year_from=2000, year_to=2012))) == {
        "Æblet og hesten", "Aarhus til hest"}
    assert hit_titles(page(client, subject="heste", type="film")) == ["Hestepigen"]


def test_the_advanced_form_shows_every_mistake_at_once_in_danish(client, network):
    answer = client.get("/search/advanced/", {"year_from": "2020", "year_to": "1990",
                                              "isbn": "12345"})
    html = answer.content.decode()
    assert answer.status_code == 400
    assert "Årstallet »til« må ikke ligge før årstallet »fra«." in html
    assert "Det er ikke et gyldigt ISBN." in html
    assert 'value="2020"' in html  # nothing typed is lost
    empty = client.get("/search/advanced/", {"type": "book"})
    assert empty.status_code == 400 and "Udfyld mindst ét af felterne" in empty.content.decode()


def test_the_advanced_form_leads_to_the_search_page_and_an_isbn_to_its_record(client, network):
    assert client.get("/search/advanced/").status_code == 200
    answer = client.get("/search/advanced/", {"title": "hest", "year_from": "2000", "q": ""})
    assert answer.status_code == 302 and answer["Location"] == "/?title=hest&year_from=2000"
    record = make_record("Journal 64", isbns=["9780306406157"])
    index_caught_up()
    found = client.get("/", {"isbn": "978-0-306-40615-7"})
    assert found.status_code == 302 and found["Location"] == f"/records/{record.pid}/"


def test_a_search_without_hits_offers_ways_on(client, shelf, network):
    vocabulary.build()
    html = page(client, q="dinosarer hest", library=network.glostrup.agency, type="book")
    assert "Ingen resultater" in html
    assert "Søg igen uden filtrene" in html and "Søg i alle bibliotekers samlinger" in html
    assert "/me/suggestions/?title=dinosarer+hest" in html
    assert "Fjernlån" in html
    assert "Mente du" not in html  # the catalogue has no word near "dinosarer"


def test_did_you_mean_offers_the_catalogues_own_word(client, shelf):
    vocabulary.build()
    html = page(client, q="hestepign")
    assert "Mente du" in html and ">hestepigen</a>" in html
    followed = re.search(r'Mente du <a href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert hit_titles(page(client, **dict(p.split("=") for p in followed[1:].split("&")))) == [
        "Hestepigen"]


def test_the_purchase_suggestion_form_takes_the_searched_title(client, network):
    from tests.factories import make_patron

    patron = make_patron(network.glostrup)
    assert client.post("/login/", {"card": patron.card, "pin": "1234"}).status_code == 302
    html = client.get("/me/suggestions/", {"title": "Dinosaurer på Mars"}).content.decode()
    assert 'value="Dinosaurer på Mars"' in html


def test_suggestions_while_typing_come_from_titles_creators_and_subjects(client, shelf):
    vocabulary.build()
    answer = client.get("/search/suggest/", {"q": "hes"})
    assert answer.status_code == 200 and answer["Content-Type"] == "application/json"
    labels = {s["label"]: s["kind"] for s in answer.json()["suggestions"]}
    assert labels["heste"] == "subject" and labels["Hestepigen"] == "title"
    by_surname = client.get("/search/suggest/", {"q": "ågå"}).json()["suggestions"]
    assert by_surname == [{"label": "Anders Ågård", "kind": "creator", "kind_label": "forfatter"}]
    assert client.get("/search/suggest/", {"q": "h"}).json()["suggestions"] == []
    assert len(client.get("/search/suggest/", {"q": "x" * 5000}).json()["q"]) == 100


def test_suggestions_are_bounded_per_client_and_answer_429_beyond(client, shelf, settings):
    settings.SEARCH_SUGGEST_PER_MINUTE = 3
    codes = [client.get("/search/suggest/", {"q": f"he{n}"}).status_code for n in range(8)]
    assert codes[0] == 200 and 429 in codes
    refused = client.get("/search/suggest/", {"q": "hes"})
    assert refused.status_code == 429 and refused.json()["code"] == "too_many_suggestions"
    other = Client(REMOTE_ADDR="10.9.8.7")
    assert other.get("/search/suggest/", {"q": "hes"}).status_code == 200


def test_suggestions_answer_from_memory_without_the_database(client, shelf):
    vocabulary.build()
    client.get("/search/suggest/", {"q": "hest"})
    with CaptureQueriesContext(connection) as statements:
        client.get("/search/suggest/", {"q": "hest"})
    assert not [q for q in statements if "search_searchsuggestion" in q["sql"]]


def test_sorted_advanced_misspelt_and_suggesting_reads_write_nothing(client, shelf):
    vocabulary.build()
    make_record("Endnu en hest")  # a change waits for the worker
    wrote_nothing(lambda: client.get("/", {"q": "hest", "sort": "title"}))
    wrote_nothing(lambda: client.get("/", {"title": "hest", "year_from": 2000}))
    wrote_nothing(lambda: client.get("/", {"q": "hestepign"}))
    wrote_nothing(lambda: client.get("/", {"q": "bøger om heste"}))
    wrote_nothing(lambda: client.get("/search/suggest/", {"q": "hes"}))


def test_the_vocabulary_job_builds_after_a_change_and_not_before(network):
    make_record("Hestepigen")
    assert vocabulary.refresh()["words"] > 0
    assert vocabulary.refresh() == {"words": 0}
    make_record("Dinosaurernes dal")
    assert vocabulary.refresh()["words"] > 0
    assert vocabulary.did_you_mean("dinosaurenes") == "dinosaurernes"
