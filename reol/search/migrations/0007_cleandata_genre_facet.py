"""The index input gained a facet (genre and form) and hidden terms in the subjects column.
PostgreSQL's kept answers are a cache of counts: forget them, to be kept anew with the genre
facet. The entries themselves are rewritten by `reol clean_catalogue` (or `reol reindex`),
the Tantivy index beside SQLite by the search worker, which rebuilds an index of an older
schema."""

from importlib import import_module

from django.db import migrations

postgresql_only = import_module("reol.search.migrations.0002_fulltext_index").postgresql_only

FORGET = ["DELETE FROM search_keptanswer"]


class Migration(migrations.Migration):
    dependencies = [("search", "0006_reads_kept_ready"),
                    ("catalogue", "0004_cleandata_terms_roles_covers")]
    operations = [postgresql_only(FORGET, [])]
