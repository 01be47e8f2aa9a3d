"""The search page: a welcome with a search box, then ranked hits with facets; the advanced
search form; the suggestions while typing (JSON)."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from reol.catalogue.models import Audience, MaterialType
from reol.catalogue.rules import language_name
from reol.errors import DomainError
from reol.libraries.models import Library
from reol.refusals import refuse
from reol.throttle.services import web_source

from . import rules, vocabulary
from .forms import FIELDS, AdvancedSearchForm
from .services import FILTERS, SearchQuery, SearchResult, parse_query
from .works import WorkResult, search_works

EXAMPLES = ["krimier", "Jussi Adler-Olsen", "Ålborg", "dinosaurer", "opskrifter", "fantasy"]
FACET_LABELS = {
    "type": _("Material type"),
    "audience": _("Audience"),
    "language": _("Language"),
    "library": _("On the shelf at"),
    "subject": _("Subject"),
    "genre": _("Genre and form"),
}
KIND_LABELS = {"title": _("title"), "creator": _("author"), "subject": _("subject")}
SORT_LABELS = {"relevance": _("Relevance"), "newest": _("Newest"), "title": _("Title"),
               "creator": _("Author")}
FIELD_LABELS = {"title": _("Title"), "creator": _("Author or creator"), "subject": _("Subject"),
                "about": _("About")}


@vary_on_headers("HX-Request")  # the same URL answers htmx with the results alone
def search_page(request: HttpRequest) -> HttpResponse:
    params = request.GET
    partial = request.headers.get("HX-Request") == "true"
    context: dict = {"q": params.get("q", "")}
    if any(params.get(name) for name in FIELDS):
        form = AdvancedSearchForm(params)
        if not form.is_valid():  # every mistake at once, on the form itself
            return render(request, "search/advanced.html", {"form": form}, status=400)
    try:
        query = _parse(request)
    except DomainError as refusal:
        context["error"] = refusal.message()
        return render(request, _template(partial), context, status=400)
    context["q"] = query.text if not query.heard else context["q"]
    if not query.asked:
        context["examples"] = EXAMPLES
        return render(request, "search/welcome.html", context)
    found = search_works(query)
    result = found.result
    if result.direct and not partial:
        return redirect("record", pid=result.direct.pid)
    if result.count and query.page > found.pages:  # past the last page: to the last
        return redirect(request.path + _link(request, page=str(found.pages)))
    shelves = any(w.libraries for w in found.works)
    names = (_library_names() if shelves or "library" in result.facets
             or "library" in query.filters else {})
    for work in found.works:
        work.libraries = [names.get(agency, agency) for agency in work.libraries]
    context.update(result=result, works=found.works, found=found,
                   facets=_facets(request, result, names),
                   active=_active_filters(request, query, names),
                   pages=_pages(request, found), sorts=_sorts(request, query),
                   asked=_asked(query), heard=_heard(request, query, names))
    if not result.count:
        context["ways_on"] = _ways_on(request, query)
    return render(request, _template(partial), context)


def _parse(request: HttpRequest) -> SearchQuery:
    params = request.GET
    text = params.get("q")
    if isbn := params.get("isbn"):
        text = isbn  # checked by the form: an ISBN goes straight to its record
    return parse_query(
        text, {k: params.get(k) for k in FILTERS},
        _number(params.get("page")), _number(params.get("page_size")),
        sort=params.get("sort") or None,
        fields={k: params.get(k) for k in ("title", "creator", "subject")},
        year_from=_number(params.get("year_from")), year_to=_number(params.get("year_to")),
        everyday=not params.get("as_typed"),
    )


def advanced_page(request: HttpRequest) -> HttpResponse:
    """The advanced search: a form by GET; filled in right, it is the search page's URL."""
    if not any(request.GET.get(name) for name in AdvancedSearchForm.base_fields):
        return render(request, "search/advanced.html", {"form": AdvancedSearchForm()})
    form = AdvancedSearchForm(request.GET)
    if not form.is_valid():
        return render(request, "search/advanced.html", {"form": form}, status=400)
    chosen = {k: request.GET[k] for k in form.fields if request.GET.get(k, "").strip()}
    return redirect("/?" + urlencode(chosen))


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


def _active_filters(request: HttpRequest, query: SearchQuery,
                    names: dict[str, str]) -> list[dict]:
    """The filters chosen on the page (one heard in an everyday phrase is shown with it)."""
    chosen = [(k, v) for k, v in query.filters.items() if request.GET.get(k)]
    return [
        {"label": f"{FACET_LABELS[k]}: {label(k, v, names)}", "url": _link(request, **{k: None})}
        for k, v in chosen
    ]


def _asked(query: SearchQuery) -> str:
    """What was searched for, in words: the query, or the fields of an advanced search."""
    parts = [query.text] if query.text else []
    parts += [f"{FIELD_LABELS[k]}: {v}" for k, v in query.fields]
    if query.year_from or query.year_to:
        parts.append(f"{query.year_from or ''}–{query.year_to or ''}")
    return ", ".join(parts)


def _heard(request: HttpRequest, query: SearchQuery, names: dict[str, str]) -> dict | None:
    """How an everyday phrase was understood, and the way back to the words as typed."""
    if query.heard is None:
        return None
    parts = [label(k, v, names) for k, v in query.heard.filters]
    if query.heard.field:
        parts.append(f"{FIELD_LABELS[query.heard.field]}: {query.heard.text}")
    return {"parts": parts, "typed": request.GET.get("q", ""),
            "url": _link(request, as_typed="1")}


def _sorts(request: HttpRequest, query: SearchQuery) -> list[dict]:
    return [{"value": value, "label": SORT_LABELS[value], "active": value == query.sort,
             "url": _link(request, sort=None if value == "relevance" else value)}
            for value in rules.SORTS]


def _ways_on(request: HttpRequest, query: SearchQuery) -> dict:
    """What a search without hits offers: the catalogue's own spelling of the words, the
    search without its filters, in every library, a purchase suggestion and interlibrary
    loan."""
    typed = " ".join([query.text, *(v for _, v in query.fields)])
    spelling = vocabulary.did_you_mean(typed)
    spelled = None
    if spelling:
        changes: dict[str, str | None] = {k: None for k, _ in query.fields}
        changes["q"] = spelling
        spelled = {"text": spelling, "url": _link(request, as_typed="1", **changes)}
    filters = [k for k in query.filters if request.GET.get(k)]
    return {
        "spelling": spelled,
        "without_filters": _link(request, **dict.fromkeys(filters)) if filters else None,
        "all_libraries": _link(request, library=None) if "library" in filters else None,
        "suggest_url": reverse("my-suggestions") + "?" + urlencode({"title": typed[:300]}),
    }


def _pages(request: HttpRequest, found: WorkResult) -> dict:
    page, last = found.result.query.page, found.pages
    return {
        "current": page,
        "first": (page - 1) * found.result.query.page_size + 1,
        "last": last,
        "previous": _link(request, page=str(page - 1)) if page > 1 else None,
        "next": _link(request, page=str(page + 1)) if page < last else None,
    }


# --- Suggestions while typing ----------------------------------------------------------------

@require_GET
def suggest(request: HttpRequest) -> JsonResponse:
    """Titles, creators and subjects that start as typed: {"q", "suggestions": [{"label",
    "kind"}]}. At most SEARCH_SUGGEST_PER_MINUTE answers a minute per client (429 after)."""
    if not vocabulary.spend(web_source(request), settings.SEARCH_SUGGEST_PER_MINUTE):
        refusal = refuse("too_many_suggestions")
        return JsonResponse({"detail": refusal.message(), "code": refusal.code}, status=429,
                            headers={"Retry-After": "10"})
    typed = rules.clean_query(request.GET.get("q", ""))[:100]
    found = [{**s, "kind_label": str(KIND_LABELS.get(s["kind"], ""))}
             for s in vocabulary.suggest(typed)]
    return JsonResponse({"q": typed, "suggestions": found})
