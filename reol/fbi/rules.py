"""How reol's records are said in the national catalogue's terms (FBI), and what a query may
ask. Pure functions over plain values; schema.py and services.py apply them.
"""

import re
from dataclasses import dataclass

# reol's material type → FBI's general code and Danish name, specific code and Danish name,
# and the work type. The specific names are the ones the national catalogue displays.
MATERIAL_TYPES: dict[str, tuple[str, str, str, str, str]] = {
    "book": ("BOOKS", "bøger", "BOOK", "bog", "LITERATURE"),
    "audiobook": ("AUDIO_BOOKS", "lydbøger", "AUDIO_BOOK_CD", "lydbog (cd)", "LITERATURE"),
    "film": ("FILMS", "film", "FILM_DVD", "film (dvd)", "MOVIE"),
    "music": ("MUSIC", "musik", "MUSIC_CD", "musik (cd)", "MUSIC"),
    "game": ("COMPUTER_GAMES", "computerspil", "GAME", "spil", "GAME"),
    "periodical": ("NEWSPAPER_JOURNALS", "aviser og blade", "PERIODICAL", "tidsskrift",
                   "PERIODICA"),
    "sheet_music": ("SHEET_MUSIC", "noder", "SHEET_MUSIC", "node", "SHEETMUSIC"),
    "other": ("OTHER", "andet", "OTHER", "andet", "OTHER"),
}
NATIONAL_AGENCY = "870970-basis"  # the national catalogue's records, preferred for a faust
MAX_IDS = 100  # pids or isbns in one query, as many as a page of covers needs
MAX_WORKS = 100  # FBI's own limit on complexSearch works(limit:)

_ISBN_TERM = re.compile(r'term\.isbn\s*=\s*"?([0-9Xx-]{10,17})"?', re.IGNORECASE)
_OR = re.compile(r"\s+or\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Edition:
    """What choosing the best representation of a work looks at."""

    pid: str
    year: int | None
    material_type: str


def representation_order(edition: Edition) -> tuple[int, int, str]:
    """FBI's best representation first: newer is better, a book is better than other forms,
    and the national catalogue's record better than a local one."""
    return (-(edition.year or 0), edition.material_type != "book",
            "0" + edition.pid if edition.pid.startswith(NATIONAL_AGENCY) else "1" + edition.pid)


def faust_order(pid: str) -> tuple[bool, str]:
    """Of the records sharing a faust number, the national catalogue's answers for it."""
    return (not pid.startswith(NATIONAL_AGENCY), pid)


def isbns_in_cql(cql: str) -> list[str] | None:
    """The ISBNs of a query the apps send for covers, `term.isbn=A OR term.isbn=B`; None for
    any other CQL (reol answers only this part of FBI's search)."""
    terms = [t.strip() for t in _OR.split(cql.strip())] if cql.strip() else []
    found = [_ISBN_TERM.fullmatch(t) for t in terms]
    if not terms or any(m is None for m in found):
        return None
    return [m.group(1).replace("-", "").upper() for m in found if m is not None]


def page(limit: object, offset: object, ceiling: int = MAX_WORKS) -> tuple[int, int] | None:
    """A page of works as (offset, limit), or None when either is not a sensible number."""
    if not isinstance(limit, int) or not isinstance(offset, int) or isinstance(limit, bool):
        return None
    if not 1 <= limit <= ceiling or offset < 0:
        return None
    return offset, limit


def work_id(pids: list[str]) -> str:
    """FBI names a work after a manifestation of it: `work-of:<pid>`. reol takes the first pid
    in sort order, so the id stays while the work keeps that record."""
    return f"work-of:{min(pids)}"
