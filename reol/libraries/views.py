from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from reol.errors import DomainError

from . import calendar, rules
from .models import Branch, Region, Service


def libraries_page(request: HttpRequest) -> HttpResponse:
    regions = Region.objects.prefetch_related("libraries__branches__stops")
    return render(request, "libraries/libraries.html", {"regions": regions})


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
