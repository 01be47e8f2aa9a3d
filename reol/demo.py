"""The demo library network: each app's own demo loader, composed in the order they stand on
one another. The project's, not an app's: it is the one place that knows them all."""

from collections.abc import Callable

from django.db import connection, transaction
from rich.progress import Progress

from reol import memo
from reol.catalogue import changes
from reol.catalogue import demo as catalogue
from reol.circulation import demo as lending
from reol.community import demo as community
from reol.digital import demo as digital
from reol.events import demo as events
from reol.insight import demo as door_counts
from reol.insight import demo_collection as collection
from reol.insight import simulate as simulation
from reol.libraries.demo import load_network
from reol.rooms import demo as rooms
from reol.search import vocabulary
from reol.search.backends import for_vendor
from reol.search.indexing import BATCH, index_records
from reol.selfservice.demo import load_terminals
from reol.sharing import demo as sharing
from reol.transport import demo as transport

# Loaded after lending: they need patrons, calendars and the event log.
AFTER_LENDING: list[tuple[str, Callable[[], object]]] = [
    ("Rooms and bookings", rooms.load_demo),
    ("Events and partners", events.load_demo),
    ("Volunteers and exhibitions", community.load_demo),
    ("Collection policies, co-loans", collection.load_demo),
    ("Interlibrary loans", sharing.load_demo),
    ("A year of traffic (Randers)", simulation.load_demo),
    # Last: door counts stand beside the lending (and the events) the steps above left behind.
    ("Door counts", door_counts.load_demo),
]


def load(progress: Progress) -> lending.Summary:
    """Load the whole demo network into an empty database, in one transaction; each step shows
    on `progress`. Returns lending's summary (patrons, loans, reservations)."""
    with transaction.atomic():
        task = progress.add_task("Libraries and branches", total=1)
        libraries = list(load_network().values())
        load_terminals()
        progress.advance(task)
        demos = catalogue.demo_records()
        task = progress.add_task("Records (bibdata)", total=1)
        pairs = catalogue.store_records(demos)
        progress.advance(task)
        task = progress.add_task("Items", total=1)
        catalogue.store_items(pairs, libraries)
        progress.advance(task)
        task = progress.add_task("Network, hubs and routes", total=1)
        transport.load_demo(progress.console)
        progress.advance(task)
        task = progress.add_task("Patrons and lending", total=None)
        with changes.batch():  # the search index step below indexes every record anyway
            summary = lending.load(libraries, step=lambda done, planned: progress.update(
                task, completed=done, total=planned))
        task = progress.add_task("Digital titles, caps and budgets", total=1)
        digital_ids = digital.load_demo()  # before the year of traffic, which borrows them
        progress.advance(task)
        for label, load_app in AFTER_LENDING:
            task = progress.add_task(label, total=1)
            load_app()
            progress.advance(task)
        ids = [record.pk for record, _ in pairs] + digital_ids
        task = progress.add_task("Search index", total=len(ids))
        for start in range(0, len(ids), BATCH):
            progress.advance(task, index_records(ids[start : start + BATCH]))
        for_vendor(connection.vendor).rebuild()
        vocabulary.build()  # "Mente du …?" and the suggestions while typing
        memo.changed()  # bulk writes send no signals: running processes compute afresh
    return summary
