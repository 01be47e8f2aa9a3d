"""The staff pages' part of access: the branch a member of staff works at, and a refusal
as a 403 page. Who may do what where is decided in one place, reol/core/access.py (`can`,
`require`, re-exported here for the staff pages).
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from reol import memo
from reol.core.access import can, require, require_staff, staff_libraries
from reol.errors import DomainError
from reol.libraries.models import Branch
from reol.refusals import refuse

from ..patrons import may_lift

# Refusals that mean "not you, not here": the page answers 403 instead of a notice.
ACCESS_CODES = {"not_your_library", "not_allowed", "not_staff"}
BRANCH_KEY = "staff_branch"

NOT_ALLOWED = refuse("not_allowed")
__all__ = ["ACCESS_CODES", "BRANCH_KEY", "HOUSES", "NOT_ALLOWED", "can", "current_branch",
           "may_lift", "refused", "require", "staff_branches", "staff_view"]


HOUSES = memo.Memory(size=1)  # reol.memo: new after a Branch or a Library changes


def _houses() -> list[Branch]:
    branches = Branch.objects.exclude(kind=Branch.Kind.DEPOSIT).select_related("library")
    # The main library first: the default desk of someone who works in several houses.
    return sorted(branches, key=lambda b: (b.library.name, b.kind != Branch.Kind.MAIN, b.name))


def staff_branches(user) -> list[Branch]:
    """The houses where the user may stand at a desk: deposit collections have none (shared:
    callers must not change them)."""
    allowed = staff_libraries(user)
    return [b for b in HOUSES.get(None, _houses) if allowed is None or b.library_id in allowed]


def current_branch(request: HttpRequest) -> Branch:
    """The branch the staff member works at: asked for in ?branch=, else remembered in the
    session, else their first."""
    branches = staff_branches(request.user)
    wanted = request.GET.get("branch")
    if wanted:
        found = Branch.objects.select_related("library").filter(code=wanted).first()
        if found is None:
            raise refuse("unknown_branch", branch=wanted)
        require_staff(request.user, found.library_id)
        request.session[BRANCH_KEY] = found.pk
        return found
    remembered = request.session.get(BRANCH_KEY)
    for branch in branches:
        if branch.pk == remembered:
            return branch
    if not branches:
        raise refuse("not_staff.no_role")
    request.session[BRANCH_KEY] = branches[0].pk
    return branches[0]


def refused(request: HttpRequest, refusal: DomainError, status: int = 403) -> HttpResponse:
    title = _("Not allowed") if status == 403 else _("That could not be done")
    return render(request, "circulation/staff/refused.html",
                  {"message": refusal.message(), "title": title}, status=status)


def staff_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Log-in required; a refusal of access becomes a clear 403 page, any other refusal that
    escapes the view a 400 page with its reason."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if staff_libraries(request.user) == set():
            return refused(request, refuse("not_staff.no_role"))
        try:
            return view(request, *args, **kwargs)
        except DomainError as refusal:
            return refused(request, refusal, 403 if refusal.code in ACCESS_CODES else 400)

    return wrapper
