"""Shared fixtures. Tests run on the database REOL_DATABASE_URL names: SQLite by default,
PostgreSQL when `make test` runs the suite a second time."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.utils import translation

from reol import memo
from reol.search.backends import for_vendor
from tests.factories import Network, make_network

CLOCK = pytest.StashKey[time_machine.travel]()
# The database REOL_DATABASE_URL names; pytest-django puts its test database in its place.
OUTSIDE_TESTS = settings.DATABASES["default"]["NAME"]

# PINs and passwords at a test's cost (tests/hashers.py says why); set before any is hashed.
settings.PASSWORD_HASHERS = ["tests.hashers.QuickPinHasher", *settings.PASSWORD_HASHERS[1:]]

# Tests whose outcome depends on today's date: calendars, ages, due dates, open hours, the demo
# year. `make test` runs them again (`-m clock`) on 24 December, on 29 February and across the
# night Denmark changes to summer time. A new test that reads the clock belongs here.
DATE_SENSITIVE = (
    "tests/web/test_demo.py",
    "tests/circulation/test_demo.py",
    "tests/circulation/test_desk_statements.py",
    "tests/circulation/test_jobs.py",
    "tests/circulation/test_lending.py",
    "tests/circulation/test_notices.py",
    "tests/core/test_jobs.py",
    "tests/core/test_outbox.py",
    "tests/events/",
    "tests/insight/test_simulate.py",
    "tests/libraries/",
    "tests/rooms/",
    "tests/selfservice/test_open_library.py",
)

# Tests that take seconds, not milliseconds: whole servers, the demo, fuzzers, walks over every
# route. `pytest -m "not slow"` leaves them out for a quick loop while working; `make test`
# runs everything. A test that starts a server or loads the demo belongs here.
SLOW = (
    "tests/web/test_demo.py",
    "tests/circulation/test_demo.py",
    "tests/events/test_demo.py",
    "tests/community/test_demo.py",
    "tests/insight/test_simulate.py",
    "tests/sharing/test_two_servers.py",
    "tests/sru/test_two_reols.py",
    "tests/web/test_per_row_queries.py",
    "tests/sharing/test_grant.py",
    "tests/selfservice/test_robustness.py",
    "tests/throttle/",
    "tests/test_migrations.py",
    "tests/test_memory.py",
    "tests/test_refusals.py",
    "tests/test_documentation.py",
    "tests/web/test_api_fuzz.py",
    "tests/web/test_library_lines.py",
    "tests/web/test_admin_lines.py",
    "tests/web/test_serve.py",
    "tests/web/test_serve_survives.py",
    "tests/web/test_https.py",
    "tests/web/test_dates_out_of_range.py",
)

# Tests that cannot behave differently on PostgreSQL carry the marker `engine_neutral`, and the
# PostgreSQL pass of `make test` leaves them out (scripts/test-postgresql: -m "not
# engine_neutral"); the SQLite pass runs them. Decided by what a test exercises:
# - a test that asks for no database (neither the `django_db` marker nor, directly or through
#   its fixtures, `django_db_setup`, which `db`, `transactional_db` and `live_server` all
#   build on) cannot reach either engine: pure
#   functions in rules.py, README/docs checks, source checks, parsers. Marked here, by rule.
# - a browser test (marker `browser`) proves what Chromium does with our pages: scripts, the
#   Content-Security-Policy, layout on a phone, forms a person fills in. The queries behind
#   each page also run on both engines in the page and API tests (tests/web/test_*pages*,
#   test_library_lines, test_per_row_queries), and each engine's search has its own tests.
# A test that starts a server or another process on the suite's database (or beside it, as
# tests/sharing/test_two_servers.py does) asks for `django_db_setup`, so the rule never marks
# it. Mark a test by hand only for one of these reasons.


def pytest_addoption(parser) -> None:
    parser.addoption(
        "--clock", metavar="ISO",
        help="run with the clock set to this Copenhagen time (ticking on from there), e.g. "
             "2026-12-24T10:00: the date-sensitive tests must pass on any day of the year",
    )


def pytest_configure(config) -> None:
    if when := config.getoption("--clock"):
        start = datetime.fromisoformat(when)
        if start.tzinfo is None:
            start = start.replace(tzinfo=ZoneInfo("Europe/Copenhagen"))
        config.stash[CLOCK] = time_machine.travel(start, tick=True)
        config.stash[CLOCK].start()


def pytest_ignore_collect(collection_path, config) -> bool | None:
    """With --clock only the date-sensitive files are collected: the other test modules (and
    what they import: fuzzers, browsers) are not needed to run `-m clock`."""
    if not config.getoption("--clock") or not collection_path.name.startswith("test_"):
        return None
    where = collection_path.relative_to(config.rootpath).as_posix()
    if collection_path.is_dir() or where.startswith(DATE_SENSITIVE):
        return None
    return not any(d.startswith(where + "/") for d in DATE_SENSITIVE)


def pytest_collection_modifyitems(config, items) -> None:
    root = config.rootpath
    for item in items:
        where = item.path.relative_to(root).as_posix()
        if where.startswith(DATE_SENSITIVE):
            item.add_marker(pytest.mark.clock)
        if where.startswith(SLOW) or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)
        if item.get_closest_marker("browser") or not (
            item.get_closest_marker("django_db")
            or "django_db_setup" in getattr(item, "fixturenames", ())
        ):
            item.add_marker(pytest.mark.engine_neutral)


def pytest_unconfigure(config) -> None:
    if traveller := config.stash.get(CLOCK, None):
        traveller.stop()


def pytest_report_header(config) -> str:
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    clock = config.getoption("--clock")
    return f"reol database: {engine}" + (f"; clock set to {clock}" if clock else "")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    """pytest-django's test database, and a copy of it taken before any test runs: the run's
    migrated database, from which every other installation in the suite starts
    (tests/installations.py), so that the run migrates once per engine."""
    from tests.installations import keep_migrated

    if connection.settings_dict["NAME"] == OUTSIDE_TESTS:
        yield  # no test of this run asks for a database: pytest-django made none
        return
    with django_db_blocker.unblock():
        yield from keep_migrated(tmp_path_factory.mktemp("migrated"))


@pytest.fixture
def network(db) -> Network:
    """Two libraries in two regions, with branches, ready for records and items."""
    return make_network()


@pytest.fixture
def vendor() -> str:
    return connection.vendor


@pytest.fixture(autouse=True)
def danish_by_default():
    """Each test starts in the default language: a request in English leaves it active in
    the thread (LocaleMiddleware does not switch back), and the next test would inherit it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fresh_memories():
    """Per-process memories (reol.memo, the search vocabulary, suggestion and SRU budgets) would
    outlive a test's rolled-back rows."""
    from reol.fbs import api as fbs
    from reol.search import vocabulary  # models: only once Django is set up
    from reol.sru import views as sru

    memo.forget_all()
    vocabulary.forget()
    sru.forget()
    fbs.registrations.clear()
    yield
    memo.forget_all()
    vocabulary.forget()
    sru.forget()
    fbs.registrations.clear()


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
