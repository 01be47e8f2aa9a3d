"""PostgreSQL's kept answers (reol/search/kept.py): once a broad search is kept, what it
answers must stay exactly what the full search gives, through every kind of change."""

import random

import psycopg
import pytest
from django.db import connection

from reol.catalogue.models import Item, Record
from reol.search import kept, postgresql, rules
from reol.search.services import parse_query, search
from tests.factories import make_item, make_record
from tests.searching import index_caught_up

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="kept answers serve the PostgreSQL tier only"
)

WORDS = ["hest", "drage", "skov", "by", "nat", "hav"]
SUBJECTS = ["krimi", "heste", "fantasy", "Danmark", "for 6 år", "kærlighed"]
SEARCHES = [("hest", {}), ("drage skov", {}), ("krimi", {}), ("hest", {"type": "film"}),
            ("skov", {"subject": "Danmark"}), ("nat", {"library": "716100"})]


@pytest.fixture
def keep_all(settings):
    settings.SEARCH_KEEP_HITS = 1
    settings.SEARCH_KEEP_MAX = 100


def full(text: str, filters: dict, offset: int = 0, limit: int = 20):
    """The full search, past any kept answer."""
    sql, params = postgresql.statement(" ".join(rules.words(text)), filters, offset, limit)
    with connection.cursor() as cursor:
        cursor.execute(postgresql.SETTINGS)
        cursor.execute(sql, params)
        return postgresql.page(cursor.fetchall())


def from_kept(text: str, filters: dict, offset: int = 0, limit: int = 20):
    with connection.cursor() as cursor:
        return kept.read(cursor, " ".join(rules.words(text)), filters, offset, limit)


def asked(text: str, filters: dict, page: int = 1, page_size: int = 20):
    """A search, then the search worker's next step, which keeps the answer it wished for."""
    found = search(parse_query(text, filters, page, page_size))
    index_caught_up()
    return found


def kept_answers() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_keptanswer")
        return cursor.fetchone()[0]


def some_record(rng: random.Random) -> Record:
    return make_record(
        " ".join(rng.sample(WORDS, rng.randint(1, 3))),
        subjects=rng.sample(SUBJECTS, rng.randint(0, 3)),
        material_type=rng.choice(["book", "book", "film"]),
        creators=[rng.choice(["Hest, Marie", "Skov, Ida", "Berg, Ole"])],
    )


def test_a_kept_answer_stays_the_full_answer_through_every_change(network, keep_all):
    rng = random.Random(2026)
    branches = [network.glostrup_main, network.randers_main, network.randers_bus]
    records = [some_record(rng) for _ in range(60)]
    statuses = [Item.Status.AVAILABLE, Item.Status.ON_LOAN]
    items = [make_item(r, rng.choice(branches), rng.choice(statuses))
             for r in records for _ in range(rng.randint(0, 2))]
    for text, filters in SEARCHES:
        asked(text, filters, 1, 20)
    assert kept_answers() == len(SEARCHES)

    for _ in range(4):
        for record in rng.sample(records, 8):  # new words, subjects or type
            record.title = " ".join(rng.sample(WORDS, rng.randint(1, 3)))
            record.subjects = rng.sample(SUBJECTS, rng.randint(0, 3))
            record.material_type = rng.choice(["book", "film"])
            record.save()
        for item in rng.sample(items, 10):  # lent, returned: libraries with a copy change
            item.status = rng.choice([Item.Status.AVAILABLE, Item.Status.ON_LOAN])
            item.save()
        gone = records.pop(rng.randrange(len(records)))
        items = [i for i in items if i.record_id != gone.pk]
        gone.delete()
        records += [some_record(rng) for _ in range(3)]
        index_caught_up()  # the worker delivers the copies' changes to the index

        for text, filters in SEARCHES:
            for offset, limit in ((0, 20), (5, 5)):
                assert from_kept(text, filters, offset, limit) == full(
                    text, filters, offset, limit), (text, filters, offset)


def test_a_search_answers_the_same_from_its_kept_answer(network, keep_all):
    for n in range(12):
        make_record(f"Hesten nummer {n}", subjects=["heste", "krimi" if n % 3 else "gys"])
    first = asked("hest", {}, 1, 5)
    assert kept_answers() == 1
    again = asked("hest", {}, 1, 5)
    assert [h.record.pk for h in again.hits] == [h.record.pk for h in first.hits]
    assert (again.count, again.facets) == (first.count, first.facets)


def test_a_new_best_hit_enters_the_kept_page_first(network, keep_all):
    for n in range(30):
        make_record(f"Bog nummer {n}", subjects=["heste"])
    asked("heste", {}, 1, 20)
    best = make_record("Heste heste heste", creators=["Hest, Anna"], subjects=["heste"])
    answer = from_kept("heste", {})
    assert answer.ids[0] == best.pk
    assert answer.count == 31


def test_fewer_hits_than_the_threshold_are_not_kept(network, settings):
    settings.SEARCH_KEEP_HITS = 3
    make_record("Hest")
    make_record("Hest og drage")
    asked("hest", {}, 1, 20)
    assert kept_answers() == 0
    make_record("Hesten")
    asked("hest", {}, 1, 20)
    assert kept_answers() == 1


def test_the_least_recently_used_answer_makes_room(network, keep_all, settings):
    settings.SEARCH_KEEP_MAX = 2
    make_record("Hest drage skov")
    for text in ("hest", "drage", "skov"):
        asked(text, {}, 1, 20)
    assert kept_answers() == 2
    assert from_kept("hest", {}) is None
    assert from_kept("skov", {}).count == 1


def test_emptying_the_index_forgets_the_kept_answers(network, keep_all):
    make_record("Hest")
    asked("hest", {}, 1, 20)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks before TRUNCATE
        cursor.execute("TRUNCATE search_searchentry CASCADE")
    assert kept_answers() == 0
    make_record("Hest")
    asked("hest", {}, 1, 20)
    postgresql.backend.rebuild()
    assert kept_answers() == 0


# The search worker makes an answer in steps (keeping.py); these tests commit their changes,
# as other processes would, between the steps.

def change_some(rng: random.Random, records: list[Record], items: list[Item]) -> None:
    for record in rng.sample(records, 6):
        record.title = " ".join(rng.sample(WORDS, rng.randint(1, 3)))
        record.subjects = rng.sample(SUBJECTS, rng.randint(0, 3))
        record.save()
    for item in rng.sample(items, 6):
        item.status = rng.choice([Item.Status.AVAILABLE, Item.Status.ON_LOAN])
        item.save()
    gone = records.pop(rng.randrange(len(records)))
    items[:] = [i for i in items if i.record_id != gone.pk]
    gone.delete()
    records += [some_record(rng) for _ in range(3)]
    index_caught_up()  # the copies' changes reach the entries


@pytest.mark.parametrize("listed", [kept.LIST, 7])  # the whole list, and a list cut short
def test_an_answer_made_in_steps_takes_in_the_changes_committed_while_it_was_made(
        transactional_db, network, keep_all, monkeypatch, listed):
    from reol.search import keeping

    monkeypatch.setattr(keeping, "COUNTS_AT_ONCE", 3)  # the counts go in many turns
    rng = random.Random(listed)
    branches = [network.glostrup_main, network.randers_main]
    records = [some_record(rng) for _ in range(40)]
    items = [make_item(r, rng.choice(branches)) for r in records for _ in range(rng.randint(1, 2))]
    index_caught_up()
    answered = 0
    for text, filters in SEARCHES:
        params = kept._params(" ".join(rules.words(text)), filters) | {"room": 100,
                                                                       "listed": listed}
        with connection.cursor() as cursor:
            for sql in keeping.PREPARE:
                cursor.execute(sql, params)
        with psycopg.connect(**connection.get_connection_params(), autocommit=True) as reader:
            answer = keeping._register(params, reader)
            assert from_kept(text, filters) is None  # not ready: searches pass it by
            change_some(rng, records, items)  # writers go on while the answer is counted
            counted = keeping._count(params, reader)
        change_some(rng, records, items)
        keeping._add_counts(answer, counted)
        change_some(rng, records, items)
        scored = keeping._score_now(answer, counted)
        change_some(rng, records, items)  # scored before these: scored again in the turn
        keeping._last_turn(answer, counted, scored)
        for offset, limit in ((0, 5), (2, 5)):
            answer = from_kept(text, filters, offset, limit)
            # A list cut short loses what ranks below its counted last: a page past what is
            # left takes the full search (None); whatever the answer gives is exact.
            if answer is not None or listed == kept.LIST:
                assert answer == full(text, filters, offset, limit), (text, filters, offset)
                answered += 1
    assert kept_answers() == len(SEARCHES)
    assert answered >= len(SEARCHES)


def test_the_worker_makes_the_answer_a_search_wished_for_in_steps(
        transactional_db, network, keep_all):
    for n in range(12):
        make_record(f"Hesten nummer {n}", subjects=["heste"])
    index_caught_up()
    first = search(parse_query("hest", {}, 1, 5))
    assert kept_answers() == 0
    index_caught_up()
    with connection.cursor() as cursor:
        cursor.execute("SELECT hits, ready, complete FROM search_keptanswer")
        assert cursor.fetchall() == [(12, True, True)]
    again = search(parse_query("hest", {}, 1, 5))
    assert [h.record.pk for h in again.hits] == [h.record.pk for h in first.hits]
    assert (again.count, again.facets) == (first.count, first.facets)
