"""/staff/roles/: a leader gives and takes the roles of their own library, the network
administrator those of every library; nobody gives themselves a role, and only the network
administrator gives the network role. Every change is on the staff record."""

from django.contrib.auth.models import User
from django.test import Client

from reol.core import access
from reol.core.models import StaffChange, StaffRole
from reol.core.roles import grant


def member(network, name: str, role: str, library=None) -> tuple[User, Client]:
    user = User.objects.create_user(name, password="hemmelig-42")
    grant(user, library or network.glostrup, role)
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return user, client


def give(client: Client, username: str, library, role: str):
    return client.post("/staff/roles/", {"username": username, "library": library.agency,
                                         "role": role}, HTTP_ACCEPT_LANGUAGE="en")


def roles_of(user: User) -> set[tuple[str, str]]:
    return {(held.library.agency, held.group.name)
            for held in StaffRole.objects.filter(user=user).select_related("library", "group")}


def test_a_leader_gives_a_role_in_their_own_library_on_record(network):
    _, leader = member(network, "lis", "leader")
    new = User.objects.create_user("karl", password="hemmelig-42")
    response = give(leader, "karl", network.glostrup, "cataloguing")
    assert response.status_code == 302
    assert roles_of(new) == {("716100", "cataloguing")}
    assert access.can(new, network.glostrup.pk, "change_work")
    assert StaffChange.objects.filter(library_id=network.glostrup.pk, user__username="lis",
                                      model="core.staffrole").exists()
    assert "karl" in leader.get("/staff/roles/").content.decode()


def test_a_leader_gives_no_role_in_another_library(network):
    _, leader = member(network, "lis", "leader")
    new = User.objects.create_user("karl", password="hemmelig-42")
    response = give(leader, "karl", network.randers, "desk")
    assert response.status_code == 400 and not roles_of(new)  # Randers is not on the form
    theirs, _ = member(network, "rikke", "desk", network.randers)
    held = StaffRole.objects.get(user=theirs)
    assert leader.post(f"/staff/roles/{held.pk}/remove/").status_code == 403
    assert StaffRole.objects.filter(pk=held.pk).exists()
    assert "rikke" not in leader.get("/staff/roles/").content.decode()


def test_nobody_gives_themselves_a_higher_role(network):
    desk_user, desk = member(network, "birte", "desk")
    assert desk.get("/staff/roles/").status_code == 403
    assert give(desk, "birte", network.glostrup, "leader").status_code == 403
    leader_user, leader = member(network, "lis", "leader")
    response = give(leader, "lis", network.glostrup, "network")
    assert response.status_code == 400
    assert "Nobody can give themselves a role" in response.content.decode()
    assert roles_of(leader_user) == {("716100", "leader")}
    assert roles_of(desk_user) == {("716100", "desk")}


def test_only_the_network_administrator_gives_the_network_role(network):
    _, leader = member(network, "lis", "leader")
    new = User.objects.create_user("karl", password="hemmelig-42")
    response = give(leader, "karl", network.glostrup, "network")
    assert response.status_code == 400 and not roles_of(new)
    assert "Only the network administrator" in response.content.decode()
    _, admin = member(network, "nina", "network")
    assert give(admin, "karl", network.randers, "network").status_code == 302
    assert roles_of(new) == {("773000", "network")}


def test_the_network_administrator_looks_after_every_librarys_roles_but_not_their_own(network):
    nina, admin = member(network, "nina", "network")
    theirs, _ = member(network, "rikke", "desk", network.randers)
    assert "rikke" in admin.get("/staff/roles/").content.decode()
    assert give(admin, "rikke", network.randers, "leader").status_code == 302
    assert roles_of(theirs) == {("773000", "desk"), ("773000", "leader")}
    held = StaffRole.objects.get(user=theirs, group__name="desk")
    assert admin.post(f"/staff/roles/{held.pk}/remove/").status_code == 302
    assert roles_of(theirs) == {("773000", "leader")}
    response = give(admin, "nina", network.randers, "leader")
    assert response.status_code == 400 and roles_of(nina) == {("716100", "network")}
    # …and no patron pages in any library on the way.
    assert admin.get("/staff/patrons/?q=a").status_code == 403
