"""PostgreSQL: kept answers to broad searches and the triggers that keep them in step with
the index (kept.py). Nothing changes on SQLite, whose engine keeps its own index."""

from django.db import migrations

from reol.search.kept import DROP, SCHEMA


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in SCHEMA:
            schema_editor.execute(statement, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_facet_values")]
    operations = [migrations.RunPython(create, drop)]
