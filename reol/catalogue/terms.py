"""The catalogue's word lists: relator codes, genre and form terms, local marks, DK5 names.

Data, not policy: catalogue/rules.py decides what they mean for a record. The lists follow
what the national catalogue actually sends (the demo's bibdata records are real ones): a
term not listed here stays a subject, which is the safe default.
"""

import re

# MARC relator codes (www.loc.gov/marc/relators) as Danish and English role names.
RELATORS: dict[str, tuple[str, str]] = {
    "act": ("skuespiller", "actor"),
    "adp": ("bearbejder", "adapter"),
    "ant": ("forfatter til forlæg", "author of the original"),
    "arr": ("arrangør", "arranger"),
    "art": ("kunstner", "artist"),
    "aud": ("dialogforfatter", "author of dialogue"),
    "aui": ("forfatter til forord", "author of introduction"),
    "aus": ("manuskriptforfatter", "screenwriter"),
    "aut": ("forfatter", "author"),
    "ccp": ("idé", "conceptor"),
    "cmp": ("komponist", "composer"),
    "cnd": ("dirigent", "conductor"),
    "cng": ("filmfotograf", "cinematographer"),
    "com": ("sammensætter", "compiler"),
    "cre": ("skaber", "creator"),
    "ctb": ("bidragyder", "contributor"),
    "cwt": ("kommentator", "commentator"),
    "drm": ("tegner", "draftsman"),
    "drt": ("instruktør", "director"),
    "edt": ("redaktør", "editor"),
    "ill": ("illustrator", "illustrator"),
    "inv": ("idé", "inventor"),
    "ive": ("interviewet", "interviewee"),
    "ivr": ("interviewer", "interviewer"),
    "led": ("leder", "lead"),
    "lyr": ("tekstforfatter", "lyricist"),
    "mus": ("musiker", "musician"),
    "nrt": ("fortæller", "narrator"),
    "pht": ("fotograf", "photographer"),
    "prf": ("medvirkende", "performer"),
    "prd": ("produktion", "production personnel"),
    "pro": ("producent", "producer"),
    "sng": ("sanger", "singer"),
    "trl": ("oversætter", "translator"),
}
# Roles that say no more than being named as creator does: not shown beside a name.
PLAIN_ROLES = {"aut", "cre"}
# Words that end an inverted name ("Trier Lars von") and belong before the surname.
PARTICLES = {"af", "da", "de", "del", "der", "di", "du", "la", "le", "van", "von"}

# Genre and form terms, folded to lower case, and the label the genre facet shows.
_GENRE_GROUPS: dict[str, tuple[str, ...]] = {
    "Skønlitteratur": ("skønlitteratur", "fiktion"),
    "Romaner": ("romaner", "roman"),
    "Krimi": ("krimi", "kriminalroman", "kriminalromaner", "politiromaner"),
    "Thriller": ("thriller", "psykologisk thriller", "krimithriller"),
    "Spænding": ("spænding", "spændende bøger"),
    "Fantasy": ("fantasy", "dark fantasy"),
    "Fantastiske fortællinger": ("fantastiske fortællinger", "fantastisk fortælling",
                                 "fantastisk fortæl.", "fantastiske fortæll.", "fantasi"),
    "Science fiction": ("science fiction", "fremtidsfortællinger", "dystopier"),
    "Gys": ("gys", "gys og gru", "gys & gru", "gysere"),
    "Humor": ("humor", "sjove bøger", "komedier", "satire", "samfundssatire"),
    "Kærlighedsromaner": ("dameromaner", "chick lit", "underholdningsromaner"),
    "Slægtsromaner": ("slægtsromaner",),
    "Historiske romaner": ("historiske romaner",),
    "Biografiske romaner": ("biografiske romaner",),
    "Eventyr": ("eventyr", "eventyr, historier og fabler", "eventyrlige fortællinger"),
    "Dyrefortællinger": ("dyrefortællinger",),
    "Noveller": ("noveller",),
    "Digte": ("digte", "lyrik"),
    "Rim og remser": ("rim og remser", "rim", "remser"),
    "Billedbøger": ("billedbøger", "billedbog", "billedbøger sk"),
    "Pegebøger": ("pegebøger", "løft og kig"),
    "Findebøger": ("findebog", "findebøger"),
    "Tegneserier": ("tegneserier", "tegneserie", "tegneserier sk", "te sk", "graphic novels"),
    "Ungdomsbøger": ("ungdomsbøger", "ungdomsbog"),
    "Biografier": ("biografier", "biografi", "biografier af enkelte personer", "bi sk",
                   "selvbiografier"),
    "Erindringer": ("erindringer", "barndomserindringer", "dagbøger"),
    "Spillefilm": ("spillefilm",),
    "Børnefilm": ("børnefilm",),
    "Actionfilm": ("actionfilm",),
    "Eventyrfilm": ("adventurefilm",),
    "Biografiske film": ("biografiske film",),
    "Dokumentarfilm": ("dokumentarfilm",),
    "Tv-serier": ("tv-serier",),
    "Drama": ("drama",),
    "Computerspil": ("computerspil",),
    "Actionspil": ("actionspil", "shooters"),
    "Eventyrspil": ("adventurespil",),
    "Platformspil": ("platformspil",),
    "Racerspil": ("racerspil",),
    "Sportsspil": ("sportsspil",),
    "Kogebøger": ("kogebøger", "bagebøger"),
    "Rejseførere": ("rejseførere",),
    "Håndbøger": ("håndbøger", "vejledninger", "idebøger"),
    "Lærebøger": ("lærebøger", "skolebøger"),
    "Faglitteratur": ("fagbog", "fagbøger", "faglitteratur", "nonfiktion"),
    "Børnesange": ("børnesange", "sange"),
}
GENRES: dict[str, str] = {term: label for label, terms in _GENRE_GROUPS.items()
                          for term in terms}

# Local marks of reading level, audience, school use and shelving that libraries add to the
# national record: they find the record (a teacher searches "Dingo"), but are no subject.
LOCAL_MARKS = re.compile(
    r"^(se:|anbefales:|fag:|læsekasse|kasse \d|lix\b|let-?tal\b|let \d|frilæs|fril\.|"
    r"oplæsning\b|letlæs|let læs|læs let|lettest|lettere|læselet|selvlæs|god læsestart|"
    r"begynderlæsning|lydret|makkerlæsning|læsekursus|fagligt? læs|faglig letlæsning|"
    r"lette fagbøger|danbeg|seriem\d*$|let at læse|enkelte lokaliteter|"
    r"for (børn|begynder|højtlæsning|forældre|universitet)|(lille |mikro )?dingo$|"
    r"klassesæt|kl\.sæt|"
    r"(ind|mellem|ud)skoling|mellemtrin|bhk\b|specialundervisning|støttecenter|læseklinik|"
    r"lærerbibliotek|legetek|orla-nomineret|godt ?anmeldt|elevvalgt|enkeltbog|taskebog|"
    r"seriebog$|serie$|del af serie|dpli$|des-materiale|av-|skbs$|alrune$|brun$|"
    r"[\d.\s-]+kl(asse|\.|\b)|\d+\.-? ?\d*\.? ?klasse|for [\d.-]+ ?klassetrin|"
    r"for folkeskolen|-folkeskolen)",
    re.IGNORECASE,
)

# Names of DK5 classes, most specific first by the longest matching prefix; "sk" is fiction.
DK5_NAMES: dict[str, str] = {
    "sk": "Skønlitteratur",
    "0": "Almindelige værker", "05": "Tidsskrifter og aviser",
    "1": "Filosofi og psykologi", "13.4": "Børne- og ungdomspsykologi",
    "15": "Etik", "19": "Forskning og studieteknik",
    "2": "Religion",
    "3": "Samfund, pædagogik og folkekultur", "30.1": "Sociologi",
    "30.13": "Socialpsykologi", "37": "Pædagogik og opdragelse",
    "39.1": "Eventyr, historier og fabler", "39.2": "Rim og remser",
    "4": "Geografi og rejser",
    "5": "Naturvidenskab", "55.5": "Palæontologi",
    "6": "Teknik og praktiske fag", "61": "Medicin og sundhed", "61.36": "Psykisk sundhed",
    "61.38": "Ernæring", "61.6": "Psykiatri", "62.72": "Biler",
    "63.5": "Have", "63.67": "Hunde", "64": "Hjem og husholdning",
    "64.1": "Madlavning", "64.12": "Bagning", "64.14": "Diætmadlavning",
    "64.15": "Vegetarisk mad", "64.5": "Boligindretning", "64.6": "Håndarbejde",
    "64.61": "Syning", "64.62": "Syning", "64.64": "Strikning", "64.65": "Hækling",
    "7": "Kunst, musik, film og fritid", "77.7": "Film", "77.74": "Børnefilm",
    "78": "Musik", "78.69": "Vokalmusik for børn", "79": "Idræt, spil og fritid",
    "79.32": "Dukker", "79.38": "Hovedbrud", "79.41": "Computerspil", "79.6": "Idræt",
    "79.71": "Fodbold",
    "8": "Litteratur og sprog", "83": "Engelsk skønlitteratur",
    "83.8": "Amerikansk skønlitteratur",
    "9": "Historie", "99.4": "Biografier",
}
