"""The holdings index that interlibrary routing reads belongs to catalogue_item, declared on
Item, and a database that got it from sharing's old raw-SQL migration ends with it once."""

import importlib

from django.db import connection

from reol.catalogue.models import Item

migration = importlib.import_module("reol.catalogue.migrations.0003_item_holdings")


def _indexes() -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Item._meta.db_table)
    return {name: c["columns"] for name, c in found.items() if c["index"] and not c["unique"]}


def test_a_fresh_database_has_the_holdings_index_under_the_catalogues_name(db):
    indexes = _indexes()
    assert indexes[migration.NEW] == ["record_id", "status", "library_id", "loan_category"]
    assert migration.OLD not in indexes


def test_a_database_with_the_old_sharing_index_ends_with_one_holdings_index(db):
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {migration.NEW}")
        cursor.execute(f"CREATE INDEX {migration.OLD} ON catalogue_item ({migration.COLUMNS})")
        [run_sql] = migration.Migration.operations[0].database_operations
        for statement in run_sql.sql * 2:  # and running it twice does no harm
            cursor.execute(statement)
    indexes = _indexes()
    assert migration.OLD not in indexes
    assert indexes[migration.NEW] == ["record_id", "status", "library_id", "loan_category"]
