"""The search page: a welcome with a search box, then ranked hits with facets."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.vary import vary_on_headers

from reol.catalogue.models import Audience, MaterialType
from reol.catalogue.rules import language_name
from reol.errors import DomainError
from reol.libraries.models import Library
from reol.refusals import refuse

from .services import FILTERS, SearchResult, parse_query
from .works import search_works

EXAMPLES = ["krimier", "Jussi Adler-Olsen", "Ålborg", "dinosaurer", "opskrifter", "fantasy"]
FACET_LABELS = {
    "type": _("Material type"),
    "audience": _("Audience"),
    "language": _("Language"),
    "library": _("On the shelf at"),
    "subject": _("Subject"),
    "genre": _("Genre and form"),
}


@vary_on_headers("HX-Request")  # the same URL answers htmx with the results alone
def search_page(request: HttpRequest) -> HttpResponse:
    params = request.GET
    partial = request.headers.get("HX-Request") == "true"
    context: dict = {"q": params.get("q", "")}
    try:
        query = parse_query(
            params.get("q"), {k: params.get(k) for k in FILTERS},
            _number(params.get("page")), _number(params.get("page_size")),
        )
    except DomainError as refusal:
        context["error"] = refusal.message()
        return render(request, _template(partial), context, status=400)
    context["q"] = query.text
    if not query.text:
        context["examples"] = EXAMPLES
        return render(request, "search/welcome.html", context)
    found = search_works(query)
    result = found.result
    if result.direct and not partial:
        return redirect("record", pid=result.direct.pid)
    shelves = any(w.libraries for w in found.works)
    names = (_library_names() if shelves or "library" in result.facets
             or "library" in query.filters else {})
    for work in found.works:
        work.libraries = [names.get(agency, agency) for agency in work.libraries]
    context.update(result=result, works=found.works, facets=_facets(request, result, names),
                   active=_active_filters(request, query.filters, names),
                   pages=_pages(request, result))
    return render(request, _template(partial), context)


def _template(partial: bool) -> str:
    return "search/results.html" if partial else "search/search.html"


def _number(value: str | None) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise refuse("not_a_number", value=value[:20]) from None


def _link(request: HttpRequest, **changes: str | None) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode()


def label(facet: str, value: str, library_names: dict[str, str]) -> str:
    if facet == "type":
        return str(dict(MaterialType.choices).get(value, value))
    if facet == "audience":
        return str(dict(Audience.choices).get(value, value))
    if facet == "language":
        return language_name(value, _language()).capitalize()
    if facet == "library":
        return library_names.get(value, value)
    return value


def _language() -> str:
    return (translation.get_language() or "da")[:2]


def _library_names() -> dict[str, str]:
    """Agency -> name, read once per page (the library facet and filter label with it)."""
    return dict(Library.objects.values_list("agency", "name"))


def _facets(request: HttpRequest, result: SearchResult, names: dict[str, str]) -> list[dict]:
    groups = []
    for facet in ("type", "genre", "audience", "language", "library", "subject"):
        counts = result.facets.get(facet) or {}
        chosen = result.query.filters.get(facet)
        values = [
            {"value": v, "label": label(facet, v, names), "count": n, "active": v == chosen,
             "url": _link(request, **{facet: None if v == chosen else v})}
            for v, n in counts.items()
        ]
        if values:
            groups.append({"name": facet, "label": FACET_LABELS[facet], "values": values})
    return groups


def _active_filters(request: HttpRequest, filters: dict[str, str],
                    names: dict[str, str]) -> list[dict]:
    return [
        {"label": f"{FACET_LABELS[k]}: {label(k, v, names)}", "url": _link(request, **{k: None})}
        for k, v in filters.items()
    ]


def _pages(request: HttpRequest, result: SearchResult) -> dict:
    page, last = result.query.page, result.pages
    return {
        "current": page,
        "first": (page - 1) * result.query.page_size + 1,
        "last": last,
        "previous": _link(request, page=str(page - 1)) if page > 1 else None,
        "next": _link(request, page=str(page + 1)) if page < last else None,
    }
