from datetime import datetime, timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from reol.errors import DomainError

from . import calendar, rules
from .models import Branch, Region, Service


def libraries_page(request: HttpRequest) -> HttpResponse:
    """The houses a citizen visits first, each with whether it is open now; the network of
    libraries and regions after them."""
    now = timezone.localtime()
    houses = [{"branch": branch, **house_today(branch, now)} for branch in visited()]
    regions = Region.objects.prefetch_related("libraries__branches__stops")
    return render(request, "libraries/libraries.html", {"houses": houses, "regions": regions})


def visited(library_id: int | None = None) -> list[Branch]:
    """The houses a citizen visits (no deposit collections), main libraries first."""
    houses = Branch.objects.exclude(kind=Branch.Kind.DEPOSIT).select_related("library")
    if library_id is not None:
        houses = houses.filter(library_id=library_id)
    return list(houses.order_by("library__name", "kind", "name"))


def house_today(branch: Branch, now: datetime) -> dict:
    """Today's hours of a house and the interval it is open in now, if any."""
    today = calendar.hours(branch, now.date(), now.date())[0]
    labels = dict(Service.choices)
    return {"today": today, "now": rules.open_now(today, now.time()),
            "labels": [{"interval": i, "label": labels.get(i.service, i.service)}
                       for i in today.intervals]}


def branch_page(request: HttpRequest, code: str) -> HttpResponse:
    """One house: how to reach it, what it offers, today's hours; what is on there comes
    from the events app's tag (events build on libraries, not the other way)."""
    branch = get_object_or_404(Branch.objects.select_related("library"), code=code)
    now = timezone.localtime()
    return render(request, "libraries/branch.html", {
        "branch": branch, **house_today(branch, now),
        "map": rules.map_link(branch.address) if branch.address else "",
        "stops": branch.stops.all()})


def hours_page(request: HttpRequest, code: str) -> HttpResponse:
    """A branch's week of opening hours, with links to the weeks before and after."""
    branch = get_object_or_404(Branch.objects.select_related("library"), code=code)
    today = timezone.localdate()
    context: dict = {"branch": branch}
    try:
        monday = rules.week_start(request.GET.get("week"), today)
    except DomainError as refusal:
        context["error"] = refusal.message()
        return render(request, "libraries/hours.html", context, status=400)
    days = calendar.week(branch, monday)
    labels = dict(Service.choices)
    year, number, _ = monday.isocalendar()
    context.update(
        year=year, number=number, today=today,
        previous=(monday - timedelta(days=7)).isoformat(),
        next=(monday + timedelta(days=7)).isoformat(),
        this_week=today - timedelta(days=today.weekday()) == monday,
        configured=any(d.intervals for d in days),
        days=[
            {"hours": d, "intervals": [
                {"interval": i, "label": labels.get(i.service, i.service)} for i in d.intervals
            ]}
            for d in days
        ],
    )
    return render(request, "libraries/hours.html", context)
