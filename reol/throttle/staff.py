"""Staff and admin passwords: what django-axes does not count.

Axes makes one user name wait at one address (settings.py). This backend adds the two limits
that the issue asks of every password and axes cannot give with one failure limit: per address
across user names (one machine trying many colleagues' names) and per user name across
addresses (many machines trying one name) — the same counters as patrons' PINs
(reol/throttle/rules.py), so a colleague's known desk is never kept out by strangers.

It runs after axes's backend and before Django's ModelBackend: it decides nothing about the
password, it only refuses to let it be checked while a counter waits. A pause shows axes's
lock-out page (request.axes_locked_out), which axes then does not count again.
"""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from . import rules, services

STAFF = services.Policy("staff", rules.STAFF_NAME, rules.STAFF_ADDRESS)
TICKET = "reol_staff_ticket"


class GuessingBackend:
    """An authentication backend that only refuses (see the module's docstring)."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     password: str | None = None, **kwargs) -> None:
        if request is None or username is None:
            return None  # commands and tests on this machine
        ticket = services.begin(STAFF, username, services.web_source(request), timezone.now())
        setattr(request, TICKET, ticket)
        if not ticket.allowed:
            request.axes_locked_out = True  # axes's lock-out page, not counted by axes again
            raise PermissionDenied("paused")
        return None

    # No get_user: Django keeps a session's user with a backend that has one (ModelBackend).


@receiver(user_logged_in)
def _right(sender, request: HttpRequest | None = None, **kwargs) -> None:
    if ticket := getattr(request, TICKET, None):
        services.finish(ticket, True)


@receiver(user_login_failed)
def _wrong(sender, request: HttpRequest | None = None, **kwargs) -> None:
    if ticket := getattr(request, TICKET, None):
        services.finish(ticket, False)  # already counted when it began
