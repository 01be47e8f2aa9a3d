"""The record page: what the title is and where a copy can be had."""

from collections import Counter, defaultdict

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from .models import DIGITAL_TYPES, Item, MaterialType, Record, RecordCover, RecordRedirect, Work
from .rules import dk5_name, language_name, title_parts


def record_page(request: HttpRequest, pid: str) -> HttpResponse:
    record = Record.objects.filter(pid=pid).first()
    if record is None:  # a record merged into another: its address leads there for good
        moved = get_object_or_404(RecordRedirect.objects.select_related("record"), pid=pid)
        return redirect("record", moved.record.pid, permanent=True)
    return render(request, "catalogue/record.html", record_context(request, record))


def work_page(request: HttpRequest, work_id: int) -> HttpResponse:
    work = get_object_or_404(Work, pk=work_id)
    return render(request, "catalogue/work.html", work_context(request, work))


def work_context(request: HttpRequest, work: Work) -> dict:
    """A work's editions by format, and its copies per library and branch; the reserve panel
    draws the same page when it refuses."""
    editions = list(work.records.order_by("-year", "title"))
    items = list(Item.objects.filter(record__work=work)
                 .select_related("library", "home_branch", "current_branch", "record"))
    order = list(MaterialType.values)
    formats: dict[str, list[Record]] = {}
    for record in sorted(editions, key=lambda r: order.index(r.material_type)):
        formats.setdefault(record.material_type, []).append(record)
    return {
        "work": work,
        "formats": [{"material_type": kind, "label": MaterialType(kind).label,
                     "editions": records} for kind, records in formats.items()],
        "has_digital": bool(DIGITAL_TYPES & set(formats)),
        "libraries": availability(items),
        "available": any(i.status == Item.Status.AVAILABLE for i in items),
    }
def cover_image(request: HttpRequest, pid: str) -> HttpResponse:
    """A staff-supplied cover, with the type its content was checked to be (covers.py), and
    a policy under which the response can run nothing, even opened on its own."""
    cover = get_object_or_404(RecordCover.objects.only("image", "content_type"),
                              record__pid=pid)
    response = HttpResponse(bytes(cover.image), content_type=cover.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    response["Cache-Control"] = "public, max-age=86400"  # the URL changes with the cover
    return response


def record_context(request: HttpRequest, record: Record) -> dict:
    """What the record page shows; the reserve form draws the same page when it refuses."""
    items = record.items.select_related("library", "home_branch", "current_branch")
    title, subtitle = title_parts(record.title)
    return {
        "record": record,
        "title": title,
        "subtitle": subtitle,
        "dk5_name": dk5_name(record.dk5),
        "language": language_name(record.language, (request.LANGUAGE_CODE or "da")[:2]),
        "libraries": availability(items),
        "available": any(i.status == Item.Status.AVAILABLE for i in items),
    }


def availability(items) -> list[dict]:
    """Per library, per branch: how many copies are on the shelf, on loan, in transit…"""
    by_branch: dict = defaultdict(lambda: defaultdict(list))
    for item in items:
        by_branch[item.library][item.home_branch].append(item)
    libraries = []
    for library, branches in sorted(by_branch.items(), key=lambda kv: kv[0].name):
        rows = []
        for branch, copies in sorted(branches.items(), key=lambda kv: kv[0].name):
            statuses = Counter(c.status for c in copies)
            rows.append({
                "branch": branch,
                "shelf": copies[0].shelf_location,
                "total": len(copies),
                "statuses": [
                    {"status": s, "label": Item.Status(s).label, "count": statuses[s]}
                    for s in Item.Status.values if statuses[s]
                ],
                "available": statuses[Item.Status.AVAILABLE],
            })
        libraries.append({
            "library": library, "branches": rows,
            "available": sum(r["available"] for r in rows),
            "total": sum(r["total"] for r in rows),
        })
    return libraries
