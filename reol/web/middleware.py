"""Answers for the whole site that no single view should have to remember."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reol.bounds import OutOfRange


class BadInputMiddleware:
    """A date, year or number out of range that a page did not handle itself is the caller's
    mistake: a 400 page that says what was wrong, never a 500 (see reol.bounds)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OutOfRange):
            return render(request, "web/bad_input.html", {"message": exception.message()},
                          status=400)
        return None
