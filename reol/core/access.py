"""Which libraries a member of staff may act in: those where they hold a role."""

from reol import memo
from reol.refusals import refuse

from .models import StaffRole

STAFF_ROLES = memo.Memory()  # reol.memo: new after a StaffRole or a group's permissions change


def staff_roles(user) -> dict[int, frozenset[str]]:
    """Per library where the user holds a role: the names of those roles ("role:desk") and
    the codenames of the permissions they carry (shared: callers must not change it)."""
    if user is None or not user.is_authenticated:
        return {}
    return STAFF_ROLES.get(user.pk, lambda: _read_roles(user.pk))


def _read_roles(user_id: int) -> dict[int, frozenset[str]]:
    found: dict[int, set[str]] = {}
    for library_id, group, codename in StaffRole.objects.filter(user_id=user_id).values_list(
            "library_id", "group__name", "group__permissions__codename"):
        found.setdefault(library_id, set()).update(
            {f"role:{group}", codename} if codename else {f"role:{group}"})
    return {library_id: frozenset(held) for library_id, held in found.items()}


def staff_libraries(user) -> set[int] | None:
    """The libraries a staff member may act in; None means all (a superuser)."""
    if user is None or not user.is_authenticated:
        return set()
    if user.is_superuser:
        return None
    return set(staff_roles(user))


def require_staff(user, library_id: int) -> None:
    allowed = staff_libraries(user)
    if allowed is not None and library_id not in allowed:
        raise refuse("not_your_library")
