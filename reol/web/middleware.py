"""Answers for the whole site that no single view should have to remember."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from reol.bounds import OutOfRange
from reol.refusals import refuse

NUL = refuse("nul_character")


def holds_nul(request: HttpRequest) -> bool:
    """A NUL anywhere a text can come from: the path, the query, a form or a JSON body.
    PostgreSQL cannot store or even compare text with NUL, so it never reaches a query."""
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in key or any("\x00" in v for v in values)
            for key, values in request.GET.lists()):
        return True
    if request.method not in ("POST", "PUT", "PATCH"):
        return False
    if request.content_type == "application/x-www-form-urlencoded":
        return b"%00" in request.body
    if request.content_type == "application/json" or request.content_type.endswith("+json"):
        return b"\x00" in request.body or b"\\u0000" in request.body
    return False  # multipart forms are read by Django; ISO 18626 XML cannot hold a NUL


class BadInputMiddleware:
    """A date, year or number out of range that a page did not handle itself is the caller's
    mistake: a 400 page that says what was wrong, never a 500 (see reol.bounds). So is text
    with a NUL character in it, refused before any view sees it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if holds_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": NUL.message(), "code": NUL.code}, status=400)
            return render(request, "web/bad_input.html", {"message": NUL.message()}, status=400)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OutOfRange):
            return render(request, "web/bad_input.html", {"message": exception.message()},
                          status=400)
        return None
