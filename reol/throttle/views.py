"""The page a member of staff sees while their user name waits at this address (django-axes)."""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reol.errors import DomainError


def _wait() -> DomainError:
    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return DomainError(
        "staff_login_paused",
        f"For mange forkerte adgangskoder. Vent op til {minutes} minutter, eller log ind fra "
        "den maskine, du plejer at bruge.",
        f"Too many wrong passwords. Wait up to {minutes} minutes, or log in from the machine "
        "you usually use.",
    )


def staff_locked_out(request: HttpRequest, response: HttpResponse | None = None,
                     credentials: dict | None = None) -> HttpResponse:
    return render(request, "circulation/staff/login.html",
                  {"form": AuthenticationForm(request), "lockout": _wait().message(),
                   "next": request.POST.get("next", "")}, status=429)
