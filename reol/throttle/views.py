"""The page a member of staff sees while their user name waits at this address (django-axes)."""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reol.errors import DomainError
from reol.refusals import refuse


def _wait() -> DomainError:
    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return refuse("staff_login_paused", minutes=minutes)


def staff_locked_out(request: HttpRequest, response: HttpResponse | None = None,
                     credentials: dict | None = None) -> HttpResponse:
    return render(request, "circulation/staff/login.html",
                  {"form": AuthenticationForm(request), "lockout": _wait().message(),
                   "next": request.POST.get("next", "")}, status=429)
