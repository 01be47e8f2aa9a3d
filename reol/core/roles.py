"""Staff roles: Django groups held per library through StaffRole, each carrying permissions.

Each app names the permissions its roles carry (`allow`, from its AppConfig.ready), so core
knows the roles and not the apps' models. A permission is a name: a model permission's
codename ("change_loan") or a name of work that has no model of its own ("view_statistics").
docs/security.md lists what each role may do and which permission each page asks for.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

# The work of a library, one role each: the front desk; cataloguers, who look after records,
# works, covers and copies; acquisitions, who buy and answer purchase suggestions; events and
# rooms (volunteers, partners and exhibitions too); leaders, who may do everything in their
# library and also what only its leadership does (loan rules, reports, the staff record);
# editors, who choose what the front page shows; and the network administrator, who looks
# after what the libraries share — held in one library like every role, acting for all.
ROLES = ("desk", "cataloguing", "acquisitions", "events", "leader", "editor", "network")

# The role whose permissions count in every library, not only where it is held. It must
# never carry a permission to patron data: docs/security.md, and
# tests/core/test_roles.py::test_the_network_role_carries_no_patron_data.
NETWORK = "network"

# A role that may be granted only by someone who may grant it everywhere (a network
# administrator or a superuser): a leader grants the roles of their own library's work.
NETWORK_ONLY = frozenset({NETWORK})

# role → permission names; core's own here, the apps' added by allow().
_PERMISSIONS: dict[str, set[str]] = {
    "desk": {"view_notice"},
    "leader": {"view_notice", "view_event", "view_staffrole", "change_staffrole"},
    "cataloguing": set(),
    "acquisitions": set(),
    "events": set(),
    "editor": set(),
    "network": {"view_staffrole", "change_staffrole"},
}


def allow(role: str, app_label: str, *names: str) -> None:
    """Give `role` these permissions (called from the app's ready()). `app_label` names the
    app whose models' permissions these are, when they are model permissions."""
    del app_label  # the names are unique across apps; kept so a reader sees whose they are
    _PERMISSIONS[role].update(names)


def permissions_of(role: str) -> frozenset[str]:
    """What a role carries: a leader carries every role's work in their library but the
    network's."""
    if role == "leader":
        return frozenset().union(*(held for name, held in _PERMISSIONS.items()
                                   if name != NETWORK))
    return frozenset(_PERMISSIONS.get(role, ()))


def ensure_groups() -> dict[str, Group]:
    """Create or update the role groups; safe to run any number of times. A group carries
    the model permissions of its role (for the admin and `user.has_perm`)."""
    groups = {}
    for name in ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        wanted = permissions_of(name)
        group.permissions.set(Permission.objects.filter(
            Q(codename__in=wanted) if wanted else Q(pk__in=[])))
        groups[name] = group
    return groups


def grant(user, library, role: str = "desk") -> None:
    from .models import StaffRole

    group = ensure_groups()[role]
    StaffRole.objects.get_or_create(user=user, library=library, group=group)
    user.groups.add(group)
