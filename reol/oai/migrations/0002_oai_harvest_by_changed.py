"""Harvests read live records by (changed, id): when this database changed them, not the 005
an imported catalogue keeps in `updated` (catalogue 0010)."""

from django.db import migrations

BY_CHANGED = ["DROP INDEX IF EXISTS oai_record_harvest",
              "CREATE INDEX oai_record_harvest ON catalogue_record (changed, id)"]
BY_UPDATED = ["DROP INDEX IF EXISTS oai_record_harvest",
              "CREATE INDEX oai_record_harvest ON catalogue_record (updated, id)"]


class Migration(migrations.Migration):
    dependencies = [("oai", "0001_oai_tombstones"), ("catalogue", "0010_oai_record_changed")]

    operations = [migrations.RunSQL(BY_CHANGED, BY_UPDATED)]
