"""Staff roles carry the permissions that core and each app name for them, and a role is held
in one library."""

import pytest
from django.contrib.auth import get_user_model

from reol.core import access, roles, rules
from reol.core.access import staff_libraries
from reol.core.models import StaffRole
from reol.errors import DomainError


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
    assert "circulation.view_patron" not in permissions(groups["network"])


def test_a_role_is_held_in_one_library(network):
    user = get_user_model().objects.create_user("bente", password="hemmelig-42")
    roles.grant(user, network.glostrup, "leader")
    assert staff_libraries(user) == {network.glostrup.pk}
    assert user.groups.filter(name="leader").exists()


# --- what each role carries (docs/security.md, "Staff roles") -------------------------------

# What tells about patrons: their records, loans, reservations, blocks, the change log.
PATRON_DATA = {"view_patron", "add_patron", "change_patron", "add_block", "change_block",
               "view_loan", "change_loan", "view_reservation", "add_reservation",
               "change_reservation", "view_patronchange", "view_transit", "view_booking",
               "view_occurrence", "change_attendance", "view_volunteer",
               "view_purchasesuggestion"}


def test_the_network_role_carries_no_patron_data():
    assert not roles.permissions_of("network") & PATRON_DATA
    assert {"change_staffrole", "view_network_figures"} <= roles.permissions_of("network")


def test_a_leader_carries_every_roles_work_but_the_networks():
    leader = roles.permissions_of("leader")
    for role in ("desk", "cataloguing", "acquisitions", "events", "editor"):
        assert roles.permissions_of(role) <= leader, role
    assert "view_patronchange" in leader and "change_loanrule" in leader


def test_each_role_carries_its_own_work_only():
    carried = {role: roles.permissions_of(role) for role in roles.ROLES}
    assert "change_loan" in carried["desk"] and "change_loan" not in carried["cataloguing"]
    assert "change_work" in carried["cataloguing"] and "change_work" not in carried["desk"]
    assert "change_purchasesuggestion" in carried["acquisitions"]
    assert "change_purchasesuggestion" not in carried["desk"] | carried["events"]
    assert "change_eventseries" in carried["events"]
    assert "change_eventseries" not in carried["desk"]  # the desk only checks people in
    assert carried["editor"] == {"change_frontblock"}
    assert not carried["network"] & (carried["desk"] | carried["cataloguing"])


# --- the one check: can, require, libraries_with ---------------------------------------------


def _user(name: str):
    return get_user_model().objects.create_user(name, password="hemmelig-42")


def test_a_permission_counts_only_in_the_library_where_the_role_is_held(network):
    ulla = _user("ulla")
    roles.grant(ulla, network.glostrup, "desk")
    roles.grant(ulla, network.randers, "cataloguing")
    assert access.can(ulla, network.glostrup.pk, "change_loan")
    assert not access.can(ulla, network.randers.pk, "change_loan")
    assert access.libraries_with(ulla, "change_loan") == {network.glostrup.pk}
    with pytest.raises(DomainError) as refused:
        access.require(ulla, network.randers.pk, "view_patron")
    assert refused.value.code == "not_allowed"  # staff there, but not in that role


def test_the_network_role_counts_everywhere_but_never_for_patrons(network):
    nina = _user("nina")
    roles.grant(nina, network.glostrup, "network")
    assert access.can(nina, network.randers.pk, "change_staffrole")
    assert access.libraries_with(nina, "change_staffrole") is None  # every library
    for library in (network.glostrup, network.randers):
        assert not access.can(nina, library.pk, "view_patron")
    with pytest.raises(DomainError) as refused:
        access.require(nina, network.randers.pk, "view_patron")
    assert refused.value.code == "not_your_library"


def test_a_role_taken_away_counts_no_more(network):
    ole = _user("ole")
    roles.grant(ole, network.glostrup, "events")
    assert access.can(ole, network.glostrup.pk, "change_eventseries")
    StaffRole.objects.filter(user=ole).delete()
    assert not access.can(ole, network.glostrup.pk, "change_eventseries")


# --- who may give which role (reol/core/rules.py) ---------------------------------------------


def refusal(role: str, *, held=(), network=False, superuser=False, to_self=False):
    """The English text of the refusal, or None."""
    found = rules.grant_refusal(role, granter_roles=frozenset(held), granter_network=network,
                                granter_superuser=superuser, to_self=to_self)
    return found and found.en


SELF = "Nobody can give themselves a role; ask a leader or the network administrator."
NETWORK_ONLY = "Only the network administrator can give or take the network role."
LEADERS_ONLY = "Only the library's leader or the network administrator can give roles here."


def test_a_leader_gives_the_roles_of_their_librarys_work():
    for role in ("desk", "cataloguing", "acquisitions", "events", "editor", "leader"):
        assert refusal(role, held={"leader"}) is None, role


def test_only_the_network_administrator_gives_the_network_role():
    assert refusal("network", held={"leader"}) == NETWORK_ONLY
    assert refusal("network", network=True) is None
    assert refusal("network", superuser=True) is None


def test_nobody_gives_themselves_a_role():
    assert refusal("leader", held={"desk"}, to_self=True) == SELF
    assert refusal("leader", held={"leader"}, to_self=True) == SELF
    assert refusal("leader", network=True, to_self=True) == SELF
    assert refusal("network", network=True, to_self=True) == SELF


def test_other_roles_give_no_roles():
    for held in ("desk", "cataloguing", "acquisitions", "events", "editor"):
        assert refusal("desk", held={held}) == LEADERS_ONLY, held
    assert refusal("boss", held={"leader"}) == "There is no role boss."


def test_an_existing_installation_gets_its_roles_new_permissions_at_migrate(db):
    """Code that gives a role a new permission reaches a database made before it: the next
    `migrate` (with nothing to migrate) brings the groups up to date."""
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    cataloguing = Group.objects.get(name="cataloguing")  # made by the test database's migrate
    assert "catalogue.change_item" in permissions(cataloguing)
    cataloguing.permissions.clear()  # as a database made before the permission was given
    call_command("migrate", verbosity=0)
    assert "catalogue.change_item" in permissions(cataloguing)
