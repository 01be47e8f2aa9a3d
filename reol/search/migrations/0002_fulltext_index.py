"""PostgreSQL's full-text index: a generated tsvector with a GIN index (search/postgresql.py).
The embedded backend keeps its Tantivy index outside the database (embedded.py).

The SQL is written out here, not imported: a migration is history, and must do tomorrow what it
did the day it was written."""

from django.db import migrations

SCHEMA = [
    """ALTER TABLE search_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('danish'::regconfig, title), 'A') ||
        setweight(to_tsvector('danish'::regconfig, creators), 'B') ||
        setweight(to_tsvector('danish'::regconfig, subjects), 'C') ||
        setweight(to_tsvector('danish'::regconfig, body), 'D')) STORED""",
    """CREATE INDEX search_document_gin ON search_searchentry USING gin (document)""",
]
DROP = [
    """DROP INDEX IF EXISTS search_document_gin""",
    """ALTER TABLE search_searchentry DROP COLUMN IF EXISTS document""",
]


def postgresql_only(create: list[str], drop: list[str]) -> migrations.RunPython:
    """Hand-written SQL for PostgreSQL only: SQLite's search engine keeps its own index outside
    the database. Later migrations import this from here (history does not change)."""

    def run(statements: list[str]):
        def step(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                for sql in statements:
                    schema_editor.execute(sql, params=None)
        return step

    return migrations.RunPython(run(create), run(drop))


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [postgresql_only(SCHEMA, DROP)]
