"""The demo catalogue: the real records of the `bibdata` package, with items spread over the
demo network in proportion to popularity. Deterministic: the same seed gives the same rows.

bibdata lists its 10,000 records most-loaned first, and gives national loan and holding counts
for 241 richer records (50 of them among the 10,000; the rest are added). Where holdings are
known, a library holds the title with the national share of libraries that do, in the national
number of copies per holding library; elsewhere popularity falls off with rank (Zipf), so
popular titles stand in many copies and niche titles in one.
"""

import gzip
import importlib.util
import json
import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from reol.libraries.models import Branch, Library

from . import rules, works
from .models import Item, LoanCategory, Record, RecordIsbn
from .services import RecordData

SEED = 2026
DANISH_LIBRARIES = 98  # every municipality runs one
TYPES = {
    "book": "book", "bog": "book", "movie": "film", "audiobook": "audiobook", "game": "game",
    "music": "music", "periodica": "periodical", "sheetmusic": "sheet_music", "other": "other",
}
SHORT_LOAN_TYPES = {"film", "game"}
# How much of an average title a library holds, by its size.
LIBRARY_WEIGHT = {
    "773000": 1.4, "746100": 1.6, "715100": 1.0, "716100": 0.6, "715700": 1.0,
    "726500": 0.8, "763000": 0.8, "765700": 0.8, "785100": 1.0,
}


def _load(name: str):
    # Read the package's files without importing it: its __init__ builds a query table and
    # loads the genre space, seconds of work the demo does not need.
    spec = importlib.util.find_spec("bibdata")
    folder = Path(next(iter(spec.submodule_search_locations)))
    return json.loads(gzip.decompress((folder / name).read_bytes()))


@dataclass
class DemoRecord:
    data: RecordData
    popularity: float  # expected share of Danish libraries holding it
    copies_per_library: float


def demo_records() -> list[DemoRecord]:
    meta = _load("meta.json.gz")
    rich = {r["_id"]: r for r in _load("content-first.json.gz")}
    known = rules.known_names([r.get("creator") or "" for r in [*meta, *rich.values()]])
    out = [_from_meta(i, r, rich.pop(r["_id"], None), known) for i, r in enumerate(meta)]
    out += [_from_rich(r, known) for r in rich.values()]
    return out


def _creators(data: RecordData, raw: str | None, known: Mapping[str, int]) -> None:
    if raw:
        found = rules.contributor(raw, known)
        data.creators = [found.name]
        data.roles = {found.name: list(found.roles)} if found.roles else {}


def _from_meta(rank: int, raw: dict, rich: dict | None, known: Mapping[str, int]) -> DemoRecord:
    terms = raw.get("subject-term", [])
    audience = rules.audience_from_terms(terms)
    sorted_terms = rules.sort_terms(terms)
    data = RecordData(
        pid=raw["_id"],
        title=raw.get("title") or "(uden titel)",
        subjects=sorted_terms.subjects,
        genres=sorted_terms.genres,
        search_terms=sorted_terms.hidden,
        dk5=rules.dk5_from_terms(terms),
        material_type=TYPES.get(raw.get("type") or "other", "other"),
        language=rules.language_code(raw.get("language")),
        audience=audience.audience,
        age_from=audience.age_from,
        age_to=audience.age_to,
    )
    _creators(data, raw.get("creator"), known)
    share = min(0.95, 0.9 / (1 + rank / 40) ** 0.7)
    copies = 1 + 6 / (1 + rank / 25) ** 0.9
    if rich:
        _enrich(data, rich)
        share, copies = _national_holdings(rich)
    return DemoRecord(data, share, copies)


def _from_rich(raw: dict, known: Mapping[str, int]) -> DemoRecord:
    found = rules.sort_terms([term for key in ("subject", "genre", "literaryForm")
                              for term in (raw.get(key) or "").split(",")])
    data = RecordData(
        pid=raw["_id"],
        title=raw.get("titleFull") or raw["title"],
        subjects=found.subjects,
        genres=found.genres,
        search_terms=found.hidden,
        dk5="sk" if "fiktion" in (raw.get("literaryForm") or "") else "",
        material_type=TYPES.get((raw.get("workType") or "book").lower(), "other"),
        language=rules.language_code(raw.get("language")),
    )
    _creators(data, raw.get("creator"), known)
    _enrich(data, raw)
    share, copies = _national_holdings(raw)
    return DemoRecord(data, share, copies)


def _enrich(data: RecordData, rich: dict) -> None:
    data.description = rich.get("description") or ""
    year = str(rich.get("dateFirstEdition") or "")
    data.year = int(year) if year.isdigit() else None
    if rich.get("pages"):
        data.extent = f"{rich['pages']} sider"


def _national_holdings(rich: dict) -> tuple[float, float]:
    libraries = max(1, int(rich.get("libraries") or 1))
    items = max(1, int(rich.get("items") or 1))
    return min(1.0, libraries / DANISH_LIBRARIES), items / libraries


def item_rows(
    records: list[tuple[Record, DemoRecord]], libraries: list[Library], rng: random.Random
) -> Iterator[Item]:
    branches = {lib.pk: list(Branch.objects.filter(library=lib)) for lib in libraries}
    weights = [LIBRARY_WEIGHT.get(lib.agency, 0.8) for lib in libraries]
    serial = 0
    for record, demo in records:
        holders = [
            (library, weight)
            for library, weight in zip(libraries, weights, strict=True)
            if rng.random() < min(1.0, demo.popularity * weight)
            or (library.kind == "central" and record.language not in ("dan", ""))
        ]
        if not holders:  # every title stands somewhere in the network, if only once
            holders = [(rng.choices(libraries, weights)[0], 0.0)]
        for library, weight in holders:
            copies = max(1, round(rng.gauss(demo.copies_per_library * weight, 1)))
            for _ in range(min(copies, 25)):
                serial += 1
                branch = _pick_branch(branches[library.pk], record, rng)
                yield Item(
                    barcode=f"5{library.agency}{serial:07d}",
                    record=record, library=library, home_branch=branch, current_branch=branch,
                    shelf_location=_shelf(record),
                    loan_category=_loan_category(record),
                    status=_status(demo.popularity, rng),
                )


def _pick_branch(branches: list[Branch], record: Record, rng: random.Random) -> Branch:
    """Most copies stand in the main library; branches get a share, the bookmobile and the
    deposit collections take children's books."""
    weights = []
    for b in branches:
        if b.kind == Branch.Kind.MAIN:
            weights.append(5.0)
        elif b.kind == Branch.Kind.BRANCH:
            weights.append(1.5)
        else:
            weights.append(0.8 if record.audience == "children" else 0.05)
    return rng.choices(branches, weights)[0]


def _shelf(record: Record) -> str:
    section = "Børn" if record.audience == "children" else "Voksen"
    if record.material_type != "book":
        return f"{section} · {record.get_material_type_display()}"
    placement = record.dk5 if record.dk5 and record.dk5 != "sk" else "Skønlitteratur"
    return f"{section} · {placement}"


def _loan_category(record: Record) -> str:
    if record.material_type in SHORT_LOAN_TYPES:
        return LoanCategory.SHORT
    if record.material_type == "periodical":
        return LoanCategory.REFERENCE
    return LoanCategory.STANDARD


def _status(popularity: float, rng: random.Random) -> str:
    """On the shelf, or now and then missing. Loans, transits and hold shelves are made by
    the lending demo through the lending services, so each has its loan behind it; the roll
    still skips the share of copies that those take, keeping the seeded sequence."""
    roll = rng.random() - (0.15 + 0.55 * popularity) - 0.04
    return Item.Status.MISSING if 0 <= roll < 0.005 else Item.Status.AVAILABLE


def store_records(demos: list[DemoRecord]) -> list[tuple[Record, DemoRecord]]:
    rows = []
    for d in demos:
        d.data.validate()
        rows.append(Record(pid=d.data.pid, **d.data.fields()))
    Record.objects.bulk_create(rows, batch_size=1000)
    stored = dict(Record.objects.values_list("pid", "pk"))
    for record in rows:
        record.pk = stored[record.pid]
    RecordIsbn.objects.bulk_create(
        RecordIsbn(record_id=r.pk, isbn=isbn) for r in rows for isbn in r.isbns
    )
    works.regroup()  # bulk_create sends no signals; the whole catalogue at once is quicker
    return list(zip(rows, demos, strict=True))


def store_items(pairs: list[tuple[Record, DemoRecord]], libraries: list[Library]) -> int:
    items = list(item_rows(pairs, libraries, random.Random(SEED)))
    Item.objects.bulk_create(items, batch_size=2000)
    return len(items)
