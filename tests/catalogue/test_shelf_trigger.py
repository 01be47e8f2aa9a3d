"""The shelf-change queue is fed by a trigger on the copy table (catalogue migration 0004).
A migration that rebuilds that table on SQLite drops its triggers silently; this fails then."""

from django.db import connection

from reol.catalogue.models import Item, ShelfChange
from tests.factories import make_item, make_record


def test_the_shelf_change_trigger_is_in_the_migrated_database(db):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"
                           " AND tbl_name = 'catalogue_item'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
                           " AND tgrelid = 'catalogue_item'::regclass")
        assert "catalogue_item_shelf_change" in {name for (name,) in cursor.fetchall()}


def test_a_copy_changed_by_a_bare_update_queues_its_record_for_search(network):
    copy = make_item(make_record("Kongens Fald"), network.glostrup_main)
    ShelfChange.objects.all().delete()
    Item.objects.filter(pk=copy.pk).update(status=Item.Status.MISSING)
    assert list(ShelfChange.objects.values_list("record_id", flat=True)) == [copy.record_id]
