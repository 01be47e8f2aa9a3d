"""The event log: one row per act, the only source statistics read. Apps describe their acts
(circulation/log.py: a loan, a visit, an interlibrary step) and append them here.

Hand-written SQL (reol.sql): every checkout and check-in writes here."""

from typing import Any

from reol import sql

from .models import Event


def append(row: dict[str, Any]) -> int:
    """Append one act, given as Event's fields by attribute name; the new row's id."""
    return sql.insert_row(Event, row)
