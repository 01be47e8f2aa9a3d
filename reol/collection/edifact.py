"""Orders as EDIFACT ORDERS D.96A (EAN008), as Danish and Nordic library vendors take them.

Written with pydifact, a kept library for the format, not by hand: it escapes the release
characters (? + : ') in titles, writes the UNA service string advice and counts the segments
for UNT and the messages for UNZ. Per line: LIN with the ISBN-13 as EN (EAN), IMD with the
title, QTY+21 (ordered quantity), PRI+AAA (expected net price) and RFF+LI (our line number).
"""

import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from pydifact.exceptions import MissingImplementationWarning
from pydifact.segmentcollection import Interchange, Message
from pydifact.segments import Segment

IDENTIFIER = ("ORDERS", "D", "96A", "UN", "EAN008")
ADVICE = ":+.? '"  # UNA: component, element, decimal mark, release, reserved, terminator


@contextmanager
def _quiet() -> Iterator[None]:
    """pydifact 0.2.3 ships no segment directories to validate against and warns so for every
    service segment (UNB, UNH, …); we do not lean on that validation, so the warning says
    nothing to us."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingImplementationWarning)
        yield


@dataclass(frozen=True)
class Line:
    number: str  # our order line's id, which the vendor's answers refer to
    ean: str  # ISBN-13; empty when the title has none
    title: str
    quantity: int
    price: Decimal


@dataclass(frozen=True)
class Purchase:
    number: str  # the order's id
    ordered: date
    buyer_gln: str
    supplier_gln: str
    account: str  # the library's customer number with the vendor
    lines: list[Line]


def orders(purchase: Purchase, now: datetime | None = None) -> str:
    """The interchange text: one ORDERS message from the library to the vendor."""
    stamp = now or datetime.combine(purchase.ordered, datetime.min.time())
    with _quiet():
        return _interchange(purchase, stamp).serialize()


def _interchange(purchase: Purchase, stamp: datetime) -> Interchange:
    interchange = Interchange(
        sender=purchase.buyer_gln, recipient=purchase.supplier_gln,
        control_reference=purchase.number, syntax_identifier=("UNOC", 3),
        timestamp=stamp)
    message = Message(purchase.number, IDENTIFIER)
    message.add_segment(Segment("BGM", "220", purchase.number, "9"))
    message.add_segment(Segment("DTM", ["137", purchase.ordered.strftime("%Y%m%d"), "102"]))
    message.add_segment(Segment("NAD", "BY", [purchase.buyer_gln, "", "9"]))
    if purchase.account:
        message.add_segment(Segment("RFF", ["API", purchase.account]))
    message.add_segment(Segment("NAD", "SU", [purchase.supplier_gln, "", "9"]))
    message.add_segment(Segment("CUX", ["2", "DKK", "9"]))
    for n, line in enumerate(purchase.lines, start=1):
        message.add_segment(Segment("LIN", str(n), "", [line.ean, "EN"]) if line.ean
                            else Segment("LIN", str(n)))
        message.add_segment(Segment("IMD", "F", "", ["", "", "", latin1(line.title)[:70]]))
        message.add_segment(Segment("QTY", ["21", str(line.quantity)]))
        message.add_segment(Segment("PRI", ["AAA", f"{line.price:.2f}"]))
        message.add_segment(Segment("RFF", ["LI", line.number]))
    message.add_segment(Segment("UNS", "S"))
    message.add_segment(Segment("CNT", ["2", str(len(purchase.lines))]))
    interchange.add_segment(Segment("UNA", ADVICE))
    interchange.add_message(message)
    return interchange


def latin1(text: str) -> str:
    """The text in UNOC's letters (ISO 8859-1): Danish letters stay, others lose their marks
    ("ł" → "l" is beyond that; such a letter is left out)."""
    if all(ord(c) < 256 for c in text):
        return text
    plain = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in plain if ord(c) < 256 and not unicodedata.combining(c)))


def encoded(text: str) -> bytes:
    """The interchange as the bytes UNOC promises."""
    return text.encode("latin-1")


@dataclass(frozen=True)
class ReadLine:
    ean: str
    quantity: int
    price: Decimal


def read_lines(text: str) -> list[ReadLine]:
    """The lines of an ORDERS interchange, read back with the same library (for tests and
    for checking a file before it goes)."""
    found: list[ReadLine] = []
    ean, quantity = "", 0
    with _quiet():
        segments = list(Interchange.from_str(text).segments)
    for segment in segments:
        if segment.tag == "LIN":
            ean = segment.elements[2][0] if len(segment.elements) > 2 else ""
        elif segment.tag == "QTY" and segment.elements[0][0] == "21":
            quantity = int(segment.elements[0][1])
        elif segment.tag == "PRI" and segment.elements[0][0] == "AAA":
            found.append(ReadLine(ean, quantity, Decimal(segment.elements[0][1])))
    return found
