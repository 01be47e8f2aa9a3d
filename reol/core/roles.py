"""Staff roles: Django groups with permissions, held per library through StaffRole.

Each app names the permissions its roles carry (`allow`, from its AppConfig.ready), so core
knows the roles and not the apps' models.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

# The work of a library, one role each (docs/security.md lists what each may do): the front
# desk; cataloguers, who look after records, works, covers and copies; acquisitions, who buy
# and answer purchase suggestions; events and rooms; leaders, who also do what only a
# library's leadership does (the apps say what: circulation's loan rules, core's event log);
# editors, who choose what the front page shows; and the network administrator, who looks
# after what the libraries share (held in one library like every role, acting for all).
ROLES = ("desk", "cataloguing", "acquisitions", "events", "leader", "editor", "network")

# role → (app label, permission codename); core's own here, the apps' added by allow().
_PERMISSIONS: dict[str, set[tuple[str, str]]] = {
    "desk": {("core", "view_notice")},
    "leader": {("core", "view_notice"), ("core", "view_event")},
    "cataloguing": set(),
    "acquisitions": set(),
    "events": set(),
    "editor": set(),
    "network": set(),
}


def allow(role: str, app_label: str, *codenames: str) -> None:
    """Give `role` these permissions of the app's models (called from the app's ready())."""
    _PERMISSIONS[role].update((app_label, codename) for codename in codenames)


def ensure_groups() -> dict[str, Group]:
    """Create or update the role groups; safe to run any number of times."""
    groups = {}
    for name in ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        wanted = Q(pk__in=[])
        for app_label, codename in _PERMISSIONS[name]:
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(wanted))
        groups[name] = group
    return groups


def grant(user, library, role: str = "desk") -> None:
    from .models import StaffRole

    group = ensure_groups()[role]
    StaffRole.objects.get_or_create(user=user, library=library, group=group)
    user.groups.add(group)
