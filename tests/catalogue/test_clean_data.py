"""Clean data for citizens (issue 15), on real demo records and whichever database the suite
runs on: names without relator codes, legacy letters, see-references, genre and form."""

from functools import cache

import pytest
from django.test import Client

from reol.catalogue import demo
from reol.catalogue.models import Record
from reol.catalogue.services import RecordData, clean_catalogue, save_records
from reol.search.services import parse_query, search
from tests.searching import index_caught_up

FASANDRAEBERNE_FILM = "870970-basis:51649079"  # "Nørgꜳrd Mikkel drt" in bibdata
GUMMI_T = "870970-basis:29382298"  # "Kirkegꜳrd Ole Lund ant"
OG_HUN_TAKKEDE = "870970-basis:27254128"  # "Se: Firmaknuseren", its later title


@cache
def _demo() -> dict[str, RecordData]:
    return {d.data.pid: d.data for d in demo.demo_records()}


def demo_records(*words: str) -> list[RecordData]:
    """The demo's records whose creator or title holds one of `words`, as the demo cleans
    them, plus the record pids named above."""
    named = {FASANDRAEBERNE_FILM, GUMMI_T, OG_HUN_TAKKEDE}
    return [d for d in _demo().values()
            if d.pid in named or any(w in " ".join([d.title, *d.creators]) for w in words)]


@pytest.fixture
def catalogue(db) -> None:
    save_records(demo_records("Kirkegaard", "Nørgaard", "Adler-Olsen"))
    index_caught_up()


def find(text: str, **filters: str):
    return search(parse_query(text, filters, 1, 100))


def test_ole_lund_kirkegaard_finds_his_books_and_films(catalogue):
    found = find("Ole Lund Kirkegaard")
    assert found.count >= 20
    assert GUMMI_T in {hit.record.pid for hit in found.hits}
    assert Record.objects.get(pid=GUMMI_T).creators == ["Ole Lund Kirkegaard"]


def test_mikkel_nørgaard_finds_the_film_he_directed_and_is_named_without_codes(catalogue):
    found = find("Mikkel Nørgaard")
    assert FASANDRAEBERNE_FILM in {hit.record.pid for hit in found.hits}
    film = Record.objects.get(pid=FASANDRAEBERNE_FILM)
    assert film.creators == ["Mikkel Nørgaard"] and film.roles == {"Mikkel Nørgaard": ["drt"]}
    assert find("Mikkel Nørgꜳrd").count == found.count  # the legacy letter typed finds it too


def test_a_see_reference_finds_the_record_but_is_no_subject(catalogue):
    record = Record.objects.get(pid=OG_HUN_TAKKEDE)
    assert "Firmaknuseren" in record.search_terms
    assert not any(s.startswith("Se:") for s in record.subjects)
    assert OG_HUN_TAKKEDE in {hit.record.pid for hit in find("Firmaknuseren").hits}
    page = Client().get(f"/records/{OG_HUN_TAKKEDE}/").content.decode()
    assert "Firmaknuseren" not in page


def test_genre_and_form_is_a_facet_of_its_own(catalogue):
    found = find("Adler-Olsen")
    assert found.facets["genre"]["Krimi"] >= 5
    assert "krimi" not in {s.lower() for s in found.facets["subject"]}
    narrowed = find("Adler-Olsen", genre="Spillefilm")
    assert 0 < narrowed.count < found.count
    assert all("Spillefilm" in hit.record.genres for hit in narrowed.hits)


def test_the_record_page_shows_roles_in_danish_dk5_by_name_and_no_record_id(catalogue):
    page = Client().get(f"/records/{FASANDRAEBERNE_FILM}/",
                        headers={"accept-language": "da"}).content.decode()
    assert "Mikkel Nørgaard" in page and "instruktør" in page
    assert " drt" not in page and "ꜳ" not in page
    assert "Post-id" not in page and "DK5-klassifikation: sk" not in page


def test_the_api_gives_clean_names_and_adds_roles_and_genres(catalogue):
    client = Client()
    record = client.get(f"/api/v1/records/{FASANDRAEBERNE_FILM}").json()
    assert record["creators"] == ["Mikkel Nørgaard"]
    assert {"name": "Mikkel Nørgaard", "roles": ["instruktør"], "role_codes": ["drt"]} in \
        record["contributors"]
    assert "Krimi" in record["genres"]
    hits = client.get("/api/v1/search", {"q": "Mikkel Nørgaard"}).json()
    assert "genre" in hits["facets"] and "genres" in hits["results"][0]


def test_records_stored_before_the_rules_are_cleaned_once(db):
    save_records([RecordData(pid="870970-basis:51649079", title="Fasandræberne",
                             creators=["Nørgꜳrd Mikkel drt"],
                             subjects=["krimi", "Se: Fasandræberne", "AAlborg"])])
    Record.objects.filter(pid=FASANDRAEBERNE_FILM).update(creators=["Nørgaard Mikkel drt"])
    assert clean_catalogue() == 1
    film = Record.objects.get(pid=FASANDRAEBERNE_FILM)
    assert (film.creators, film.roles) == (["Mikkel Nørgaard"], {"Mikkel Nørgaard": ["drt"]})
    assert (film.subjects, film.genres) == (["Aalborg"], ["Krimi"])
    assert film.search_terms == ["Fasandræberne"]
    assert clean_catalogue() == 0
    index_caught_up()
    assert find("Mikkel Nørgaard", genre="Krimi").count == 1
