"""The embedded Tantivy index stays in step with the SQLite database it belongs to."""

import shutil

import pytest
from django.db import connection

from reol.search import embedded
from reol.search.models import SearchChange
from reol.search.services import parse_query, search
from tests.factories import make_record
from tests.searching import index_caught_up

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the embedded index serves the SQLite tier only"
)


def count(text: str) -> int:
    return search(parse_query(text, {}, 1, 20)).count


def another_process() -> embedded.EmbeddedIndex:
    """A fresh index object on the same directory, as a second process would open it."""
    index = embedded.current_index()
    embedded._indexes[index.path] = embedded.EmbeddedIndex(index.path)
    return embedded._indexes[index.path]


def test_changes_wait_in_the_database_until_the_worker_applies_them(db):
    make_record("Hesten")
    assert SearchChange.objects.count() == 1
    assert count("hest") == 0  # a search only reads: the change waits for the worker
    assert SearchChange.objects.count() == 1
    index_caught_up()
    assert SearchChange.objects.count() == 0
    assert count("hest") == 1


def test_a_change_made_by_another_process_is_applied_by_this_ones_worker(db):
    assert count("hest") == 0
    make_record("Hesten")  # queued, not yet applied by anyone
    another_process()
    index_caught_up()
    assert count("hest") == 1


def test_a_lost_index_is_rebuilt_from_the_database(db):
    make_record("Hesten")
    index_caught_up()
    assert count("hest") == 1
    path = embedded.current_index().path
    shutil.rmtree(path)
    another_process()
    index_caught_up()
    assert count("hest") == 1


def test_an_index_that_disagrees_with_the_database_is_rebuilt(db):
    make_record("Hesten")
    index_caught_up()
    assert count("hest") == 1
    SearchChange.objects.all().delete()
    make_record("Hestene")
    SearchChange.objects.all().delete()  # as if the queue entry were lost
    another_process()
    index_caught_up()
    assert count("hest") == 2


def test_a_changed_record_is_one_document_not_two(db):
    record = make_record("Hesten")
    index_caught_up()
    assert count("hest") == 1
    record.title = "Hestene"
    record.save()
    index_caught_up()
    assert count("hest") == 1
    embedded.current_index().index.reload()
    assert embedded.current_index().index.searcher().num_docs == 1


def test_a_search_before_the_worker_built_the_index_finds_nothing_and_makes_no_index(db):
    make_record("Hesten")
    index = embedded.current_index()
    shutil.rmtree(index.path)
    del embedded._indexes[index.path]  # as a process that has not opened it yet
    assert count("hest") == 0
    assert not index.path.exists()
    index_caught_up()
    assert count("hest") == 1
