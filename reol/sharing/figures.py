"""Interlibrary-loan figures, read from the event log only.

A loan counts once, in the month the borrowing library receives it: "received" for the borrower
and "supplied" for the lender. The log's rows for it carry detail {"ill": "received", "lender":
ISIL, "borrower": ISIL} (kind transit_received, or the sharing app's own kind for the step);
rows of the supplier's side (detail role "supplier") do not count again, and several rows of
one request (detail "request") count once.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import CharField, Count, Q
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, TruncMonth

from reol.core.models import Event
from reol.libraries.models import Library

TARGET = 725_000  # physical interlibrary loans a year, nationally (2024)


@dataclass
class Row:
    isil: str
    name: str
    central: bool = False
    region: str = ""
    received: dict[int, int] = field(default_factory=dict)  # month 1–12 → loans
    supplied: dict[int, int] = field(default_factory=dict)

    @property
    def received_total(self) -> int:
        return sum(self.received.values())

    @property
    def supplied_total(self) -> int:
        return sum(self.supplied.values())

    @property
    def per_month(self) -> list[tuple[int, int]]:
        """(received, supplied) for each month of the year, January first."""
        return [(self.received.get(m, 0), self.supplied.get(m, 0)) for m in range(1, 13)]


@dataclass
class Figures:
    year: int
    libraries: list[Row]  # every library with a loan, by ISIL
    regions: list[Row]  # per central library: its region's libraries together
    monthly: dict[int, int]  # national total per month
    target: int = TARGET

    @property
    def total(self) -> int:
        return sum(self.monthly.values())

    def percent_of_target(self) -> float:
        return round(100 * self.total / self.target, 1) if self.target else 0.0

    def expected_by(self, day: date) -> int:
        """The loans the target asks for by `day`, spread evenly over the year."""
        if day.year != self.year:
            return self.target if day.year > self.year else 0
        days = (date(self.year + 1, 1, 1) - date(self.year, 1, 1)).days
        return round(self.target * day.timetuple().tm_yday / days)


def received_events(year: int):
    return (Event.objects.filter(time__year=year, detail__ill="received")
            # has_key first: a missing key would make the comparison NULL and drop the row.
            .exclude(Q(detail__has_key="role") & Q(detail__role="supplier")))


def counts(year: int) -> list[tuple[int, str, str, int]]:
    """(month, lender ISIL, borrower ISIL, loans) for the year, one request counted once."""
    rows = (received_events(year)
            .annotate(month=TruncMonth("time"), lender=KT("detail__lender"),
                      borrower=KT("detail__borrower"),
                      ill_loan=Coalesce(KT("detail__request"), Cast("id", CharField())))
            .values("month", "lender", "borrower")
            .annotate(n=Count("ill_loan", distinct=True))
            .order_by())
    return [(r["month"].month, r["lender"] or "", r["borrower"] or "", r["n"]) for r in rows]


def figures(year: int) -> Figures:
    libraries = {lib.isil: lib for lib in Library.objects.select_related("region")}
    rows: dict[str, Row] = {}
    regions: dict[str, Row] = {}
    central = {lib.region_id: lib for lib in libraries.values()
               if lib.kind == Library.Kind.CENTRAL}
    monthly: dict[int, int] = {}

    def row(isil: str) -> Row:
        if isil not in rows:
            lib = libraries.get(isil)
            rows[isil] = Row(isil, lib.name if lib else isil,
                             bool(lib and lib.kind == Library.Kind.CENTRAL),
                             lib.region.name if lib else "")
        return rows[isil]

    def region(isil: str) -> Row | None:
        lib = libraries.get(isil)
        hub = central.get(lib.region_id) if lib else None
        if hub is None:
            return None
        return regions.setdefault(hub.isil, Row(hub.isil, hub.name, True, lib.region.name))

    for month, lender, borrower, n in counts(year):
        monthly[month] = monthly.get(month, 0) + n
        for isil, side in ((lender, "supplied"), (borrower, "received")):
            if not isil:
                continue
            for target in (row(isil), region(isil)):
                if target is not None:
                    bucket = getattr(target, side)
                    bucket[month] = bucket.get(month, 0) + n
    return Figures(year, sorted(rows.values(), key=lambda r: r.isil),
                   sorted(regions.values(), key=lambda r: r.region), monthly)

