from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from reol.bounds import MAX_OFFSET
from reol.catalogue.models import Record

from .services import SearchResult, parse_query, search
from .works import search_works

router = Router(tags=["search"])


class SearchFilters(Schema):
    q: str = ""
    type: str | None = None
    language: str | None = None
    audience: str | None = None
    library: str | None = None
    subject: str | None = None
    genre: str | None = None
    page: Annotated[int, Field(ge=1, le=MAX_OFFSET)] = 1
    page_size: int = 20  # capped by the search service


class SearchHit(Schema):
    pid: str
    title: str
    creators: list[str]
    type: str
    language: str
    year: int | None
    subjects: list[str]
    genres: list[str]
    available: bool


class SearchAnswer(Schema):
    count: int
    page: int
    page_size: int
    results: list[SearchHit]
    facets: dict[str, dict[str, int]]


def hit(record: Record, available: bool) -> dict:
    return {
        "pid": record.pid,
        "title": record.title,
        "creators": record.creators,
        "type": record.material_type,
        "language": record.language,
        "year": record.year,
        "subjects": record.subjects,
        "genres": record.genres,
        "available": available,
    }


def answer(result: SearchResult) -> dict:
    return {
        "count": result.count,
        "page": result.query.page,
        "page_size": result.query.page_size,
        "results": [hit(h.record, h.available) for h in result.hits],
        "facets": result.facets,
    }


@router.get("/search", response=SearchAnswer, summary="Search the catalogue")
def search_catalogue(request: HttpRequest, filters: Query[SearchFilters]) -> dict:
    """Ranked full-text search with facets. A pid, faust number or ISBN as `q` finds that
    record. `library` keeps records with a copy on the shelf in that library (agency number).
    `page_size` is capped at 100."""
    values = filters.dict()
    query = parse_query(
        values.pop("q"), values, values.pop("page"), values.pop("page_size")
    )
    return answer(search(query))


class WorkFormat(Schema):
    type: str
    available: bool


class WorkHitOut(Schema):
    work: int | None
    pid: str  # the best-ranked edition: /api/v1/records/{pid}
    title: str
    creators: list[str]
    formats: list[WorkFormat]
    libraries: list[str]
    available: bool


class WorkAnswer(Schema):
    count: int
    works: int  # the works among all hits (an estimate when `works_exact` is false)
    works_exact: bool
    page: int
    page_size: int
    results: list[WorkHitOut]
    facets: dict[str, dict[str, int]]


@router.get("/works", response=WorkAnswer, summary="Search the catalogue by work")
def search_by_work(request: HttpRequest, filters: Query[SearchFilters]) -> dict:
    """As `/api/v1/search`, each work once (its best-ranked edition stands for it) with its
    formats and the libraries (agency numbers) where a copy is on the shelf; `work` is the
    id for `/api/v1/works/{work_id}`. `count` counts matching records, `works` the works
    among them (exact up to 2,000 hits, else estimated: `works_exact` false)."""
    values = filters.dict()
    query = parse_query(values.pop("q"), values, values.pop("page"), values.pop("page_size"))
    found = search_works(query)
    return {
        "count": found.result.count, "works": found.count, "works_exact": found.exact,
        "page": query.page, "page_size": query.page_size,
        "facets": found.result.facets,
        "results": [
            {"work": w.work_id, "pid": w.record.pid, "title": w.record.title,
             "creators": w.record.creators, "libraries": w.libraries, "available": w.available,
             "formats": [{"type": f.material_type, "available": f.available}
                         for f in w.formats]}
            for w in found.works
        ],
    }
