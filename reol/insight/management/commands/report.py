"""reol report yearly --library AGENCY --year YYYY [--json] — the yearly "Vidste du?" figures."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from rich.console import Console
from rich.table import Table

from reol.insight import report
from reol.insight.statistics import METRICS
from reol.libraries.models import Library


class Command(BaseCommand):
    help = "Reports from the event log. yearly: the figures of a library's year."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="report", required=True)
        yearly = sub.add_parser("yearly", help="a library's yearly figures and top titles")
        yearly.add_argument("--library", required=True, help="agency number, e.g. 773000")
        yearly.add_argument("--year", required=True, type=int)
        yearly.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options) -> None:
        library = Library.objects.filter(agency=options["library"]).first()
        if library is None:
            raise CommandError(f"No library with the agency number {options['library']}.")
        if not 1900 <= options["year"] <= 9999:
            raise CommandError("The year must be between 1900 and 9999.")
        result = report.yearly(library, options["year"])
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
            return
        with translation.override("en"):
            self._print(result)

    def _print(self, result: report.YearlyReport) -> None:
        console = Console(file=self.stdout, width=100)
        figures = Table(title=f"{result.library} ({result.agency}), {result.year}")
        figures.add_column("figure")
        figures.add_column("count", justify="right")
        figures.add_row("Loans for adults", f"{result.loans_adults:,}")
        figures.add_row("Loans for children", f"{result.loans_children:,}")
        figures.add_row("Physical loans", f"{result.loans_physical:,}")
        figures.add_row("Digital loans", f"{result.loans_digital:,}")
        for name in ("loans", "renewals", "reservations", "ill_received", "ill_supplied",
                     "visitors", "open_library_entries", "bookmobile_visitors", "events",
                     "participants", "helped"):
            figures.add_row(str(METRICS[name]), f"{getattr(result, name):,}")
        for name, value in result.earlier.items():
            figures.add_row(f"{name.capitalize()} (former system)", f"{value:,}")
        console.print(figures)
        top = Table(title="Most-loaned titles")
        for column in ("category", "title", "creator"):
            top.add_column(column)
        top.add_column("loans", justify="right")
        for name, titles in result.top.items():
            for title in titles:
                top.add_row(str(report.CATEGORIES[name]), title.title, title.creator,
                            str(title.loans))
        console.print(top)
