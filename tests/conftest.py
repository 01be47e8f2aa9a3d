"""Shared fixtures. Tests run on the database REOL_DATABASE_URL names: SQLite by default,
PostgreSQL when `make test` runs the suite a second time."""

import pytest
from django.db import connection

from reol.search.backends import for_vendor
from tests.factories import Network, make_network


def pytest_report_header(config) -> str:
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"reol database: {engine}"


@pytest.fixture
def network(db) -> Network:
    """Two libraries in two regions, with branches, ready for records and items."""
    return make_network()


@pytest.fixture
def vendor() -> str:
    return connection.vendor


@pytest.fixture(autouse=True)
def fresh_search_index(request):
    """The embedded index lives outside the database, so a test's rollback does not reach it:
    start every database test from an index that matches the (empty) test database."""
    wanted = {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    if wanted or request.node.get_closest_marker("django_db"):
        if wanted:
            request.getfixturevalue(sorted(wanted)[0])
        for_vendor(connection.vendor).rebuild()
    yield
