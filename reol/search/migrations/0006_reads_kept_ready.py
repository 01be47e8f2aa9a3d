"""PostgreSQL: a kept answer is made in steps by the search worker (search/kept.py), and is
read only once it is ready. Nothing changes on SQLite."""

from importlib import import_module

from django.db import migrations

postgresql_only = import_module("reol.search.migrations.0002_fulltext_index").postgresql_only

READY = ["ALTER TABLE search_keptanswer ADD COLUMN ready boolean NOT NULL DEFAULT true"]
READY_DROP = ["ALTER TABLE search_keptanswer DROP COLUMN IF EXISTS ready"]


class Migration(migrations.Migration):
    dependencies = [("search", "0005_repair_kept_answers")]
    operations = [postgresql_only(READY, READY_DROP)]
