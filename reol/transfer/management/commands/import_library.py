"""reol import_library --from DIR: a library's data from its former system into reol."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from reol.errors import DomainError
from reol.transfer import services
from reol.transfer.engine import Tick


class Command(BaseCommand):
    help = (
        "Import a library from a folder in the layout of docs/migration.md: the library, its "
        "branches, hours and loan rules, records (MARC21 or MARCXML) and copies, patrons, "
        "open loans, reservations, charges owed, kept loan histories and past years' "
        "figures. Rows already in reol are updated, so importing again changes nothing and "
        "importing after the former system moved on brings reol up to date. A refused row "
        "is reported (file, row, reason) and the good rows are taken, unless "
        "--all-or-nothing. --dry-run changes nothing and reports what an import would do."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="folder", type=Path, required=True, metavar="DIR",
                            help="the folder to import")
        parser.add_argument("--library", default="", metavar="AGENCY",
                            help="the library's agency number: rows of another are refused")
        parser.add_argument("--dry-run", action="store_true",
                            help="change nothing; report what the import would do")
        parser.add_argument("--report", type=Path, metavar="FILE",
                            help="write the report as CSV: counts per file, each refused row")
        parser.add_argument("--all-or-nothing", action="store_true",
                            help="take nothing when any row is refused")

    def handle(self, *args: object, folder: Path, library: str, dry_run: bool,
               report: Path | None, all_or_nothing: bool, **options: object) -> None:
        if not folder.is_dir():
            raise CommandError(f"{folder}: not a folder")
        stderr: Any = options.get("stderr") or sys.stderr  # call_command(stderr=…) in tests
        console = Console(file=stderr, soft_wrap=True,
                          no_color=bool(options.get("no_color")), highlight=False)
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn())
        with Progress(*columns, console=console, disable=not console.is_terminal) as bar:
            def progress(name: str, total: int | None) -> Tick:
                task = bar.add_task(name, total=total)
                return lambda done: bar.advance(task, done)
            try:
                outcome = services.import_library(
                    folder, agency=library, dry_run=dry_run, all_or_nothing=all_or_nothing,
                    progress=progress)
            except DomainError as error:
                raise CommandError(error.en) from None
        if report:
            outcome.write(report)
        for line in outcome.lines():
            self.stdout.write(line)
        for refusal in outcome.refusals[:20]:
            console.print(f"{refusal.file}: row {refusal.row}: {refusal.en}", markup=False)
        if outcome.refused > 20:
            console.print(f"… and {outcome.refused - 20} more refused rows (see --report)",
                          markup=False)
