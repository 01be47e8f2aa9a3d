"""Tombstones for deleted records, written by triggers on catalogue_record so that every way a
record leaves (a merge, the admin, an import, hand-written SQL) leaves one, in its own
transaction; and the index a harvest reads live records by, (updated, id).

A later catalogue migration that makes SQLite rebuild catalogue_record drops these triggers
and the index without a word: such a migration must create them again.
tests/oai/test_harvest.py fails when the delete trigger is missing."""

from django.db import migrations, models

# SQLite keeps Django's text form of a UTC time: 'YYYY-MM-DD hh:mm:ss.ffffff', or without the
# fraction when it is 0 (str(datetime)). Its %f gives milliseconds: padded to six digits, or
# cut off when 000, so that equal times are equal texts and text order is time order.
SQLITE_NOW = ("(SELECT CASE WHEN substr(t, 21) = '000' THEN substr(t, 1, 19) ELSE t || '000' END"
              " FROM (SELECT strftime('%Y-%m-%d %H:%M:%f', 'now') AS t))")

TRIGGERS = {
    "sqlite": [
        f"""CREATE TRIGGER oai_record_deleted AFTER DELETE ON catalogue_record FOR EACH ROW
        BEGIN
            INSERT INTO oai_tombstone (pid, material_type, deleted)
                VALUES (OLD.pid, OLD.material_type, {SQLITE_NOW})
                ON CONFLICT (pid) DO UPDATE SET material_type = excluded.material_type,
                                                deleted = excluded.deleted;
        END""",
        """CREATE TRIGGER oai_record_back AFTER INSERT ON catalogue_record FOR EACH ROW
        BEGIN
            DELETE FROM oai_tombstone WHERE pid = NEW.pid;
        END""",
        "CREATE INDEX oai_record_harvest ON catalogue_record (updated, id)",
    ],
    "postgresql": [
        # clock_timestamp(), not now(): the moment of the delete, not of the transaction's
        # start, which may be earlier than the record's own last change in that transaction.
        """CREATE FUNCTION oai_record_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO oai_tombstone (pid, material_type, deleted)
                VALUES (OLD.pid, OLD.material_type, clock_timestamp())
                ON CONFLICT (pid) DO UPDATE SET material_type = excluded.material_type,
                                                deleted = excluded.deleted;
            RETURN NULL;
        END $$""",
        """CREATE TRIGGER oai_record_deleted AFTER DELETE ON catalogue_record
            FOR EACH ROW EXECUTE FUNCTION oai_record_deleted()""",
        """CREATE FUNCTION oai_record_back() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            DELETE FROM oai_tombstone WHERE pid = NEW.pid;
            RETURN NULL;
        END $$""",
        """CREATE TRIGGER oai_record_back AFTER INSERT ON catalogue_record
            FOR EACH ROW EXECUTE FUNCTION oai_record_back()""",
        "CREATE INDEX oai_record_harvest ON catalogue_record (updated, id)",
    ],
}
DROP = {
    "sqlite": ["DROP TRIGGER IF EXISTS oai_record_deleted", "DROP TRIGGER IF EXISTS oai_record_back",
               "DROP INDEX IF EXISTS oai_record_harvest"],
    "postgresql": ["DROP TRIGGER IF EXISTS oai_record_deleted ON catalogue_record",
                   "DROP FUNCTION IF EXISTS oai_record_deleted()",
                   "DROP TRIGGER IF EXISTS oai_record_back ON catalogue_record",
                   "DROP FUNCTION IF EXISTS oai_record_back()",
                   "DROP INDEX IF EXISTS oai_record_harvest"],
}


def run(statements: dict[str, list[str]]):
    def step(apps, schema_editor):
        for sql in statements[schema_editor.connection.vendor]:
            schema_editor.execute(sql, params=None)
    return step


class Migration(migrations.Migration):
    initial = True
    dependencies = [("catalogue", "0008_merge_copies")]
    operations = [
        migrations.CreateModel(
            name="Tombstone",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("pid", models.CharField(max_length=80, unique=True)),
                ("material_type", models.CharField(max_length=12)),
                ("deleted", models.DateTimeField()),
            ],
            options={"indexes": [models.Index(fields=["deleted", "id"],
                                              name="oai_tombstone_harvest")]},
        ),
        migrations.RunPython(run(TRIGGERS), run(DROP)),
    ]
