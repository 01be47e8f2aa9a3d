"""reol export_library --library AGENCY --to DIR: a library's data, to take elsewhere."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import Progress, TextColumn, TimeElapsedColumn

from reol.errors import DomainError
from reol.transfer import services
from reol.transfer.engine import Tick


class Command(BaseCommand):
    help = (
        "Export a library to a folder in the layout import_library reads (docs/migration.md): "
        "the library, branches, hours, loan rules, the records its copies carry as MARCXML, "
        "copies, patrons, open loans, reservations, charges owed, kept histories and past "
        "figures. Importing the folder into an empty database reproduces the library."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--library", required=True, metavar="AGENCY",
                            help="the library's agency number")
        parser.add_argument("--to", dest="folder", type=Path, required=True, metavar="DIR",
                            help="the folder to write (made if missing; files replaced)")

    def handle(self, *args: object, library: str, folder: Path, **options: object) -> None:
        stderr: Any = options.get("stderr") or sys.stderr  # call_command(stderr=…) in tests
        console = Console(file=stderr, soft_wrap=True,
                          no_color=bool(options.get("no_color")), highlight=False)
        columns = (TextColumn("{task.description}"), TextColumn("{task.completed:,} rows"),
                   TimeElapsedColumn())
        with Progress(*columns, console=console, disable=not console.is_terminal) as bar:
            def progress(name: str, total: int | None) -> Tick:
                task = bar.add_task(name, total=total)
                return lambda done: bar.advance(task, done)
            try:
                written = services.export_library(library, folder, progress)
            except DomainError as error:
                raise CommandError(error.en) from None
            except OSError as error:
                raise CommandError(f"{folder}: cannot be written: {error.strerror}") from None
        for name, rows in written.items():
            self.stdout.write(f"{name}: {rows}")
