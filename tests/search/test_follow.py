"""Reads never write: a search leaves the database and the index as it found them, and the
search worker (reol/search/follow.py) brings a change into search within its stated bound."""

from pathlib import Path

import pytest
from django.conf import settings as conf
from django.db import connection, transaction

from reol.catalogue.models import Item, ShelfChange
from reol.search import kept
from reol.search.follow import Follower
from reol.search.models import SearchChange
from tests.factories import make_item, make_record
from tests.searching import index_caught_up
from tests.waiting import until


def index_files() -> dict[str, float]:
    """The embedded index's files and their times: a write to the index changes them."""
    path = Path(connection.settings_dict["NAME"])
    folder = Path(conf.VAR_DIR) / "search" / path.stem
    return {p.name: p.stat().st_mtime_ns for p in folder.glob("*")} if folder.exists() else {}


def rows_written() -> int:
    """Rows this connection has inserted, updated or deleted (SQLite: since it opened;
    PostgreSQL: in the transaction under way, from its own statistics)."""
    if connection.vendor == "sqlite":
        return connection.connection.total_changes
    with connection.cursor() as cursor:
        cursor.execute("""SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)
                          FROM pg_stat_xact_all_tables""")
        return cursor.fetchone()[0]


def wrote_nothing(read) -> None:
    """Run `read` inside a transaction and check it wrote no row and no index file."""
    files = index_files()
    with transaction.atomic():
        before = rows_written()
        read()
        assert rows_written() == before
    assert index_files() == files


def available(client, text: str) -> dict[str, bool]:
    """Whether each hit has a copy on the shelf, by title."""
    results = client.get("/api/v1/search", {"q": text}).json()["results"]
    return {r["title"]: r["available"] for r in results}


def test_searches_and_pages_write_nothing_even_with_changes_waiting(client, network, settings):
    settings.SEARCH_KEEP_HITS = 1  # PostgreSQL: every search is worth keeping
    record = make_record("Journal 64", subjects=["krimi"], pid="870970-basis:28511663")
    item = make_item(record, network.glostrup_main)
    index_caught_up()
    item.status = Item.Status.ON_LOAN
    item.save()  # queued for the index: ShelfChange
    make_record("Krimi nummer to", subjects=["krimi"])  # queued: SearchChange (SQLite)
    waiting = (ShelfChange.objects.count(), SearchChange.objects.count())
    assert waiting[0] == 1

    wrote_nothing(lambda: client.get("/api/v1/search", {"q": "krimi"}))
    wrote_nothing(lambda: client.get("/", {"q": "krimi"}))
    wrote_nothing(lambda: client.get("/", {"q": "krimi", "type": "book"}))
    wrote_nothing(lambda: client.get("/api/v1/records/870970-basis:28511663"))
    wrote_nothing(lambda: client.get("/records/870970-basis:28511663/"))
    assert (ShelfChange.objects.count(), SearchChange.objects.count()) == waiting
    assert available(client, "krimi")["Journal 64"] is True  # the worker has not been yet

    index_caught_up()
    assert (ShelfChange.objects.count(), SearchChange.objects.count()) == (0, 0)
    assert available(client, "krimi") == {"Journal 64": False, "Krimi nummer to": False}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="kept answers: PostgreSQL only")
def test_a_search_only_wishes_its_answer_kept_and_the_worker_keeps_it(client, network,
                                                                        settings):
    settings.SEARCH_KEEP_HITS = 1
    make_record("Hesten", subjects=["heste"])
    index_caught_up()
    wrote_nothing(lambda: client.get("/api/v1/search", {"q": "hest"}))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_keptanswer")
        assert cursor.fetchone()[0] == 0
        assert index_caught_up()["kept"] == 1
        cursor.execute("SELECT count(*), max(hits) FROM search_keptanswer")
        assert cursor.fetchone() == (1, 1)
    wrote_nothing(lambda: client.get("/api/v1/search", {"q": "hest"}))  # read from kept


def test_a_copy_change_shows_in_search_by_the_end_of_the_second_step_after_it(
        transactional_db, client, network):
    """The bound in docs/architecture.md: the worker's first step that starts after a commit
    takes the change; one step may be under way at the commit, so by the end of the second
    step counted from the commit the change shows — whatever the interval or the machine."""
    record = make_record("Journal 64", subjects=["krimi"])
    item = make_item(record, network.glostrup_main)
    index_caught_up()
    kept.forget_wishes()
    assert available(client, "krimi") == {"Journal 64": True}
    follower = Follower(interval=0.05)
    follower.start()
    try:
        item.status = Item.Status.ON_LOAN
        item.save()  # committed: the test runs without a surrounding transaction
        committed_at = follower.steps

        def stepped_twice() -> bool:
            assert follower.running, "the worker stopped"
            return follower.steps >= committed_at + 2

        until(stepped_twice, "the worker made no two steps")
        wrote_nothing(lambda: client.get("/api/v1/search", {"q": "krimi"}))
        assert available(client, "krimi") == {"Journal 64": False}
    finally:
        follower.stop()
    assert ShelfChange.objects.count() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="kept answers: PostgreSQL only")
def test_a_step_makes_one_kept_answer_so_changes_never_wait_behind_many(client, network,
                                                                        settings):
    settings.SEARCH_KEEP_HITS = 1
    make_record("Hesten og dragen")
    index_caught_up()
    for text in ("hest", "drage", "hesten dragen"):
        client.get("/api/v1/search", {"q": text})
    assert [index_caught_up()["kept"] for _ in range(4)] == [1, 1, 1, 0]
