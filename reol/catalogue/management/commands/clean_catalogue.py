from django.core.management.base import BaseCommand

from reol.catalogue.services import clean_catalogue


class Command(BaseCommand):
    help = (
        "Clean every stored record as a new import would be cleaned: names without relator "
        "codes (kept as roles), today's letters for ꜳ and its kin, genre and form terms and "
        "see-references apart from subjects. Run once after upgrading; records already "
        "clean are left alone, and changed ones are indexed again."
    )

    def handle(self, *args, **options) -> None:
        count = clean_catalogue()
        self.stdout.write(f"Cleaned {count:,} records.")
