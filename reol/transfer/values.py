"""Reading and writing the values of a file's cells: one spelling for each type, so an export
reads back as it was written. Dates are ISO (2025-03-01), times of day HH:MM, moments ISO 8601
with their offset (a moment without one is taken as Danish time), yes/no for truths, a point
before the øre (12.50). A cell that cannot be read is refused with its column and value."""

from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.utils import timezone

from reol.errors import DomainError
from reol.refusals import refuse

from .registry import Row

DANISH = ZoneInfo("Europe/Copenhagen")
TRUE, FALSE = {"yes", "ja", "true", "1", "y", "j"}, {"no", "nej", "false", "0", "n", ""}


def text(row: Row, column: str, *, required: bool = False, limit: int = 300) -> str:
    value = (row.get(column) or "").strip()
    if required and not value:
        raise refuse("import_missing", column=column)
    if len(value) > limit:
        raise _bad(column, value[:40] + "…")
    return value


def _bad(column: str, value: str) -> DomainError:
    return refuse("import_bad_value", column=column, value=value)


def day(row: Row, column: str, *, required: bool = False) -> date | None:
    value = text(row, column, required=required)
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _bad(column, value) from None


def moment(row: Row, column: str, *, required: bool = False) -> datetime | None:
    value = text(row, column, required=required)
    if not value:
        return None
    try:
        found = datetime.fromisoformat(value)
    except ValueError:
        raise _bad(column, value) from None
    if timezone.is_naive(found):
        found = found.replace(tzinfo=DANISH)
    return found.astimezone(ZoneInfo("UTC"))


def clock(row: Row, column: str, *, required: bool = False) -> time | None:
    value = text(row, column, required=required)
    try:
        return time.fromisoformat(value) if value else None
    except ValueError:
        raise _bad(column, value) from None


def number(row: Row, column: str, *, required: bool = False, low: int = 0,
           high: int = 2**31 - 1) -> int | None:
    value = text(row, column, required=required)
    if not value:
        return None
    if not value.isdigit() or not low <= int(value) <= high:
        raise _bad(column, value)
    return int(value)


def money(row: Row, column: str, *, required: bool = False) -> Decimal | None:
    value = text(row, column, required=required).replace(",", ".")
    if not value:
        return None
    try:
        amount = Decimal(value).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise _bad(column, value) from None
    if not amount.is_finite() or amount < 0 or amount >= 10**7:
        raise _bad(column, value)
    return amount


def truth(row: Row, column: str, *, empty: bool | None = False) -> bool | None:
    value = text(row, column).lower()
    if not value:
        return empty
    if value not in TRUE | FALSE:
        raise _bad(column, value)
    return value in TRUE


def choice(row: Row, column: str, choices: list[str], *, default: str = "") -> str:
    value = text(row, column) or default
    if value not in choices and value != "":
        raise _bad(column, value)
    return value


# Writing: the same spellings.
def out(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.astimezone(ZoneInfo("UTC")).isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M") if not value.second else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)
