"""reol fee_totals: each day's charges, payments by method, waivers and refunds per library,
as CSV for the municipality's accounts."""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from reol.circulation import fee_totals
from reol.libraries.models import Library


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {text}") from None


class Command(BaseCommand):
    help = (
        "Write each day's fees and payments per library as CSV (date, library, agency, "
        "charges, payments by method, waivers, refunds) for the municipality's accounts. "
        "Default: yesterday, every library; --library AGENCY (repeatable), --from and --to "
        "(YYYY-MM-DD, both included), --output FILE (default: standard output)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--library", action="append", metavar="AGENCY", default=[])
        parser.add_argument("--from", dest="start", metavar="DATE")
        parser.add_argument("--to", dest="end", metavar="DATE")
        parser.add_argument("--output", metavar="FILE")

    def handle(self, *args, library: list[str], start: str | None, end: str | None,
               output: str | None, **options) -> None:
        yesterday = timezone.localdate() - timedelta(days=1)
        last = _day(end) if end else yesterday
        first = _day(start) if start else last
        if first > last:
            raise CommandError("--from is after --to")
        libraries = Library.objects.order_by("name")
        if library:
            libraries = libraries.filter(agency__in=[a.strip() for a in library])
            if len(libraries) != len(set(library)):
                raise CommandError("Unknown agency number among: " + ", ".join(library))
        text = fee_totals.as_csv(fee_totals.daily(list(libraries), first, last))
        if output:
            with open(output, "w", encoding="utf-8", newline="") as out:
                out.write(text)
        else:
            self.stdout.write(text, ending="")
