"""The leaders' dashboard: each chart of a year beside the year before, with a sentence that
says what it shows."""

from django.db.models import Count
from django.utils.dates import MONTHS_3
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from reol.catalogue.models import DIGITAL_TYPES
from reol.core.models import Event
from reol.libraries.models import Library

from . import statistics
from .charts import Chart, bars, lines, number
from .models import PastFigure
from .report import past_figures
from .statistics import Scope


def change(this: int, before: int) -> str:
    if not before:
        return "–"
    percent = 100 * (this - before) / before
    return ("+" if percent >= 0 else "−") + number_format(abs(percent), 1) + " %"


def _loan_splits(scope: Scope) -> tuple[dict[str, int], ...]:
    """Loans by branch, by material type and by audience, from one GROUP BY over the year's
    checkouts (three separate ones would read the rows three times)."""
    start, end = scope.bounds()
    rows = (Event.objects.filter(library=scope.library, kind=Event.Kind.CHECKOUT,
                                 time__gte=start, time__lt=end)
            .values_list("branch_id", "material_type", "audience").annotate(n=Count("id"))
            .order_by())
    splits: tuple[dict[str, int], ...] = ({}, {}, {})
    for *keys, n in rows:
        for split, key in zip(splits, keys, strict=True):
            key = "" if key is None else str(key)
            split[key] = split.get(key, 0) + n
    return splits


def _compare(this: dict[str, int], before: dict[str, int], group_by: str
             ) -> list[tuple[str, list[int]]]:
    """Rows of both years by key, the largest this year first."""
    keys = sorted(set(this) | set(before), key=lambda k: (-this.get(k, 0), k))
    return [(statistics.label(group_by, k), [this.get(k, 0), before.get(k, 0)])
            for k in keys if this.get(k) or before.get(k)]


def _largest(rows: list[tuple[str, list[int]]], year: int, before: int) -> str:
    if not rows:
        return _("Nothing was counted in either year.")
    label, (now, then) = rows[0]
    return _("Largest in %(year)s: %(label)s with %(now)s (%(before)s: %(then)s).") % {
        "year": year, "label": label, "now": number(now), "before": before,
        "then": number(then)}


def _physical_and_digital(this: dict[str, int], then: dict[str, int], year: int, before: int,
                          series: list[str]) -> Chart:
    """Physical and digital loans side by side, as Randers reports its loans."""
    def digital(split: dict[str, int]) -> int:
        return sum(n for kind, n in split.items() if kind in DIGITAL_TYPES)

    now, was = digital(this), digital(then)
    rows = [(str(_("Physical")), [sum(this.values()) - now, sum(then.values()) - was]),
            (str(_("Digital")), [now, was])]
    return bars("loans-digital", _("Physical and digital loans"), _(
        "Digital loans in %(year)s: %(now)s (%(before)s: %(then)s, %(change)s).") % {
        "year": year, "now": number(now), "before": before, "then": number(was),
        "change": change(now, was)}, series, rows)


def charts(library: Library, year: int) -> list[Chart]:
    before = year - 1
    series = [str(year), str(before)]
    this_scope, last_scope = Scope.year(year, library), Scope.year(before, library)
    wanted = {"loans", "events", "participants", "ill_received", "ill_supplied"}

    months = [statistics.table(s, "month", wanted) for s in (this_scope, last_scope)]
    month_rows = [(str(MONTHS_3[int(a.key[5:])]).capitalize(),
                   [a.values["loans"], b.values["loans"]])
                  for a, b in zip(months[0].rows, months[1].rows, strict=True)]
    total, total_before = months[0].totals["loans"], months[1].totals["loans"]
    busiest = max(month_rows, key=lambda r: r[1][0])[0] if total else "–"
    loans = lines("loans-month", _("Loans per month"), _(
        "Loans in %(year)s: %(now)s; in %(before)s: %(then)s (%(change)s). Busiest month of "
        "%(year)s: %(month)s.") % {"year": year, "now": number(total), "before": before,
                                   "then": number(total_before),
                                   "change": change(total, total_before), "month": busiest},
        series, month_rows)

    out = [loans]
    splits = [_loan_splits(s) for s in (this_scope, last_scope)]
    for i, (group_by, slug, title) in enumerate((
            ("branch", "loans-branch", _("Loans per branch")),
            ("material_type", "loans-type", _("Loans by material type")),
            ("audience", "loans-audience", _("Loans for children and adults")))):
        rows = _compare(splits[0][i], splits[1][i], group_by)
        out.append(bars(slug, title, _largest(rows, year, before), series, rows))
    out.append(_physical_and_digital(splits[0][1], splits[1][1], year, before, series))

    t, b = months[0].totals, months[1].totals
    events_rows = [(_("Events"), [t["events"], b["events"]]),
                   (_("Participants"), [t["participants"], b["participants"]])]
    out.append(bars("events", _("Events and participants"), _(
        "%(year)s: %(events)s events with %(people)s participants; %(before)s: %(events_b)s "
        "events with %(people_b)s participants. Each row has its own scale.") % {
        "year": year, "events": number(t["events"]), "people": number(t["participants"]),
        "before": before, "events_b": number(b["events"]),
        "people_b": number(b["participants"])}, series, events_rows, per_row_scale=True))

    ill_rows = [(_("Received"), [t["ill_received"], b["ill_received"]]),
                (_("Supplied"), [t["ill_supplied"], b["ill_supplied"]])]
    balance = t["ill_supplied"] - t["ill_received"]
    out.append(bars("ill", _("Interlibrary balance"), _(
        "In %(year)s the library received %(received)s and supplied %(supplied)s interlibrary "
        "loans: a balance of %(balance)s (%(before)s: %(balance_b)s).") % {
        "year": year, "received": number(t["ill_received"]),
        "supplied": number(t["ill_supplied"]), "balance": f"{balance:+d}", "before": before,
        "balance_b": f"{b['ill_supplied'] - b['ill_received']:+d}"}, series, ill_rows))
    if earlier := _earlier(library, year):
        out.append(earlier)
    return out


def _earlier(library: Library, year: int) -> Chart | None:
    """The former system's figures (imported, PastFigure) beside reol's: only when there are."""
    this, then = past_figures(library, year), past_figures(library, year - 1)
    if not this and not then:
        return None
    rows = [(str(label), [this.get(name, 0), then.get(name, 0)])
            for name, label in PastFigure.Measure.choices if name in this or name in then]
    return bars("earlier", _("Counted by the former system"), _(
        "Figures the library's former system counted, imported when the library moved onto "
        "reol; reol's own figures are in the charts above. Each row has its own scale."),
        [str(year), str(year - 1)], rows, per_row_scale=True)

