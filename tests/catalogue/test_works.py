"""Works: the rules on the demo's real records, and the grouping kept in step on every save,
with staff able to split and join."""

import pytest

from reol.catalogue import demo, rules, works
from reol.catalogue.models import Record, Work
from reol.catalogue.services import RecordData, save_record, save_records
from reol.core.actor import Actor
from reol.core.models import StaffChange
from tests.factories import make_record


@pytest.fixture(scope="module")
def demo_works() -> dict[str, str]:
    records = demo.demo_records()
    facts = [rules.WorkFacts(i, d.data.title, works._with_role(d.data.creators, d.data.roles),
                             d.data.material_type) for i, d in enumerate(records)]
    keys = rules.work_keys(facts)
    return {records[i].data.pid: key for i, key in keys.items()}


def test_both_editions_and_the_film_of_harry_potter_are_one_work(demo_works):
    books = {demo_works["870970-basis:22252852"], demo_works["870970-basis:22629344"]}
    assert books == {demo_works["300710-katalog:101205355"]}  # the film, by its director


def test_the_book_and_the_film_of_kvinden_i_buret_are_one_work(demo_works):
    # The film names Adler-Olsen as "ant": the author of the book it was made from.
    assert demo_works["870970-basis:26923530"] == demo_works["870970-basis:50718441"]


def test_different_books_of_one_author_are_different_works(demo_works):
    assert demo_works["870970-basis:22252852"] != demo_works["870970-basis:26923530"]


def test_untitled_records_are_never_one_work():
    keys = rules.work_keys([rules.WorkFacts(1, "(uden titel)"), rules.WorkFacts(2, "(uden titel)")])
    assert keys[1] != keys[2]


def test_name_order_initials_and_relator_codes_do_not_split_a_work():
    keys = {rules.name_role(n)[0] for n in
            ("Jussi Adler-Olsen", "Adler-Olsen, Jussi", "Adler-Olsen Jussi ant")}
    assert len(keys) == 1
    assert rules.name_role("Rowling, Joanne K.")[0] == rules.name_role("Joanne K. Rowling")[0]


def test_a_translation_joins_its_original_by_the_original_title():
    keys = rules.work_keys([
        rules.WorkFacts(1, "Gone girl", ("Gillian Flynn",)),
        rules.WorkFacts(2, "Kvinden der forsvandt", ("Flynn, Gillian",), "book", "Gone girl"),
        rules.WorkFacts(3, "Kvinden der forsvandt", ("Fincher David drt",), "film"),
    ])
    assert keys[1] == keys[2] == keys[3]


def test_a_film_is_its_own_work_when_the_title_names_two_works():
    keys = rules.work_keys([
        rules.WorkFacts(1, "Hamlet", ("William Shakespeare",)),
        rules.WorkFacts(2, "Hamlet", ("Ole Olsen",)),
        rules.WorkFacts(3, "Hamlet", ("Kenneth Branagh",), "film"),
    ])
    assert len({keys[1], keys[2], keys[3]}) == 3


def test_an_audiobook_shares_the_work_of_the_book():
    keys = rules.work_keys([
        rules.WorkFacts(1, "Det syvende barn", ("Erik Valeur",)),
        rules.WorkFacts(2, "Det syvende barn : roman", ("Erik Valeur",), "audiobook"),
    ])
    assert keys[1] == keys[2]


@pytest.mark.django_db
def test_a_saved_record_joins_the_work_of_its_other_editions():
    book = make_record("Kvinden i buret : krimi", creators=["Jussi Adler-Olsen"])
    film = make_record("Kvinden i buret", creators=["Adler-Olsen Jussi ant"],
                       material_type="film")
    book.refresh_from_db()
    film.refresh_from_db()
    assert book.work_id == film.work_id and book.work.title == "Kvinden i buret"


@pytest.mark.django_db
def test_an_imported_batch_is_grouped_and_a_new_title_moves_a_record_out():
    saved = save_records([
        RecordData(pid="870970-basis:1", title="Drageløberen", creators=["Khaled Hosseini"]),
        RecordData(pid="870970-basis:2", title="Drageløberen", creators=["Marc Forster"],
                   material_type="film"),
    ])
    first, second = (Record.objects.get(pk=s.record.pk) for s in saved)
    assert first.work_id == second.work_id
    save_record(RecordData(pid="870970-basis:1", title="Tusind strålende sole",
                           creators=["Khaled Hosseini"]))
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.work_id != second.work_id
    assert Work.objects.filter(records__isnull=True).count() == 0


@pytest.mark.django_db
def test_staff_split_and_join_stay_and_are_on_the_staff_record():
    book = make_record("Dødsenglen : krimi", creators=["Sara Blædel"])
    film = make_record("Dødsenglen", creators=["Mankell Henning"], material_type="film")
    film.refresh_from_db()
    book.refresh_from_db()
    assert film.work_id == book.work_id
    who = Actor("kirsten")
    own = works.split(film, who)
    save_record(RecordData(pid=film.pid, title="Dødsenglen", creators=["Mankell Henning"],
                           material_type="film"))
    film.refresh_from_db()
    assert film.work_id == own.pk != book.work_id
    works.join(film, book.work, who)
    film.refresh_from_db()
    assert film.work_id == book.work_id and film.work_fixed
    assert not Work.objects.filter(pk=own.pk).exists()
    rows = StaffChange.objects.filter(model="catalogue.record", object_id=str(film.pk))
    assert [r.changes["how"] for r in rows.order_by("id")] == ["split", "join"]
    assert {r.actor for r in rows} == {"kirsten"}


@pytest.mark.django_db
def test_collection_staff_split_a_film_off_on_the_staff_page_and_desk_staff_may_not(network):
    from django.contrib.auth.models import User
    from django.test import Client

    from reol.core.roles import grant

    book = make_record("Dødsenglen : krimi", creators=["Sara Blædel"])
    film = make_record("Dødsenglen", creators=["Mankell Henning"], material_type="film")
    film.refresh_from_db()
    desk, keeper = (User.objects.create_user(name, password="x") for name in ("desk", "keeper"))
    grant(desk, network.glostrup, "desk")
    grant(keeper, network.glostrup, "cataloguing")
    client = Client()
    client.force_login(desk)
    assert client.get(f"/staff/works/{film.work_id}/").status_code == 403
    client.force_login(keeper)
    page = client.get(f"/staff/works/{film.work_id}/")
    assert "Dødsenglen" in page.content.decode()
    answer = client.post(f"/staff/works/{film.work_id}/", {"record": film.pk, "action": "split"})
    film.refresh_from_db()
    book.refresh_from_db()
    assert answer.status_code == 302 and film.work_id != book.work_id and film.work_fixed
    row = StaffChange.objects.get(model="catalogue.record", object_id=str(film.pk))
    assert row.actor == "keeper" and row.library_id == network.glostrup.pk
    client.post(f"/staff/works/{film.work_id}/",
                {"record": film.pk, "action": "join", "target": book.pid})
    film.refresh_from_db()
    assert film.work_id == book.work_id


def test_marc_240_gives_a_translation_its_original_title():
    from pymarc import Field, Indicators, Subfield
    from pymarc import Record as Marc

    from reol.catalogue import marc

    record = Marc(leader="00000nam a2200000 c 4500", force_utf8=True)
    record.add_field(Field(tag="001", data="12345678"))
    record.add_field(Field(tag="240", indicators=Indicators("1", "0"),
                           subfields=[Subfield("a", "Gone girl")]))
    record.add_field(Field(tag="245", indicators=Indicators("1", "0"),
                           subfields=[Subfield("a", "Kvinden der forsvandt")]))
    assert marc.record_data(record).original_title == "Gone girl"
