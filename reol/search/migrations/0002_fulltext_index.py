"""PostgreSQL's full-text index: a generated tsvector with a GIN index (postgresql.py).
The embedded backend keeps its Tantivy index outside the database (embedded.py)."""

from django.db import migrations

from reol.search.postgresql import SCHEMA, DROP, schema_step


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [schema_step(SCHEMA, DROP)]
