"""The authority file: a preferred form with see-references, and a change that reaches every
record using it, in one transaction, through search and the staff record."""

import pytest
from django.test import Client

from reol.catalogue import authorities
from reol.catalogue.models import Authority, AuthorityLink, Record
from reol.core.actor import Actor
from reol.core.models import StaffChange
from reol.errors import DomainError
from tests.catalogue.test_cataloguing import staff
from tests.factories import make_record
from tests.searching import index_caught_up

WHO = Actor("lone")
pytestmark = pytest.mark.django_db


def test_a_new_authority_takes_the_records_that_use_any_of_its_forms():
    written = [make_record(f"Bog {n}", creators=[name], roles={name: ["aut"]})
               for n, name in enumerate(["Karen Blixen", "Isak Dinesen", "Blixen, Karen",
                                         "Karen Blixen"])]
    other = make_record("Andet", creators=["Johannes V. Jensen"])
    person, changed = authorities.save_authority(
        WHO, None, kind="person", name="Karen Blixen",
        see_from=["Isak Dinesen", "Blixen, Karen"])
    assert changed == 2  # two were written in another form; two were already right
    for record in written:
        record.refresh_from_db()
        assert record.creators == ["Karen Blixen"] and record.roles == {"Karen Blixen": ["aut"]}
    assert AuthorityLink.objects.filter(authority=person).count() == 4
    assert not AuthorityLink.objects.filter(record=other).exists()


def test_a_record_saved_later_in_a_see_reference_form_comes_out_preferred():
    authorities.save_authority(WHO, None, kind="subject", name="Anden Verdenskrig",
                               see_from=["2. verdenskrig", "Verdenskrig II"])
    record = make_record("Besættelsen", subjects=["Verdenskrig II", "Danmark"])
    assert record.subjects == ["Anden Verdenskrig", "Danmark"]
    assert record.authority_links.count() == 1


def test_a_rename_reaches_every_record_in_search_too():
    authorities.save_authority(WHO, None, kind="genre", name="krimi", see_from=[])
    records = [make_record(f"Krimi {n}", genres=["krimi"]) for n in range(7)]
    index_caught_up()
    genre = Authority.objects.get(name="krimi")
    _, changed = authorities.save_authority(WHO, 1, kind="genre", name="Krimier",
                                            see_from=[], authority=genre)
    assert changed == 7
    assert Record.objects.filter(genres=["Krimier"]).count() == 7
    genre.refresh_from_db()
    assert genre.see_from == ["krimi"]  # the old form leads to the new
    assert make_record("Krimi 8", genres=["krimi"]).genres == ["Krimier"]
    change = StaffChange.objects.get(model="catalogue.authority", action="update")
    assert change.changes["name"] == ["krimi", "Krimier"] and change.changes["records"] == 7
    index_caught_up()
    page = Client().get("/?q=krimi&genre=Krimier").content.decode()
    assert all(r.title in page for r in records)


def test_one_form_leads_to_one_authority_of_a_kind():
    authorities.save_authority(WHO, None, kind="person", name="Karen Blixen",
                               see_from=["Isak Dinesen"])
    with pytest.raises(DomainError) as refused:
        authorities.save_authority(WHO, None, kind="person", name="Isak Dinesen", see_from=[])
    assert refused.value.code == "authority_form_taken"
    # Another kind may use the same words: a person is not a subject.
    authorities.save_authority(WHO, None, kind="subject", name="Karen Blixen", see_from=[])


def test_a_rename_that_fails_changes_nothing():
    authorities.save_authority(WHO, None, kind="person", name="Tove Ditlevsen", see_from=[])
    other, _ = authorities.save_authority(WHO, None, kind="person", name="Karen Blixen",
                                          see_from=[])
    record = make_record("Barndom", creators=["Tove Ditlevsen"])
    with pytest.raises(DomainError):
        authorities.save_authority(WHO, None, kind="person", name="Karen Blixen",
                                   see_from=[], authority=Authority.objects.get(
                                       name="Tove Ditlevsen"))
    record.refresh_from_db()
    assert record.creators == ["Tove Ditlevsen"] and other.name == "Karen Blixen"


def test_staff_rename_on_the_page_and_desk_staff_may_not(network):
    authorities.save_authority(WHO, None, kind="person", name="Blixen", see_from=[])
    records = [make_record(f"Bog {n}", creators=["Blixen"]) for n in range(3)]
    person = Authority.objects.get(name="Blixen")
    desk = staff(network.glostrup, "desk", "desk")
    assert desk.get("/staff/authorities/").status_code == 403
    assert desk.post(f"/staff/authorities/{person.pk}/", {
        "name": "Karen Blixen", "see_from": ""}).status_code == 403
    client = staff(network.glostrup)
    answer = client.post(f"/staff/authorities/{person.pk}/",
                         {"name": "Karen Blixen", "see_from": "Isak Dinesen"},
                         headers={"accept-language": "da"}, follow=True)
    assert "Gemt: 3 poster bruger nu denne form." in answer.content.decode()
    assert {tuple(r.creators) for r in Record.objects.filter(pk__in=[r.pk for r in records])} \
        == {("Karen Blixen",)}
    change = StaffChange.objects.get(model="catalogue.authority", action="update")
    assert (change.actor, change.library_id) == ("lone", network.glostrup.pk)
