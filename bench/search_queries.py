"""The fixed mix of search queries: what patrons type, drawn from the demo catalogue.

About 200 queries of one to three words: creators (full name and surname alone), runs of
words from real titles, subjects, and a few pairs. Each kind mixes common terms (drawn by how
often they occur, so "krimi" and "Danmark" come up) and rare ones (drawn uniformly, so most
are a single record's words). The mix is drawn once with a fixed seed and written to
queries.json; later runs read that file, so their figures compare.

Needs a configured Django (the demo catalogue's loader imports the models).
"""

import json
import random
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from synth import person_name

from reol.catalogue.demo import demo_records
from reol.search import rules

SEED = 2026
# The subjects every library's patrons search for, always in the mix.
NAMED_SUBJECTS = ["krimi", "kærlighed", "fantasy", "heste", "Danmark"]
# Where "common" ends: the most frequent subjects, creators and title words.
COMMON_SUBJECTS, COMMON_CREATORS, COMMON_TITLE_WORDS = 100, 300, 300
_WORD = re.compile(r"[^\W\d_][\w'-]*")
# How many queries of each kind: (kind, count).
PLAN = [
    ("subject common", 20), ("subject rare", 15),
    ("creator common", 20), ("creator rare", 10), ("surname", 25),
    ("title 1 word common", 15), ("title 1 word rare", 15),
    ("title 2 words", 30), ("title 3 words", 20),
    ("subject pair", 10), ("surname + title word", 15),
]


class Catalogue:
    """The demo catalogue's words, counted, to draw queries from."""

    def __init__(self) -> None:
        records = [d.data for d in demo_records()]
        self.titles = [_WORD.findall(r.title) for r in records]
        self.title_words = Counter(w for words in self.titles for w in words if len(w) > 2)
        self.subjects = Counter(s for r in records for s in r.subjects if _words(s) <= 3)
        self.creators = Counter(
            name for r in records for name in map(person_name, r.creators)
            if 2 <= _words(name) <= 3
        )
        self.works = [(person_name(r.creators[0]), words)
                      for r, words in zip(records, self.titles, strict=True)
                      if r.creators and words]


def _words(text: str) -> int:
    return len(text.split())


def _common(counts: Counter, top: int) -> Callable[[random.Random], str]:
    """Among the `top` most frequent, by frequency: "krimi" far more often than "hunde"."""
    values, weights = zip(*counts.most_common(top), strict=True)
    return lambda rng: rng.choices(values, weights)[0]


def _rare(counts: Counter) -> Callable[[random.Random], str]:
    values = [v for v, n in counts.items() if n <= 2]
    return lambda rng: rng.choice(values)


def _title_run(titles: list[list[str]], n: int) -> Callable[[random.Random], str]:
    long_enough = [t for t in titles if len(t) >= n]

    def draw(rng: random.Random) -> str:
        words = rng.choice(long_enough)
        start = rng.randrange(len(words) - n + 1)
        return " ".join(words[start : start + n])

    return draw


def _drawers(cat: Catalogue) -> dict[str, Callable[[random.Random], str]]:
    common_subject = _common(cat.subjects, COMMON_SUBJECTS)
    surnames = Counter()
    for name, n in cat.creators.items():
        surnames[name.split()[-1]] += n

    def surname_and_title(rng: random.Random) -> str:
        creator, words = rng.choice(cat.works)
        return f"{creator.split()[-1]} {rng.choice(words)}"

    return {
        "subject common": common_subject,
        "subject rare": _rare(cat.subjects),
        "creator common": _common(cat.creators, COMMON_CREATORS),
        "creator rare": _rare(cat.creators),
        "surname": _common(surnames, COMMON_CREATORS),
        "title 1 word common": _common(cat.title_words, COMMON_TITLE_WORDS),
        "title 1 word rare": _rare(cat.title_words),
        "title 2 words": _title_run(cat.titles, 2),
        "title 3 words": _title_run(cat.titles, 3),
        "subject pair": lambda rng: " ".join(dict.fromkeys(
            common_subject(rng) for _ in range(2))),
        "surname + title word": surname_and_title,
    }


def _searchable(query: str) -> bool:
    """One to three words that reach the full-text engine (not an identifier, not empty)."""
    return 1 <= _words(query) <= 3 and bool(rules.stems(query)) and not rules.identifier(query)


def draw_mix(seed: int = SEED) -> list[dict[str, str]]:
    rng = random.Random(seed)
    drawers = _drawers(Catalogue())
    seen: set[str] = set()
    mix = [{"q": q, "kind": "subject named"} for q in NAMED_SUBJECTS]
    seen.update(q.lower() for q in NAMED_SUBJECTS)
    for kind, count in PLAN:
        wanted = len(mix) + count
        while len(mix) < wanted:
            query = drawers[kind](rng)
            if query.lower() not in seen and _searchable(query):
                seen.add(query.lower())
                mix.append({"q": query, "kind": kind})
    return mix


def load_mix(path: Path) -> list[dict[str, str]]:
    """The mix in `path`, drawn and written there first if the file is not there yet."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        mix = draw_mix()
        path.write_text(json.dumps({"seed": SEED, "queries": mix}, ensure_ascii=False, indent=1))
    return json.loads(path.read_text())["queries"]
