"""Statistics and the yearly report under /api/v1/ (mounted by api.py's router)."""

from datetime import date

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from reol.bounds import Year
from reol.core.api_auth import StaffSession, StaffToken
from reol.requests import StaffRequest

from . import access, report, statistics

router = Router(tags=["insight"])
STAFF = [StaffToken(), StaffSession()]


class StatisticsQuery(Schema):
    library: str = Field("", description="agency number; empty: your first library "
                                         "(superusers: the whole network)")
    branch: str = Field("", description="branch code")
    from_: str = Field("", alias="from", description="YYYY-MM-DD; default 1 January")
    to: str = Field("", description="YYYY-MM-DD, inclusive; default today")
    group_by: str = Field("month", description="month, branch, material_type, audience or "
                                               "library")


class RowOut(Schema):
    key: str
    label: str
    loans: int | None = None
    renewals: int | None = None
    reservations: int | None = None
    ill_received: int | None = None
    ill_supplied: int | None = None
    visitors: int | None = None
    open_library_entries: int | None = None
    bookmobile_visitors: int | None = None
    events: int | None = None
    participants: int | None = None


class StatisticsOut(Schema):
    from_: date = Field(..., alias="from")
    to: date
    library: str | None
    branch: str | None
    group_by: str
    metrics: list[str]
    rows: list[RowOut]
    totals: dict[str, int]


class TopTitleOut(Schema):
    pid: str
    title: str
    creator: str
    loans: int


class YearlyOut(Schema):
    agency: str
    library: str
    year: int
    loans: int
    loans_adults: int
    loans_children: int
    loans_physical: int
    loans_digital: int
    renewals: int
    reservations: int
    ill_received: int
    ill_supplied: int
    visitors: int
    open_library_entries: int
    bookmobile_visitors: int
    helped: int
    events: int
    participants: int
    top: dict[str, list[TopTitleOut]]


@router.get("/statistics", auth=STAFF, response=StatisticsOut, by_alias=True,
            summary="Statistics from the event log (staff, own libraries)")
def get_statistics(request: StaffRequest, q: Query[StatisticsQuery]):
    """Loans, renewals, reservations, interlibrary loans, visitors, open-library entries,
    bookmobile visitors, events and participants, split by `group_by` where the figure allows
    it; `totals` has every figure (and `helped`: citizens helped by volunteers in the whole
    years of the period)."""
    scope = access.scope_for(request.auth, q.library, q.branch, q.from_, q.to)
    return statistics.table(scope, access.group_by(q.group_by)).as_dict()


@router.get("/reports/yearly/{agency}/{year}", response=YearlyOut,
            summary="A library's yearly figures and most-loaned titles (public)")
def get_yearly(request: HttpRequest, agency: str, year: Year):
    return report.yearly(access.library(agency), access.year(year)).as_dict()
