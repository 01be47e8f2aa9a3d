"""Figures of past years, by month: what the former system counted, kept beside reol's own
in the yearly report and on the dashboard (insight.PastFigure)."""

from collections.abc import Iterator
from datetime import date

from reol.insight.models import PastFigure
from reol.libraries.models import Library
from reol.refusals import refuse

from . import values as v
from .registry import Column, Context, Kind, Row, Values, register


def _figure(row: Row, ctx: Context) -> Values:
    month = v.text(row, "month", required=True)
    try:
        first = date.fromisoformat(f"{month}-01")
    except ValueError:
        raise refuse("import_bad_value", column="month", value=month) from None
    if first > ctx.today:
        raise refuse("import_bad_value", column="month", value=month)
    return {"library_id": ctx.library_id, "month": first,
            "measure": v.choice(row, "measure", PastFigure.Measure.values) or v.text(
                row, "measure", required=True),
            "value": v.number(row, "value", required=True)}


def _rows(library: Library) -> Iterator[Row]:
    for month, measure, value in (PastFigure.objects.filter(library=library)
                                  .order_by("month", "measure")
                                  .values_list("month", "measure", "value")):
        yield {"month": f"{month:%Y-%m}", "measure": measure, "value": str(value)}


register(Kind(
    name="figures", meaning="Figures of past years: one row per month and measure.",
    model=PastFigure,
    columns=(
        Column("month", "YYYY-MM", True),
        Column("measure", "loans, visitors, events or participants", True),
        Column("value", "the month's count", True),
    ),
    key=("library_id", "month", "measure"), fields=("value",), build=_figure,
    scope=lambda ctx: PastFigure.objects.filter(library_id=ctx.library_id), rows=_rows,
))
