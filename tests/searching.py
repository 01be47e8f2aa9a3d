"""The one way a test waits for the search index: run the search worker's step here.

A search writes nothing (reol/search/follow.py): a change shows once the worker has caught up.
Tests that change the catalogue and then search call `index_caught_up()` in between, as the
worker inside `reol serve` would within REOL_SEARCH_FOLLOW_SECONDS."""

from reol.search import follow


def index_caught_up() -> dict[str, float]:
    return follow.step()
