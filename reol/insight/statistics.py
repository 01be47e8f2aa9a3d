"""Statistics from the event log, the door counts, event attendance and volunteers' figures.

Everything aggregates in the database. Months of the event log are a GROUP BY of the UTC hour
on SQLite (folded into Copenhagen months here; SQLite's TruncMonth calls Python once per row)
and of the Copenhagen month on PostgreSQL; months of the small tables one filtered aggregate per
month. Other groupings are a GROUP BY. Live loan tables are never read: the event log is the
record of what happened.

Metrics: loans (checkouts), renewals, reservations (placed), open-library entries (door entries
in self-service hours, Event kind visit), interlibrary loans received and supplied (the
convention of reol/sharing/figures.py: rows with detail ill "received", the supplier's side left
out, one request counted once; "received" for the borrower, "supplied" for the lender), visitors
(door counts, every house including the bookmobile), bookmobile visitors (door counts of
bookmobiles), events held (occurrences over by now, not cancelled) and their participants
(Attendance: registered who came and walk-ins), citizens helped by volunteers (whole years).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.db.models import CharField, Count, F, Func, Q, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from reol.catalogue.models import Audience, MaterialType
from reol.community.volunteers import helped_per_year
from reol.core.models import Event
from reol.events.models import Attendance, Occurrence
from reol.libraries.models import Branch, Library

from .models import DoorCount

ZONE = ZoneInfo("Europe/Copenhagen")
GROUPS = ("month", "branch", "material_type", "audience", "library")
METRICS = {
    "loans": _("Loans"),
    "renewals": _("Renewals"),
    "reservations": _("Reservations"),
    "ill_received": _("Interlibrary loans received"),
    "ill_supplied": _("Interlibrary loans supplied"),
    "visitors": _("Visitors"),
    "open_library_entries": _("Open-library entries"),
    "bookmobile_visitors": _("Bookmobile visitors"),
    "events": _("Events"),
    "participants": _("Participants"),
    "helped": _("Citizens helped by volunteers"),
}
LOG_KINDS = {
    "loans": Event.Kind.CHECKOUT,
    "renewals": Event.Kind.RENEWAL,
    "reservations": Event.Kind.RESERVATION_PLACED,
    "open_library_entries": Event.Kind.VISIT,
}
# The kinds that carry interlibrary steps (reol/sharing logs "interlibrary" and the transits).
ILL_KINDS = [Event.Kind.INTERLIBRARY, Event.Kind.TRANSIT_RECEIVED]
# Which metrics a grouping can split; the others are only in the totals.
SPLITS = {
    "month": set(METRICS) - {"helped"},
    "branch": set(METRICS) - {"helped", "ill_supplied"},
    "library": set(METRICS) - {"helped"},
    "material_type": set(LOG_KINDS) | {"ill_received", "ill_supplied"},
    "audience": set(LOG_KINDS) | {"ill_received", "ill_supplied"},
}


@dataclass(frozen=True)
class Scope:
    """What to count: a library (None: all), a branch of it (None: all), dates inclusive."""

    start: date
    end: date
    library: Library | None = None
    branch: Branch | None = None

    @classmethod
    def year(cls, year: int, library: Library | None = None,
             branch: Branch | None = None) -> "Scope":
        return cls(date(year, 1, 1), date(year, 12, 31), library, branch)

    def bounds(self) -> tuple[datetime, datetime]:
        """The period as Copenhagen midnights: from the first day to after the last."""
        return _midnight(self.start), _midnight(date.fromordinal(self.end.toordinal() + 1))

    def months(self) -> list[tuple[str, date, date]]:
        """(YYYY-MM, first day, first day after) of each month the period touches, cut to it."""
        out, day = [], date(self.start.year, self.start.month, 1)
        last = date.fromordinal(self.end.toordinal() + 1)
        while day < last:
            after = date(day.year + day.month // 12, day.month % 12 + 1, 1)
            out.append((f"{day:%Y-%m}", max(day, self.start), min(after, last)))
            day = after
        return out


@dataclass
class Row:
    key: str
    label: str
    values: dict[str, int] = field(default_factory=dict)


@dataclass
class Table:
    scope: Scope
    group_by: str
    metrics: list[str]  # the columns the rows split
    rows: list[Row]
    totals: dict[str, int]  # every metric over the whole scope

    def as_dict(self) -> dict:
        return {
            "from": self.scope.start.isoformat(), "to": self.scope.end.isoformat(),
            "library": self.scope.library.agency if self.scope.library else None,
            "branch": self.scope.branch.code if self.scope.branch else None,
            "group_by": self.group_by, "metrics": self.metrics,
            "rows": [{"key": r.key, "label": str(r.label), **r.values} for r in self.rows],
            "totals": self.totals,
        }


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), ZONE)


class UtcHour(Func):
    """On SQLite the UTC hour of a timestamp as text, 'YYYY-MM-DD HH' (a prefix of the stored
    UTC text; TruncMonth would run Python per row), folded into local months by _local_month:
    Copenhagen's offsets are whole hours, so each UTC hour lies in one local month. On
    PostgreSQL the local month itself, 'YYYY-MM'."""

    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="substr(%(expressions)s, 1, 13)",
                           **extra)

    def as_postgresql(self, compiler, connection, **extra):
        # PostgreSQL converts time zones natively: it gives the Copenhagen month straight away.
        return self.as_sql(compiler, connection,
                           template="to_char(%(expressions)s AT TIME ZONE 'Europe/Copenhagen', "
                                    "'YYYY-MM')", **extra)


@lru_cache(maxsize=50_000)
def _local_month(utc_hour: str) -> str:
    if len(utc_hour) == 7:  # already a local month (PostgreSQL)
        return utc_hour
    moment = datetime.strptime(utc_hour, "%Y-%m-%d %H").replace(tzinfo=UTC)
    return f"{moment.astimezone(ZONE):%Y-%m}"


Measure = Callable[[Q], object]  # a filter in, an aggregate out


def _grouped(qs, scope: Scope, group_by: str | None, key: object, time_field: str,
             measures: dict[str, Measure], as_dates: bool = False) -> dict[str, dict[str, int]]:
    """{group key: {measure: value}}. Months of the event log by UTC hour, folded into local
    months here; months of small tables by one filtered aggregate per month; the rest by
    GROUP BY."""
    if group_by == "month" and not as_dates and time_field == "time":
        hours = _grouped(qs, scope, "hour", UtcHour(time_field), time_field, measures)
        out = {label: dict.fromkeys(measures, 0) for label, _lo, _hi in scope.months()}
        for hour, values in hours.items():
            bucket = out.get(_local_month(hour))
            if bucket is not None:
                for name, n in values.items():
                    bucket[name] += n
        return out
    if group_by == "month":
        aggs = {}
        months = scope.months()
        for i, (_label, lo, hi) in enumerate(months):
            lo_, hi_ = (lo, hi) if as_dates else (_midnight(lo), _midnight(hi))
            window = Q(**{f"{time_field}__gte": lo_, f"{time_field}__lt": hi_})
            aggs.update({f"m{i}_{name}": make(window) for name, make in measures.items()})
        row = qs.aggregate(**aggs)
        return {label: {name: row[f"m{i}_{name}"] or 0 for name in measures}
                for i, (label, _lo, _hi) in enumerate(months)}
    # Aliases never clash with a field's name (Sum("visitors") AS visitors would).
    aggs = {f"a_{name}": make(Q()) for name, make in measures.items()}
    if key is None:
        row = qs.aggregate(**aggs)
        return {"": {name: row[f"a_{name}"] or 0 for name in measures}}
    out: dict[str, dict[str, int]] = {}
    for row in qs.values(k=key).annotate(**aggs).order_by():
        bucket = out.setdefault("" if row["k"] is None else str(row["k"]), {})
        for name in measures:
            bucket[name] = bucket.get(name, 0) + (row[f"a_{name}"] or 0)
    return out


def _log_counts(scope: Scope, group_by: str | None) -> dict[str, dict[str, int]]:
    start, end = scope.bounds()
    qs = Event.objects.filter(time__gte=start, time__lt=end, kind__in=list(LOG_KINDS.values()))
    if scope.library:
        qs = qs.filter(library=scope.library)
    if scope.branch:
        qs = qs.filter(branch=scope.branch)
    key = {"branch": F("branch_id"), "library": F("library__agency"),
           "material_type": F("material_type"), "audience": F("audience")}.get(group_by or "")
    measures = {name: (lambda q, kind=kind: Count("id", filter=q & Q(kind=kind)))
                for name, kind in LOG_KINDS.items()}
    return _grouped(qs, scope, group_by, key, "time", measures)


def _ill_counts(scope: Scope, group_by: str | None) -> dict[str, dict[str, int]]:
    start, end = scope.bounds()
    # Naming the kinds and every library lets both engines walk the (library, kind, time)
    # index instead of reading a whole year of the log for the JSON test.
    libraries = list(Library.objects.values_list("pk", flat=True))
    base = (Event.objects.filter(library_id__in=libraries, kind__in=ILL_KINDS,
                                 time__gte=start, time__lt=end, detail__ill="received")
            # has_key first: a missing key makes the comparison NULL and would drop the row.
            .exclude(Q(detail__has_key="role") & Q(detail__role="supplier")))
    loan = Coalesce(KT("detail__request"), Cast("id", CharField()))
    out: dict[str, dict[str, int]] = {}
    for side, party in (("ill_received", "borrower"), ("ill_supplied", "lender")):
        qs = base
        if scope.library:
            qs = qs.filter(**{f"detail__{party}": scope.library.isil})
            if party == "borrower":  # the borrower's own rows: its side of the request
                qs = qs.filter(library=scope.library)
        if scope.branch:
            if side == "ill_supplied":
                continue  # the log names the lending library, not its house
            qs = qs.filter(branch=scope.branch)
        key = {"branch": F("branch_id"), "library": KT(f"detail__{party}"),
               "material_type": F("material_type"), "audience": F("audience")}.get(group_by or "")
        measure = {side: lambda q: Count(loan, filter=q, distinct=True)}
        for k, values in _grouped(qs, scope, group_by, key, "time", measure).items():
            if group_by == "library" and k.startswith("DK-"):
                k = k[3:]
            out.setdefault(k, {})[side] = out.get(k, {}).get(side, 0) + values[side]
    return out


def _door_counts(scope: Scope, group_by: str | None) -> dict[str, dict[str, int]]:
    qs = DoorCount.objects.filter(date__gte=scope.start, date__lte=scope.end)
    if scope.library:
        qs = qs.filter(branch__library=scope.library)
    if scope.branch:
        qs = qs.filter(branch=scope.branch)
    key = {"branch": F("branch_id"), "library": F("branch__library__agency")}.get(group_by or "")
    bus = Q(branch__kind=Branch.Kind.BOOKMOBILE)
    measures = {"visitors": lambda q: Sum("visitors", filter=q),
                "bookmobile_visitors": lambda q: Sum("visitors", filter=q & bus)}
    return _grouped(qs, scope, group_by, key, "date", measures, as_dates=True)


def _event_counts(scope: Scope, group_by: str | None) -> dict[str, dict[str, int]]:
    """Events held and their participants (Attendance rows; the same figures as
    reol.events.registration.participants, split by month, branch or library). Held means
    over by now: this year's report and dashboard count no event still to come, and a period
    that ends today counts what a whole year would."""
    start, end = scope.bounds()
    over = timezone.now()
    held = Occurrence.objects.filter(start__gte=start, start__lt=end, end__lte=over).exclude(
        status=Occurrence.Status.CANCELLED)
    came = Attendance.objects.filter(occurrence__start__gte=start, occurrence__start__lt=end,
                                     occurrence__end__lte=over)
    if scope.library:
        held = held.filter(series__library=scope.library)
        came = came.filter(occurrence__series__library=scope.library)
    if scope.branch:
        held = held.filter(branch=scope.branch)
        came = came.filter(occurrence__branch=scope.branch)
    keys = {"branch": "branch_id", "library": "series__library__agency"}
    out = _grouped(held, scope, group_by,
                   F(keys[group_by]) if group_by in keys else None, "start",
                   {"events": lambda q: Count("id", filter=q)})
    people = _grouped(came, scope, group_by,
                      F(f"occurrence__{keys[group_by]}") if group_by in keys else None,
                      "occurrence__start",
                      {"registered": lambda q: Sum("registered", filter=q),
                       "walk_ins": lambda q: Sum("walk_ins", filter=q)})
    for k, values in people.items():
        out.setdefault(k, {"events": 0})["participants"] = values["registered"] + values["walk_ins"]
    return out


def helped(scope: Scope) -> int:
    """Citizens helped by volunteers in the whole years the period touches (the volunteers'
    log is kept per year)."""
    if scope.branch:
        return 0
    libraries = [scope.library] if scope.library else list(Library.objects.all())
    return sum(helped_per_year(library, year).people_helped
               for library in libraries for year in range(scope.start.year, scope.end.year + 1))


SOURCES = {
    _log_counts: set(LOG_KINDS),
    _ill_counts: {"ill_received", "ill_supplied"},
    _door_counts: {"visitors", "bookmobile_visitors"},
    _event_counts: {"events", "participants"},
}


def table(scope: Scope, group_by: str = "month", only: set[str] | None = None) -> Table:
    """Every metric of the scope (or those in `only`), split by `group_by` where the metric
    allows it; the totals hold every metric over the whole scope."""
    if group_by not in GROUPS:
        raise ValueError(group_by)
    splits = SPLITS[group_by] & (only or set(METRICS))
    merged: dict[str, dict[str, int]] = {}
    totals = dict.fromkeys(METRICS, 0)
    for source, names in SOURCES.items():
        if only is not None:
            names = names & only
            if not names:
                continue
        if names & splits:
            for k, values in source(scope, group_by).items():
                for name, n in values.items():
                    if name in splits:
                        bucket = merged.setdefault(k, {})
                        bucket[name] = bucket.get(name, 0) + n
                        totals[name] += n
        if names - splits:  # not split this way: counted once, for the totals
            for values in source(scope, None).values():
                for name, n in values.items():
                    if name not in splits:
                        totals[name] += n
    if only is None or "helped" in only:
        totals["helped"] = helped(scope)
    metrics = [m for m in METRICS if m in splits]
    rows = [Row(k, label(group_by, k), {m: merged.get(k, {}).get(m, 0) for m in metrics})
            for k in _order(group_by, scope, merged)]
    return Table(scope, group_by, metrics, rows, totals)


def totals(scope: Scope) -> dict[str, int]:
    """Every metric over the whole scope, without a split: the cheapest reading (the log's
    counts come from the (library, kind, time) index alone)."""
    out = dict.fromkeys(METRICS, 0)
    for source in SOURCES:
        for values in source(scope, None).values():
            for name, n in values.items():
                out[name] += n
    out["helped"] = helped(scope)
    return out


def _order(group_by: str, scope: Scope, merged: dict) -> list[str]:
    if group_by == "month":
        return [label for label, _lo, _hi in scope.months()]
    return sorted(merged, key=lambda k: (k == "", k))


def label(group_by: str, key: str) -> str:
    if not key:
        return str(_("Not stated"))
    if group_by == "month":
        return date_format(date.fromisoformat(key + "-01"), "F Y")
    if group_by == "branch":
        branch = Branch.objects.filter(pk=int(key)).first()
        return branch.name if branch else key
    if group_by == "library":
        library = Library.objects.filter(agency=key).first()
        return library.name if library else key
    if group_by == "material_type":
        return str(MaterialType(key).label) if key in MaterialType.values else key
    return str(Audience(key).label) if key in Audience.values else key
