"""Turning a request's filters into a Scope, and who may see what.

Statistics and the dashboard are for leaders of the library (superusers: any, and the whole
network); the collection advice (holds ratio, weeding, profile) for acquisitions and
cataloguing staff (and leaders) of the library asked about, or of any library for the whole
network's. reol/core/access.py decides. The yearly report is public: Danish libraries
publish these figures.
"""

from datetime import date

from django.utils import timezone

from reol import bounds
from reol.core.access import libraries_with, require
from reol.errors import DomainError
from reol.libraries.models import Branch, Library
from reol.refusals import refuse

from .apps import VIEW_STATISTICS
from .statistics import GROUPS, Scope

MAX_DAYS = 3 * 366  # a longer period is refused: ask for one year at a time


def unknown_library(agency: str) -> DomainError:
    error = refuse("unknown_library", library=agency)
    error.status = 404  # read by reol/api.py
    return error


def library(agency: str) -> Library:
    found = Library.objects.filter(agency=agency).first()
    if found is None:
        raise unknown_library(agency)
    return found


def year(value: int) -> int:
    return bounds.year(value)


def allowed_libraries(user) -> list[Library]:
    allowed = libraries_with(user, VIEW_STATISTICS)
    libraries = Library.objects.order_by("name")
    return list(libraries if allowed is None else libraries.filter(pk__in=allowed))


def _day(text: str, default: date, name: str) -> date:
    if not text:
        return default
    try:
        found = date.fromisoformat(text)
    except ValueError:
        raise refuse("bad_date.named", name=name) from None
    return bounds.day(found)


def scope_for(user, agency: str = "", branch: str = "", start: str = "", end: str = "") -> Scope:
    """The scope a member of staff asked for; without a library, their first (a superuser:
    the whole network). Refuses another library's figures, unknown names and bad periods."""
    today = timezone.localdate()
    first, last = _day(start, date(today.year, 1, 1), "from"), _day(end, today, "to")
    if last < first or (last - first).days > MAX_DAYS:
        raise refuse("bad_period")
    chosen = None
    if agency:
        chosen = library(agency)
    elif libraries_with(user, VIEW_STATISTICS) is not None:
        mine = allowed_libraries(user)
        if not mine:
            raise refuse("not_allowed")
        chosen = mine[0]
    if chosen is not None:
        require(user, chosen.pk, VIEW_STATISTICS)
    house = None
    if branch:
        house = Branch.objects.filter(code=branch).select_related("library").first()
        if house is None or (chosen is not None and house.library_id != chosen.pk):
            raise refuse("unknown_branch.here", branch=branch)
        require(user, house.library_id, VIEW_STATISTICS)
    return Scope(first, last, chosen, house)


def group_by(text: str) -> str:
    if text and text not in GROUPS:
        raise refuse("bad_group")
    return text or "month"
