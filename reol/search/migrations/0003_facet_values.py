"""PostgreSQL: every entry carries its many-valued facets in an array kept in step with
search_searchfacet by triggers, so facets are counted from the matched rows alone, without a
join (postgresql.py). Nothing changes on SQLite, whose engine keeps its own index."""

from django.db import migrations

from reol.search.postgresql import FACET_VALUES, FACET_VALUES_DROP, schema_step


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext_index")]
    operations = [schema_step(FACET_VALUES, FACET_VALUES_DROP)]
