"""Use cases of core: giving and taking staff roles (one transaction each).

Every change is on the staff record through the StaffRole model's signals (core/tracked.py),
with the actor of the request or command.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction

from reol.refusals import refuse

from . import access, roles, rules
from .models import StaffRole


def _check(by: User, user_id: int, library_id: int, role: str) -> None:
    held = {name.removeprefix("role:") for name in access.staff_roles(by).get(library_id, ())
            if name.startswith("role:")}
    refusal = rules.grant_refusal(
        role, granter_roles=frozenset(held),
        granter_network=any(f"role:{roles.NETWORK}" in names
                            for names in access.staff_roles(by).values()),
        granter_superuser=by.is_superuser, to_self=by.pk == user_id)
    if refusal:
        raise refusal


def grant_role(by: User, username: str, library_id: int, role: str) -> StaffRole:
    """Give the user with this user name `role` in the library, as `by` may."""
    user = get_user_model().objects.filter(username=username.strip()).first()
    if user is None or not user.is_active:
        raise refuse("unknown_staff_user", username=username.strip()[:150])
    _check(by, user.pk, library_id, role)
    with transaction.atomic():
        group = roles.ensure_groups()[role]
        held, _ = StaffRole.objects.get_or_create(user=user, library_id=library_id,
                                                   group=group)
        user.groups.add(group)
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        return held


def revoke_role(by: User, held: StaffRole) -> None:
    """Take a role away, as `by` may (the same rule as giving it, but one may give up one's
    own)."""
    role = held.group.name
    if held.user_id != by.pk:
        _check(by, held.user_id, held.library_id, role)
    with transaction.atomic():
        held.delete()
        if not StaffRole.objects.filter(user_id=held.user_id, group=held.group).exists():
            held.user.groups.remove(held.group)
