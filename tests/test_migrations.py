"""The schema cannot drift: migrations hold their SQL as text, the models match the migrations,
every migration runs forward, back to zero and forward again — on PostgreSQL one step at a
time, from an earlier text of the kept answers, ending with exactly the functions, triggers,
constraints and indexes of a fresh database. Each check runs in a scratch database of the
engine under test, beside the test database."""

import ast
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.db.migrations.executor import MigrationExecutor

from reol.search import kept
from tests.installations import drop_database, migrated_postgresql, migrated_sqlite

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = sorted(ROOT.glob("reol/*/migrations/[0-9]*.py"))


def test_migrations_import_no_sql_from_modules_that_can_change():
    """Of reol's modules Django writes imports of model callables only; anything else a
    migration runs must be its own text (or an earlier migration's, which is history)."""
    for path in MIGRATIONS:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                assert not name.startswith("reol") or name.endswith(".models"), \
                    f"{path.relative_to(ROOT)} imports {name}"
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "import_module":
                assert ".migrations." in node.args[0].value, path


def test_models_and_migrations_agree(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.fixture
def migrated_scratch(db, django_db_blocker, tmp_path) -> Iterator[str]:
    """A second database of the engine under test, as the alias 'scratch', as `reol migrate`
    leaves an empty one: migrated forward from nothing (a copy of the run's migrated database,
    tests/installations.py)."""
    config = dict(settings.DATABASES["default"])
    postgresql = config["ENGINE"].endswith("postgresql")
    if postgresql:
        config["NAME"] = f"reol_scratch_{uuid.uuid4().hex[:8]}"
        migrated_postgresql(config["NAME"])
    else:
        config["NAME"] = str(tmp_path / "scratch.sqlite3")
        migrated_sqlite(tmp_path / "scratch.sqlite3")
    connections.databases["scratch"] = config
    with django_db_blocker.unblock():
        yield "scratch"
        connections["scratch"].close()
    del connections["scratch"]  # the handler keeps a connection object per alias
    del connections.databases["scratch"]
    if postgresql:
        drop_database(config["NAME"])


def tables(alias: str) -> set[str]:
    with connections[alias].cursor() as cursor:
        return set(connections[alias].introspection.table_names(cursor)) - {"django_migrations"}


def test_forward_back_to_zero_and_forward_again(migrated_scratch, vendor):
    """Forward: the run's test database, migrated from nothing, of which migrated_scratch is a
    copy (its making fails the run when a migration does not run forward); then back to zero,
    and forward again: on PostgreSQL one migration at a time, as a database that followed main
    was, from an earlier text of the kept answers, ending with exactly the functions, triggers
    and indexes of a fresh database (step_by_step_as_an_old_database, below)."""
    scratch = migrated_scratch
    full = tables(scratch)
    assert "circulation_loan" in full
    # Every app to zero in one plan (each migration unapplied in turn, newest first), as
    # `migrate APP zero` app by app would, without rendering the project's state per app.
    executor = MigrationExecutor(connections[scratch])
    executor.migrate([(label, None) for label in executor.loader.migrated_apps])
    assert tables(scratch) == set()
    if vendor == "postgresql":
        step_by_step_as_an_old_database(scratch)
    else:
        call_command("migrate", database=scratch, verbosity=0)
    assert tables(scratch) == full


# --- PostgreSQL: what the database runs ---------------------------------------------------

SHAPE = {
    "function": """SELECT p.proname, pg_get_functiondef(p.oid) FROM pg_proc p
        WHERE p.pronamespace = current_schema()::regnamespace AND p.prokind = 'f'""",
    "trigger": """SELECT t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t
        JOIN pg_class c ON c.oid = t.tgrelid
        WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal""",
    "index": """SELECT indexname, indexdef FROM pg_indexes
        WHERE schemaname = current_schema()""",
    "column": """SELECT table_name || '.' || column_name,
        data_type || ' ' || coalesce(generation_expression, '') || ' ' || is_nullable
        FROM information_schema.columns WHERE table_schema = current_schema()""",
    # Constraints too: the notices' table keeps a foreign key to its patrons that the model
    # (core.Notice.patron_id, a plain integer) does not declare (core/models.py says why).
    "constraint": """SELECT conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid)
        FROM pg_constraint WHERE connamespace = current_schema()::regnamespace""",
    "type": """SELECT t.typname, format_type(t.oid, NULL) || ' ' ||
        coalesce((SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod),
                  ', ' ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = t.typrelid),
                 '') FROM pg_type t
        WHERE t.typnamespace = current_schema()::regnamespace AND t.typtype = 'c'
          AND t.typname LIKE 'search%'""",
}


def shape(alias: str) -> dict[str, dict[str, str]]:
    with connections[alias].cursor() as cursor:
        found = {}
        for kind, sql in SHAPE.items():
            cursor.execute(sql)
            found[kind] = dict(cursor.fetchall())
        return found


@pytest.fixture
def postgresql(vendor) -> None:
    if vendor != "postgresql":
        pytest.skip("PostgreSQL functions and triggers: the PostgreSQL tier only")


def step_by_step_as_an_old_database(scratch: str) -> None:
    """Migrate the empty database `scratch` forward one migration at a time, each committed
    before the next, as databases migrated before 1b84e87 were left at search 0004 (no facet
    values taken on insert, a kept-answer function of another shape): the repair migrations
    must make it exactly what a fresh one is."""
    fresh = shape("default")  # the test database was migrated in one go
    executor = MigrationExecutor(connections[scratch])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    assert not executor.loader.applied_migrations, "starts from nothing"
    # The project's state carried along (rendering it afresh for each step cost a minute and
    # proved nothing more).
    state = executor._create_project_state(with_applied_migrations=True)
    for migration, _ in plan:
        state = executor.apply_migration(state, migration)
        if (migration.app_label, migration.name) == ("search", "0004_kept_answers"):
            with connections[scratch].cursor() as cursor:
                cursor.execute("DROP TRIGGER search_entry_facet_values ON search_searchentry")
                cursor.execute("DROP FUNCTION search_entry_facet_values()")
                cursor.execute("""CREATE FUNCTION search_kept_apply(answers integer[])
                    RETURNS void LANGUAGE sql AS 'SELECT NULL'""")
    assert shape(scratch) == fresh


def test_the_kept_answers_triggers_agree_with_the_code_that_reads_them(postgresql, db):
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_get_functiondef('search_kept_apply'::regproc)")
        apply = cursor.fetchone()[0]
        cursor.execute("SELECT pg_get_functiondef('search_kept_follow'::regproc)")
        follow = cursor.fetchone()[0]
    assert f"r > {kept.LIST}" in apply and kept.WEIGHTS in apply
    assert f"pg_advisory_xact_lock({kept.WRITERS})" in follow
