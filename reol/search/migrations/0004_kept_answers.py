"""PostgreSQL: kept answers to broad searches and the triggers that keep them in step with
the index (kept.py). Nothing changes on SQLite, whose engine keeps its own index."""

from django.db import migrations

from reol.search.kept import DROP, SCHEMA
from reol.search.postgresql import schema_step


class Migration(migrations.Migration):
    dependencies = [("search", "0003_facet_values")]
    operations = [schema_step(SCHEMA, DROP)]
