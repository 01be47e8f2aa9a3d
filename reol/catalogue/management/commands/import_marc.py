"""reol import_marc PATH…: MARC21 and MARCXML files into the catalogue."""

import os
import sys
from pathlib import Path
from typing import BinaryIO

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from reol.catalogue.marc_import import ImportSummary, import_records


class Command(BaseCommand):
    help = (
        "Import MARC21 files into the catalogue, ISO 2709 or MARCXML (told apart by their "
        "content). A record is created, or updated when the catalogue has its pid (made from "
        "001 and 003), so importing a file twice creates nothing new. A record that cannot be "
        "read or stored is reported on standard error as 'PATH: record N: reason' and the "
        "others are imported; the summary 'read N, created N, updated N, rejected N' goes to "
        "standard output. Exit status 1 when a path cannot be opened (the other paths are "
        "still imported); rejected records alone leave it 0."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths", nargs="+", type=Path, metavar="PATH", help="a MARC21 or MARCXML file"
        )

    def handle(self, *args: object, paths: list[Path], **options: object) -> None:
        console = Console(
            file=options.get("stderr") or sys.stderr,  # call_command(stderr=…) in tests
            no_color=bool(options.get("no_color")),
            soft_wrap=True,  # a long reason stays on one line, for grep
            highlight=False,
        )
        total, unreadable = ImportSummary(), 0
        columns = (
            TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
            TextColumn("{task.fields[records]:,} records"), TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, disable=not console.is_terminal) as progress:
            for path in paths:
                try:
                    handle = path.open("rb")
                except OSError as error:
                    console.print(f"{path}: cannot be read: {error.strerror}", markup=False)
                    unreadable += 1
                    continue
                with handle:
                    _import_file(path, handle, progress, total)
        self.stdout.write(str(total))
        if unreadable:
            raise CommandError(f"{unreadable} of {len(paths)} paths could not be read.")


def _import_file(path: Path, handle: BinaryIO, progress: Progress, total: ImportSummary) -> None:
    size = os.fstat(handle.fileno()).st_size
    task = progress.add_task(str(path), total=size or None, records=0)
    read = 0
    for outcome in import_records(handle):
        read += 1
        total.add(outcome)
        if outcome.status == "rejected":
            progress.console.print(
                f"{path}: record {outcome.position}: {outcome.reason}", markup=False
            )
        progress.update(task, completed=handle.tell(), records=read)
    progress.update(task, completed=size)
    if not read:
        progress.console.print(f"{path}: no MARC records found", markup=False)
