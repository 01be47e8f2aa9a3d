"""Who may do what where: the one check every staff page and API operation goes through.

A member of staff acts only in the libraries where they hold a role, and there only within
what their roles carry (reol/core/roles.py). The network administrator's permissions count in
every library, and carry no patron data. Callers ask with the permission and the library of
the object they act on: `require(user, library_id, "change_loan")`, or, for a list,
`libraries_with(user, "view_reservation")`.
"""

from typing import NamedTuple

from reol import memo
from reol.refusals import refuse

from . import roles
from .models import StaffRole

STAFF_ROLES = memo.Memory()  # reol.memo: new after a StaffRole or a group's permissions change


class Held(NamedTuple):
    per_library: dict[int, frozenset[str]]  # role names ("role:desk") and permissions
    everywhere: frozenset[str]  # what the network role carries, in every library


NOBODY = Held({}, frozenset())


def _held(user) -> Held:
    if user is None or not user.is_authenticated:
        return NOBODY
    return STAFF_ROLES.get(user.pk, lambda: _read_roles(user.pk))


def staff_roles(user) -> dict[int, frozenset[str]]:
    """Per library where the user holds a role: the names of those roles ("role:desk") and
    the permissions they carry (shared: callers must not change it)."""
    return _held(user).per_library


def _read_roles(user_id: int) -> Held:
    found: dict[int, set[str]] = {}
    everywhere: set[str] = set()
    for library_id, group in StaffRole.objects.filter(user_id=user_id).values_list(
            "library_id", "group__name"):
        carried = roles.permissions_of(group)
        found.setdefault(library_id, set()).update({f"role:{group}", *carried})
        if group == roles.NETWORK:
            everywhere.update(carried)
    return Held({library_id: frozenset(held) for library_id, held in found.items()},
                frozenset(everywhere))


def staff_libraries(user) -> set[int] | None:
    """The libraries a staff member holds a role in; None means all (a superuser)."""
    if user is None or not user.is_authenticated:
        return set()
    if user.is_superuser:
        return None
    return set(staff_roles(user))


def require_staff(user, library_id: int) -> None:
    allowed = staff_libraries(user)
    if allowed is not None and library_id not in allowed:
        raise refuse("not_your_library")


def can(user, library_id: int | None, permission: str) -> bool:
    """May the user do this in this library? A superuser anywhere; otherwise one of their
    roles in the library carries it, or their network role does. Work of no one library
    (`library_id` None: the network's figures) needs the permission in some library."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    held = _held(user)
    if permission in held.everywhere:
        return True
    if library_id is None:
        return any(permission in names for names in held.per_library.values())
    return permission in held.per_library.get(library_id, ())


def require(user, library_id: int | None, permission: str) -> None:
    """Refuse unless the user may do this in this library: "not_your_library" where they
    hold no role, "not_allowed" where their roles do not reach it."""
    if can(user, library_id, permission):
        return
    if library_id in staff_roles(user) or (library_id is None and staff_roles(user)):
        raise refuse("not_allowed")
    raise refuse("not_your_library")


def require_any(user, library_ids: list[int], permission: str) -> None:
    """As `require`, when acting for any one of several libraries is enough (a loan belongs
    to its patron's library and to the copy's)."""
    if any(can(user, library_id, permission) for library_id in library_ids):
        return
    require(user, library_ids[0] if library_ids else None, permission)


def libraries_with(user, permission: str) -> set[int] | None:
    """The libraries where the user may do this; None means all (a superuser, or a network
    permission)."""
    if user is None or not user.is_authenticated:
        return set()
    held = _held(user)
    if user.is_superuser or permission in held.everywhere:
        return None
    return {library_id for library_id, names in held.per_library.items()
            if permission in names}


class _Everything:
    def __contains__(self, permission: object) -> bool:
        return True


def anywhere(user) -> frozenset[str] | _Everything:
    """Every permission the user holds in some library (for showing only the links to pages
    their roles reach; each page checks again)."""
    if user is not None and user.is_authenticated and user.is_superuser:
        return _Everything()
    held = _held(user)
    return held.everywhere.union(*held.per_library.values())
