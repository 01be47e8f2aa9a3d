"""The central-library grant key, as pure functions: split a total among the central libraries.

A base share in equal parts, a share by the number of municipalities in each region and a share
by each region's population (domain.md: 40 / 30 / 30). Every figure is computed exactly (as a
Fraction) and each amount — base, municipalities share, population share and the row's total —
is rounded to whole kroner from its own exact value, half up. The amounts are therefore not
forced to add up to the grant: a krone more or less in a column is the honest result of
rounding each figure on its own. `percent` is the row's exact share of the grant, half up to two
decimals.
"""

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from reol.refusals import refuse

COLUMNS = ("central_library", "municipalities", "population")
DEFAULT_SHARES = (Fraction(40), Fraction(30), Fraction(30))
# The six central libraries (domain.md), the names the CSV uses.
CENTRAL_LIBRARIES = ("Gentofte", "Roskilde", "Odense", "Vejle", "Herning", "Aalborg")
# domain.md: the regions on 1 January 2020 and the amount split this way for 2021–2024.
DOMAIN_REGIONS = (
    ("Gentofte", 28, 1_795_900), ("Roskilde", 18, 876_400), ("Odense", 9, 459_928),
    ("Vejle", 13, 763_420), ("Herning", 19, 1_320_678), ("Aalborg", 11, 589_755),
)
DOMAIN_TOTAL = 65_612_599


@dataclass(frozen=True)
class Region:
    central_library: str
    municipalities: int
    population: int


@dataclass(frozen=True)
class Allocation:
    central_library: str
    base: int
    municipalities_share: int
    population_share: int
    total: int
    percent: Decimal

    def as_dict(self) -> dict:
        return {"central_library": self.central_library, "base": self.base,
                "municipalities_share": self.municipalities_share,
                "population_share": self.population_share, "total": self.total,
                "percent": float(self.percent)}


def half_up(value: Fraction) -> int:
    """Whole units, half up (2.5 → 3), exactly: floor(x + 1/2) on the non-negative amounts of
    a grant."""
    return int((value + Fraction(1, 2)) // 1)


def _percent(value: Fraction) -> Decimal:
    return Decimal(half_up(value * 100)).scaleb(-2)


def allocate(total: Fraction | int, regions: list[Region],
             shares: tuple[Fraction, Fraction, Fraction] = DEFAULT_SHARES) -> list[Allocation]:
    """Split `total` kroner among the regions' central libraries, in the order given."""
    total = Fraction(total)
    if total <= 0:
        raise refuse("grant_total")
    check_shares(shares)
    if not regions:
        raise refuse("grant_empty.regions")
    base_pot, municipal_pot, population_pot = (total * Fraction(s) / 100 for s in shares)
    municipalities = sum(r.municipalities for r in regions)
    population = sum(r.population for r in regions)
    if municipal_pot and not municipalities:
        raise refuse("grant_no_municipalities")
    if population_pot and not population:
        raise refuse("grant_no_population")
    rows = []
    for region in regions:
        base = base_pot / len(regions)
        by_municipalities = (municipal_pot * region.municipalities / municipalities
                             if municipal_pot else Fraction(0))
        by_population = (population_pot * region.population / population
                         if population_pot else Fraction(0))
        exact = base + by_municipalities + by_population
        rows.append(Allocation(region.central_library, half_up(base),
                               half_up(by_municipalities), half_up(by_population),
                               half_up(exact), _percent(exact * 100 / total)))
    return rows


def check_shares(shares: tuple[Fraction, ...]) -> None:
    if len(shares) != 3 or any(s < 0 for s in shares) or sum(shares) != 100:
        raise refuse("grant_shares")


def _number(text: str) -> Fraction:
    """A plain decimal number as typed (65612599 or 65612599.50); no thousands separators."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise refuse("grant_number", text=text)
    return Fraction(value)


def parse_total(text: str) -> Fraction:
    return _number(text)


def parse_shares(text: str) -> tuple[Fraction, Fraction, Fraction]:
    parts = text.split(",")
    if len(parts) != 3:
        check_shares(())
    shares = tuple(_number(p) for p in parts)
    check_shares(shares)
    return shares  # type: ignore[return-value]


def parse_regions(text: str, known: set[str] | None = None) -> list[Region]:
    """The CSV with the columns central_library,municipalities,population. Every problem names
    the line it is on; names must be central libraries (`known`, case-insensitively)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise refuse("grant_columns", missing=', '.join(missing), columns=','.join(COLUMNS))
    reader.fieldnames = header
    names = {n.casefold() for n in (known or ())}
    regions, seen = [], set()
    for line, row in enumerate(reader, start=2):
        name = (row.get("central_library") or "").strip()
        if known is not None and name.casefold() not in names:
            raise refuse("grant_unknown", line=line, name=name)
        if name.casefold() in seen:
            raise refuse("grant_duplicate", line=line, name=name)
        seen.add(name.casefold())
        counts = []
        for column in COLUMNS[1:]:
            value = (row.get(column) or "").strip()
            if not re.fullmatch(r"[0-9]+", value):
                raise refuse("grant_number.line", line=line, column=column, value=value)
            counts.append(int(value))
        regions.append(Region(name, *counts))
    if not regions:
        raise refuse("grant_empty.rows")
    return regions


def domain_regions() -> list[Region]:
    return [Region(*row) for row in DOMAIN_REGIONS]
