"""How Danish text is matched, as pure functions shared by both search backends.

A librarian's rules for matching, in one place:
- case does not matter, and accents do not either (é is e, ü is u) — except that æ, ø and å
  are letters of their own and stay distinct;
- the old spelling "aa" and "å" are the same letter, so Aalborg finds Ålborg and back (and
  "ꜳ", the letter older records write for it, is "å" too);
- a pid, a faust number or an ISBN typed as the query means that record.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

from reol.catalogue.rules import normalize_isbn

_KEEP = {"æ", "ø", "å"}
_WORD = re.compile(r"\w+")
_PID = re.compile(r"^\d{6}-[a-z]+:[0-9a-z_]+$", re.IGNORECASE)
_FAUST = re.compile(r"^\d{8,9}$")
_ISBN_CHARS = re.compile(r"^[0-9][0-9 -]{8,15}[0-9Xx]$")

MAX_QUERY_LENGTH = 500


def fold(text: str) -> str:
    """Lower-case `text`, drop accents but keep æ, ø, å, and spell "aa" as "å"."""
    text = text.lower().replace("aa", "å").replace("ꜳ", "å")
    out = []
    for char in text:
        if char in _KEEP or char.isascii():
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char)
        out.append("".join(c for c in base if not unicodedata.combining(c)))
    return "".join(out)


def words(text: str) -> list[str]:
    """The folded words of `text`; punctuation and search syntax are only separators."""
    return _WORD.findall(fold(text).replace("_", " "))


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("danish")


def stems(text: str) -> list[str]:
    """Snowball Danish stems of the folded words of `text` (krimier and krimi share one)."""
    stemmed: list[str] = _stemmer().stemWords(words(text))
    return stemmed


@dataclass(frozen=True)
class Identifier:
    kind: str  # "pid", "faust" or "isbn"
    value: str


def identifier(query: str) -> Identifier | None:
    """Whether the whole query is a pid, a faust number or an ISBN, and which."""
    query = query.strip()
    if _PID.match(query):
        return Identifier("pid", query.lower())
    if _FAUST.match(query):
        return Identifier("faust", query)
    if _ISBN_CHARS.match(query) and (isbn := normalize_isbn(query)):
        return Identifier("isbn", isbn)
    return None


def clean_query(text: str) -> str:
    """The query without control characters, with runs of white space made single."""
    text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text)
    return " ".join(text.split())


def worth_keeping(hits: int, offset: int, limit: int, threshold: int, listed: int) -> bool:
    """Whether a search's answer should be kept (PostgreSQL, kept.py): it has so many hits
    that counting them again costs more than keeping them, and its page lies within the
    `listed` best hits a kept answer holds. A threshold of 0 keeps nothing."""
    return 0 < threshold <= hits and offset + limit <= listed


def list_reaches(complete: bool, listed: int, offset: int, limit: int) -> bool:
    """Whether a kept answer's ranked list holds this page: it holds every hit, or at least
    the hits up to the page's end."""
    return complete or offset + limit <= listed


def most_frequent_first(counts: dict[str, int]) -> dict[str, int]:
    """Facet values by count, then value: a keyboard user tabs to the biggest group first,
    and both backends list them alike."""
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
