"""Staff roles carry the permissions that core and each app name for them, and a role is held
in one library."""

from django.contrib.auth import get_user_model

from reol.core import roles
from reol.core.access import staff_libraries


def permissions(group) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")}


def test_each_role_has_core_and_the_apps_permissions(db):
    groups = roles.ensure_groups()
    desk, leader = permissions(groups["desk"]), permissions(groups["leader"])
    assert {"core.view_notice", "circulation.view_patron", "circulation.change_loan"} <= desk
    assert "circulation.view_loanrule" not in desk and "core.view_event" not in desk
    assert {"core.view_event", "circulation.change_loanrule"} <= leader
    assert desk < leader


def test_a_role_is_held_in_one_library(network):
    user = get_user_model().objects.create_user("bente", password="hemmelig-42")
    roles.grant(user, network.glostrup, "leader")
    assert staff_libraries(user) == {network.glostrup.pk}
    assert user.groups.filter(name="leader").exists()
