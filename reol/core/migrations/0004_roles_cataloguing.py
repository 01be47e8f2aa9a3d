"""The "collection" role became two: cataloguing (records, works, covers) and acquisitions
(purchase suggestions). Everyone who held it holds both, in the same libraries."""

from django.db import migrations


def split_collection(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    StaffRole = apps.get_model("core", "StaffRole")
    old = Group.objects.filter(name="collection").first()
    if old is None:
        return
    buying, _ = Group.objects.get_or_create(name="acquisitions")
    for held in StaffRole.objects.filter(group=old):
        StaffRole.objects.get_or_create(user_id=held.user_id, library_id=held.library_id,
                                        group=buying)
        held.user.groups.add(buying)
    if Group.objects.filter(name="cataloguing").exists():
        cataloguing = Group.objects.get(name="cataloguing")
        for held in StaffRole.objects.filter(group=old):
            StaffRole.objects.get_or_create(user_id=held.user_id, library_id=held.library_id,
                                            group=cataloguing)
            held.user.groups.add(cataloguing)
        StaffRole.objects.filter(group=old).delete()
        old.delete()
    else:
        old.name = "cataloguing"
        old.save(update_fields=["name"])


def join_again(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name="cataloguing").update(name="collection")


class Migration(migrations.Migration):
    dependencies = [("core", "0003_core_move_in"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(split_collection, join_again)]
