"""Once created the holdings index on catalogue_item by raw SQL. The index belongs to the
catalogue and is declared there now (Item.Meta.indexes, catalogue migration 0002, which also
drops the index this migration made on databases that applied it). Kept, doing nothing, so the
migration graph of existing databases stays whole."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("sharing", "0001_initial"),
        ("catalogue", "0001_initial"),
    ]

    operations = []
