"""reol demo: migrate, then load the demo network into an empty database."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from reol import memo
from reol.catalogue import changes, demo
from reol.catalogue.models import Item, Record
from reol.circulation import demo as lending
from reol.collection import demo as collection
from reol.community import demo as community
from reol.events import demo as events
from reol.insight import demo as door_counts
from reol.insight import simulate as simulation
from reol.libraries.demo import load_network
from reol.libraries.models import Library
from reol.rooms import demo as rooms
from reol.search.backends import for_vendor
from reol.search.indexing import BATCH, index_records
from reol.selfservice.demo import load_terminals
from reol.sharing import demo as sharing
from reol.transport import demo as transport

# Loaded after lending: they need patrons, calendars and the event log.
AFTER_LENDING = [
    ("Rooms and bookings", rooms.load_demo),
    ("Events and partners", events.load_demo),
    ("Volunteers and exhibitions", community.load_demo),
    ("Collection policies, co-loans", collection.load_demo),
    ("Door counts", door_counts.load_demo),
    ("Interlibrary loans", sharing.load_demo),
    ("A year of traffic (Randers)", simulation.load_demo),
]


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
        with Progress(*columns, console=console) as progress, transaction.atomic():
            task = progress.add_task("Libraries and branches", total=1)
            libraries = list(load_network().values())
            load_terminals()
            progress.advance(task)
            demos = demo.demo_records()
            task = progress.add_task("Records (bibdata)", total=1)
            pairs = demo.store_records(demos)
            progress.advance(task)
            task = progress.add_task("Items", total=1)
            demo.store_items(pairs, libraries)
            progress.advance(task)
            task = progress.add_task("Network, hubs and routes", total=1)
            transport.load_demo(console)
            progress.advance(task)
            task = progress.add_task("Patrons and lending", total=None)
            with changes.batch():  # the search index step below indexes every record anyway
                summary = lending.load(libraries, step=lambda done, planned: progress.update(
                    task, completed=done, total=planned))
            for label, load in AFTER_LENDING:
                task = progress.add_task(label, total=1)
                load()
                progress.advance(task)
            ids = [record.pk for record, _ in pairs]
            task = progress.add_task("Search index", total=len(ids))
            for start in range(0, len(ids), BATCH):
                progress.advance(task, index_records(ids[start : start + BATCH]))
            for_vendor(connection.vendor).rebuild()
            memo.changed()  # bulk writes send no signals: running processes compute afresh
        console.print(
            f"Demo network loaded: {Library.objects.count()} libraries, "
            f"{Record.objects.count():,} records, {Item.objects.count():,} items, "
            f"{summary.patrons:,} patrons, {summary.loans:,} loans ({summary.overdue} overdue), "
            f"{summary.waiting + summary.allocated + summary.on_hold_shelf} open reservations "
            f"({summary.on_hold_shelf} on hold shelves, {summary.allocated} to pull), "
            f"{summary.in_transit} in transit."
        )
