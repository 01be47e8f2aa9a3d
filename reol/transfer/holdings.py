"""Copies given in the MARC records themselves, as MARC 21 holdings fields, turned into rows
of copies.csv: 852 $b the branch's code, $c the shelf location, $p the barcode; an 876 with
the same $p may add $j the status and $h the loan category."""

from collections.abc import Iterator
from pathlib import Path

import pymarc

from reol.catalogue import marc
from reol.catalogue.marc_import import read_records

from .registry import Row


def holdings_rows(path: Path) -> Iterator[tuple[int, Row]]:
    """Each copy in the file's 852 fields as a row of copies.csv, with the record's place."""
    with path.open("rb") as handle:
        for position, (record, _) in enumerate(read_records(handle), start=1):
            if record is not None and record.get_fields("852"):
                yield from ((position, row) for row in _copies(record))


def _copies(record: pymarc.Record) -> Iterator[Row]:
    try:
        pid = marc.record_data(record).pid
    except Exception:  # the record itself is refused (and reported) by the catalogue's reader
        return
    details = {f.get("p", ""): f for f in record.get_fields("876")}
    for field in record.get_fields("852"):
        barcode = field.get("p", "") or ""
        extra = details.get(barcode)
        yield {"barcode": barcode, "pid": pid, "branch": field.get("b", "") or "",
               "shelf_location": field.get("c", "") or "",
               "status": (extra.get("j", "") if extra else "") or "",
               "loan_category": (extra.get("h", "") if extra else "") or ""}
