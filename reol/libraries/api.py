import datetime

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from reol.api_errors import ErrorOut

from . import calendar, rules
from .models import Branch, Library

router = Router(tags=["libraries"])


class BranchOut(Schema):
    code: str
    name: str
    kind: str
    address: str


class LibraryOut(Schema):
    agency: str
    isil: str
    name: str
    municipality: str
    kind: str
    region: str
    branches: list[BranchOut]


@router.get("/libraries", response=list[LibraryOut], summary="Libraries and their branches")
def libraries(request: HttpRequest) -> list[dict]:
    return [
        {
            "agency": lib.agency,
            "isil": lib.isil,
            "name": lib.name,
            "municipality": lib.municipality,
            "kind": lib.kind,
            "region": lib.region.name,
            "branches": [
                {"code": b.code, "name": b.name, "kind": b.kind, "address": b.address}
                for b in lib.branches.all()
            ],
        }
        for lib in Library.objects.select_related("region").prefetch_related("branches")
    ]


WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class IntervalOut(Schema):
    opens: str
    closes: str
    service: str
    stop: str | None


class HoursDayOut(Schema):
    date: datetime.date
    weekday: str
    open: bool
    holiday: str | None
    note: str | None
    intervals: list[IntervalOut]


class WeekOut(Schema):
    branch: str
    name: str
    week_start: datetime.date
    days: list[HoursDayOut]


@router.get(
    "/libraries/branches/{code}/hours", response={200: WeekOut, 404: ErrorOut},
    summary="A branch's opening hours for a week",
    description="Monday to Sunday of the week holding `week` (YYYY-MM-DD; default: this week "
                "in Copenhagen). Services: staffed, self_service (open library), closed.",
)
def branch_hours(request: HttpRequest, code: str, week: str | None = None):
    branch = Branch.objects.filter(code=code).first()
    if branch is None:
        detail = _("No branch has the code %(code)s.") % {"code": code[:100]}
        return Status(404, {"detail": detail, "code": "unknown_branch"})
    monday = rules.week_start(week, timezone.localdate())  # DomainError: 400, in the language
    return {
        "branch": branch.code,
        "name": branch.name,
        "week_start": monday,
        "days": [
            {
                "date": d.day,
                "weekday": WEEKDAYS[d.day.weekday()],
                "open": d.is_open,
                "holiday": d.holiday,
                "note": d.note,
                "intervals": [
                    {"opens": f"{i.opens:%H:%M}", "closes": f"{i.closes:%H:%M}",
                     "service": i.service, "stop": i.stop}
                    for i in d.intervals
                ],
            }
            for d in calendar.week(branch, monday)
        ],
    }
