"""reol demo: migrate, then load the demo network (reol/demo.py) into an empty database."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from reol import demo
from reol.catalogue.models import Item, Record
from reol.libraries.models import Library


class Command(BaseCommand):
    help = (
        "Migrate the database named by REOL_DATABASE_URL and load the demo library network "
        "and its 10,000-record catalogue. Does nothing to a database that already holds "
        "libraries, so running it twice changes nothing."
    )

    def handle(self, *args, **options) -> None:
        console = Console(stderr=True)
        call_command("migrate", interactive=False, verbosity=0)
        if Library.objects.exists():
            console.print("The database already holds libraries; the demo is not loaded again.")
            return
        columns = [TextColumn("{task.description:<28}"), BarColumn(), TextColumn(
            "{task.completed}/{task.total}"), TimeElapsedColumn()]
        with Progress(*columns, console=console) as progress:
            summary = demo.load(progress)
        console.print(
            f"Demo network loaded: {Library.objects.count()} libraries, "
            f"{Record.objects.count():,} records, {Item.objects.count():,} items, "
            f"{summary.patrons:,} patrons, {summary.loans:,} loans ({summary.overdue} overdue), "
            f"{summary.waiting + summary.allocated + summary.on_hold_shelf} open reservations "
            f"({summary.on_hold_shelf} on hold shelves, {summary.allocated} to pull), "
            f"{summary.in_transit} in transit."
        )
