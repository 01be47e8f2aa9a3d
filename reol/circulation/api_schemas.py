"""What the lending API reads and writes. Inputs refuse unknown fields, control characters and
values out of range, so a malformed payload gets a 400 with the reason before anything runs.

Times are ISO 8601 in Copenhagen time with their offset; dates are YYYY-MM-DD; money is a
decimal string ("20.00").
"""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict, StringConstraints

from reol.api_errors import ErrorOut
from reol.bounds import Day
from reol.catalogue.models import LoanCategory, MaterialType

from .models import Block, PatronGroup

MAX_ID = 2**31 - 1  # larger numbers are no row of ours, and would overflow the database


def _printable(value: str) -> str:
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise ValueError("must not contain control characters")
    return value


def text(max_length: int, min_length: int = 0):
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length),
        AfterValidator(_printable),
    ]


Card = text(20, 1)
Barcode = text(40, 1)
BranchCode = text(40, 1)
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class In(Schema):
    model_config = ConfigDict(extra="forbid")


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


# --- patrons -------------------------------------------------------------------------------


class SessionIn(In):
    card: Card
    pin: text(20, 1)


class BlockOut(Schema):
    id: int
    code: str
    reason: str
    created: datetime
    lifted: datetime | None


class PatronOut(Schema):
    card: str
    name: str
    birth_date: date
    library: str = Field(description="agency number")
    pickup_branch: str | None = Field(description="branch code")
    email: str
    phone: str
    notify_email: bool
    notify_sms: bool
    language: str
    interest_days: int | None
    pause_from: date | None
    pause_to: date | None
    keep_history: bool
    guardian: str | None = Field(description="the guardian's card")
    blocks: list[BlockOut] = Field(description="blocks in force")


class SessionOut(Schema):
    patron: PatronOut
    csrf_token: str = Field(description="send as X-CSRFToken with POST, PATCH and DELETE")


class PatronChangesIn(In):
    """What a patron may change about themselves; fields left out stay as they are."""

    pickup_branch: BranchCode | None = None
    email: text(254) = None
    phone: text(20) = None
    notify_email: bool = None
    notify_sms: bool = None
    language: Literal["da", "en"] = None
    interest_days: Annotated[int, Field(ge=0, le=10_000)] | None = None
    pause_from: Day | None = None
    pause_to: Day | None = None
    keep_history: bool = None


class StaffPatronChangesIn(PatronChangesIn):
    name: text(200, 1) = None
    birth_date: Day = None
    guardian_card: Card | None = None


class PatronIn(In):
    card: Card
    pin: text(20, 1)
    name: text(200, 1)
    birth_date: Day
    library: text(6, 1) = Field(description="agency number")
    email: text(254) = ""
    phone: text(20) = ""
    language: Literal["da", "en"] = "da"
    pickup_branch: text(40) = ""
    guardian_card: text(20) = ""


class BlockIn(In):
    code: Block.Code
    reason: text(300) = ""


# --- loans ---------------------------------------------------------------------------------


class LoanOut(Schema):
    id: int
    card: str | None = Field(description="the borrower; null once a returned loan is anonymous")
    pid: str
    title: str
    barcode: str
    branch: str
    checked_out: datetime
    due: date
    renewals: int
    overdue: bool
    returned: datetime | None
    lost: datetime | None
    fee: str = Field(description="DKK with two decimals, e.g. \"20.00\"")
    renewable_from: date | None = Field(
        description="the first day of the loan's renewal window (the loan rules' "
                    "`renewal_window_days` before `due`); null once returned")
    renewable: bool = Field(
        description="the rules would renew the loan now: in its window, renewals left, no one "
                    "waiting for it, no block; false once returned")


class RenewalOut(Schema):
    id: int
    title: str
    renewed: bool
    due: date
    code: str | None = Field(description="why not, when not renewed")
    reason: str | None


class HistoryOut(Schema):
    keep_history: bool = Field(description="loans are kept only while this is true")
    loans: list[LoanOut]


class PatronDataOut(Schema):
    """Everything reol holds about the patron (docs/privacy.md lists every field)."""

    generated: datetime
    retention_days: int = Field(description="after this many days, what ties a patron who "
                                            "keeps no history to a title is forgotten")
    patron: dict[str, Any] = Field(description="the patron's own row, without the PIN's hash")
    data: dict[str, list[dict[str, Any]]] = Field(
        description="every other row that points at the patron, by table (app.model)")


class CheckoutIn(In):
    card: Card
    barcode: Barcode
    branch: BranchCode


class CheckinIn(In):
    barcode: Barcode
    branch: BranchCode


class HeldFor(Schema):
    id: int
    card: str
    name: str
    pickup_branch: str
    pickup_number: str | None
    status: str


class CheckinOut(Schema):
    barcode: str
    title: str
    action: Literal["shelf", "hold_shelf", "transit", "lender"]
    to_branch: str | None = Field(description="where the copy goes (transit) or stays")
    to_library: str | None = Field(
        None, description="lender: the library a borrowed copy goes back to")
    pickup_number: str | None
    reservation: HeldFor | None = Field(
        description="the reservation the copy goes to; null when its patron belongs to "
                    "another library than the branch's")
    fee: str = Field(description="DKK with two decimals, e.g. \"20.00\"")
    found: bool = Field(description="the copy was missing or declared lost")
    loan: LoanOut | None


# --- reservations --------------------------------------------------------------------------


class ReservationOut(Schema):
    id: int
    card: str
    pid: str
    title: str
    status: str
    placed: datetime
    queue_position: int = Field(description="1 is next in line; 0 once a copy is allocated")
    estimated_wait_days: int | None
    pickup_branch: str
    pickup_stop: int | None
    pickup_number: str | None
    shelf_deadline: date | None
    interest_until: date
    pause_from: date | None
    pause_to: date | None
    barcode: str | None = Field(description="the copy allocated, or the one copy wanted")
    any_edition: bool = Field(
        description="reserved as a work in a format: any copy of any edition of `pid`'s work "
                    "in that format fills it")


class ReservationIn(In):
    pid: text(100, 1)
    pickup_branch: BranchCode
    pickup_stop: Id | None = None
    barcode: Barcode | None = Field(None, description="only this copy will do")
    interest_until: Day | None = None
    any_edition: bool = Field(False, description="any edition of the record's work in its "
                                                 "format will do (ignored with `barcode`)")


class WorkReservationIn(In):
    material_type: MaterialType = Field(description="the format; any edition of it will do")
    pickup_branch: BranchCode
    pickup_stop: Id | None = None
    interest_until: Day | None = None


class ReservationChangeIn(In):
    pickup_branch: BranchCode = None
    pickup_stop: Id | None = None
    pause_from: Day | None = None
    pause_to: Day | None = None


# --- branch lists --------------------------------------------------------------------------


class HoldShelfOut(Schema):
    reservation: int
    pickup_number: str
    card: str
    name: str
    pid: str
    title: str
    barcode: str | None
    shelf_deadline: date | None
    expired: bool = Field(description="not collected in time: take it off the shelf")


class PullOut(Schema):
    reservation: int
    barcode: str
    pid: str
    title: str
    shelf_location: str
    pickup_branch: str
    placed: datetime


class TransitOut(Schema):
    id: int
    direction: Literal["in", "out"]
    barcode: str
    title: str
    from_branch: str
    to_branch: str
    reason: str
    sent: datetime


# --- loan rules ----------------------------------------------------------------------------


class ExplainQuery(In):
    library: text(6, 1) = Field(description="agency number")
    patron_group: PatronGroup = PatronGroup.ADULT
    loan_category: LoanCategory = LoanCategory.STANDARD
    material_type: MaterialType = MaterialType.BOOK


class RuleValue(Schema):
    name: str
    value: bool | int | str | None
    source: str = Field(description="the rule (cell of the matrix) that supplied the value")


class ExplainOut(Schema):
    library: str
    patron_group: str
    loan_category: str
    material_type: str
    values: list[RuleValue]
