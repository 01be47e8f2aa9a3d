"""Pages: statistics with filters and export (staff), the yearly report (public), the
leaders' dashboard (staff of the library)."""

import csv

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reol import bounds
from reol.circulation.views_staff.access import refused, staff_view
from reol.core.access import require
from reol.errors import DomainError
from reol.libraries.models import Branch

from . import access, dashboard, report, statistics
from .apps import VIEW_STATISTICS
from .models import PastFigure


def _export_name(table: statistics.Table, ext: str) -> str:
    where = table.scope.branch.code if table.scope.branch else (
        table.scope.library.agency if table.scope.library else "all")
    return f"reol-statistics-{where}-{table.scope.start}-{table.scope.end}-{table.group_by}.{ext}"


def _csv(table: statistics.Table) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_name(table, "csv")}"'
    writer = csv.writer(response)
    writer.writerow(["key", "label", *table.metrics])
    for row in table.rows:
        writer.writerow([row.key, row.label, *(row.values[m] for m in table.metrics)])
    writer.writerow(["total", _("Total"), *(table.totals[m] for m in table.metrics)])
    return response


@staff_view
def statistics_page(request: HttpRequest) -> HttpResponse:
    params = request.GET
    try:
        scope = access.scope_for(request.user, params.get("library", ""),
                                 params.get("branch", ""), params.get("from", ""),
                                 params.get("to", ""))
        group_by = access.group_by(params.get("group_by", ""))
    except DomainError as refusal:
        if refusal.code in ("not_your_library", "not_allowed"):
            raise
        return refused(request, refusal, 400)
    table = statistics.table(scope, group_by)
    if params.get("format") == "csv":
        return _csv(table)
    if params.get("format") == "json":
        response = JsonResponse(table.as_dict(), json_dumps_params={"ensure_ascii": False})
        response["Content-Disposition"] = f'attachment; filename="{_export_name(table, "json")}"'
        return response
    query = params.copy()
    query.pop("format", None)
    libraries = access.allowed_libraries(request.user)
    branches = Branch.objects.filter(library__in=[scope.library] if scope.library else libraries)
    return render(request, "insight/statistics.html", {
        "table": table, "scope": scope, "group_by": group_by,
        "metric_labels": [(m, statistics.METRICS[m]) for m in table.metrics],
        "totals": [(statistics.METRICS[m], n) for m, n in table.totals.items()],
        "libraries": libraries, "branches": branches, "groups": GROUP_LABELS.items(),
        "group_label": GROUP_LABELS[group_by],
        "query": query.urlencode(), "year": scope.end.year,
        "network": scope.library is None})


GROUP_LABELS = {
    "month": gettext_lazy("Month"), "branch": gettext_lazy("Branch"),
    "material_type": gettext_lazy("Material type"), "audience": gettext_lazy("Audience"),
    "library": gettext_lazy("Library"),
}


def _year(text: str | None) -> int:
    return bounds.parse_year(text, timezone.localdate().year)


def yearly_report(request: HttpRequest, agency: str, year: int) -> HttpResponse:
    """Public: Danish libraries publish these figures; the page holds no person's data."""
    try:
        library, year = access.library(agency), access.year(year)
    except DomainError as refusal:
        return refused(request, refusal, getattr(refusal, "status", 404))
    result = report.yearly(library, year)
    tops = [(report.CATEGORIES[name], titles) for name, titles in result.top.items()]
    earlier = [(PastFigure.Measure(name).label, value) for name, value in result.earlier.items()]
    return render(request, "insight/report.html", {
        "report": result, "library": library, "tops": tops, "earlier": earlier})


@staff_view
def dashboard_page(request: HttpRequest, agency: str) -> HttpResponse:
    try:
        library = access.library(agency)
    except DomainError as refusal:
        return refused(request, refusal, 404)
    require(request.user, library.pk, VIEW_STATISTICS)
    year = _year(request.GET.get("year"))
    return render(request, "insight/dashboard.html", {
        "library": library, "year": year, "previous": year - 1,
        "charts": dashboard.charts(library, year)})
