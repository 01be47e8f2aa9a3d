"""The full-text index of the backend in use: FTS5 triggers on SQLite, a GIN tsvector on
PostgreSQL (see reol/search/backends.py)."""

from django.db import migrations

from reol.search.backends import for_vendor


def create(apps, schema_editor):
    for statement in for_vendor(schema_editor.connection.vendor).schema:
        schema_editor.execute(statement, params=None)


def drop(apps, schema_editor):
    for statement in for_vendor(schema_editor.connection.vendor).drop:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
