"""Record.changed: when this database last changed a record, apart from `updated`, which an
imported catalogue sets to the former system's 005. OAI-PMH datestamps read it.

The column is added with plain ALTER TABLE (SeparateDatabaseAndState): Django would rebuild
the whole table on SQLite for an auto_now field, dropping the triggers other apps keep on
catalogue_record (oai's tombstones, the shelf trigger)."""

from django.db import migrations, models

COLUMN = {"sqlite": "datetime NULL", "postgresql": "timestamp with time zone NULL"}


def add(apps, schema_editor):
    column = COLUMN[schema_editor.connection.vendor]
    schema_editor.execute(f"ALTER TABLE catalogue_record ADD COLUMN changed {column}")
    schema_editor.execute("UPDATE catalogue_record SET changed = updated")


def drop(apps, schema_editor):
    schema_editor.execute("ALTER TABLE catalogue_record DROP COLUMN changed")


class Migration(migrations.Migration):

    dependencies = [
        ("catalogue", "0009_digital_material_types"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add, drop)],
            state_operations=[
                migrations.AddField(
                    model_name="record",
                    name="changed",
                    field=models.DateTimeField(auto_now=True, null=True),
                ),
            ],
        ),
    ]
