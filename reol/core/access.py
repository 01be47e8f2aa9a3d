"""Which libraries a member of staff may act in: those where they hold a role."""

from reol.refusals import refuse

from .models import StaffRole


def staff_libraries(user) -> set[int] | None:
    """The libraries a staff member may act in; None means all (a superuser)."""
    if user is None or not user.is_authenticated:
        return set()
    if user.is_superuser:
        return None
    return set(StaffRole.objects.filter(user=user).values_list("library_id", flat=True))


def require_staff(user, library_id: int) -> None:
    allowed = staff_libraries(user)
    if allowed is not None and library_id not in allowed:
        raise refuse("not_your_library")
