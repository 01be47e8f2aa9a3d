"""A search as a tree of words, identifiers and boolean operators: what a structured query
language (CQL over SRU) asks for, beyond the page's words and fields (all words must match).
Plain values; boolean.py runs a tree on the backend of the database in use."""

from dataclasses import dataclass
from typing import Literal

# Where words may stand: anywhere in the record, or in one field group (backends.FIELD_GROUPS).
Place = Literal["anywhere", "title", "creator", "subject"]
# How a clause's words match: every word, any one of them, or all of them in this order.
Mode = Literal["all", "any", "adj"]


@dataclass(frozen=True)
class Words:
    place: Place
    text: str
    mode: Mode = "all"


@dataclass(frozen=True)
class Exact:
    """An identifier looked up exactly: an ISBN, or a record's pid, faust number or ISBN."""

    index: Literal["isbn", "identifier"]
    term: str


@dataclass(frozen=True)
class Combined:
    """`left and right`, `left or right`, or `left not right` (left and not right)."""

    operator: Literal["and", "or", "not"]
    left: "Expression"
    right: "Expression"


Expression = Words | Exact | Combined
