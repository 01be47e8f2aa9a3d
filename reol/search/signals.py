"""The index follows every saved or deleted record at once, and changed copies from the
catalogue's queue (catalogue.changes.deliver), from any entry point."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from reol.catalogue import changes
from reol.catalogue.models import Record

from .indexing import forget_records, index_records, refresh_availability


@receiver(post_save, sender=Record)
def record_saved(sender, instance: Record, raw: bool = False, **kwargs) -> None:
    if not raw and not changes.collected(instance.pk):
        index_records([instance.pk])


@receiver(post_delete, sender=Record)
def record_deleted(sender, instance: Record, **kwargs) -> None:
    forget_records([instance.pk])


@receiver(changes.batch_done)
def batch_done(sender, record_ids: list[int], item_record_ids: list[int], **kwargs) -> None:
    index_records(record_ids)
    refresh_availability(item_record_ids)
