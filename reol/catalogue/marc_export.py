"""Writing the catalogue as MARC21: MARCXML (a collection in the MARC21 slim namespace, valid
against MARC21slim.xsd) or ISO 2709."""

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import BinaryIO

import pymarc
from django.db.models import QuerySet
from pymarc.marcxml import MARC_XML_NS, record_to_xml_node

from . import marc
from .models import Record

FORMATS = ("xml", "binary")
CHUNK = 2000


def export_records(handle: BinaryIO, marc_format: str,
                   records: QuerySet[Record] | None = None) -> Iterator[tuple[Record, str]]:
    """Write every record in the order it was stored (or those of `records`, in its order);
    yields each record with "" when it was written, or with why it was not."""
    if marc_format not in FORMATS:
        raise ValueError(f"unknown MARC format {marc_format!r}; choose one of {FORMATS}")
    if marc_format == "xml":
        handle.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
        handle.write(f'<collection xmlns="{MARC_XML_NS}">\n'.encode())
    chosen = Record.objects.order_by("pk") if records is None else records
    for record in chosen.iterator(chunk_size=CHUNK):
        if marc_format == "xml":
            # The records inherit the collection's default namespace, as the schema wants.
            handle.write(marcxml(record) + b"\n")
            yield record, ""
            continue
        marc_record = marc.to_marc(record)
        data = marc_record.as_marc()
        if len(data) > marc.MAX_FIELD_BYTES and _too_long(marc_record, data):
            yield record, "too long for ISO 2709; export it as MARCXML"
            continue
        handle.write(data)
        yield record, ""
    if marc_format == "xml":
        handle.write(b"</collection>\n")


def marcxml(record: Record, namespace: bool = False) -> bytes:
    """One record as a MARCXML <record>: inside a <collection> that declares the namespace, or
    standing alone with it declared (namespace=True: OAI-PMH's metadata)."""
    node = record_xml(record) if namespace else record_to_xml_node(marc.to_marc(record))
    return ET.tostring(node, encoding="utf-8")


def record_xml(record: Record) -> ET.Element:
    """One record as a MARCXML <record> that names its namespace itself, to stand inside
    another document (an SRU answer); the same MARC as the export writes."""
    node: ET.Element = record_to_xml_node(marc.to_marc(record), namespace=True)
    return node


def _too_long(marc_record: pymarc.Record, data: bytes) -> bool:
    return len(data) > marc.MAX_RECORD_BYTES or any(
        len(field.as_marc(encoding="utf-8")) > marc.MAX_FIELD_BYTES for field in marc_record.fields
    )
