"""Turning a request's filters into a Scope, and who may see what.

Statistics and the dashboard are for staff with a role in the library (superusers: any, and
the whole network). The yearly report is public: Danish libraries publish these figures.
"""

from datetime import date

from django.utils import timezone

from reol import bounds
from reol.circulation.patrons import require_staff, staff_libraries
from reol.errors import DomainError
from reol.libraries.models import Branch, Library

from .statistics import GROUPS, Scope

MAX_DAYS = 3 * 366  # a longer period is refused: ask for one year at a time


def unknown_library(agency: str) -> DomainError:
    error = DomainError("unknown_library", f"Biblioteket {agency} kendes ikke.",
                        f"The library {agency} is not known.")
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
    allowed = staff_libraries(user)
    libraries = Library.objects.order_by("name")
    return list(libraries if allowed is None else libraries.filter(pk__in=allowed))


def _day(text: str, default: date, name: str) -> date:
    if not text:
        return default
    try:
        found = date.fromisoformat(text)
    except ValueError:
        raise DomainError("bad_date", f"{name}: skriv datoen som ÅÅÅÅ-MM-DD.",
                          f"{name}: write the date as YYYY-MM-DD.") from None
    return bounds.day(found)


def scope_for(user, agency: str = "", branch: str = "", start: str = "", end: str = "") -> Scope:
    """The scope a member of staff asked for; without a library, their first (a superuser:
    the whole network). Refuses another library's figures, unknown names and bad periods."""
    today = timezone.localdate()
    first, last = _day(start, date(today.year, 1, 1), "from"), _day(end, today, "to")
    if last < first or (last - first).days > MAX_DAYS:
        raise DomainError("bad_period", "Perioden skal slutte efter sin start og højst vare "
                          "tre år.", "The period must end after it starts and last at most "
                          "three years.")
    chosen = None
    if agency:
        chosen = library(agency)
    elif staff_libraries(user) is not None:
        mine = allowed_libraries(user)
        if not mine:
            raise DomainError("not_your_library", "Du har ingen rolle på et bibliotek.",
                              "You have no staff role at any library.")
        chosen = mine[0]
    if chosen is not None:
        require_staff(user, chosen.pk)
    house = None
    if branch:
        house = Branch.objects.filter(code=branch).select_related("library").first()
        if house is None or (chosen is not None and house.library_id != chosen.pk):
            raise DomainError("unknown_branch", f"Filialen {branch} kendes ikke her.",
                              f"The branch {branch} is not known here.")
        require_staff(user, house.library_id)
    return Scope(first, last, chosen, house)


def group_by(text: str) -> str:
    if text and text not in GROUPS:
        raise DomainError("bad_group", "Opdel efter month, branch, material_type, audience "
                          "eller library.", "Group by month, branch, material_type, audience "
                          "or library.")
    return text or "month"
