"""What reol accepts from outside as a date, a time, a year, a month, a week or an offset.

Python's dates run from year 1 to 9999, and one day past either end is an OverflowError deep
inside a calendar or a query: a 500 for a typo. Every page, form and API operation that takes a
date reads it through this module, so a date outside what reol supports is a 400 with a
message, decided in one place:

- pages and commands: `parse_day`, `parse_month`, `parse_year` and the checks `day`, `moment`,
  `year` raise `OutOfRange` (a DomainError, so views show it like any refusal) — and
  `reol.web.middleware.BadInputMiddleware` answers 400 for one a view does not catch;
- forms: `DayField` and `MomentField` instead of Django's DateField and DateTimeField;
- the API: the `Day`, `Year` and `Offset` types in schemas and query parameters.
"""

from datetime import date, datetime
from typing import Annotated, overload

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pydantic import AfterValidator, Field

from reol.errors import DomainError

# Wide enough for any patron's birth date and any plan a library makes; far enough from
# Python's year 1 and 9999 that a week, a month or a year on either side is still a date.
FIRST = date(1900, 1, 1)
LAST = date(2199, 12, 31)
# The furthest anyone pages into a list; past this a list is searched, not paged.
MAX_OFFSET = 100_000


class OutOfRange(DomainError):
    """A date, year or number that reol cannot work with: always the caller's mistake (400)."""

    status = 400


def _shown(value: object) -> str:
    return str(value)[:30]


def _out_of_range(value: object) -> OutOfRange:
    return OutOfRange(
        "date_out_of_range",
        f"»{_shown(value)}« ligger uden for de datoer, reol arbejder med "
        f"({FIRST.year}–{LAST.year}).",
        f"“{_shown(value)}” is outside the dates reol works with ({FIRST.year}–{LAST.year}).",
    )


def _not_a(kind_da: str, kind_en: str, form_da: str, form_en: str, value: object) -> OutOfRange:
    return OutOfRange(
        "bad_date",
        f"»{_shown(value)}« er ikke {kind_da}. Skriv den som {form_da}.",
        f"“{_shown(value)}” is not {kind_en}. Write it as {form_en}.",
    )


def supported(day: date) -> bool:
    """Whether a date (or the date of a moment) lies within what reol works with."""
    if isinstance(day, datetime):
        day = day.date()
    return FIRST <= day <= LAST


def day(value: date) -> date:
    """`value` if reol works with it, else OutOfRange."""
    if not supported(value):
        raise _out_of_range(value.isoformat())
    return value


def moment(value: datetime) -> datetime:
    """`value` if its date is one reol works with, else OutOfRange."""
    if not supported(value):
        raise _out_of_range(value.isoformat())
    return value


def year(value: int) -> int:
    if not FIRST.year <= value <= LAST.year:
        raise _out_of_range(value)
    return value


@overload
def parse_day(text: str | None, default: date) -> date: ...
@overload
def parse_day(text: str | None, default: None = None) -> date | None: ...
def parse_day(text: str | None, default: date | None = None) -> date | None:
    """A date written YYYY-MM-DD; empty gives `default`."""
    if text is None or not str(text).strip():
        return default
    try:
        found = date.fromisoformat(str(text).strip())
    except ValueError:
        raise _not_a("en dato", "a date", "ÅÅÅÅ-MM-DD", "YYYY-MM-DD", text) from None
    return day(found)


@overload
def parse_month(text: str | None, default: date) -> date: ...
@overload
def parse_month(text: str | None, default: None = None) -> date | None: ...
def parse_month(text: str | None, default: date | None = None) -> date | None:
    """The first day of a month written YYYY-MM; empty gives `default`."""
    if text is None or not str(text).strip():
        return default
    try:
        found = datetime.strptime(str(text).strip(), "%Y-%m").date()
    except ValueError:
        raise _not_a("en måned", "a month", "ÅÅÅÅ-MM", "YYYY-MM", text) from None
    return day(found)


@overload
def parse_year(text: str | None, default: int) -> int: ...
@overload
def parse_year(text: str | None, default: None = None) -> int | None: ...
def parse_year(text: str | None, default: int | None = None) -> int | None:
    """A year written as four digits; empty gives `default`."""
    if text is None or not str(text).strip():
        return default
    try:
        found = int(str(text).strip())
    except ValueError:
        raise _not_a("et årstal", "a year", "ÅÅÅÅ", "YYYY", text) from None
    return year(found)


# --- forms ------------------------------------------------------------------------------------


def _validate(value: date) -> None:
    if value is not None and not supported(value):
        raise ValidationError(
            _("Choose a date from %(first)s to %(last)s."),
            code="date_out_of_range", params={"first": FIRST.year, "last": LAST.year})


class DayField(forms.DateField):
    """Django's DateField, limited to the dates reol works with."""

    default_validators = [_validate]


class MomentField(forms.DateTimeField):
    """Django's DateTimeField, limited to the dates reol works with."""

    default_validators = [_validate]


# --- the API ----------------------------------------------------------------------------------


def _api_check(value: date) -> date:
    # pydantic turns a ValueError into a 400 that names the field.
    if not supported(value):
        raise ValueError(f"outside the dates reol works with ({FIRST.year}-{LAST.year})")
    return value


DAY_NOTE = f"A date from {FIRST.isoformat()} to {LAST.isoformat()}."
Day = Annotated[date, AfterValidator(_api_check), Field(description=DAY_NOTE)]
Year = Annotated[int, Field(ge=FIRST.year, le=LAST.year)]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]

