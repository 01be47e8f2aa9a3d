"""PostgreSQL: bring a database from any earlier state of main to today's search schema.

Before this migration the SQL of 0002-0004 was imported from modules that changed three times
after databases had applied it, so a database's kept-answer functions and triggers depend on
the day it was migrated; one migrated before 1b84e87 also has entries inserted without their
facet values (empty subject facets and filters). Kept answers are a cache, so every version of
their tables, types, functions and triggers is dropped whatever its shape, the entries' facet
values are recomputed, and today's schema (0004's text) is created afresh."""

from importlib import import_module

from django.db import migrations

postgresql_only = import_module("reol.search.migrations.0002_fulltext_index").postgresql_only
KEPT = import_module("reol.search.migrations.0004_kept_answers").KEPT

DROP_EVERY_VERSION = [
    "DROP TABLE IF EXISTS search_kepthit, search_keptcount, search_keptanswer CASCADE",
    # Functions by name whatever their arguments; CASCADE takes their triggers along.
    r"""DO $$ DECLARE f regprocedure; BEGIN
        FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
            WHERE p.pronamespace = current_schema()::regnamespace
              AND (p.proname LIKE 'search\_kept\_%' OR p.proname = 'search_entry_facet_values')
        LOOP EXECUTE 'DROP FUNCTION ' || f || ' CASCADE'; END LOOP;
    END $$""",
    r"""DO $$ DECLARE t regtype; BEGIN
        FOR t IN SELECT y.oid::regtype FROM pg_type y
            WHERE y.typnamespace = current_schema()::regnamespace AND y.typtype = 'c'
              AND y.typname LIKE 'search\_kept\_%'
        LOOP EXECUTE 'DROP TYPE ' || t || ' CASCADE'; END LOOP;
    END $$""",
    """UPDATE search_searchentry e SET facet_values = coalesce((
        SELECT array_agg(f.facet || ':' || f.value ORDER BY f.facet, f.value)
        FROM search_searchfacet f WHERE f.record_id = e.record_id), '{}')""",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0004_kept_answers")]
    operations = [postgresql_only([*DROP_EVERY_VERSION, *KEPT], [])]
