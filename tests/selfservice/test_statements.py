"""A checkout at a self-check machine, over real TCP, does only its work: each SIP2 message is
one scope of reol.memo, so the memories' generation is read once for it (as once per web
request), not at every memory read. Transactional, as in production, with the memories warm
after a first checkout."""

import threading
from collections.abc import Iterator

import pytest
from django.db.backends.signals import connection_created

from tests.factories import make_item, make_patron, make_record

from .conftest import fields

pytestmark = pytest.mark.django_db(transaction=True)
DATE = "20261122    101010"
GENERATION = "core_memorygeneration"
# SQLite: the transaction's start, the checkout's facts, the generation, the loan, the copy,
# the event log (PostgreSQL: the locks instead of the start, the loan and the copy in one).
MOST = 6


@pytest.fixture
def server_statements() -> Iterator[list[str]]:
    """Every statement the SIP2 server's database threads send (from their first connection
    on: request this before the server starts)."""
    seen: list[str] = []

    def count(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    def watch(sender, connection, **kwargs) -> None:
        if threading.current_thread().name.startswith("sip2-worker"):
            connection.execute_wrappers.append(count)

    connection_created.connect(watch)
    yield seen
    connection_created.disconnect(watch)


def checkout(card: str, barcode: str) -> str:
    return f"11NN{DATE}{' ' * 18}AODK-716100|AA{card}|AB{barcode}|AC|"


def test_a_checkout_at_a_machine_reads_the_memories_generation_once(server_statements, place,
                                                                     raw):
    patron = make_patron(place.network.glostrup)
    shelf = [make_item(make_record(f"Bog {n}"), place.network.glostrup_main) for n in range(2)]
    kiosk = raw()
    assert kiosk.login() == "941"
    opened = kiosk.ask(f"23009{DATE}AODK-716100|AA{patron.card}|AC|AD1234|")
    assert fields(opened)["CQ"] == ["Y"]
    assert kiosk.ask(checkout(patron.card, shelf[0].barcode)).startswith("121")  # memories warm

    server_statements.clear()
    answer = kiosk.ask(checkout(patron.card, shelf[1].barcode))

    assert answer.startswith("121") and fields(answer)["AJ"] == ["Bog 1"]
    sent = list(server_statements)
    listing = "\n".join(sql[:160] for sql in sent)
    assert sum(GENERATION in sql for sql in sent) == 1, listing
    assert len(sent) <= MOST, f"{len(sent)} statements:\n{listing}"
