"""Fill the Danish catalogue from the table below, then compile it.

Run after `reol makemessages -l da`: python scripts/translate.py. Keeps one source of Danish
interface wording: the table below plus one table per area in scripts/danish/*.py (each
defines DANISH). msgfmt (GNU gettext) compiles the .mo that is committed beside the .po.
A msgid without Danish is listed and left untranslated (English shows), and the script fails.
"""

import re
import runpy
import subprocess
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "reol/web/locale/da/LC_MESSAGES/django.po"

DANISH = {
    "No record has the pid %(pid)s.": "Ingen post har id'et %(pid)s.",
    "Book": "Bog", "Audiobook": "Lydbog", "Film": "Film", "Music": "Musik", "Game": "Spil",
    "Periodical": "Tidsskrift", "Sheet music": "Noder", "Other": "Andet",
    "Adults": "Voksne", "Children": "Børn",
    "Standard loan": "Almindeligt lån", "Short loan": "Korttidslån",
    "Reference, not for loan": "Opslag, udlånes ikke",
    "On the shelf": "På hylden", "On loan": "Udlånt", "In transit": "Undervejs",
    "On the hold shelf": "På afhentningshylden", "Missing": "Savnet", "Withdrawn": "Kasseret",
    "On the shelf in at least one library": "På hylden på mindst ét bibliotek",
    "No copy on the shelf right now — it can be reserved":
        "Intet eksemplar på hylden lige nu — du kan reservere det",
    "Year": "År", "Edition": "Udgave", "Publisher": "Forlag", "Extent": "Omfang",
    "Language": "Sprog", "Audience": "Målgruppe",
    "%(a)s–%(b)s years": "%(a)s–%(b)s år", "%(a)s years": "%(a)s år",
    "from %(a)s years": "fra %(a)s år", "DK5 class": "DK5-klassifikation",
    "Record id": "Post-id", "Subjects": "Emner", "Where is it?": "Hvor findes den?",
    "%(counter)s of %(total)s on the shelf": ("%(counter)s af %(total)s på hylden",
                                             "%(counter)s af %(total)s på hylden"),
    "Copies at %(name)s": "Eksemplarer på %(name)s", "Branch": "Filial", "Shelf": "Opstilling",
    "Status": "Status",
    "No library in the network owns a copy. Ask your library to order it from another "
    "library.": "Intet bibliotek i netværket ejer et eksemplar. Spørg dit bibliotek — vi kan "
                "bestille det fra et andet bibliotek.",
    "An agency number has six digits.": "Et biblioteksnummer har seks cifre.",
    "municipal library": "folkebibliotek", "central library": "centralbibliotek",
    "main library": "hovedbibliotek", "branch": "filial", "bookmobile": "bogbus",
    "deposit collection": "depot",
    "Libraries": "Biblioteker", "Libraries and branches": "Biblioteker og filialer",
    "Region of %(name)s central library": "%(name)s Centralbiblioteks område",
    "%(counter)s stop": ("%(counter)s holdeplads", "%(counter)s holdepladser"),
    "We could not search for that": "Det kunne vi ikke søge efter",
    "%(n)s result for “%(q)s”": ("%(n)s resultat for »%(q)s«", "%(n)s resultater for »%(q)s«"),
    "Active filters": "Valgte filtre", "remove filter": "fjern filter",
    "Narrow the search": "Afgræns søgningen", "Results": "Resultater",
    "No hits": "Ingen resultater",
    "Nothing in the catalogue matches “%(q)s”.": "Intet i kataloget matcher »%(q)s«.",
    "Check the spelling, or use fewer words.": "Tjek stavningen, eller brug færre ord.",
    "Search for the author's surname or a single word of the title.":
        "Søg på forfatterens efternavn eller et enkelt ord fra titlen.",
    "Remove a filter above to widen the search.":
        "Fjern et filter ovenfor for at få flere resultater.",
    "Ask the library: we can order most titles from another library.":
        "Spørg biblioteket: vi kan bestille de fleste titler fra et andet bibliotek.",
    "Not on the shelf — can be reserved": "Ikke på hylden — kan reserveres",
    "Pages": "Sider", "Previous": "Forrige", "Page %(current)s of %(last)s":
        "Side %(current)s af %(last)s", "Next": "Næste",
    "Search: %(q)s": "Søgning: %(q)s", "Search": "Søg",
    "Find books, films, audiobooks and games": "Find bøger, film, lydbøger og spil",
    "Search the collections of the libraries in the network. Everything is free to borrow.":
        "Søg i bibliotekernes samlinger. Alt er gratis at låne.",
    "Try for example": "Prøv for eksempel",
    "Material type": "Materialetype", "On the shelf at": "På hylden på", "Subject": "Emne",
    "The library": "Biblioteket", "Skip to content": "Gå til indhold",
    "Main menu": "Hovedmenu", "Search the catalogue": "Søg i kataloget",
    "Title, author, subject, ISBN …": "Titel, forfatter, emne, ISBN …",
    "reol — the library system of Danish public libraries. Borrowing is free of charge.":
        "reol — biblioteksystemet for danske folkebiblioteker. Det er gratis at låne.",
    "API": "API",
}

_LINES = r'((?:"[^\n]*"\n)+)'
ENTRY = re.compile(
    rf"msgid {_LINES}(msgid_plural {_LINES})?((?:msgstr(?:\[\d\])? (?:\"[^\n]*\"\n)+)+)"
)


def _text(lines: str) -> str:
    return "".join(re.findall(r'"(.*)"', lines)).replace('\\"', '"')


def _quote(text: str) -> str:
    return '"' + text.replace('"', '\\"') + '"'


def fill(match: re.Match) -> str:
    msgid = _text(match.group(1))
    if not msgid:
        return match.group(0)
    if msgid not in DANISH:
        MISSING.append(msgid)
    danish = DANISH.get(msgid, ("", "") if match.group(2) else "")  # no guesses: English shows
    head = match.group(0)[: match.start(4) - match.start(0)]
    if match.group(2):
        one, many = danish
        return head + f"msgstr[0] {_quote(one)}\nmsgstr[1] {_quote(many)}\n"
    return head + f"msgstr {_quote(danish)}\n"


MISSING: list[str] = []
for _area in sorted((Path(__file__).parent / "danish").glob("*.py")):
    DANISH.update(runpy.run_path(str(_area))["DANISH"])


def main() -> None:
    text = PO.read_text()
    # The table is the only source of Danish: drop msgmerge's fuzzy guesses (msgfmt would skip
    # the whole entry, so a msgid close to an older one would never show its Danish).
    text = re.sub(r"^#\| .*\n", "", text, flags=re.M)
    text = re.sub(r"^#, fuzzy\n", "", text, flags=re.M)
    text = re.sub(r"^#, fuzzy, ", "#, ", text, flags=re.M)
    plural = r'"Plural-Forms: nplurals=2; plural=(n != 1);\\n"'
    text = re.sub(r'"Plural-Forms: [^"]*"', plural, text)
    PO.write_text(ENTRY.sub(fill, text))
    subprocess.run(["msgfmt", "--check", "-o", str(PO.with_suffix(".mo")), str(PO)], check=True)
    if MISSING:
        raise SystemExit("No Danish for:\n" + "\n".join(f"  {m!r}" for m in MISSING))


if __name__ == "__main__":
    main()
