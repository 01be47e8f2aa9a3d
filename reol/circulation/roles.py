"""Staff roles: Django groups with permissions, held per library through StaffRole."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

# Front-desk staff lend, take back, reserve and look after patrons; leaders also set the loan
# rules, lift blocks that others placed, answer purchase suggestions and edit the front page.
ROLES = {
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
        "view_purchasesuggestion", "change_purchasesuggestion", "web.change_frontblock",
    ],
    # Collection staff answer the patrons' purchase suggestions.
    "collection": ["view_purchasesuggestion", "change_purchasesuggestion"],
    # Editors choose what the front page shows.
    "editor": ["web.change_frontblock"],
}


def _permissions(codenames: list[str]) -> Q:
    """Codenames are circulation's unless named with their app ("web.change_frontblock")."""
    wanted = Q(pk__in=[])
    for name in codenames:
        app, _, codename = name.rpartition(".")
        wanted |= Q(content_type__app_label=app or "circulation", codename=codename)
    return wanted


def ensure_groups() -> dict[str, Group]:
    """Create or update the role groups; safe to run any number of times."""
    groups = {}
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(_permissions(codenames)))
        groups[name] = group
    return groups


def grant(user, library, role: str = "desk") -> None:
    from .models import StaffRole

    group = ensure_groups()[role]
    StaffRole.objects.get_or_create(user=user, library=library, group=group)
    user.groups.add(group)
