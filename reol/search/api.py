from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from reol.bounds import MAX_OFFSET
from reol.catalogue.models import Record

from .services import SearchResult, parse_query, search

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
