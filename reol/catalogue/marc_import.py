"""Reading MARC files into the catalogue, record by record.

A file is MARCXML when its first character after a byte-order mark and white space is "<",
else MARC21 in ISO 2709. Both are cut into records before any record is parsed — ISO 2709 at
the record terminator, MARCXML at the record tags — so a record that cannot be read is reported
with its place in the file and the records after it are still imported. pymarc's reader alone
would stop at the first record with a broken length.
"""

import codecs
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise
from typing import BinaryIO

import pymarc
from pymarc import Field, Indicators, Subfield
from pymarc.constants import END_OF_RECORD
from pymarc.exceptions import EndOfRecordNotFound
from pymarc.marcxml import MARC_XML_NS

from reol.errors import DomainError

from . import marc
from .models import Record
from .services import RecordData, save_records

BLOCK = 1 << 20
BATCH_SIZE = 500
_TERMINATOR = END_OF_RECORD.encode()
_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
_RECORD_OPEN = re.compile(rb"<" + _PREFIX + rb"record(?=[\s/>])")
_RECORD_CLOSE = re.compile(rb"</" + _PREFIX + rb"record\s*>")
_DECLARATION = re.compile(rb"<\?xml\s[^>]*\?>")
_NAMESPACE = re.compile(rb"""\sxmlns(:[\w.-]+)?\s*=\s*("[^"]*"|'[^']*')""")


@dataclass(frozen=True)
class Outcome:
    """What became of one record of a file: created, updated or rejected (and why)."""

    position: int  # the record's place in its file, counting from 1
    status: str
    reason: str = ""
    pid: str = ""


@dataclass
class ImportSummary:
    read: int = 0
    created: int = 0
    updated: int = 0
    rejected: int = 0

    def add(self, outcome: Outcome) -> None:
        self.read += 1
        setattr(self, outcome.status, getattr(self, outcome.status) + 1)

    def __str__(self) -> str:
        return (f"read {self.read}, created {self.created}, updated {self.updated}, "
                f"rejected {self.rejected}")


def import_records(handle: BinaryIO) -> Iterator[Outcome]:
    """Create or update the record of each MARC record in an open file; a record that cannot
    be read, mapped or stored is rejected with a reason. Records are stored in batches of
    BATCH_SIZE, one transaction each, where every record has a savepoint of its own."""
    batch: list[tuple[int, RecordData]] = []
    stamps: dict[int, datetime] = {}
    for position, (record, problem) in enumerate(read_records(handle), start=1):
        if record is None:
            yield Outcome(position, "rejected", problem)
            continue
        try:
            batch.append((position, marc.record_data(record)))
            if stamp := latest_transaction(record):
                stamps[position] = stamp
        except DomainError as error:
            yield Outcome(position, "rejected", error.en)
        except Exception as error:  # odd data in one record must not stop the others
            yield Outcome(position, "rejected", _describe(error))
        if len(batch) >= BATCH_SIZE:
            yield from _store(batch, stamps)
            batch, stamps = [], {}
    yield from _store(batch, stamps)


def _store(batch: list[tuple[int, RecordData]], stamps: dict[int, datetime]
           ) -> Iterator[Outcome]:
    if not batch:
        return
    saved = save_records([data for _, data in batch])
    kept: dict[datetime, list[int]] = {}
    for (position, data), outcome in zip(batch, saved, strict=True):
        if outcome.error:
            yield Outcome(position, "rejected", outcome.error, data.pid)
        else:
            if position in stamps:
                kept.setdefault(stamps[position], []).append(outcome.record.pk)
            status = "created" if outcome.created else "updated"
            yield Outcome(position, status, pid=outcome.record.pid)
    # The record's 005 stays its time of latest change (update() passes auto_now by), so
    # a record exported, imported and exported again is the same field for field.
    for stamp, ids in kept.items():
        Record.objects.filter(pk__in=ids).update(updated=stamp)


def latest_transaction(record: pymarc.Record) -> datetime | None:
    """The time in 005 (YYYYMMDDHHMMSS.F, which reol writes in UTC), when it is one."""
    field = record.get("005")
    try:
        return datetime.strptime((field.data or "")[:14], "%Y%m%d%H%M%S").replace(
            tzinfo=UTC) if field else None
    except ValueError:
        return None


def read_records(handle: BinaryIO) -> Iterator[tuple[pymarc.Record | None, str]]:
    """Each record of an open MARC file as (record, "") or (None, why it cannot be read)."""
    if not hasattr(handle, "peek"):  # such as BytesIO: a buffer lets us look without reading
        handle = io.BufferedReader(handle)
    start = handle.peek(64)
    if start.removeprefix(codecs.BOM_UTF8).lstrip().startswith(b"<"):
        yield from _marcxml_records(handle)
    else:
        yield from _iso2709_records(handle)


def _iso2709_records(handle: BinaryIO) -> Iterator[tuple[pymarc.Record | None, str]]:
    rest, skipping = b"", False
    while block := handle.read(BLOCK):
        *chunks, rest = (rest + block).split(_TERMINATOR)
        for chunk in chunks:
            # Some writers put a line break between records; it is not part of the next one.
            chunk = chunk.lstrip(b"\r\n")
            if chunk and not skipping:
                yield _iso2709_record(chunk + _TERMINATOR)
            skipping = False
        if len(rest) > marc.MAX_RECORD_BYTES:
            # No record is this long; dropping what cannot be one keeps the reading linear.
            yield None, "no record terminator within 99,999 bytes: this is not ISO 2709"
            rest, skipping = b"", True
    if rest.strip(b" \r\n\x00\x1a"):  # \x1a: the end-of-file mark of old DOS files
        yield None, "the file ends inside a record (no record terminator)"


def _iso2709_record(chunk: bytes) -> tuple[pymarc.Record | None, str]:
    # A reader of one record keeps pymarc's checks of length, terminator and directory.
    reader = pymarc.MARCReader(chunk, to_unicode=True, force_utf8=True, permissive=True)
    record = next(reader, None)
    if record is not None:
        return record, ""
    error = reader.current_exception
    if isinstance(error, pymarc.PymarcException):
        return None, _describe(error)
    return None, f"cannot decode the record: {_describe(error)}"  # such as bad UTF-8


def _marcxml_records(handle: BinaryIO) -> Iterator[tuple[pymarc.Record | None, str]]:
    pieces = _xml_pieces(handle)
    head = next(pieces, b"")
    opening, closing = _envelope(head)
    for piece in pieces:
        end = _RECORD_CLOSE.search(piece)
        if end is None:
            yield None, "the record is not closed (no </record>)"
            continue
        try:
            root = ET.fromstring(opening + piece[: end.end()] + closing)
            yield from_element(root[0]), ""
        except ET.ParseError as error:
            yield None, f"malformed XML: {error}"
        except (ValueError, pymarc.PymarcException) as error:
            yield None, _describe(error)


def _xml_pieces(handle: BinaryIO) -> Iterator[bytes]:
    """The document cut before each record's start tag: first the head, then one piece for
    each record, running from its start tag to the next one."""
    buffer, scanned, in_records = b"", 0, False
    while block := handle.read(BLOCK):
        buffer += block
        # Scan only what is new, and a little before it for a start tag cut by the block end,
        # so a long stretch without records is not scanned again for every block.
        found = [m.start() for m in _RECORD_OPEN.finditer(buffer, max(0, scanned - 256))]
        scanned = len(buffer)
        starts = sorted({0, *found}) if in_records else found
        if not starts:
            continue
        if not in_records:
            yield buffer[: starts[0]]
            in_records = True
        yield from (buffer[begin:end] for begin, end in pairwise(starts))
        # The piece after the last start tag may go on in the next block; keep it.
        buffer, scanned = buffer[starts[-1] :], scanned - starts[-1]
    yield buffer


def _envelope(head: bytes) -> tuple[bytes, bytes]:
    """What a record cut out of the document needs around it to be parsed alone: the XML
    declaration (for its encoding) and the namespaces declared by the elements around it."""
    declaration = found[0] if (found := _DECLARATION.search(head)) else b""
    # The innermost declaration of a prefix is the last one and wins.
    namespaces = dict(_NAMESPACE.findall(head))
    attributes = b"".join(b" xmlns%s=%s" % item for item in namespaces.items())
    return declaration + b"<reol-envelope" + attributes + b">", b"</reol-envelope>"


def from_element(element: ET.Element) -> pymarc.Record:
    namespace, _, name = element.tag.rpartition("}")
    if name != "record" or namespace.lstrip("{") not in ("", MARC_XML_NS):
        raise ValueError(f"not a MARCXML record: <{element.tag}>")
    record = pymarc.Record(force_utf8=True)
    for child in element:
        name = child.tag.rpartition("}")[2]
        tag = child.get("tag", "")
        if name == "leader":
            record.leader = pymarc.Leader(child.text or "")
        elif name in ("controlfield", "datafield") and not tag:
            raise ValueError(f"a {name} has no tag")
        elif name == "controlfield":
            record.add_field(Field(tag=tag, data=child.text or ""))
        elif name == "datafield":
            indicators = Indicators(child.get("ind1", " "), child.get("ind2", " "))
            subfields = [Subfield(_code(s), s.text or "") for s in child]
            record.add_field(Field(tag=tag, indicators=indicators, subfields=subfields))
    return record


def _code(subfield: ET.Element) -> str:
    if not subfield.get("code"):
        raise ValueError("a subfield has no code")
    return subfield.get("code", "")


def _describe(error: BaseException | None) -> str:
    if isinstance(error, EndOfRecordNotFound):  # we cut at the terminator, so it is there
        return "the record length in the leader is less than the record's length"
    text = str(error).strip() if error else ""
    return text or (type(error).__name__ if error else "unreadable record")
