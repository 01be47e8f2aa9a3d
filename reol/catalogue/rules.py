"""Cataloguing rules as pure functions: what a record's terms and numbers mean."""

import re
import textwrap
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from . import terms

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
RELATOR_CODES = AUTHOR_ROLES | set(terms.RELATORS)
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
# Letters of older Danish records: "ꜳ" was written for "aa" (read and sorted as "å").
_LEGACY = str.maketrans({"ꜳ": "aa", "Ꜳ": "Aa", "\uf0fc": ""})
_DOUBLE_CAPITAL = re.compile(r"\bAA(?=[a-zæøå])")
_BIRTH = re.compile(r",?\s*\(?f\.\s*(\d{4})(?:-\d\d-\d\d)?\)?")
_CORPORATE = re.compile(r"\s+firma$")


def clean_text(text: str) -> str:
    """Text as a reader writes it today: "Nørgꜳrd" is "Nørgaard", "AAlborg" is "Aalborg",
    and letters with separate accent marks are joined (NFC), so search and display agree."""
    text = unicodedata.normalize("NFC", text.translate(_LEGACY))
    return _DOUBLE_CAPITAL.sub("Aa", text)


@dataclass(frozen=True)
class Contributor:
    name: str
    roles: tuple[str, ...] = ()  # MARC relator codes, in the record's order


def contributor(raw: str, known: Mapping[str, int] | None = None) -> Contributor:
    """A creator as a reader writes the name, and the roles the record gives.

    The national catalogue sends "Adler-Olsen Jussi ant" or "Trier Lars von": the surname
    first and relator codes last. Such a name is turned ("Jussi Adler-Olsen"), its codes
    become roles, and "f. 1956" becomes "(f. 1956)". `known` counts how often the catalogue
    writes each name: where a turn of the name is written more often than the name itself
    ("Kim Fupz Aakeson" for "Aakeson Kim Fupz", "Kirsten Kjær Olsen" for "Kjær Olsen
    Kirsten com"), that turn wins; otherwise an inverted name's first word is its surname.
    """
    count = (known or {}).get
    words = clean_text(raw).split()
    roles: list[str] = []
    while len(words) > 1 and words[-1] in terms.RELATORS:
        roles.insert(0, words.pop())
    name = _CORPORATE.sub("", " ".join(words))
    birth = _BIRTH.search(name)
    year = f" (f. {birth[1]})" if birth else ""
    bare = _BIRTH.sub("", name).strip(" ,")
    # "Miller George f. 1945": a bare birth year at the end marks the inverted form too.
    inverted = bool(roles) or (birth is not None and birth.end() == len(name)
                               and "," not in name and "(" not in name)
    parts = bare.split()
    if len(parts) > 1 and "," not in bare:
        turns = [" ".join(parts[n:] + parts[:n]) for n in range(1, len(parts))]
        best = max(turns, key=lambda turn: count(turn, 0))
        if count(best, 0) > count(bare, 0):
            bare = best
        elif parts[-1] in terms.PARTICLES or (inverted and not count(bare, 0)):
            bare = turns[0]
    return Contributor(f"{bare}{year}", tuple(dict.fromkeys(roles)))


def known_names(creators: Iterable[str]) -> Counter[str]:
    """How often a catalogue writes each name without relator codes: the evidence
    `contributor` weighs when it turns an inverted name."""
    return Counter(name for raw in creators
                   if (name := clean_text(raw).strip()) and not contributor(raw).roles)


def role_names(codes: list[str], language: str = "da") -> list[str]:
    """The roles worth saying beside a name, in the reader's language: a director is
    "instruktør", a narrator "fortæller"; an author named as creator needs no word."""
    index = 0 if language == "da" else 1
    shown = [c for c in codes if c not in terms.PLAIN_ROLES] if len(codes) == 1 else codes
    return list(dict.fromkeys(terms.RELATORS[c][index] for c in shown if c in terms.RELATORS))


@dataclass(frozen=True)
class SortedTerms:
    subjects: list[str]  # shown as subjects, a facet
    genres: list[str]  # genre and form: a facet of their own
    hidden: list[str]  # see-references and local marks: they find the record, never shown


def sort_terms(raw: list[str]) -> SortedTerms:
    """A record's subject terms sorted for a reader. Genre and form terms ("krimi",
    "Billedbøger sk") get one label each ("Krimi", "Billedbøger"); a see-reference
    ("Se: Firmaknuseren") and a library's own marks ("Klassesæt", "Lix 6") only help a search
    find the record; codes, class numbers and age terms are left out (they are read
    elsewhere: audience_from_terms, dk5_from_terms)."""
    subjects: dict[str, str] = {}
    genres: dict[str, str] = {}
    hidden: dict[str, str] = {}
    for term in subjects_from_terms([clean_text(t) for t in raw]):
        key = term.lower()
        if key in terms.GENRES:
            genres.setdefault(terms.GENRES[key], terms.GENRES[key])
        elif terms.LOCAL_MARKS.match(term):
            shown = term.split(":", 1)[1].strip() if key.startswith("se:") else term
            hidden.setdefault(shown.lower(), shown)
        else:
            subjects.setdefault(key, term)
    return SortedTerms(list(subjects.values()), list(genres.values()), list(hidden.values()))


def title_parts(title: str) -> tuple[str, str]:
    """The title and subtitle as a reader sees them on the cover: "Den grænseløse :
    krimithriller" is "Den grænseløse" and "Krimithriller"; a second subtitle follows the
    first after a dash."""
    main, *rest = [p.strip() for p in title.split(" : ")]
    subtitle = " – ".join(p for p in rest if p)
    return main, subtitle[:1].upper() + subtitle[1:]


def dk5_name(dk5: str) -> str:
    """The name of a DK5 class for a reader ("77.7" is "Film", "sk" "Skønlitteratur"), from
    the most specific class we know a name for; "" when none (then it is not shown)."""
    number = dk5.strip().split(" ", 1)[0]
    for end in range(len(number), 0, -1):
        if name := terms.DK5_NAMES.get(number[:end]):
            return name
    return ""


# Generated covers: a background and a text colour with enough contrast (WCAG AA) between them.
_COVER_COLOURS = {
    "crime": ("#7a1f1f", "#ffffff"), "fantasy": ("#3d2a6b", "#ffffff"),
    "humour": ("#f2c14e", "#1d1d1b"), "love": ("#b8336a", "#ffffff"),
    "lives": ("#1f5f5b", "#ffffff"), "young": ("#2f7d32", "#ffffff"),
    "film": ("#1b2a4a", "#ffffff"), "game": ("#0f5e8c", "#ffffff"),
    "practical": ("#8a4b14", "#ffffff"), "fiction": ("#2d3e50", "#ffffff"),
}
_COVER_FAMILIES = {
    "crime": {"Krimi", "Thriller", "Spænding", "Gys"},
    "fantasy": {"Fantasy", "Fantastiske fortællinger", "Science fiction", "Eventyr"},
    "humour": {"Humor", "Rim og remser"},
    "love": {"Kærlighedsromaner", "Slægtsromaner"},
    "lives": {"Biografier", "Erindringer", "Biografiske romaner", "Biografiske film"},
    "young": {"Billedbøger", "Pegebøger", "Findebøger", "Børnefilm", "Børnesange",
              "Dyrefortællinger", "Ungdomsbøger"},
    "film": {"Spillefilm", "Actionfilm", "Eventyrfilm", "Tv-serier", "Drama",
             "Dokumentarfilm"},
    "game": {"Computerspil", "Actionspil", "Eventyrspil", "Platformspil", "Racerspil",
             "Sportsspil"},
    "practical": {"Kogebøger", "Rejseførere", "Håndbøger", "Lærebøger", "Faglitteratur"},
}
_TYPE_FAMILIES = {"film": "film", "game": "game"}


def cover_colours(genres: list[str], material_type: str) -> tuple[str, str]:
    """The colours of a generated cover, from the first genre that belongs to a family
    (crime dark red, fantasy violet, humour yellow…), else the material type, else the
    colour of fiction; the same record always gets the same cover."""
    for genre in genres:
        for family, members in _COVER_FAMILIES.items():
            if genre in members:
                return _COVER_COLOURS[family]
    return _COVER_COLOURS[_TYPE_FAMILIES.get(material_type, "fiction")]


def cover_lines(text: str, width: int, most: int) -> list[str]:
    """`text` in at most `most` lines of about `width` characters, for a generated cover;
    what does not fit ends in an ellipsis."""
    lines = textwrap.wrap(text, width, break_long_words=True) or [""]
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = textwrap.shorten(lines[-1] + " …", width, placeholder=" …")
    return lines
