"""The request a view receives once authentication has run, as the type checker sees it.

django-ninja puts the authenticated caller on `request.auth` (what the operation's `auth`
returns: a staff user, a patron, a door terminal); the patron pages
(circulation.views_patron.patron_required) put the logged-in patron on `request.patron`.
Annotate a view's `request` with the class that says what its authentication gives. Types
only: at run time every view still gets Django's HttpRequest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from reol.circulation.models import Patron
    from reol.selfservice.models import Sip2Terminal


class StaffRequest(HttpRequest):
    """An API operation with `auth=STAFF`."""

    auth: User


class PatronRequest(HttpRequest):
    """An API operation with `auth=PATRON`."""

    auth: Patron


class PatronOrStaffRequest(HttpRequest):
    """An API operation that patrons and staff may both call."""

    auth: Patron | User


class PatronOrGuestRequest(HttpRequest):
    """An API operation open to patrons and to guests (events.api.Guest gives "guest")."""

    auth: Patron | str


class DoorRequest(HttpRequest):
    """The door controller's API (selfservice.api.DoorBasic)."""

    auth: Sip2Terminal


class StaffPageRequest(HttpRequest):
    """A staff page (behind a staff_view decorator): the user has logged in."""

    user: User


class PatronPageRequest(HttpRequest):
    """A page behind circulation.views_patron.patron_required."""

    patron: Patron
