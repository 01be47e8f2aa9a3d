"""The holdings index, which interlibrary routing reads (record, status, library, loan
category). It first lived in sharing's migration 0002 as raw SQL under the name
`sharing_item_holdings`; databases that applied that one have it under the old name, which is
dropped here so no database keeps two copies of the same index. Created with IF NOT EXISTS so a
database that somehow already has it under the new name migrates too."""

from django.db import migrations, models

OLD, NEW = "sharing_item_holdings", "catalogue_item_holdings"
COLUMNS = "record_id, status, library_id, loan_category"


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0002_shelf_change"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(
                    model_name="item",
                    index=models.Index(fields=["record", "status", "library", "loan_category"],
                                       name=NEW),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    [f"DROP INDEX IF EXISTS {OLD}",
                     f"CREATE INDEX IF NOT EXISTS {NEW} ON catalogue_item ({COLUMNS})"],
                    [f"DROP INDEX IF EXISTS {NEW}"],
                ),
            ],
        ),
    ]
