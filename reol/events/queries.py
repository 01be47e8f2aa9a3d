"""Reading occurrences for the calendar, the feeds and the API: one filter for all three."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from .models import Occurrence, Registration


@dataclass
class Filter:
    start: date | None = None
    end: date | None = None  # inclusive
    branch: str = ""  # branch code
    audience: str = ""
    category: str = ""
    library: str = ""  # agency number
    partner: str = ""  # partner slug


def occurrences(f: Filter) -> QuerySet[Occurrence]:
    found = Occurrence.objects.select_related("series", "branch", "series__library")
    if f.start:
        found = found.filter(end__gte=_midnight(f.start))
    if f.end:
        found = found.filter(start__lt=_midnight(f.end + timedelta(days=1)))
    if f.branch:
        found = found.filter(branch__code=f.branch)
    if f.audience:
        found = found.filter(series__audiences__contains=f",{f.audience},")
    if f.category:
        found = found.filter(series__category=f.category)
    if f.library:
        found = found.filter(series__library__agency=f.library)
    if f.partner:
        found = found.filter(series__partners__slug=f.partner)
    return found.annotate(taken=Sum("registrations__party_size", filter=Q(
        registrations__status=Registration.Status.CONFIRMED))).order_by("start", "id")


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(0)))


def places_left(occurrence: Occurrence) -> int | None:
    """From the annotated `taken` of occurrences(); None: no limit."""
    if occurrence.sold_out:
        return 0
    capacity = occurrence.effective_capacity
    return None if capacity is None else max(capacity - (occurrence.taken or 0), 0)


def place(occurrence: Occurrence) -> str:
    if occurrence.branch:
        return occurrence.branch.name
    return ", ".join(p for p in (occurrence.venue_name, occurrence.venue_address) if p)


def coming(branch: str = "", library: str = "", limit: int = 6) -> list[Occurrence]:
    """The next scheduled occurrences from now, at one branch, one library's, or anywhere."""
    found = occurrences(Filter(start=timezone.localdate(), branch=branch, library=library))
    return list(found.filter(start__gte=timezone.now())
                .exclude(status=Occurrence.Status.CANCELLED)[:limit])
