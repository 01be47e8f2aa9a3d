"""Charts drawn on the server as inline SVG: no JavaScript, sharp in print, readable by screen
readers. Each chart carries a title, a text summary (the SVG's <title> and <desc>) and its data
as a table, which the page shows beside it. Two series at most: this year (solid, dark) and the
year before (light, outlined; dashed in line charts), told apart without colour too."""

import math
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 480  # small: the text stays legible where a chart gets half a page
INK, THIS, BEFORE, GRID = "#1d2327", "#0b5563", "#b7d3d8", "#d9d4cc"
STYLES = [{"fill": THIS, "stroke": THIS, "dash": ""},
          {"fill": BEFORE, "stroke": "#4a7f88", "dash": "6 4"}]


@dataclass
class Chart:
    slug: str
    title: str
    summary: str
    series: list[str]  # series labels: the table's columns after the first
    rows: list[tuple[str, list[int]]]  # (category, value per series)
    svg: SafeString


def nice_max(value: float) -> int:
    """The smallest 1, 2, 2.5 or 5 × 10^k at or above value: a round top for the axis."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return max(1, round(step * power))
    return round(10 * power)  # pragma: no cover


def number(n: float) -> str:
    """A whole number grouped the current language's way: 29.000 in Danish, 29,000 in English."""
    return number_format(round(n), force_grouping=True)


def _short(label: str, most: int = 17) -> str:
    """A category label that fits left of the bars; the table beside has it in full."""
    return label if len(label) <= most else label[:most - 1].rstrip() + "…"


def _svg(slug: str, title: str, summary: str, height: int, body: list[str]) -> SafeString:
    head = (f'<svg class="chart-svg" viewBox="0 0 {WIDTH} {height}" role="img" '
            f'aria-labelledby="{slug}-t {slug}-d" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{slug}-t">{escape(title)}</title><desc id="{slug}-d">{escape(summary)}'
            f'</desc>')
    return mark_safe(head + "".join(body) + "</svg>")  # every text in it is escaped


def _legend(series: list[str], y: int) -> list[str]:
    out, x = [], 8
    for i, label in enumerate(series):
        style = STYLES[i % 2]
        out.append(f'<rect x="{x}" y="{y - 11}" width="14" height="13" fill="{style["fill"]}" '
                   f'stroke="{style["stroke"]}"/><text x="{x + 20}" y="{y}" font-size="14" '
                   f'fill="{INK}">{escape(label)}</text>')
        x += 30 + 8 * len(label)
    return out


def bars(slug: str, title: str, summary: str, series: list[str],
         rows: list[tuple[str, list[int]]], per_row_scale: bool = False) -> Chart:
    """Horizontal bars, one group per row. per_row_scale: each row against its own largest
    value — for rows in different units (events and participants), the numbers are printed."""
    band = 12 + 20 * len(series)
    label_w, top = 130, 30
    height = top + band * max(1, len(rows)) + 8
    room = WIDTH - label_w - 60
    overall = max([v for _label, values in rows for v in values] or [0])
    body = _legend(series, 16)
    for r, (label, values) in enumerate(rows):
        y0 = top + r * band
        body.append(f'<text x="{label_w - 8}" y="{y0 + band / 2 + 4:.0f}" text-anchor="end" '
                    f'font-size="14" fill="{INK}">{escape(_short(label))}</text>')
        scale = max(values or [0]) if per_row_scale else overall
        for i, value in enumerate(values):
            style = STYLES[i % 2]
            w = room * value / scale if scale else 0
            y = y0 + 6 + 20 * i
            body.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="16" '
                        f'fill="{style["fill"]}" stroke="{style["stroke"]}"/>'
                        f'<text x="{label_w + w + 5:.1f}" y="{y + 13}" font-size="13" '
                        f'fill="{INK}">{number(value)}</text>')
    body.append(f'<line x1="{label_w}" y1="{top}" x2="{label_w}" y2="{height - 8}" '
                f'stroke="{INK}"/>')
    return Chart(slug, title, summary, series, rows, _svg(slug, title, summary, height, body))


def lines(slug: str, title: str, summary: str, series: list[str],
          rows: list[tuple[str, list[int]]]) -> Chart:
    """One line per series over the rows (months), with a value axis from 0."""
    height, left, right, top, bottom = 260, 52, 14, 32, 30
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    top_value = nice_max(max([v for _label, values in rows for v in values] or [0]))
    step_x = plot_w / max(1, len(rows) - 1)
    body = _legend(series, 16)
    for tick in range(5):
        value = top_value * tick / 4
        y = top + plot_h - plot_h * tick / 4
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" '
                    f'stroke="{GRID}"/><text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" '
                    f'font-size="13" fill="{INK}">{number(value)}</text>')
    for i, (label, _values) in enumerate(rows):
        body.append(f'<text x="{left + i * step_x:.1f}" y="{height - bottom + 18}" '
                    f'text-anchor="middle" font-size="12" fill="{INK}">{escape(label[:3])}'
                    f'</text>')
    for s in range(len(series)):
        style = STYLES[s % 2]
        points = [(left + i * step_x, top + plot_h - plot_h * values[s] / top_value)
                  for i, (_label, values) in enumerate(rows)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        dash = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
        body.append(f'<polyline points="{path}" fill="none" stroke="{style["stroke"]}" '
                    f'stroke-width="{3 - s}"{dash}/>')
        body += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{style["stroke"]}"/>'
                 for x, y in points]
    return Chart(slug, title, summary, series, rows, _svg(slug, title, summary, height, body))
