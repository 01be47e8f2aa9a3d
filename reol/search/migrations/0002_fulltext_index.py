"""PostgreSQL's full-text index: a generated tsvector with a GIN index (postgresql.py).
The embedded backend keeps its Tantivy index outside the database (embedded.py)."""

from django.db import migrations

from reol.search.postgresql import DROP, SCHEMA


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in SCHEMA:
            schema_editor.execute(statement, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
