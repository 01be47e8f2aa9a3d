from django.core.management.base import BaseCommand

from reol.search import vocabulary
from reol.search.indexing import rebuild_index


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the catalogue. Never needed in normal running (the "
        "index follows every change); use it after restoring a database from a backup."
    )

    def handle(self, *args, **options) -> None:
        count = rebuild_index()
        vocabulary.build()
        self.stdout.write(f"Indexed {count:,} records.")
