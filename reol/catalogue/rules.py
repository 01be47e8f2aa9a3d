"""Cataloguing rules as pure functions: what a record's terms and numbers mean."""

import re
import unicodedata
from dataclasses import dataclass

# Danish catalogues name languages in Danish; we store ISO 639-2/B codes (MARC 008/041).
LANGUAGE_CODES = {
    "dansk": "dan", "engelsk": "eng", "norsk": "nor", "svensk": "swe", "tysk": "ger",
    "fransk": "fre", "spansk": "spa", "italiensk": "ita", "arabisk": "ara", "tyrkisk": "tur",
    "polsk": "pol", "flere sprog": "mul",
}
LANGUAGE_NAMES = {
    "dan": ("dansk", "Danish"), "eng": ("engelsk", "English"), "nor": ("norsk", "Norwegian"),
    "swe": ("svensk", "Swedish"), "ger": ("tysk", "German"), "fre": ("fransk", "French"),
    "spa": ("spansk", "Spanish"), "ita": ("italiensk", "Italian"), "ara": ("arabisk", "Arabic"),
    "tur": ("tyrkisk", "Turkish"), "pol": ("polsk", "Polish"), "mul": ("flere sprog", "Several"),
    "und": ("ukendt", "Unknown"),
}

# A term such as "for 6 år", "for 3-5 år", "Fra 11 år" or "højtlæsning for 5-8 år".
_AGE = re.compile(r"\b(for|fra)\s+(\d{1,2})(?:\s*-\s*(\d{1,2}))?\s+år\b", re.IGNORECASE)
_CHILDREN_TERMS = {
    "for børn", "børnefilm", "for begynderlæsere", "billedbøger", "billedbøger sk",
    "let at læse", "frilæs/0.-2. kl.", "for folkeskolen", "børnebøger",
}
_DK5 = re.compile(r"^\d{2}(\.\d+)?( .*)?$")
# Codes the national catalogue mixes into subject terms that are not subjects for a patron.
_NOT_SUBJECTS = {"!", "÷", "sk", "bk"}
CHILDREN_UNTIL_AGE = 15


@dataclass(frozen=True)
class AudienceRange:
    audience: str  # "adult" or "children"
    age_from: int | None = None
    age_to: int | None = None


def audience_from_terms(terms: list[str]) -> AudienceRange:
    """Children's material is what is written for readers under 15 or marked for children.

    The age range is read from terms such as "for 6 år" (6–6), "for 3-5 år" (3–5) and
    "Fra 11 år" (11 and up); several terms widen the range.
    """
    lows, highs, open_ended = [], [], False
    for term in terms:
        for kind, low, high in _AGE.findall(term):
            lows.append(int(low))
            if high:
                highs.append(int(high))
            elif kind.lower() == "fra":
                open_ended = True
            else:
                highs.append(int(low))
    age_from = min(lows) if lows else None
    age_to = None if open_ended or not highs else max(highs)
    marked = any(t.strip().lower() in _CHILDREN_TERMS for t in terms)
    young = age_from is not None and age_from < CHILDREN_UNTIL_AGE
    return AudienceRange("children" if young or marked else "adult", age_from, age_to)


def dk5_from_terms(terms: list[str]) -> str:
    """The DK5 class among a record's terms: a number such as 77.7, else "sk" for fiction."""
    for term in terms:
        if _DK5.match(term.strip()):
            return term.strip()
    lowered = {t.strip().lower() for t in terms}
    return "sk" if "sk" in lowered or "skønlitteratur" in lowered else ""


def subjects_from_terms(terms: list[str]) -> list[str]:
    """The terms a patron would call subjects: no DK5 numbers, age terms or internal codes."""
    seen: dict[str, str] = {}
    for term in terms:
        term = term.strip()
        if (
            len(term) < 2
            or term.lower() in _NOT_SUBJECTS
            or _DK5.match(term)
            or _AGE.search(term)
        ):
            continue
        seen.setdefault(term.lower(), term)
    return list(seen.values())


def language_code(name: str | None) -> str:
    """ISO 639-2 code for a language named in Danish or given as a code; "" when unknown."""
    if not name:
        return ""
    name = name.strip().lower()
    if name in LANGUAGE_CODES:
        return LANGUAGE_CODES[name]
    return name if name in LANGUAGE_NAMES else ""


def language_name(code: str, language: str = "da") -> str:
    names = LANGUAGE_NAMES.get(code)
    if not names:
        return code
    return names[0] if language == "da" else names[1]


def faust_from_pid(pid: str) -> str:
    """The faust number is the local id of a pid such as 870970-basis:29494940."""
    local = pid.rsplit(":", 1)[-1]
    return local if local.isdigit() else ""


def normalize_isbn(text: str) -> str | None:
    """An ISBN-10 or ISBN-13 as its 13-digit form, or None when the check digit is wrong."""
    digits = re.sub(r"[\s-]", "", text).upper()
    if re.fullmatch(r"\d{9}[\dX]", digits):
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits))
        if total % 11:
            return None
        return _with_ean_check("978" + digits[:9])
    if re.fullmatch(r"97[89]\d{10}", digits):
        return digits if _with_ean_check(digits[:12]) == digits else None
    return None


def _with_ean_check(twelve: str) -> str:
    weighted = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(twelve))
    return twelve + str((10 - weighted % 10) % 10)


# --- works: which records are the same work ------------------------------------------------
# Relator codes (MARC's list) that say a name took part in making this edition, not the
# work: a film's director or photographer, an illustrator, an editor, a reader. The codes
# "aut", "cre" and "ant" (bibliographic antecedent: the author a film is made from) name
# the work's author.
AUTHOR_ROLES = {"", "aut", "cre", "ant"}
RELATOR_CODES = AUTHOR_ROLES | {
    "drt", "pht", "cng", "ill", "edt", "ctb", "aus", "art", "ccp", "led", "inv", "ivr", "drm",
    "com", "aud", "ive", "nrt", "trl", "prf", "pro", "act", "cmp", "lyr", "voc",
}
_RELATOR = re.compile(r"\s+([a-z]{3})$")
_DATES = re.compile(r"\(.*?\)|\b\d{4}-(\d{4})?")
_NAME_PART = re.compile(r"[^\W\d_]{2,}")
_TITLE_PART = re.compile(r"\w+")
UNTITLED = {"uden titel", "untitled"}


@dataclass(frozen=True)
class WorkFacts:
    """What grouping reads of a record."""

    id: int
    title: str
    creators: tuple[str, ...] = ()
    material_type: str = "book"
    original_title: str = ""


def _fold(text: str) -> str:
    """Lower case without accents, keeping æ, ø and å; "aa" is "å" (old spelling)."""
    text = text.casefold().replace("aa", "å")
    kept = (c if c in "æøå" else unicodedata.normalize("NFKD", c) for c in text)
    return "".join(c for c in "".join(kept) if not unicodedata.combining(c))


def title_key(title: str) -> str:
    """A title as grouping compares it: the main title (a subtitle such as ": krimi" is the
    edition's), folded, punctuation gone. "Harry Potter og de Vises Sten" and "Harry Potter
    og De Vises Sten." are one title."""
    main = title.split(" : ", 1)[0]
    return " ".join(_TITLE_PART.findall(_fold(main).replace("_", " ")))[:200]


def name_role(name: str) -> tuple[str, str]:
    """A creator's name as grouping compares it, and the relator code written after it.

    Names are written "Jussi Adler-Olsen", "Adler-Olsen, Jussi" or "Adler-Olsen Jussi ant":
    the key is the name's words of two letters or more, sorted, so the order and initials
    do not matter ("Joanne K. Rowling" is "Rowling, Joanne K.")."""
    name = name.strip()
    role = ""
    if (found := _RELATOR.search(name)) and found[1] in RELATOR_CODES:
        role, name = found[1], name[: found.start()]
    words = sorted(_NAME_PART.findall(_fold(_DATES.sub(" ", name))))
    return " ".join(words), role


def _authored(facts: WorkFacts) -> str | None:
    """The author's name key when the record names the work's author, else None: a film
    names its director, so it tells its work only through an "ant" or "aut" name."""
    if not facts.creators:
        return None if facts.material_type == "film" else ""
    name, role = name_role(facts.creators[0])
    if role not in AUTHOR_ROLES or (facts.material_type == "film" and role not in ("ant", "aut")):
        return None
    return name


def work_keys(records: list[WorkFacts]) -> dict[int, str]:
    """The work each record belongs to, as a key: the same work across editions, formats
    and translations.

    - A record that names its author is the work "title | author", the title being the
      original title (MARC 240) when the record is a translation, else its own main title.
    - A film that names only its director (or a record that names only an illustrator, an
      editor…) is a film *of* the work of the same title, when exactly one such work exists
      among these records; when none or several do, the data do not say, and it is a work
      of its own ("title | director").
    """
    keys: dict[int, str] = {}
    by_title: dict[str, set[str]] = {}
    loose: list[WorkFacts] = []
    for facts in records:
        author = _authored(facts)
        if author is None:
            loose.append(facts)
            continue
        if not (title := title_key(facts.original_title or facts.title)) or title in UNTITLED:
            keys[facts.id] = f"record:{facts.id}"  # no title to tell its work by
            continue
        key = f"{title}|{author}"
        keys[facts.id] = key
        for title in {title_key(facts.title), title_key(facts.original_title)} - {""}:
            by_title.setdefault(title, set()).add(key)
    for facts in loose:
        titles = {title_key(facts.title), title_key(facts.original_title)} - {""}
        candidates = set().union(*(by_title.get(t, set()) for t in titles))
        title = title_key(facts.original_title or facts.title)
        if not title or title in UNTITLED:
            keys[facts.id] = f"record:{facts.id}"
        elif len(candidates) == 1:
            keys[facts.id] = next(iter(candidates))
        else:
            name = name_role(facts.creators[0])[0] if facts.creators else ""
            keys[facts.id] = f"{title}|{name}"
    return keys
