"""MARC21 and reol's records, both ways: which MARC field holds which part of a record.

Identity. A record is known by its control number (001) and the agency that assigned it (003),
and its pid is made from the two the way the Danish national pid scheme makes them:
- 003 is a six-digit agency number (also accepted as "DK-870970"): "{agency}-basis:{001}" for
  the national database 870970, "{agency}-katalog:{001}" for any other agency, as in
  870970-basis:29494940 and 716100-katalog:12345678;
- 003 is missing: "870970-basis:{001}", because Danish MARC21 from the national database
  often leaves 003 out and a faust number alone names a national record;
- 003 is some other MARC organisation code (DLC, OCoLC): "{003}:{001}".
A record without 001 is refused. The faust number is 001 when 001 is all digits. Export writes
a pid back as 001 and 003, so every pid of these three shapes survives a round trip (a pid of
another base, such as 870971-avis:…, comes back with the base "katalog").

Fields read: leader/06-07 material type; 008/07-10 year, 008/22 audience, 008/35-37 language;
020 $a ISBNs; 022 $a ISSN; 041 $a language when 008 has none; DK5 from 084 (with $2 dk5), else
652 $m or $a (danMARC2 as MARC21), else the Dewey number of 082 $a; 100/110 $a the main
creator, 700/710 $a the other creators (names kept as written); 245 $a and $b the title ("Title
: subtitle"); 250 $a edition; 264 (else 260) $b publisher and $c year when 008 has none; 300 $a
extent; 520 $a description; 650 $a subjects (sorted by rules.sort_terms into subjects, genre
and form terms, and terms that only help a search), 655 $a genre and form terms, 653 $a terms
that only help a search; $4 of 100/110/700/710 the creators' roles (relator codes); 521 $a and
the subjects give audience and age range; 240 $a the original title of a translation (its
uniform title), else a 246 whose $i says "Originaltitel", which groups the translation with its
original (catalogue/works.py).
Export writes the same fields, DK5 in 084 with $2 dk5, the age range in 521 $a and the
original title in 240 $a.
"""

import re
from collections.abc import Callable, Iterable
from datetime import UTC

import pymarc
from pymarc import Field, Indicators, Subfield

from reol.refusals import refuse

from . import rules
from .models import Audience, MaterialType, Record
from .services import RecordData

NATIONAL_AGENCY = "870970"
# ISO 2709 counts a record's length in five digits and a field's length in four.
MAX_RECORD_BYTES = 99_999
MAX_FIELD_BYTES = 9_999
_AGENCY = re.compile(r"(?:DK-)?(\d{6})", re.IGNORECASE)
_PID = re.compile(r"(\d{6})-[a-z]+:(.+)")
_PID_LENGTH = 80  # Record.pid

# Leader/06 type of record; a serial (leader/07 "s") of language material is a periodical.
_TYPES = {
    "a": MaterialType.BOOK, "t": MaterialType.BOOK, "i": MaterialType.AUDIOBOOK,
    "j": MaterialType.MUSIC, "g": MaterialType.FILM, "m": MaterialType.GAME,
    "c": MaterialType.SHEET_MUSIC, "d": MaterialType.SHEET_MUSIC,
}
_LEADER_TYPES = {
    MaterialType.BOOK: "am", MaterialType.PERIODICAL: "as", MaterialType.AUDIOBOOK: "im",
    MaterialType.MUSIC: "jm", MaterialType.FILM: "gm", MaterialType.GAME: "mm",
    MaterialType.SHEET_MUSIC: "cm", MaterialType.OTHER: "pm",
    MaterialType.EBOOK: "am", MaterialType.EAUDIOBOOK: "im", MaterialType.PODCAST: "im",
    MaterialType.FILM_STREAM: "gm",
}
# 008/22 target audience: preschool, primary, pre-adolescent and juvenile are children.
_CHILDREN_CODES = set("abcj")
_LANGUAGE = re.compile(r"[a-z]{3}")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_ISBN = re.compile(r"\d[\d -]{7,15}[\dXx]")
_ISSN = re.compile(r"\b\d{4}-?\d{3}[\dXx]\b")
_SEPARATORS = re.compile(r"[\s/:;=,]+$")
# A final full stop belongs to these words, so ISBD trimming leaves it on.
_ABBREVIATIONS = {"bd", "ca", "co", "cop", "dr", "ed", "ill", "inc", "jr", "mr", "opl", "sr",
                  "st", "udg"}
# Text that XML 1.0 cannot carry and that would break an ISO 2709 record (its delimiters).
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def material_type(leader: str) -> str:
    """The material type that leader/06 (type of record) and leader/07 (level) describe."""
    kind, level = leader[6:7], leader[7:8]
    if kind in ("a", "t") and level == "s":
        return MaterialType.PERIODICAL
    return _TYPES.get(kind, MaterialType.OTHER)


def pid_from_control_number(control_number: str, agency: str) -> str:
    """The pid of the record with this 001 and 003 (see the module's docstring)."""
    control_number, agency = control_number.strip(), agency.strip()
    if not control_number:
        raise refuse("no_control_number")
    if not agency:
        agency = NATIONAL_AGENCY
    if number := _AGENCY.fullmatch(agency):
        agency = number[1]
        base = "basis" if agency == NATIONAL_AGENCY else "katalog"
        made = f"{agency}-{base}:{control_number}"
    else:
        made = f"{agency}:{control_number}"
    if len(made) > _PID_LENGTH:
        raise refuse("long_control_number")
    return made


def control_number_from_pid(record_pid: str) -> tuple[str, str]:
    """The 001 and 003 that give back this pid on import."""
    if found := _PID.fullmatch(record_pid):
        return found[2], found[1]
    agency, separator, local = record_pid.partition(":")
    return (local, agency) if separator and agency and local else (record_pid, "")


def trim_isbd(text: str) -> str:
    """A value without the ISBD punctuation that separates it from the next one.

    "Journal 64 :" is "Journal 64", "Gyldendal," is "Gyldendal" and "Denmark." is "Denmark";
    the full stop of an initial or an abbreviation stays: "Andersen, H. C.", "2. udg.".
    """
    text = _SEPARATORS.sub("", text.strip())
    if text.endswith(".") and not text.endswith(".."):
        last = text[:-1].rsplit(maxsplit=1)[-1] if text[:-1].strip() else ""
        last = last.rsplit(".", 1)[-1]
        if len(last) > 1 and last.lower() not in _ABBREVIATIONS:
            text = text[:-1].rstrip()
    return text


def age_term(age_from: int | None, age_to: int | None) -> str:
    """The audience term that rules.audience_from_terms reads back as this age range."""
    if age_from is None:
        return ""
    if age_to is None:
        return f"fra {age_from} år"
    if age_to == age_from:
        return f"for {age_from} år"
    return f"for {age_from}-{age_to} år"


def record_data(marc: pymarc.Record) -> RecordData:
    """The record a MARC21 record describes; raises DomainError when it has no 001."""
    leader = str(marc.leader)
    # Leader/18 "c" says ISBD punctuation is left out, so a final full stop is part of the text.
    trim: Callable[[str], str] = str.strip if leader[18:19] == "c" else trim_isbd
    fixed = _control(marc, "008")
    number = _control(marc, "001").strip()
    terms = _values(marc, ("650", "655"), "a", trim)
    audience = rules.audience_from_terms(terms + _values(marc, ("521",), "a", str.strip))
    children = fixed[22:23] in _CHILDREN_CODES and leader[6:7] not in "ef"  # e, f: maps
    found = rules.sort_terms(_values(marc, ("650",), "a", trim))
    # Term by term, so the genres keep the order of their 655 fields (an export writes them
    # in the record's order, and reads back the same).
    genres = [rules.sort_terms([term]) for term in _values(marc, ("655",), "a", trim)]
    creators = _creators(marc, trim)
    return RecordData(
        pid=pid_from_control_number(number, _control(marc, "003")),
        faust=number if number.isdigit() and len(number) <= 20 else "",  # Record.faust
        title=_title(marc, trim),
        creators=[name for name, _ in creators],
        roles={name: roles for name, roles in creators if roles},
        subjects=found.subjects,
        # A 655 term is genre or form even where our list does not know it.
        genres=list(dict.fromkeys(found.genres + [g for one in genres
                                                  for g in one.genres + one.subjects])),
        search_terms=found.hidden + list(dict.fromkeys(h for one in genres for h in one.hidden))
        + _values(marc, ("653",), "a", trim),
        dk5=_classification(marc),
        material_type=material_type(leader),
        language=_language(fixed, marc),
        audience=Audience.CHILDREN if children else audience.audience,
        age_from=audience.age_from,
        age_to=audience.age_to,
        year=_year(fixed[7:11]) or _year(_publication(marc, "c", str.strip)),
        isbns=[found[0] for v in _values(marc, ("020",), "a", str) if (found := _ISBN.search(v))],
        issn=_first([found[0] for v in _values(marc, ("022",), "a", str)
                     if (found := _ISSN.search(v))]),
        edition=_first(_values(marc, ("250",), "a", trim)),
        publisher=_publication(marc, "b", trim),
        extent=_first(_values(marc, ("300",), "a", trim)),
        description="\n\n".join(_values(marc, ("520",), "a", str.strip)),
        original_title=_original_title(marc, trim),
    )


def _control(marc: pymarc.Record, tag: str) -> str:
    field = marc.get(tag)
    return (field.data or "") if field is not None and field.is_control_field() else ""


def _values(
    marc: pymarc.Record, tags: Iterable[str], code: str, clean: Callable[[str], str]
) -> list[str]:
    values = (clean(v) for f in marc.get_fields(*tags) for v in f.get_subfields(code))
    return [v for v in values if v]


def _creators(marc: pymarc.Record, trim: Callable[[str], str]) -> list[tuple[str, list[str]]]:
    """The main creator (100/110, the first) and the others (700/710), each with its roles:
    the relator codes in $4, and any that the name itself ends with."""
    fields = marc.get_fields("100", "110")[:1] + marc.get_fields("700", "710")
    out = []
    for field in fields:
        if name := trim(field.get("a") or ""):
            found = rules.contributor(name)
            codes = [c.strip().lower() for c in field.get_subfields("4")]
            out.append((found.name, list(dict.fromkeys([*found.roles, *codes]))))
    return out


def _first(values: list[str]) -> str:
    return values[0] if values else ""


def _title(marc: pymarc.Record, trim: Callable[[str], str]) -> str:
    field = marc.get("245")
    if field is None:
        return ""
    parts = (trim(v) for code in "ab" for v in field.get_subfields(code)[:1])
    return " : ".join(p for p in parts if p)


def _original_title(marc: pymarc.Record, trim: Callable[[str], str]) -> str:
    if uniform := _values(marc, ("240",), "a", trim):
        return uniform[0]
    for field in marc.get_fields("246"):
        if "original" in " ".join(field.get_subfields("i")).lower():
            return trim(field.get("a") or "")
    return ""


def _classification(marc: pymarc.Record) -> str:
    for field in marc.get_fields("084"):
        value = (field.get("a") or "").strip()
        if value and (field.get("2") or "").strip().lower() in ("dk5", "dk"):
            return value
    for field in marc.get_fields("652"):
        if value := (field.get("m") or field.get("a") or "").strip():
            return value
    dewey = _values(marc, ("082",), "a", lambda v: v.replace("/", "").replace("'", "").strip())
    return _first(dewey)


def _language(fixed: str, marc: pymarc.Record) -> str:
    if _LANGUAGE.fullmatch(code := fixed[35:38].lower()):
        return code
    # Older records run several codes together in one $a: "dangereng".
    for value in _values(marc, ("041",), "a", str.strip):
        if _LANGUAGE.fullmatch(code := value[:3].lower()):
            return code
    return ""


def _year(text: str) -> int | None:
    found = _YEAR.search(text)
    year = int(found[1]) if found else 0
    return year if year > 0 else None


def _publication(marc: pymarc.Record, code: str, clean: Callable[[str], str]) -> str:
    """A value of the publication statement: 264 with indicator 2 "1" first, then 264, 260."""
    fields = sorted(marc.get_fields("264"), key=lambda f: f.indicator2 != "1")
    for field in [*fields, *marc.get_fields("260")]:
        if values := [v for v in (clean(s) for s in field.get_subfields(code)) if v]:
            return values[0]
    return ""


def to_marc(record: Record) -> pymarc.Record:
    """The MARC21 record reol exports for a record; record_data reads the same values back."""
    number, agency = control_number_from_pid(record.pid)
    # Leader/09 "a" is UTF-8; leader/18 "c" says ISBD punctuation is left out.
    kind = _LEADER_TYPES.get(record.material_type, "pm")
    marc = pymarc.Record(leader=f"00000n{kind} a2200000 c 4500", force_utf8=True)
    marc.add_field(Field(tag="001", data=_clean(number)))
    if agency:
        marc.add_field(Field(tag="003", data=_clean(agency)))
    if record.updated:
        stamp = record.updated.astimezone(UTC).strftime("%Y%m%d%H%M%S.0")
        marc.add_field(Field(tag="005", data=stamp))
    marc.add_field(Field(tag="008", data=_fixed_field(record)))
    for tag, indicators, subfields in _data_fields(record):
        values = [Subfield(code, _clean(value)) for code, value in subfields if value]
        if values:
            marc.add_field(Field(tag=tag, indicators=Indicators(*indicators), subfields=values))
    return marc


def _fixed_field(record: Record) -> str:
    entered = record.updated.strftime("%y%m%d") if record.updated else "000000"
    dates = f"s{record.year:04d}    " if record.year and record.year <= 9999 else "nuuuu    "
    audience = "j" if record.audience == Audience.CHILDREN else " "
    language = f"{record.language:<3}"[:3]
    return f"{entered}{dates}xx     {audience}{' ' * 12}{language} d"


def _data_fields(record: Record) -> list[tuple[str, str, list[tuple[str, str]]]]:
    main, *others = record.creators or [""]
    roles = record.roles or {}
    title, _, subtitle = record.title.partition(" : ")
    year = str(record.year) if record.year else ""
    return [
        *(("020", "  ", [("a", isbn)]) for isbn in record.isbns),
        ("022", "  ", [("a", record.issn)]),
        ("041", "  ", [("a", record.language)]),
        ("084", "  ", [("a", record.dk5), ("2", "dk5")] if record.dk5 else []),
        ("100", _name_indicators(main), [("a", main), *_roles(roles, main)]),
        ("240", "10", [("a", record.original_title)]),
        ("245", ("1" if main else "0") + "0", [("a", title), ("b", subtitle)]),
        ("250", "  ", [("a", record.edition)]),
        ("264", " 1", [("b", record.publisher), ("c", year)]),
        ("300", "  ", [("a", record.extent)]),
        ("520", "  ", [("a", record.description)]),
        ("521", "  ", [("a", age_term(record.age_from, record.age_to))]),
        *(("650", " 4", [("a", subject)]) for subject in record.subjects),
        *(("653", "  ", [("a", term)]) for term in record.search_terms),
        *(("655", " 4", [("a", genre)]) for genre in record.genres),
        *(("700", _name_indicators(name), [("a", name), *_roles(roles, name)])
          for name in others),
    ]


def _roles(roles: dict[str, list[str]], name: str) -> list[tuple[str, str]]:
    return [("4", code) for code in roles.get(name, [])]


def _name_indicators(name: str) -> str:
    """Indicator 1 of a personal name: 1 for "Surname, Forename", 0 for a forename first."""
    return ("1" if "," in name else "0") + " "


def _clean(text: str) -> str:
    return _UNWRITABLE.sub("", text)
