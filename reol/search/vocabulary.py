"""The catalogue's own words: what "Mente du …?" offers and what is suggested while typing.

Built from the records' titles, creators and subjects into SearchWord (folded words, with the
number of records using each) and SearchSuggestion (titles, creators and subjects under a
folded key), by the vocabulary job (`reol run_jobs`, and `reol serve`'s jobs) whenever the
catalogue changed since the last build, by `reol reindex` and by `reol demo`. A search only
reads them: a process keeps the words in memory (with each word's one-letter deletions, for
spelling) and reads them afresh after a build; suggestions are one indexed prefix read,
remembered briefly per process.
"""

import threading
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, Max

from reol import sql
from reol.catalogue.models import Record
from reol.throttle.budgets import Budgets

from . import rules
from .models import SearchSuggestion, SearchWord, VocabularyState

SUGGESTIONS_MAX = 200_000  # the commonest titles, creators and subjects, so a build is bounded
SUGGEST_LIMIT = 8
SUGGEST_MEMORY = 5_000  # answers remembered per process …
SUGGEST_FOR = 60.0  # … for at most this many seconds
MIN_WORD = 3  # shorter words are not worth a spelling suggestion
BATCH = 5_000


def fingerprint() -> str:
    """What the catalogue looks like, cheaply: records, the newest id and the last edit."""
    found = Record.objects.aggregate(n=Count("pk"), top=Max("pk"), edited=Max("changed"))
    return f"{found['n']}:{found['top']}:{found['edited'] and found['edited'].isoformat()}"[:100]


def refresh(now: object = None) -> dict[str, int]:
    """The job: build the vocabulary when the catalogue changed since the last build."""
    state = VocabularyState.objects.order_by("pk").first()
    if state is not None and state.fingerprint == fingerprint():
        return {"words": 0}
    return build()


def build() -> dict[str, int]:
    """Read every record's titles, creators and subjects once and write the vocabulary anew."""
    words: Counter[str] = Counter()
    labels: Counter[tuple[str, str]] = Counter()
    print_ = fingerprint()
    rows = Record.objects.order_by().values_list("title", "creators", "subjects")
    for title, creators, subjects in rows.iterator(chunk_size=BATCH):
        creators, subjects = creators or [], subjects or []
        words.update({w for w in rules.words(" ".join([title, *creators, *subjects]))
                      if len(w) >= MIN_WORD and not w.isdigit() and len(w) <= 60})
        labels.update({(SearchSuggestion.TITLE, title[:300])}
                      | {(SearchSuggestion.CREATOR, c[:300]) for c in creators}
                      | {(SearchSuggestion.SUBJECT, s[:300]) for s in subjects})
    suggestions = [
        SearchSuggestion(key=key[:200], label=label, kind=kind, n=n)
        for (kind, label), n in labels.most_common(SUGGESTIONS_MAX)
        for key in _keys(kind, label)
    ]
    with transaction.atomic():
        SearchWord.objects.all().delete()
        SearchSuggestion.objects.all().delete()
        sql.insert_all([SearchWord(word=w, n=n) for w, n in words.items()])
        sql.insert_all(suggestions)
        state = VocabularyState.objects.select_for_update().order_by("pk").first()
        if state is None:
            state = VocabularyState()
        state.built += 1
        state.fingerprint = print_
        state.save()
    # This process's spelling memory, made now (0.6 s for the demo's 19,000 words) rather than
    # at the first search without hits; other processes make theirs at their first.
    _current_words()
    return {"words": len(words), "suggestions": len(suggestions)}


def _keys(kind: str, label: str) -> Iterable[str]:
    """Where a suggestion is found: its folded words from the start, and a creator also by
    surname ("adler" finds Jussi Adler-Olsen)."""
    key = rules.suggestion_key(label)
    if not key:
        return []
    keys = [key]
    names = label.split()
    if kind == SearchSuggestion.CREATOR and len(names) > 1:
        keys.append(rules.suggestion_key(" ".join([names[-1], *names[:-1]])))
    return dict.fromkeys(keys)


# --- "Mente du …?" ---------------------------------------------------------------------------

@dataclass
class _Words:
    built: int = -1
    counts: dict[str, int] = field(default_factory=dict)
    near: dict[str, list[str]] = field(default_factory=dict)  # a deletion → words having it


_words = _Words()
_words_lock = threading.Lock()


def _current_words() -> _Words:
    """The words as last built; read once per process and after each build (one read of the
    state row per call, the words themselves only when it changed)."""
    global _words
    built = VocabularyState.objects.order_by("pk").values_list("built", flat=True).first() or 0
    with _words_lock:
        if _words.built == built:
            return _words
    counts = dict(SearchWord.objects.values_list("word", "n"))
    near: dict[str, list[str]] = {}
    for word in counts:
        for form in rules.deletes(word) | {word}:
            near.setdefault(form, []).append(word)
    with _words_lock:
        _words = _Words(built, counts, near)
        return _words


def did_you_mean(text: str) -> str | None:
    """The query with each word the catalogue does not know put right to the nearest word it
    does, or None when nothing needs putting right."""
    asked = rules.words(text)
    if not asked:
        return None
    known = _current_words()
    if not known.counts:
        return None
    fixed, changed = [], False
    for word in asked:
        if word in known.counts or len(word) < MIN_WORD or word.isdigit():
            fixed.append(word)
            continue
        candidates = {w: known.counts[w] for form in rules.deletes(word) | {word}
                      for w in known.near.get(form, ())}
        better = rules.best_spelling(word, candidates)
        fixed.append(better or word)
        changed = changed or better is not None
    return " ".join(fixed) if changed else None


# --- Suggestions while typing ----------------------------------------------------------------

_answers: dict[str, tuple[float, list[dict[str, str]]]] = {}
_answers_lock = threading.Lock()


def suggest(typed: str) -> list[dict[str, str]]:
    """Up to SUGGEST_LIMIT titles, creators and subjects whose words start as typed, the
    ones most records share first."""
    key = rules.suggestion_key(typed)[:200]
    if len(key) < 2:
        return []
    now = time.monotonic()
    with _answers_lock:
        remembered = _answers.get(key)
        if remembered and now - remembered[0] < SUGGEST_FOR:
            return remembered[1]
    rows = SearchSuggestion.objects.order_by("-n", "label")
    if connection.vendor == "postgresql":
        rows = rows.filter(key__startswith=key)  # LIKE 'key%' on Django's pattern-ops index
    else:
        rows = rows.filter(key__gte=key, key__lt=key + "\U0010ffff")  # SQLite: a range
    found: dict[str, dict[str, str]] = {}
    for label, kind in rows.values_list("label", "kind")[:SUGGEST_LIMIT * 2]:
        found.setdefault(label, {"label": label, "kind": kind})
    answer = list(found.values())[:SUGGEST_LIMIT]
    with _answers_lock:
        if len(_answers) >= SUGGEST_MEMORY:
            _answers.clear()
        _answers[key] = (now, answer)
    return answer


def forget() -> None:
    """Tests: a rolled-back build must not be remembered, nor a client's spent budget."""
    global _words
    _budgets.clear()
    with _answers_lock:
        _answers.clear()
    with _words_lock:
        _words = _Words()


# --- A budget of suggestions per client --------------------------------------------------------

_budgets = Budgets()


def spend(source: str, per_minute: int) -> bool:
    """Whether this client may have one more suggestion now (throttle.budgets)."""
    return _budgets.spend(source, per_minute)
