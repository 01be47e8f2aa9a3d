from django.core.management.base import BaseCommand

from reol.catalogue.works import regroup


class Command(BaseCommand):
    help = (
        "Group every record into its work by the rules (records staff split or joined stay). "
        "Never needed in normal running (every save regroups); run it once after upgrading "
        "a database that holds records from before works, or after the rules change."
    )

    def handle(self, *args, **options) -> None:
        changed = regroup()
        self.stdout.write(f"{changed:,} records changed work.")
