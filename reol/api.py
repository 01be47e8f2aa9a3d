"""The JSON API under /api/v1/; OpenAPI at /api/v1/openapi.json."""

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from ninja import NinjaAPI
from ninja.errors import ValidationError

from reol.catalogue.api import router as catalogue_router
from reol.circulation.api import router as circulation_router
from reol.errors import DomainError
from reol.libraries.api import router as libraries_router
from reol.search.api import router as search_router
from reol.selfservice.api import router as selfservice_router

api = NinjaAPI(
    title="reol",
    version="1",
    description="The catalogue, search and library network of reol.",
    urls_namespace="api",
)
api.add_router("", search_router)
api.add_router("", catalogue_router)
api.add_router("", libraries_router)
api.add_router("", circulation_router)
api.add_router("", selfservice_router)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(
        request, {"detail": exc.message(), "code": exc.code}, status=400
    )


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Bad parameters are the caller's mistake: 400 with what was wrong, never a 422 dump."""
    english = (translation.get_language() or "da").startswith("en")
    problems = [
        f"{'.'.join(str(p) for p in e.get('loc', [])[1:]) or 'input'}: {e.get('msg', '')}"
        for e in exc.errors
    ]
    detail = ("Invalid input: " if english else "Ugyldigt input: ") + "; ".join(problems)
    return api.create_response(request, {"detail": detail, "code": "invalid"}, status=400)
