"""Routing reads the holdings of thousands of records at once: which libraries have an
available, lendable copy of each. This index answers that from the index alone. It belongs to
catalogue_item; it lives here until the catalogue app adopts it (then this becomes a no-op)."""

from django.db import migrations

INDEX = "sharing_item_holdings"


class Migration(migrations.Migration):
    dependencies = [
        ("sharing", "0001_initial"),
        ("catalogue", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON catalogue_item "
            "(record_id, status, library_id, loan_category)",
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
