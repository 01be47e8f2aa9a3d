"""Who may do what where: staff act only in their own libraries, within their role.

Roles are Django groups held per library through StaffRole, so a permission counts only in
the libraries where the staff member holds a role that carries it.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from reol.core.access import require_staff, staff_libraries
from reol.core.models import StaffRole
from reol.errors import DomainError
from reol.libraries.models import Branch
from reol.refusals import refuse

from ..models import Block

# Refusals that mean "not you, not here": the page answers 403 instead of a notice.
ACCESS_CODES = {"not_your_library", "not_allowed", "not_staff"}
BRANCH_KEY = "staff_branch"

NOT_ALLOWED = refuse("not_allowed")


def can(user, library_id: int, codename: str) -> bool:
    """Does one of the user's roles in this library carry the permission?"""
    if user.is_superuser:
        return True
    return StaffRole.objects.filter(
        user=user, library_id=library_id, group__permissions__codename=codename
    ).exists()


def require(user, library_id: int, codename: str) -> None:
    require_staff(user, library_id)
    if not can(user, library_id, codename):
        raise NOT_ALLOWED


def may_lift(user, block: Block) -> bool:
    """Desk staff lift the blocks they placed themselves; leaders lift anyone's."""
    if user.is_superuser or block.created_by_id == user.pk:
        return True
    return StaffRole.objects.filter(
        user=user, library_id=block.patron.library_id, group__name="leader"
    ).exists()


def staff_branches(user) -> list[Branch]:
    """The houses where the user may stand at a desk: deposit collections have none."""
    branches = Branch.objects.exclude(kind=Branch.Kind.DEPOSIT).select_related("library")
    allowed = staff_libraries(user)
    if allowed is not None:
        branches = branches.filter(library_id__in=allowed)
    # The main library first: the default desk of someone who works in several houses.
    return sorted(branches, key=lambda b: (b.library.name, b.kind != Branch.Kind.MAIN, b.name))


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
