"""The index follows every saved or deleted record and item, from any entry point."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from reol.catalogue import changes
from reol.catalogue.models import Item, Record

from .indexing import forget_records, index_records, refresh_availability


@receiver(post_save, sender=Record)
def record_saved(sender, instance: Record, raw: bool = False, **kwargs) -> None:
    if not raw and not changes.collected(instance.pk):
        index_records([instance.pk])


@receiver(post_save, sender=Item)
@receiver(post_delete, sender=Item)
def item_changed(sender, instance: Item, raw: bool = False, **kwargs) -> None:
    if not raw and not changes.collected(instance.record_id, items_only=True):
        refresh_availability([instance.record_id])


@receiver(post_delete, sender=Record)
def record_deleted(sender, instance: Record, **kwargs) -> None:
    forget_records([instance.pk])


@receiver(changes.batch_done)
def batch_done(sender, record_ids: list[int], item_record_ids: list[int], **kwargs) -> None:
    index_records(record_ids)
    refresh_availability(item_record_ids)
