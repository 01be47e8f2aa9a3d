"""A copy whose status, library or record changes queues its record(s) in the shelf-change
queue (catalogue/changes.py) by a trigger, in the statement that changes it: from any code
path, QuerySet.update and hand-written SQL included, and without a statement of its own at
every checkout and return.

A later migration that makes SQLite rebuild catalogue_item (most field changes there) drops
this trigger without a word, and PostgreSQL's DROP COLUMN ... CASCADE may too: such a migration
must create it again. tests/catalogue/test_shelf_trigger.py fails when it is missing."""

from django.db import migrations

TRIGGER = {
    "sqlite": [
        """CREATE TRIGGER catalogue_item_shelf_change AFTER UPDATE OF status, library_id,
            record_id ON catalogue_item FOR EACH ROW
            WHEN OLD.status IS NOT NEW.status OR OLD.library_id IS NOT NEW.library_id
              OR OLD.record_id IS NOT NEW.record_id
        BEGIN
            INSERT INTO catalogue_shelfchange (record_id) VALUES (NEW.record_id);
            INSERT INTO catalogue_shelfchange (record_id)
                SELECT OLD.record_id WHERE OLD.record_id IS NOT NEW.record_id;
        END""",
    ],
    "postgresql": [
        """CREATE FUNCTION catalogue_item_shelf_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO catalogue_shelfchange (record_id) VALUES (NEW.record_id);
            IF OLD.record_id IS DISTINCT FROM NEW.record_id THEN
                INSERT INTO catalogue_shelfchange (record_id) VALUES (OLD.record_id);
            END IF;
            RETURN NULL;
        END $$""",
        """CREATE TRIGGER catalogue_item_shelf_change AFTER UPDATE OF status, library_id,
            record_id ON catalogue_item FOR EACH ROW
            WHEN (OLD.status IS DISTINCT FROM NEW.status
              OR OLD.library_id IS DISTINCT FROM NEW.library_id
              OR OLD.record_id IS DISTINCT FROM NEW.record_id)
            EXECUTE FUNCTION catalogue_item_shelf_change()""",
    ],
}
DROP = {
    "sqlite": ["DROP TRIGGER IF EXISTS catalogue_item_shelf_change"],
    "postgresql": ["DROP TRIGGER IF EXISTS catalogue_item_shelf_change ON catalogue_item",
                   "DROP FUNCTION IF EXISTS catalogue_item_shelf_change()"],
}


def run(statements: dict[str, list[str]]):
    def step(apps, schema_editor):
        for sql in statements[schema_editor.connection.vendor]:
            schema_editor.execute(sql, params=None)
    return step


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0003_item_holdings")]
    operations = [migrations.RunPython(run(TRIGGER), run(DROP))]
