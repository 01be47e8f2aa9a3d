"""Who is acting right now: a staff user behind a request, or an operator's `reol` command.

The record's signal handlers ask `current()` when a tracked model is saved, so no service
has to pass "by" along for a change to be on record. A request is stored as it is and read
only when asked: the API authenticates its caller (a bearer token) inside the view, after
the middleware has run.

Patrons acting for themselves (their pages, the patron API, kiosks) and the scheduled jobs
are not staff: `current()` is None for them and nothing is recorded; their acts are in the
event log.
"""

import getpass
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse

if TYPE_CHECKING:  # the `reol` command imports this module before Django is set up
    from django.contrib.auth.base_user import AbstractBaseUser


@dataclass(frozen=True)
class Actor:
    label: str  # the user name, or e.g. "reol add_patron (ops@host)"
    user: "AbstractBaseUser | None" = None


_current: ContextVar[Actor | HttpRequest | None] = ContextVar("reol_actor", default=None)


def current() -> Actor | None:
    """The staff user or command behind what is happening now, if any."""
    value = _current.get()
    if value is None or isinstance(value, Actor):
        return value
    return _from_request(value)


def _from_request(request: HttpRequest) -> Actor | None:
    auth = getattr(request, "auth", None)  # django-ninja's authenticated caller
    if getattr(auth, "is_authenticated", False) is True:  # a user (patrons have no such flag)
        return Actor(auth.get_username(), auth)
    if auth is not None:
        return None  # a patron through the API
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return Actor(user.get_username(), user)
    return None


@contextmanager
def acting_as(label: str, user: "AbstractBaseUser | None" = None) -> Iterator[Actor]:
    """Everything inside is done by `label` (a command, a machine), or by `user`."""
    actor = Actor(label, user)
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


def command_label(name: str) -> str:
    """A command is done by whoever ran it, on the machine where it ran."""
    try:
        who = getpass.getuser()
    except (KeyError, OSError):  # no user name for this uid (e.g. in a container)
        who = "?"
    return f"reol {name} ({who}@{socket.gethostname()})"[:200]


class ActorMiddleware:
    """Makes the request's staff user the actor of whatever the request changes, and records
    the back office's look at a patron (its change page) as a lookup."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current.set(request)
        try:
            response = self.get_response(request)
            _admin_lookup(request, response)
            return response
        finally:
            _current.reset(token)


# The admin pages that show one patron: a look at them is a lookup like the desk's.
ADMIN_LOOKUPS = {"admin:circulation_patron_change": ("circulation", "Patron")}


def _admin_lookup(request: HttpRequest, response: Any) -> None:
    match = getattr(request, "resolver_match", None)
    if (match is None or match.view_name not in ADMIN_LOOKUPS or request.method != "GET"
            or response.status_code != 200):
        return
    from django.apps import apps

    from . import staff_record

    model = apps.get_model(*ADMIN_LOOKUPS[match.view_name])
    patron = model._base_manager.filter(pk=match.kwargs.get("object_id")).first()
    if patron is not None:
        staff_record.lookup(patron)
