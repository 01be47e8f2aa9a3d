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


# --- Sorting: the Danish alphabet, æ ø å after z ---------------------------------------------

SORTS = ("relevance", "newest", "title", "creator")
_ALPHABET = " 0123456789abcdefghijklmnopqrstuvwxyzæøå"
_ORDER_OF = {char: n for n, char in enumerate(_ALPHABET)}
ORDER_LENGTH = 11  # 40 ** 11 < 2 ** 63: the key fits a signed 64-bit column on both backends
LAST: int = len(_ALPHABET) ** ORDER_LENGTH  # after every key: records without a creator go last


def sort_order(text: str) -> int:
    """A number that orders texts as a Danish library shelves them: case and accents do not
    count, æ, ø and å come after z in that order, "aa" is "å" (Aalborg after Zealand), and
    punctuation is skipped. The first 11 letters decide; both backends sort by this number."""
    letters: list[int] = []
    for char in fold(text):
        if char.isspace():
            if letters and letters[-1] != 0:
                letters.append(0)
        elif char in _ORDER_OF:
            letters.append(_ORDER_OF[char])
        if len(letters) == ORDER_LENGTH:
            break
    while letters and letters[-1] == 0:
        letters.pop()
    letters += [0] * (ORDER_LENGTH - len(letters))
    key = 0
    for code in letters:
        key = key * len(_ALPHABET) + code
    return key


def creator_order(creators: list[str]) -> int:
    """Records shelve by their first creator's surname, then forename ("Jussi Adler-Olsen"
    under A); a record without a creator goes after every name."""
    if not creators:
        return LAST
    name = re.sub(r"\(.*?\)", " ", creators[0]).split()
    if not name:
        return LAST
    return sort_order(" ".join([name[-1], *name[:-1]]))


# --- Everyday phrases: "bøger om heste" ------------------------------------------------------

FORMAT_WORDS = {
    # Plural or indefinite only: "Bogen om Ruth" and "Filmen om Ib" are titles.
    "bog": "book", "bøger": "book", "romaner": "book",
    "lydbog": "audiobook", "lydbøger": "audiobook",
    "film": "film", "dvd": "film",
    "musik": "music", "cd": "music", "plader": "music",
    "spil": "game", "computerspil": "game", "brætspil": "game",
    "noder": "sheet_music",
    "blade": "periodical", "tidsskrifter": "periodical", "magasiner": "periodical",
    "noget": "", "nogle": "", "materialer": "",
}
CHILDREN_WORDS = {"børnebøger": "book", "børnebog": "book", "børnefilm": "film",
                  "børnelydbøger": "audiobook"}
# What the little word after the format means: which field the rest of the query is about.
CONNECTORS = {"om": "about", "af": "creator", "med": "", "til": "", "for": ""}
_FOR_CHILDREN = re.compile(r"\s+(?:for|til)\s+(?:børn|de\s+små|unge)$", re.IGNORECASE)


@dataclass(frozen=True)
class Phrase:
    """What an everyday phrase means: the words left to search for, the field they belong to
    ("" for anywhere) and the filters the filler words stood for."""

    text: str
    field: str = ""
    filters: tuple[tuple[str, str], ...] = ()

    @property
    def understood(self) -> bool:
        return bool(self.field or self.filters)


def everyday(text: str) -> Phrase:
    """How a librarian hears a plain question: "bøger om heste" is books about horses,
    "lydbøger af Jussi Adler-Olsen" audiobooks by him, "film med Mads Mikkelsen" films with
    him, "noget om dinosaurer for børn" anything about dinosaurs for children. Only a
    format word followed by om/af/med/til/for is filler; "heste bøger" is searched as typed."""
    text = " ".join(text.split())
    filters: dict[str, str] = {}
    if _FOR_CHILDREN.search(text):
        filters["audience"] = "children"
        text = _FOR_CHILDREN.sub("", text)
    parts = text.split(" ", 2)
    if len(parts) < 3:
        return Phrase(" ".join(parts)) if not filters else Phrase(text, "", _items(filters))
    first, connector, rest = parts[0].lower(), parts[1].lower(), parts[2]
    kind = FORMAT_WORDS.get(first)
    if first in CHILDREN_WORDS:
        kind, filters["audience"] = CHILDREN_WORDS[first], "children"
    if kind is None or connector not in CONNECTORS or not words(rest):
        return Phrase(text, "", _items(filters)) if filters else Phrase(text)
    if kind:
        filters["type"] = kind
    return Phrase(rest, CONNECTORS[connector], _items(filters))


def _items(filters: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(filters.items()))


# --- "Mente du …?": the index's own words ----------------------------------------------------

def deletes(word: str) -> set[str]:
    """The word with one letter left out, every way: two words within one edit of each other
    share a form among their own and these (symmetric delete spelling)."""
    return {word[:n] + word[n + 1:] for n in range(len(word))}


def distance(a: str, b: str) -> int:
    """Edits (a letter added, dropped, changed, or two neighbours swapped) from a to b."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1,
                             previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def allowed_edits(word: str) -> int:
    """Short words bear one slip, longer ones two; words of three letters or fewer none."""
    return 0 if len(word) <= 3 else 1 if len(word) <= 6 else 2


def best_spelling(word: str, candidates: dict[str, int]) -> str | None:
    """The catalogue's word a misspelt `word` most likely meant: the fewest edits within
    `allowed_edits`, then the word most records use, then the alphabet."""
    limit = allowed_edits(word)
    scored = [(d, -n, w) for w, n in candidates.items()
              if w != word and (d := distance(word, w)) <= limit]
    return min(scored)[2] if scored else None


def suggestion_key(text: str) -> str:
    """How typed text and suggestions meet: folded words separated by single spaces."""
    return " ".join(words(text))
