"""reol import_visitors FILE.csv — door counts per house and day (columns branch,date,visitors)."""

from django.core.management.base import BaseCommand, CommandError

from reol.errors import DomainError
from reol.insight.visitors import import_counts


class Command(BaseCommand):
    help = ("Import door counts from a CSV with the columns branch,date,visitors (branch code, "
            "YYYY-MM-DD, a whole number). A day imported again is replaced; a bad row refuses "
            "the whole file.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="CSV file (UTF-8)")

    def handle(self, *args, **options) -> None:
        try:
            with open(options["file"], encoding="utf-8-sig", newline="") as f:
                done = import_counts(f)
        except OSError as error:
            raise CommandError(str(error)) from error
        except DomainError as refusal:
            raise CommandError(refusal.message()) from refusal
        self.stdout.write(f"{done.created} new, {done.updated} replaced")
