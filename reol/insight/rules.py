"""The shape of a library's year, as pure functions: what `reol simulate` asks for each day.

A library's published yearly figures (domain.md) give the totals; the season and the weekday
spread them over the days its houses are open (the branch calendars decide which days those
are, not this module); the hours of a day say when people come. Nothing here reads the
database: the simulation (simulate.py) gathers the calendars and calls the services.
"""

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from reol.libraries.rules import Interval

ADULT, CHILDREN = "adult", "children"
# What the libraries publish (domain.md): Randers 2022, Glostrup 2024.
PUBLISHED: dict[str, dict[str, int]] = {
    "773000": {"loans": 610_000, "visitors": 400_000, "events": 680, "participants": 29_000},
    "716100": {"loans": 41_269 + 58_271, "children_loans": 58_271, "renewals": 63_427,
               "reservations": 36_103, "visitors": 180_316},
}
# What a library does not publish is derived from its loans with the ratios of the library
# that does: renewals, reservations and the children's share from Glostrup, visitors and
# events from Randers (the lower of the two visitor ratios: Glostrup's house is a meeting
# place more than a lending counter).
RENEWALS_PER_LOAN = 63_427 / 99_540
RESERVATIONS_PER_LOAN = 36_103 / 99_540
CHILDREN_SHARE = 58_271 / 99_540
VISITORS_PER_LOAN = 400_000 / 610_000
EVENTS_PER_LOAN = 680 / 610_000
PARTICIPANTS_PER_EVENT = 29_000 / 680
# The demo's door counts stand beside the lending it holds at this rate (insight/demo.py):
# Danish public libraries count roughly one to one and a half visits per physical loan.
DEMO_VISITS_PER_LOAN = 1.25
# A library with no published figures at all: loans from its copies. Danish public libraries
# lend their physical collection about four times a year on average.
LOANS_PER_COPY = 4
LOANS_PER_PATRON = 25  # a year's loans per active borrower, so the cohort is plausible
COLLECTED = 0.85  # of reservations end as a loan; the rest expire, are cancelled or wait
OPEN_LIBRARY_SHARE = 0.12  # of the visitors who come in the unstaffed hours, by card and PIN
KEEP_HISTORY_SHARE = 0.12  # of patrons who opt in to a loan history (the demo's share too)
# Digital loans beside the physical ones, as Danish public libraries lent them in 2023 (9.4
# million through eReolen, 23.3 million physical), and by format as in 2022 (8.2 million:
# 5.1 audiobooks, 2.9 e-books, the rest podcasts and the like). Statistics Denmark.
DIGITAL_PER_PHYSICAL = 9.4 / 23.3
DIGITAL_FORMATS = {"eaudiobook": 5.1 / 8.2, "ebook": 2.9 / 8.2, "podcast": 0.2 / 8.2}


@dataclass(frozen=True)
class Figures:
    """A library's year at scale 1, and where each figure came from."""

    loans: int
    children_loans: int
    reservations: int
    visitors: int
    events: int
    participants: int
    patrons: int
    published: tuple[str, ...]  # the figures taken from domain.md; the rest are derived

    @property
    def open_library_entries(self) -> int:
        return round(self.visitors * OPEN_LIBRARY_SHARE)

    @property
    def from_the_shelf(self) -> float:
        """The share of loans taken off the open shelves: the rest are reservations collected
        from the hold shelf, which are loans too."""
        return max(0.0, 1 - self.reservations / self.loans * COLLECTED) if self.loans else 1.0


def figures(agency: str, copies: int) -> Figures:
    """The published figures of the library, the rest derived from its loans."""
    known = PUBLISHED.get(agency, {})
    loans = known.get("loans", copies * LOANS_PER_COPY)
    events = known.get("events", round(loans * EVENTS_PER_LOAN))
    return Figures(
        loans=loans,
        children_loans=known.get("children_loans", round(loans * CHILDREN_SHARE)),
        reservations=known.get("reservations", round(loans * RESERVATIONS_PER_LOAN)),
        visitors=known.get("visitors", round(loans * VISITORS_PER_LOAN)),
        events=events,
        participants=known.get("participants", round(events * PARTICIPANTS_PER_EVENT)),
        patrons=math.ceil(loans / LOANS_PER_PATRON),
        published=tuple(sorted(known)),
    )


# --- seasons and weekdays -----------------------------------------------------------------

# Activity by month against an average month. Adults: busy from autumn to spring, the summer
# holidays a dip. Children: holiday reading (the summer reading campaign) holds July up.
# December is not low here: its closed days (24–26 and 31 December) come from the calendar.
SEASON = {
    ADULT: (1.12, 1.08, 1.05, 0.98, 0.92, 0.88, 0.70, 0.90, 1.04, 1.08, 1.12, 1.00),
    CHILDREN: (1.02, 1.00, 1.00, 0.95, 0.90, 1.00, 1.15, 0.95, 1.00, 1.02, 1.02, 1.00),
}
# Monday to Sunday. Saturdays are short staffed days; on Sundays only the open library is
# open, so fewer come.
WEEKDAY = (1.20, 1.10, 1.10, 1.15, 1.00, 0.70, 0.35)


def day_weight(day: date, is_open: bool, audience: str = ADULT) -> float:
    """How busy a day is against an average open day; a closed day has no activity."""
    if not is_open:
        return 0.0
    return SEASON[audience][day.month - 1] * WEEKDAY[day.weekday()]


def expected(total: float, open_days: dict[date, bool], audience: str = ADULT
             ) -> dict[date, float]:
    """Spread a yearly total over the days of the year: `open_days` holds every day of the
    year (open or not), so a year cut short (today, --days) gets only its share."""
    weights = {day: day_weight(day, is_open, audience) for day, is_open in open_days.items()}
    whole = sum(weights.values())
    if not whole:
        return dict.fromkeys(weights, 0.0)
    return {day: total * w / whole for day, w in weights.items()}


def draw(rng: random.Random, mean: float) -> int:
    """A whole count around `mean`: its floor, plus one with the fraction's probability. A
    month's draws stay within a day's rounding of its expected total."""
    whole = math.floor(mean)
    return whole + (rng.random() < mean - whole)


# --- hours of the day ----------------------------------------------------------------------

HOUSE_WEIGHT = {"main": 6, "branch": 1, "bookmobile": 1}  # a main library draws six branches
STAFFED_PULL = 3.0  # an hour with staff draws three times the people of an unstaffed one


def moment(rng: random.Random, intervals: Sequence[Interval], *, self_service_only: bool = False
           ) -> tuple[time, bool] | None:
    """A time of day within a day's opening intervals (libraries.rules.Interval), and whether
    it falls in the unstaffed (self-service) hours; None when the day has no such hours."""
    spans = [i for i in intervals if i.service == "self_service"
             or (i.service == "staffed" and not self_service_only)]
    if not spans:
        return None
    weights = [_minutes(i.opens, i.closes) * (STAFFED_PULL if i.service == "staffed" else 1.0)
               for i in spans]
    chosen = rng.choices(spans, weights)[0]
    start = chosen.opens.hour * 60 + chosen.opens.minute
    minute = start + rng.random() * _minutes(chosen.opens, chosen.closes)
    return time(int(minute // 60), int(minute % 60), int(minute * 60 % 60)), \
        chosen.service == "self_service"


def _minutes(opens: time, closes: time) -> float:
    return max((closes.hour * 60 + closes.minute) - (opens.hour * 60 + opens.minute), 0)


# --- patrons and their habits ------------------------------------------------------------

# Age bands of a library's active borrowers (low, high, share): children borrow much.
AGES = ((2, 5, 0.08), (6, 12, 0.18), (13, 17, 0.07), (18, 29, 0.09), (30, 49, 0.25),
        (50, 66, 0.18), (67, 88, 0.15))
TRIP = (1, 2, 3, 4, 5, 6, 8)  # items borrowed on one visit
TRIP_WEIGHTS = (34, 25, 17, 10, 7, 4, 3)


def age(rng: random.Random) -> int:
    low, high, _ = rng.choices(AGES, [a[2] for a in AGES])[0]
    return rng.randint(low, high)


def birth_date(rng: random.Random, years: int, on: date) -> date:
    """A birth date that makes someone `years` old on `on`."""
    born = date(on.year - years, 1, 1) - timedelta(days=rng.randint(0, 364))
    return born if born <= on else on


def keep_days(rng: random.Random, loan_days: int) -> int:
    """How long a borrower keeps a loan. Most come back within the loan period; the rest are
    kept past the due date, and the automatic renewal (or the borrower) renews them: with the
    default 30 days about 0.6 renewals a loan, Glostrup's published ratio."""
    if rng.random() < 0.55:
        return rng.randint(min(3, loan_days), max(loan_days, 1))
    return round(loan_days * rng.uniform(1.02, 2.6))


def popularity(n: int) -> list[float]:
    """Cumulative weights over n titles, most popular first (Zipf-like, as the demo stores
    records most-loaned first)."""
    total, out = 0.0, []
    for rank in range(n):
        total += 1 / (rank + 10)
        out.append(total)
    return out


# --- events ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Activity:
    """A recurring kind of event (domain.md: what happens in the houses)."""

    title: str
    category: str
    audiences: tuple[str, ...]
    share: float  # of the year's events
    size: int  # participants on an ordinary day, before PARTICIPANTS_PER_EVENT evens them out
    hour: int
    minutes: int = 90
    capacity: int | None = None  # with a capacity, registration is required
    children: bool = False  # participants are mostly children with a grown-up


ACTIVITIES = (
    Activity("Strikkecafé", "cafe", ("adults",), 0.14, 12, 16, 120),
    Activity("IT-café", "digital", ("seniors",), 0.18, 14, 10, 120),
    Activity("Læsehunden", "reading", ("children",), 0.14, 10, 15, 60, 12, True),
    Activity("Forfattermøde", "talk", ("adults",), 0.16, 60, 19, 90, 90),
    Activity("Børneteater", "theatre", ("children", "families"), 0.10, 90, 10, 60, 110, True),
    Activity("Fællessang", "cafe", ("adults", "seniors"), 0.10, 50, 14, 90),
    Activity("Kreativt værksted", "workshop", ("families",), 0.18, 25, 11, 120, 35, True),
)


def event_size(rng: random.Random, activity: Activity) -> int:
    """Participants at one occurrence, so that the year's mean meets the published ratio
    (Randers: 29,000 participants at 680 events)."""
    mean = sum(a.share * a.size for a in ACTIVITIES)
    size = round(activity.size * PARTICIPANTS_PER_EVENT / mean * rng.uniform(0.6, 1.4))
    return max(1, min(size, activity.capacity or size))


def walk_in_groups(activity: Activity) -> tuple[tuple[str, float], ...]:
    """Age bands of those who come without registering (the event log's bands)."""
    if activity.children:
        return (("0-13", 0.6), ("30-49", 0.3), ("50-66", 0.1))
    if "seniors" in activity.audiences:
        return (("50-66", 0.35), ("67+", 0.65))
    return (("18-29", 0.15), ("30-49", 0.35), ("50-66", 0.3), ("67+", 0.2))


# --- the yearly report's top lists ----------------------------------------------------------

# Creators of comics and manga whose Danish records carry no comics subject, only
# "Skønlitteratur" or a class number (Yu-Gi-Oh!, Ranma ½, Taynikma, some Rasmus Klump albums):
# without them their albums would top the adults' novels or the non-fiction.
COMICS_CREATORS = ("kazuki takahashi", "rumiko takahashi", "akira toriyama", "eiichiro oda",
                   "jan kjær", "vilh. hansen", "carla hansen")


def is_comics(subjects: Sequence[str], creators: Sequence[str] = ()) -> bool:
    """Comics and manga: a subject "tegneserie(r)" or "manga", or a creator of comics."""
    words = [s.lower() for s in subjects]
    return (any("tegneserie" in w or "manga" in w for w in words)
            or any(c.lower().startswith(COMICS_CREATORS) for c in creators))


def top_list(dk5: str, subjects: Sequence[str], audience: str,
             creators: Sequence[str] = ()) -> str | None:
    """Which top list of the yearly report a book belongs on; the first that fits:
    picture book — for children with a subject "billedbog" or "billedbøger"; none for comics
    and manga; crime — a subject containing "krimi"; novel — fiction for adults; none for
    children's fiction; non-fiction — a DK5 class number on a record that is not fiction.
    Fiction is DK5 "sk" or the subject "Skønlitteratur": a children's novel whose record also
    carries a class number (Lille Virgil has 59) is still fiction."""
    words = [s.lower() for s in subjects]
    if audience == CHILDREN and any("billedbog" in w or "billedbøger" in w
                                             for w in words):
        return "picture_book"
    if is_comics(subjects, creators):
        return None
    if any("krimi" in w for w in words):
        return "crime"
    dk5 = dk5.strip().lower()
    if dk5.startswith("sk") or "skønlitteratur" in words:
        return "novel" if audience == ADULT else None
    if dk5[:1].isdigit():
        return "non_fiction"
    return None
