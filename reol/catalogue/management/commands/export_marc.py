"""reol export_marc PATH [--format xml|binary]: the whole catalogue as MARC21."""

import sys
from pathlib import Path
from typing import BinaryIO

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from reol.catalogue.marc_export import FORMATS, export_records
from reol.catalogue.models import Record


class Command(BaseCommand):
    help = (
        "Write every record of the catalogue to PATH as MARC21: MARCXML (the default, valid "
        "against the MARC21 slim schema) or ISO 2709 with --format binary. The file is written "
        "beside PATH and moved into place when complete, so a failed export leaves no half "
        "file. A record too long for ISO 2709 is reported on standard error and left out."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, metavar="PATH", help="the file to write")
        parser.add_argument(
            "--format", choices=FORMATS, default="xml", dest="marc_format",
            help="xml for MARCXML (default), binary for ISO 2709",
        )

    def handle(self, *args: object, path: Path, marc_format: str, **options: object) -> None:
        console = Console(
            file=options.get("stderr") or sys.stderr,  # call_command(stderr=…) in tests
            no_color=bool(options.get("no_color")), soft_wrap=True, highlight=False,
        )
        partial = path.with_name(path.name + ".part")
        try:
            with partial.open("wb") as handle:
                written, skipped = _export(handle, marc_format, str(path), console)
            partial.replace(path)
        except OSError as error:
            raise CommandError(f"{path}: cannot be written: {error.strerror}") from error
        finally:
            partial.unlink(missing_ok=True)  # gone already when the export was complete
        left_out = f", {skipped} left out" if skipped else ""
        self.stdout.write(f"exported {written} records to {path}{left_out}")


def _export(handle: BinaryIO, marc_format: str, name: str, console: Console) -> tuple[int, int]:
    written = skipped = 0
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=console, disable=not console.is_terminal) as progress:
        task = progress.add_task(name, total=Record.objects.count())
        for record, problem in export_records(handle, marc_format):
            if problem:
                skipped += 1
                progress.console.print(f"{record.pid}: {problem}", markup=False)
            else:
                written += 1
            progress.advance(task)
    return written, skipped
