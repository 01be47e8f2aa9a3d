"""A season of events at the demo libraries (domain.md's activities), with partners,
registrations and attendance — made through the same services as the staff pages.

Deterministic (random.Random(2026)); assumes the network and the lending demo are loaded
(it registers some of the demo patrons). A second run changes nothing.
"""

import contextlib
import random
from contextlib import suppress
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from dateutil.rrule import rrulestr
from django.db import transaction
from django.utils import timezone

from reol.circulation.models import Patron
from reol.errors import DomainError

from . import registration, services
from .models import AgeGroup, EventSeries, Partner, PartnerContact

PARTNERS = [
    (
        "roede-kors",
        "Røde Kors Randers",
        "Frivillige fra Røde Kors hjælper i IT-caféen.",
        "https://www.rodekors.dk",
        ("Hanne Lund", "hanne@example.dk", "Koordinator"),
    ),
    (
        "biografen",
        "Biografen Randers",
        "Film og bog: foredrag i biografens sal.",
        "https://example.dk/bio",
        ("Mads Holm", "mads@example.dk", "Programchef"),
    ),
    (
        "svoemmehallen",
        "Randers Svømmehal",
        "Højtlæsning ved bassinet.",
        "",
        ("Lene Vang", "lene@example.dk", "Leder"),
    ),
    (
        "musikskolen",
        "Randers Musikskole",
        "Fællessang og koncerter.",
        "",
        ("Ole Bach", "ole@example.dk", "Lærer"),
    ),
    ("lokalhistorisk-arkiv", "Lokalhistorisk Arkiv", "Byvandringer og foredrag.", "", None),
    (
        "hundeforeningen",
        "Læsehunde Danmark",
        "Certificerede læsehunde og deres førere.",
        "",
        ("Bente Krog", "bente@example.dk", "Hundefører"),
    ),
]


# title, library, branch or venue, category, audiences, first (weekday or date), time, minutes,
# rule, capacity, registration, partners, sdgs
def _season(start: date) -> list[dict]:
    def next_weekday(weekday: int, week: int = 0) -> date:
        return start + timedelta(days=(weekday - start.weekday()) % 7 + 7 * week)

    def last_weekday_of_month(weekday: int) -> date:
        day = date(start.year + (start.month // 12), start.month % 12 + 1, 1) - timedelta(days=1)
        while day.weekday() != weekday:
            day -= timedelta(days=1)
        return day if day >= start else last_weekday_of_month_after(day, weekday)

    def last_weekday_of_month_after(day: date, weekday: int) -> date:
        nxt = (day.replace(day=1) + timedelta(days=62)).replace(day=1) - timedelta(days=1)
        while nxt.weekday() != weekday:
            nxt -= timedelta(days=1)
        return nxt

    randers = {"library": "773000", "branch": "randers-hb"}
    return [
        dict(
            randers,
            title="Læsehund",
            category="reading",
            audiences=["children"],
            day=next_weekday(2),
            at=time(16),
            minutes=45,
            rule="FREQ=WEEKLY;BYDAY=WE",
            capacity=6,
            registration_required=True,
            partners=["hundeforeningen"],
            sdgs=[4],
            description="Børn læser højt for en rolig hund. Tilmelding: 15 minutter pr. barn.",
        ),
        dict(
            randers,
            title="IT-café",
            category="digital",
            audiences=["seniors", "adults"],
            day=next_weekday(1),
            at=time(10),
            minutes=120,
            rule="FREQ=WEEKLY;BYDAY=TU",
            partners=["roede-kors"],
            sdgs=[4, 10],
            description="Frivillige hjælper med telefon, tablet, MitID og e-Boks.",
        ),
        dict(
            randers,
            title="Strikkecafé",
            category="cafe",
            audiences=["adults", "seniors"],
            day=next_weekday(2),
            at=time(14),
            minutes=120,
            rule="FREQ=MONTHLY;BYDAY=2WE,4WE",
            sdgs=[3, 12],
            description="Tag dit strikketøj med; kaffen er klar.",
        ),
        dict(
            randers,
            title="Leg og lær-café",
            category="cafe",
            audiences=["families", "children"],
            day=next_weekday(3),
            at=time(9, 30),
            minutes=90,
            rule="FREQ=MONTHLY;BYDAY=1TH,3TH",
            capacity=20,
            registration_required=True,
            sdgs=[4],
        ),
        dict(
            randers,
            title="Børneteater",
            category="theatre",
            audiences=["children", "families"],
            day=next_weekday(5, 1),
            at=time(11),
            minutes=50,
            rule="FREQ=MONTHLY;COUNT=12;BYDAY=2SA",
            capacity=60,
            registration_required=True,
            registration_opens_days=21,
            price=0,
            setup=60,
            teardown=45,
            sdgs=[4],
        ),
        dict(
            randers,
            title="Reparationscafé",
            category="cafe",
            audiences=["adults"],
            day=last_weekday_of_month(5),
            at=time(10),
            minutes=180,
            rule="FREQ=MONTHLY;BYDAY=-1SA",
            sdgs=[12, 13],
        ),
        dict(
            randers,
            title="Fællessang",
            category="cafe",
            audiences=["adults", "seniors"],
            day=last_weekday_of_month(4),
            at=time(14),
            minutes=60,
            rule="FREQ=MONTHLY;BYDAY=-1FR",
            partners=["musikskolen"],
            sdgs=[3],
        ),
        {
            "library": "773000",
            "branch": "",
            "venue_name": "Randers Svømmehal",
            "venue_address": "Fladbrovej 2, 8900 Randers",
            "title": "Højtlæsning ved bassinet",
            "category": "outreach",
            "audiences": ["children"],
            "day": next_weekday(6, 2),
            "at": time(10),
            "minutes": 45,
            "rule": "FREQ=MONTHLY;COUNT=6;BYDAY=1SU",
            "partners": ["svoemmehallen"],
            "sdgs": [3, 4],
        },
        {
            "library": "773000",
            "branch": "",
            "venue_name": "Biografen Randers",
            "venue_address": "Østervold 1, 8900 Randers",
            "title": "Film og bog",
            "category": "talk",
            "audiences": ["adults"],
            "day": next_weekday(3, 3),
            "at": time(19),
            "minutes": 120,
            "rule": "",
            "extra": [next_weekday(3, 9), next_weekday(3, 15)],
            "capacity": 120,
            "registration_required": True,
            "price": Decimal(50),
            "partners": ["biografen"],
            "sdgs": [4],
        },
        dict(
            randers,
            title="Demokratidag for 8. klasse",
            category="democracy",
            audiences=["teens"],
            day=next_weekday(2, 8),
            at=time(9),
            minutes=300,
            rule="",
            capacity=90,
            registration_required=True,
            setup=60,
            teardown=60,
            sdgs=[16],
        ),
        dict(
            randers,
            title="Kulturfestival",
            category="festival",
            audiences=["children", "adults", "families"],
            day=next_weekday(5, 12),
            at=time(10),
            minutes=480,
            rule="",
            setup=180,
            teardown=120,
            sdgs=[4, 11, 17],
            partners=["musikskolen", "lokalhistorisk-arkiv"],
        ),
        {
            "library": "773000",
            "branch": "randers-dronningborg",
            "title": "Kreativt værksted",
            "category": "workshop",
            "audiences": ["children"],
            "day": next_weekday(5),
            "at": time(10),
            "minutes": 120,
            "rule": "FREQ=WEEKLY;BYDAY=SA",
            "capacity": 12,
            "registration_required": True,
            "sdgs": [4],
        },
        {
            "library": "716100",
            "branch": "glostrup",
            "title": "Sprogcafé på dansk",
            "category": "cafe",
            "audiences": ["adults"],
            "day": next_weekday(0),
            "at": time(17),
            "minutes": 90,
            "rule": "FREQ=WEEKLY;BYDAY=MO",
            "sdgs": [4, 10],
        },
        {
            "library": "716100",
            "branch": "glostrup",
            "title": "Forfattermøde",
            "category": "talk",
            "audiences": ["adults"],
            "day": next_weekday(3, 4),
            "at": time(19, 30),
            "minutes": 90,
            "rule": "",
            "capacity": 80,
            "registration_required": True,
            "price": Decimal(40),
            "sdgs": [4],
        },
    ]


def load_demo(console=None, now: datetime | None = None) -> int:
    """Create the season once; returns the number of occurrences made."""
    if EventSeries.objects.exists():
        return 0
    now = now or timezone.now()
    rng = random.Random(2026)
    start = timezone.localdate(now) - timedelta(days=28)  # a month of history to attend
    with transaction.atomic():
        for slug, name, description, website, contact in PARTNERS:
            partner = Partner.objects.create(
                slug=slug, name=name, description=description, website=website
            )
            if contact:
                PartnerContact.objects.create(
                    partner=partner, name=contact[0], email=contact[1], role=contact[2]
                )
        made = []
        for spec in _season(start):
            if spec.get("branch") and not _branch_exists(spec["branch"]):
                spec["branch"] = "randers-hb" if spec["library"] == "773000" else spec["branch"]
            data = services.SeriesData(
                library=spec["library"],
                title=spec["title"],
                category=spec["category"],
                first_start=_first(spec),
                duration_minutes=spec["minutes"],
                description=spec.get("description", ""),
                audiences=spec["audiences"],
                branch=spec.get("branch", ""),
                venue_name=spec.get("venue_name", ""),
                venue_address=spec.get("venue_address", ""),
                partners=spec.get("partners", []),
                sdgs=spec.get("sdgs", []),
                price=spec.get("price", Decimal(0)),
                setup_minutes=spec.get("setup", 0),
                teardown_minutes=spec.get("teardown", 0),
                rule=spec["rule"],
                extra_dates=spec.get("extra", []),
                capacity=spec.get("capacity"),
                registration_required=spec.get("registration_required", False),
                registration_opens_days=spec.get("registration_opens_days"),
            )
            # Made "a month ago", so the past weeks exist and can be attended.
            made.append(
                services.create_series(
                    data, now=timezone.make_aware(datetime.combine(start, time(0)))
                )
            )
        _registrations_and_attendance(made, now, rng)
    total = sum(s.occurrences.count() for s in made)
    if console is not None:
        console.print(f"events: {len(made)} series, {total} occurrences")
    return total


def _first(spec: dict) -> datetime:
    """The first start the rule itself gives (RFC 5545 would otherwise count DTSTART too)."""
    first = datetime.combine(spec["day"], spec["at"])
    return rrulestr(spec["rule"], dtstart=first)[0] if spec["rule"] else first


def _branch_exists(code: str) -> bool:
    from reol.libraries.models import Branch

    return Branch.objects.filter(code=code).exists()


def _registrations_and_attendance(series_list, now: datetime, rng: random.Random) -> None:
    patrons = {
        agency: list(Patron.objects.filter(library__agency=agency).order_by("card")[:80])
        for agency in ("773000", "716100")
    }
    groups = AgeGroup.values
    for series in series_list:
        # The past month and the next three weeks: enough to see, quick to make.
        for occurrence in series.occurrences.filter(start__lt=now + timedelta(days=21)):
            past = occurrence.start <= now
            if series.registration_required:
                # Registered "before it began": a week ahead, or now for the future ones.
                when = min(now, occurrence.start - timedelta(days=7)) if past else now
                capacity = occurrence.effective_capacity or 20
                people = patrons[series.library.agency]
                for patron in rng.sample(people, min(len(people), capacity // 2 + 3)):
                    with suppress(DomainError):  # not open yet, or closed: as in real life
                        registration.register(
                            occurrence, patron=patron, party_size=rng.choice((1, 1, 2, 3)), now=when
                        )
                if rng.random() < 0.5 and not past:
                    guest = rng.randrange(1000)
                    with contextlib.suppress(DomainError):
                        registration.register(
                            occurrence,
                            name=f"Gæst {guest}",
                            email=f"gaest{guest}@example.dk",
                            now=when,
                        )
            if past and occurrence.status == "scheduled":
                came = set(
                    occurrence.registrations.filter(status="confirmed").values_list(
                        "pk", flat=True
                    )[: rng.randrange(3, 12)]
                )
                counts = {
                    g: registration.Count(rng.randrange(0, 4), rng.randrange(0, 6))
                    for g in rng.sample(groups, 3)
                }
                registration.record_attendance(occurrence, counts, came, now=now)
