"""Staff roles: Django groups with permissions, held per library through StaffRole."""

from django.contrib.auth.models import Group, Permission

# Front-desk staff lend, take back, reserve and look after patrons; leaders also set the loan
# rules and lift blocks that others placed; collection staff look after the catalogue (split
# and join works), which needs no lending permission.
ROLES = {
    "collection": [],
    "desk": [
        "view_patron", "add_patron", "change_patron", "add_block", "change_block",
        "view_loan", "change_loan", "view_reservation", "add_reservation",
        "change_reservation", "view_transit", "view_notice",
    ],
    "leader": [
        "view_patron", "add_patron", "change_patron", "add_block", "change_block",
        "view_loan", "change_loan", "view_reservation", "add_reservation",
        "change_reservation", "view_transit", "view_notice", "view_loanrule", "add_loanrule",
        "change_loanrule", "delete_loanrule", "view_event", "view_patronchange",
    ],
}


def ensure_groups() -> dict[str, Group]:
    """Create or update the role groups; safe to run any number of times."""
    groups = {}
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="circulation",
                                      codename__in=codenames)
        )
        groups[name] = group
    return groups


def grant(user, library, role: str = "desk") -> None:
    from .models import StaffRole

    group = ensure_groups()[role]
    StaffRole.objects.get_or_create(user=user, library=library, group=group)
    user.groups.add(group)
