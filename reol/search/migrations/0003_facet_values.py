"""PostgreSQL: every entry carries its many-valued facets in an array kept in step with
search_searchfacet by triggers, so facets are counted from the matched rows alone, without a
join (search/postgresql.py). Nothing changes on SQLite, whose engine keeps its own index."""

from importlib import import_module

from django.db import migrations

postgresql_only = import_module("reol.search.migrations.0002_fulltext_index").postgresql_only

# The entry's many-valued facets as "facet:value", recomputed from search_searchfacet for the
# records a statement on that table touched (statement triggers: one update per bulk write).
FACET_VALUES = [
    """ALTER TABLE search_searchentry ADD COLUMN facet_values text[] NOT NULL DEFAULT '{}'""",
    """CREATE FUNCTION search_facet_values_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE search_searchentry e SET facet_values = coalesce((
            SELECT array_agg(f.facet || ':' || f.value ORDER BY f.facet, f.value)
            FROM search_searchfacet f WHERE f.record_id = e.record_id), '{}')
        WHERE e.record_id IN (SELECT DISTINCT record_id FROM changed);
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER search_facet_values_insert AFTER INSERT
        ON search_searchfacet REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION search_facet_values_refresh()""",
    """CREATE TRIGGER search_facet_values_delete AFTER DELETE
        ON search_searchfacet REFERENCING OLD TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION search_facet_values_refresh()""",
    """CREATE TRIGGER search_facet_values_update AFTER UPDATE
        ON search_searchfacet REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION search_facet_values_refresh()""",
    """UPDATE search_searchentry e SET facet_values = f.values FROM (
        SELECT record_id, array_agg(facet || ':' || value ORDER BY facet, value) AS values
        FROM search_searchfacet GROUP BY record_id) f
    WHERE f.record_id = e.record_id""",
]
FACET_VALUES_DROP = [
    """DROP TRIGGER IF EXISTS search_facet_values_insert ON search_searchfacet""",
    """DROP TRIGGER IF EXISTS search_facet_values_delete ON search_searchfacet""",
    """DROP TRIGGER IF EXISTS search_facet_values_update ON search_searchfacet""",
    """DROP FUNCTION IF EXISTS search_facet_values_refresh()""",
    """ALTER TABLE search_searchentry DROP COLUMN IF EXISTS facet_values""",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext_index")]
    operations = [postgresql_only(FACET_VALUES, FACET_VALUES_DROP)]
