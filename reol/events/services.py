"""Use cases of events, one transaction each: series and their occurrences, edits by scope.

Registration, the waiting list and attendance are in registration.py; mail in mail.py.
Times are stored in UTC; recurrence is read in Copenhagen time, so "every Wednesday at 10"
stays at 10 across daylight-saving changes.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from reol.errors import DomainError
from reol.libraries import calendar
from reol.libraries.models import Branch, Library
from reol.refusals import refuse

from . import rules
from .models import Category, EventSeries, Occurrence, Partner, Registration


class Scope:
    THIS = "this"
    FOLLOWING = "following"
    ALL = "all"
    CHOICES = (THIS, FOLLOWING, ALL)


@dataclass
class SeriesData:
    """A series as plain values, as a form or the API gives it."""

    library: str  # agency number
    title: str
    category: str
    first_start: datetime  # aware, or naive Copenhagen time
    duration_minutes: int = 60
    description: str = ""
    audiences: list[str] = field(default_factory=list)
    branch: str = ""  # branch code; empty: an outside venue
    venue_name: str = ""
    venue_address: str = ""
    partners: list[str] = field(default_factory=list)  # partner slugs
    sdgs: list[int] = field(default_factory=list)
    price: Decimal = Decimal(0)
    setup_minutes: int = 0
    teardown_minutes: int = 0
    rule: str = ""  # RRULE, e.g. FREQ=WEEKLY;BYDAY=WE
    extra_dates: list[date] = field(default_factory=list)
    exception_dates: list[date] = field(default_factory=list)
    capacity: int | None = None
    registration_required: bool = False
    registration_opens_days: int | None = None
    registration_closes_hours: int = 0

    @classmethod
    def of(cls, series: EventSeries) -> "SeriesData":
        """The series as it stands, to edit."""
        rule, extra, skip = split_recurrence(series.recurrence)
        return cls(
            library=series.library.agency, title=series.title, category=series.category,
            first_start=timezone.localtime(series.first_start),
            duration_minutes=series.duration_minutes, description=series.description,
            audiences=series.audience_list, branch=series.branch.code if series.branch else "",
            venue_name=series.venue_name, venue_address=series.venue_address,
            partners=[p.slug for p in series.partners.all()], sdgs=list(series.sdgs),
            price=series.price, setup_minutes=series.setup_minutes,
            teardown_minutes=series.teardown_minutes, rule=rule, extra_dates=extra,
            exception_dates=skip, capacity=series.capacity,
            registration_required=series.registration_required,
            registration_opens_days=series.registration_opens_days,
            registration_closes_hours=series.registration_closes_hours,
        )


def split_recurrence(text: str) -> tuple[str, list[date], list[date]]:
    """RFC 5545 lines back into the rule, the extra dates and the exceptions."""
    rule, extra, skip = "", [], []
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name.upper().startswith("RRULE"):
            rule = value
            continue
        days = [datetime.strptime(v[:8], "%Y%m%d").date() for v in value.split(",") if v]
        if name.upper().startswith("RDATE"):
            extra += days
        elif name.upper().startswith("EXDATE"):
            skip += days
    return rule, extra, skip


def local(moment: datetime) -> datetime:
    """Naive Copenhagen time, as recurrence rules read it."""
    return timezone.localtime(moment).replace(tzinfo=None) if timezone.is_aware(moment) \
        else moment


def aware(moment: datetime) -> datetime:
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


# --- validation ----------------------------------------------------------------------------


def _validated(data: SeriesData) -> dict[str, Any]:
    """The model fields of a series from its plain values; refusals say what is wrong."""
    title = data.title.strip()
    if not title:
        raise refuse("no_title.event")
    library = Library.objects.filter(agency=data.library).first()
    if library is None:
        raise refuse("unknown_library", library=data.library)
    branch = None
    if data.branch:
        branch = Branch.objects.filter(code=data.branch, library=library).first()
        if branch is None:
            raise refuse("unknown_branch.library", branch=data.branch, name=library.name)
    elif not data.venue_name.strip():
        raise refuse("no_place")
    valid_categories = {c for c, _ in Category.choices}
    if data.category not in valid_categories:
        raise refuse("bad_category")
    from .models import Audience

    if set(data.audiences) - set(Audience.values):
        raise refuse("bad_audience")
    rules.check_minutes(data.duration_minutes, data.setup_minutes, data.teardown_minutes)
    if data.price < 0:
        raise refuse("bad_price")
    if data.capacity is not None and data.capacity < 1:
        raise refuse("bad_capacity")
    first = local(data.first_start)
    recurrence = rules.recurrence_text(data.rule, data.extra_dates, data.exception_dates,
                                       first.time())
    # Read the rule now, so a mistake is refused before anything is written.
    rules.expand(recurrence, first, first, first + timedelta(days=366))
    return {
        "library": library, "title": title, "description": data.description.strip(),
        "audiences": "," + ",".join(sorted(set(data.audiences))) + "," if data.audiences else "",
        "category": data.category, "branch": branch, "venue_name": data.venue_name.strip(),
        "venue_address": data.venue_address.strip(), "sdgs": rules.check_sdgs(data.sdgs),
        "price": data.price, "first_start": aware(first), "duration_minutes": data.duration_minutes,
        "setup_minutes": data.setup_minutes, "teardown_minutes": data.teardown_minutes,
        "recurrence": recurrence, "capacity": data.capacity,
        "registration_required": data.registration_required,
        "registration_opens_days": data.registration_opens_days,
        "registration_closes_hours": data.registration_closes_hours,
    }


def _partners(slugs: list[str]) -> list[Partner]:
    found = list(Partner.objects.filter(slug__in=slugs))
    missing = set(slugs) - {p.slug for p in found}
    if missing:
        name = sorted(missing)[0]
        raise refuse("unknown_partner", name=name)
    return found


# --- series --------------------------------------------------------------------------------


@transaction.atomic
def create_series(data: SeriesData, now: datetime | None = None) -> EventSeries:
    now = now or timezone.now()
    values = _validated(data)
    partners = _partners(data.partners)
    series = EventSeries.objects.create(**values)
    series.partners.set(partners)
    materialise(series, now)
    return series


def materialise(series: EventSeries, now: datetime, overwrite: bool = False) -> int:
    """Store the series' occurrences from now to the horizon; returns how many were new.

    Past occurrences are never touched. Future ones the rule no longer gives are cancelled
    when people are registered (they are told) and deleted otherwise. With `overwrite`, an
    occurrence changed on its own takes the series' values again (an edit of "all").
    """
    from .registration import cancel_occurrence_locked

    end = now + timedelta(days=rules.HORIZON_DAYS)
    if series.ends_before:
        end = min(end, series.ends_before - timedelta(seconds=1))
    first = local(series.first_start)
    starts = rules.expand(series.recurrence, first, local(now), local(end)) if end > now else []
    wanted = {start.date(): aware(start) for start in starts}
    existing = {o.rule_date: o for o in series.occurrences.filter(
        Q(start__gt=now) | Q(rule_date__in=list(wanted)))}
    closures = _closures(series.branch, list(wanted))
    duration = timedelta(minutes=series.duration_minutes)
    setup, teardown = (timedelta(minutes=series.setup_minutes),
                       timedelta(minutes=series.teardown_minutes))
    new, changed = [], []
    for day, start in wanted.items():
        values = {"start": start, "end": start + duration, "setup_start": start - setup,
                      "teardown_end": start + duration + teardown, "branch": series.branch,
                      "venue_name": series.venue_name, "venue_address": series.venue_address,
                      "on_closure": closures.get(day, False)}
        occurrence = existing.get(day)
        if occurrence is None:
            new.append(Occurrence(series=series, rule_date=day, **values))
        elif occurrence.start > now and (overwrite or not occurrence.edited):
            for name, value in values.items():
                setattr(occurrence, name, value)
            occurrence.edited = False
            changed.append(occurrence)
    Occurrence.objects.bulk_create(new)
    Occurrence.objects.bulk_update(changed, [*values, "edited"]) if changed else None
    for day, occurrence in existing.items():
        if day not in wanted and occurrence.start > now:
            if occurrence.registrations.exclude(status=Registration.Status.CANCELLED).exists():
                cancel_occurrence_locked(occurrence, now)
            else:
                occurrence.delete()
    return len(new)


def _closures(branch: Branch | None, days: list[date]) -> dict[date, bool]:
    if branch is None or not days:
        return {}
    hours = calendar.hours(branch, min(days), max(days))
    has_hours = any(h.is_open for h in hours)
    by_day = {h.day: h for h in hours}
    return {day: rules.on_closure(by_day[day].is_open, by_day[day].holiday, by_day[day].note,
                                  has_hours) for day in days}


def refresh_closures(branch: Branch | int, start: date, end: date) -> int:
    """After the house's hours change: flag its future occurrences that now fall on a closure."""
    occurrences = list(Occurrence.objects.filter(
        branch=branch, rule_date__range=(start, end)).select_related("branch"))
    if not occurrences:
        return 0
    flags = _closures(occurrences[0].branch, [o.start.date() for o in occurrences])
    changed = [o for o in occurrences if o.on_closure != flags.get(o.start.date(), False)]
    for o in changed:
        o.on_closure = not o.on_closure
    Occurrence.objects.bulk_update(changed, ["on_closure"])
    return len(changed)


@transaction.atomic
def edit(occurrence: Occurrence, data: SeriesData, scope: str,
         now: datetime | None = None) -> EventSeries:
    """Change an event from this occurrence on: this one, this and the following, or all.

    Past occurrences are never rewritten: an edit of "following" or "all" that would reach
    back into the past splits the series instead, and the past keeps the old series.
    """
    now = now or timezone.now()
    occurrence = Occurrence.objects.select_for_update(of=("self",)).select_related("series").get(
        pk=occurrence.pk)
    if scope not in Scope.CHOICES:
        raise refuse("bad_scope")
    if scope == Scope.THIS:
        return _edit_one(occurrence, data, now).series
    if occurrence.start <= now and scope == Scope.FOLLOWING:
        raise _past()
    series = occurrence.series
    if scope == Scope.ALL:
        upcoming = series.occurrences.filter(start__gt=now).first()
        if upcoming is None:
            raise _past()
        occurrence = upcoming
    values = _validated(data)
    partners = _partners(data.partners)
    earlier = series.occurrences.filter(start__lt=occurrence.start).exists()
    if earlier:
        series = _split(series, occurrence, values)
    else:
        for name, value in values.items():
            setattr(series, name, value)
        series.save()
    series.partners.set(partners)
    materialise(series, now, overwrite=True)
    _promote_all(series, now)
    return series


def _past() -> DomainError:
    return refuse("occurrence_past")


def _split(series: EventSeries, at: Occurrence, values: dict[str, Any]) -> EventSeries:
    """End `series` before `at` and continue in a new series from there."""
    old_starts = rules.expand(series.recurrence, local(series.first_start),
                              local(series.first_start), local(series.first_start)
                              + timedelta(days=rules.HORIZON_DAYS * 5))
    if "COUNT=" in values["recurrence"].upper() and old_starts:
        # The new series continues the old count: "12 times" stays 12 in all.
        last = old_starts[-1].strftime("%Y%m%dT235959")
        values["recurrence"] = re.sub(r"COUNT=\d+", f"UNTIL={last}", values["recurrence"],
                                      flags=re.IGNORECASE)
    cut = aware(datetime.combine(at.rule_date, datetime.min.time()))
    successor = EventSeries.objects.create(
        **{**values, "previous": series, "ends_before": series.ends_before})
    series.ends_before = cut
    series.save(update_fields=["ends_before"])
    series.occurrences.filter(rule_date__gte=at.rule_date).update(series=successor)
    return successor


def _edit_one(occurrence: Occurrence, data: SeriesData, now: datetime) -> Occurrence:
    if occurrence.start <= now:
        raise _past()
    values = _validated(data)
    start = values["first_start"]
    duration = timedelta(minutes=values["duration_minutes"])
    occurrence.start, occurrence.end = start, start + duration
    occurrence.setup_start = start - timedelta(minutes=values["setup_minutes"])
    occurrence.teardown_end = start + duration + timedelta(minutes=values["teardown_minutes"])
    occurrence.branch = values["branch"]
    occurrence.venue_name, occurrence.venue_address = (values["venue_name"],
                                                       values["venue_address"])
    if values["capacity"] != occurrence.series.capacity:
        occurrence.capacity = values["capacity"]
    occurrence.on_closure = _closures(occurrence.branch, [local(start).date()]).get(
        local(start).date(), False)
    occurrence.edited = True
    occurrence.save()
    from .registration import promote

    promote(occurrence, now)
    return occurrence


def _promote_all(series: EventSeries, now: datetime) -> None:
    from .registration import promote

    for occurrence in series.occurrences.filter(start__gt=now, status="scheduled"):
        promote(occurrence, now)


@transaction.atomic
def set_capacity(occurrence: Occurrence, capacity: int | None, sold_out: bool,
                 now: datetime | None = None) -> Occurrence:
    """Staff change one occurrence's places or close it as sold out; more places promote the
    waiting list."""
    now = now or timezone.now()
    occurrence = Occurrence.objects.select_for_update(of=("self",)).select_related("series").get(
        pk=occurrence.pk)
    if occurrence.start <= now:
        raise _past()
    if capacity is not None and capacity < 1:
        raise refuse("bad_capacity")
    occurrence.capacity, occurrence.sold_out = capacity, sold_out
    occurrence.save(update_fields=["capacity", "sold_out"])
    from .registration import promote

    promote(occurrence, now)
    return occurrence


def extend_all(now: datetime | None = None) -> int:
    """The job: keep every open-ended series stored to the horizon; returns new occurrences."""
    now = now or timezone.now()
    made = 0
    for series in EventSeries.objects.filter(Q(ends_before__isnull=True) |
                                             Q(ends_before__gt=now)).select_related("branch"):
        with transaction.atomic():
            made += materialise(series, now)
    return made


def slug_for(title: str, model: type[Partner] = Partner) -> str:
    base = slugify(title)[:70] or "x"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug

