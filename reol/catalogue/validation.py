"""What a cataloguer types, judged as pure functions: standard numbers, years, languages and
lists of barcodes. Each answers with a refusal code (reol/refusals.py) or the clean value, so
the record form, the bulk copy form and the services say the same "no" in the same words.

Check digits come from python-stdnum (ISBN-10/13, ISSN), a well-kept library that knows the
rules (and their quirks) better than code of our own; languages from pycountry's ISO 639
tables, written as MARC writes them: the bibliographic ("B") code of ISO 639-2 (ger, fre).
"""

import re
from collections import Counter
from dataclasses import dataclass

import pycountry
from stdnum import isbn as stdnum_isbn
from stdnum import issn as stdnum_issn
from stdnum.exceptions import ValidationError as NumberInvalid

from . import rules

# A range of barcodes, "5000123-5000222" (a hyphen or a dash): at most this many copies at
# once, so a slip of a digit cannot make a hundred thousand copies.
MOST_COPIES = 1000
_RANGE = re.compile(r"^([A-Za-z]*)(\d+)\s*[-–—]\s*([A-Za-z]*)(\d+)$")
_BARCODE = re.compile(r"^[A-Za-z0-9]{1,40}$")
_SEPARATORS = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class Checked:
    """A value as stored, or the refusal code that says why it cannot be."""

    value: str = ""
    problem: str = ""


def isbn(text: str) -> Checked:
    """An ISBN-10 or ISBN-13 with a right check digit, stored as its 13 digits."""
    try:
        return Checked(stdnum_isbn.to_isbn13(stdnum_isbn.validate(text)))
    except NumberInvalid:
        return Checked(problem="bad_isbn")


def issn(text: str) -> Checked:
    """An ISSN with a right check digit, stored as NNNN-NNNC."""
    try:
        return Checked(stdnum_issn.format(stdnum_issn.validate(text)))
    except NumberInvalid:
        return Checked(problem="bad_issn")


def year(text: str, this_year: int) -> Checked:
    """A year of publication: four digits, and not after next year (a book announced for next
    year is catalogued before it is out; one dated later is a slip of the keyboard)."""
    text = text.strip()
    if not re.fullmatch(r"\d{4}", text) or not 1000 <= int(text) <= this_year + 1:
        return Checked(problem="bad_year")
    return Checked(text)


def language(text: str) -> Checked:
    """A language as MARC codes it (ISO 639-2/B, three letters: dan, eng, ger); the ISO 639-2/T
    form of the same language (deu) and the Danish catalogue's names (dansk) are taken and
    written as the B code."""
    code = text.strip().lower()
    code = rules.LANGUAGE_CODES.get(code, code)
    if not re.fullmatch(r"[a-z]{3}", code):
        return Checked(problem="bad_language")
    found = (pycountry.languages.get(bibliographic=code)
             or pycountry.languages.get(alpha_3=code))
    if found is not None:
        return Checked(getattr(found, "bibliographic", found.alpha_3))
    if pycountry.language_families.get(alpha_3=code) is not None:  # collective codes: sla
        return Checked(code)
    return Checked(problem="bad_language")


@dataclass(frozen=True)
class Barcodes:
    """The barcodes read from a range or a scanned list, and those that cannot be used."""

    barcodes: list[str]
    unreadable: list[str]
    repeated: list[str]
    too_many: bool = False


def barcodes(text: str) -> Barcodes:
    """Barcodes from a pasted or scanned list (one a line, or separated by spaces, commas,
    semicolons) where any line may be a range "5000123-5000222" (both ends included, the
    width of the first kept, so leading zeros stay). A barcode given twice is refused, not
    quietly made once: a scan read twice may hide a copy that was never scanned."""
    found: list[str] = []
    unreadable: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if (match := _RANGE.match(line)) is not None:
            expanded = _expand(*match.groups())
            if expanded is None:
                unreadable.append(line)
            else:
                found.extend(expanded)
            if len(found) > MOST_COPIES:
                return Barcodes([], [], [], too_many=True)
            continue
        for word in _SEPARATORS.split(line):
            if word:
                (found if _BARCODE.match(word) else unreadable).append(word)
    if len(found) > MOST_COPIES:
        return Barcodes([], [], [], too_many=True)
    counts = Counter(found)
    repeated = [b for b, n in counts.items() if n > 1]
    return Barcodes(list(counts), unreadable, repeated)


def _expand(prefix: str, first: str, prefix_end: str, last: str) -> list[str] | None:
    """The barcodes of a range, or None when it runs backwards, mixes prefixes or is long."""
    if prefix_end not in ("", prefix) or int(last) < int(first):
        return None
    if int(last) - int(first) >= MOST_COPIES:
        return [""] * (MOST_COPIES + 1)  # counted as too many by the caller
    width = len(first)
    made = [f"{prefix}{n:0{width}d}" for n in range(int(first), int(last) + 1)]
    return made if all(len(b) <= 40 for b in made) else None
