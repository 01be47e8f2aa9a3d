"""Test data made through the same services the application uses."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import count

from django.utils import timezone

from reol.catalogue.models import Item, Record
from reol.catalogue.services import RecordData, save_record
from reol.libraries.models import Branch, Library, Region

_serial = count(1)


def renewable_now() -> datetime:
    """When to lend a 30-day loan for it to be in its renewal window (a week) today."""
    return timezone.now() - timedelta(days=28)


@dataclass
class Network:
    glostrup: Library
    randers: Library
    glostrup_main: Branch
    randers_main: Branch
    randers_bus: Branch


def make_network() -> Network:
    capital = Region.objects.create(name="Gentofte", municipalities=28)
    midwest = Region.objects.create(name="Herning", municipalities=19)
    glostrup = Library.objects.create(
        agency="716100", name="Glostrup Bibliotek", municipality="Glostrup", region=capital
    )
    randers = Library.objects.create(
        agency="773000", name="Randers Bibliotek", municipality="Randers", region=midwest
    )
    return Network(
        glostrup=glostrup,
        randers=randers,
        glostrup_main=Branch.objects.create(
            library=glostrup, code="glostrup", name="Glostrup Bibliotek", kind="main"
        ),
        randers_main=Branch.objects.create(
            library=randers, code="randers-hb", name="Randers Bibliotek", kind="main"
        ),
        randers_bus=Branch.objects.create(
            library=randers, code="randers-bogbus", name="Bogbussen", kind="bookmobile"
        ),
    )


def make_record(title: str = "Journal 64", **fields) -> Record:
    fields.setdefault("pid", f"870970-basis:{50000000 + next(_serial)}")
    record, _ = save_record(RecordData(title=title, **fields))
    return record


def make_item(record: Record, branch: Branch, status: str = Item.Status.AVAILABLE) -> Item:
    return Item.objects.create(
        barcode=f"5{branch.library.agency}{next(_serial):07d}",
        record=record,
        library=branch.library,
        home_branch=branch,
        current_branch=branch,
        status=status,
    )


_PIN_HASHES: dict[str, str] = {}


def make_patron(library: Library, pin: str = "1234", born: str = "1980-05-17", **fields):
    """A patron of `library`. The PIN's Argon2 hash is made once per PIN and reused: hashing is
    deliberately slow, and tests make many patrons."""
    from datetime import date

    from django.contrib.auth.hashers import make_password

    from reol.circulation.models import Patron

    if pin not in _PIN_HASHES:
        _PIN_HASHES[pin] = make_password(pin)
    fields.setdefault("card", f"{next(_serial):010d}")
    fields.setdefault("name", "Karen Blixen")
    fields.setdefault("email", f"patron{fields['card']}@example.dk")
    return Patron.objects.create(
        pin=_PIN_HASHES[pin], library=library, birth_date=date.fromisoformat(born), **fields
    )


def make_order(record: Record, library: Library, copies: int, ordered, received: int = 0):
    """An order of copies of a title (by hand, without vendor or fund), `received` of them in."""
    from reol.collection.models import Order, OrderLine

    order = Order.objects.create(library=library, ordered=ordered)
    return OrderLine.objects.create(order=order, record=record, quantity=copies,
                                    received=received)
