from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.commands import flush
from django.core.management.sql import emit_post_migrate_signal
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper


class Command(flush.Command):
    help = (
        "Empty every table of the database, the patrons' accounts included (Django's flush). "
        "Account entries are never deleted one by one: on SQLite a trigger refuses it, and "
        "this command alone lets a whole-database wipe through (migration circulation 0011)."
    )

    def handle(self, **options: Any) -> None:
        connection = connections[options["database"]]
        remake = not options.get("inhibit_post_migrate", False)
        with _ledger_wipe(connection):
            # Only the tables that hold rows, deleted without their triggers and foreign-key
            # checks (as TRUNCATE runs none): the test suite's transactional tests flush
            # after each test, and TRUNCATE of all 114 tables took 2.4 s on PostgreSQL where
            # DELETE of a test's few rows takes milliseconds. Not when sequences are to be
            # reset (the command line's default), nor where triggers cannot be set aside.
            if options.get("reset_sequences", True) or options["interactive"] or not (
                    _may_set_triggers_aside(connection)):
                return super().handle(**options)
            # What post_migrate makes is kept when it stands as post_migrate made it: making
            # it again took a quarter of a second, most of such a flush.
            key = (connection.alias, connection.settings_dict["NAME"])
            keep = remake and _as_made.get(key) == _made_by_migrate(connection)
            _delete_rows(connection, keep=MADE_BY_MIGRATE if keep else ())
        if remake and not keep:
            # In one transaction: one commit to wait for instead of one per app's rows.
            with transaction.atomic(using=connection.alias):
                emit_post_migrate_signal(options["verbosity"], False, options["database"])
            _as_made[key] = _made_by_migrate(connection)


# The rows post_migrate makes (content types, permissions, the role groups: reol.core.apps),
# and, per database, how it last left them.
MADE_BY_MIGRATE = ("django_content_type", "auth_permission", "auth_group",
                   "auth_group_permissions")
_as_made: dict[tuple[str, str], list[list[tuple]]] = {}


def _made_by_migrate(connection: BaseDatabaseWrapper) -> list[list[tuple]]:
    with connection.cursor() as cursor:
        rows = []
        for table in MADE_BY_MIGRATE:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
            rows.append(cursor.fetchall())
        return rows


@contextmanager
def _ledger_wipe(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """On SQLite the ledger's no-delete trigger lets a wipe through while this row stands."""
    if connection.vendor != "sqlite":  # PostgreSQL: TRUNCATE, or DELETE with triggers aside
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS reol_ledger_wipe (since TEXT)")
        cursor.execute("INSERT INTO reol_ledger_wipe VALUES (datetime('now'))")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM reol_ledger_wipe")


def _may_set_triggers_aside(connection: BaseDatabaseWrapper) -> bool:
    """SQLite checks foreign keys at commit (Django's are deferred) and the ledger's trigger
    yields to the wipe; PostgreSQL sets triggers aside for a superuser only."""
    if connection.vendor == "sqlite":
        return True
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('is_superuser') = 'on'")
        return bool(cursor.fetchone()[0])


def _delete_rows(connection: BaseDatabaseWrapper, keep: tuple[str, ...]) -> None:
    """DELETE from every table that holds rows (but those to keep), again while a trigger
    (SQLite's: the OAI tombstone of a deleted record) has written to a table passed over."""
    tables = [t for t in connection.introspection.django_table_names(
        only_existing=True, include_views=False) if t not in keep]
    quote = connection.ops.quote_name
    holding = " UNION ALL ".join(
        f"SELECT '{t}' WHERE EXISTS (SELECT 1 FROM {quote(t)})" for t in tables
        if t.isidentifier())
    if not holding:
        return
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        for _round in range(5):
            cursor.execute(holding)
            rows = cursor.fetchall()
            if not rows:
                return
            for (table,) in rows:
                cursor.execute(f"DELETE FROM {quote(table)}")
        raise RuntimeError("flush: triggers keep writing rows")
