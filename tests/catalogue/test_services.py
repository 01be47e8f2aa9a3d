from reol.catalogue.models import Record
from reol.catalogue.services import RecordData, save_record, save_records
from reol.search.services import parse_query, search
from tests.searching import index_caught_up


def test_saving_a_record_twice_by_pid_updates_it(db):
    first, created = save_record(RecordData(pid="870970-basis:1", title="Gammel"))
    again, created_again = save_record(RecordData(pid="870970-basis:1", title="Ny",
                                                  isbns=["0-306-40615-2", "not an isbn"]))
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk and Record.objects.get().title == "Ny"
    assert again.isbns == ["9780306406157"]


def test_a_refused_record_in_a_batch_is_rolled_back_alone(db):
    outcomes = save_records([
        RecordData(pid="870970-basis:1", title="Hesten"),
        RecordData(pid="870970-basis:2", title=""),
        RecordData(pid="870970-basis:3", title="Hesten og tigeren", material_type="spaceship"),
        RecordData(pid="870970-basis:4", title="Heste i Danmark"),
    ])
    assert [bool(o.record) for o in outcomes] == [True, False, False, True]
    assert outcomes[1].error == "The record has no title."
    assert "spaceship" in outcomes[2].error
    assert sorted(Record.objects.values_list("pid", flat=True)) == [
        "870970-basis:1", "870970-basis:4"]


def test_a_batch_is_searchable_when_it_ends(db):
    save_records([RecordData(pid=f"870970-basis:{n}", title=f"Hest {n}") for n in range(30)])
    index_caught_up()  # the worker's next step; a search itself writes nothing
    assert search(parse_query("hest", {}, 1, 10)).count == 30


def test_a_batch_mixing_new_known_repeated_and_refused_records_keeps_the_good_ones(db):
    """New records go in together; a known pid, a pid twice and a row the database refuses
    (a negative year breaks the column's check) each go alone, and the rest are kept."""
    from reol.catalogue import authorities
    from reol.catalogue.models import AuthorityLink, RecordIsbn
    from reol.core.actor import Actor

    person, _ = authorities.save_authority(Actor("lone"), None, kind="person",
                                           name="Karen Blixen", see_from=["Isak Dinesen"])
    save_record(RecordData(pid="870970-basis:1", title="Gammel"))
    outcomes = save_records([
        RecordData(pid="870970-basis:1", title="Ny"),
        RecordData(pid="870970-basis:2", title="Første", isbns=["0-306-40615-2"]),
        RecordData(pid="870970-basis:2", title="Anden"),
        RecordData(pid="870970-basis:4", title="Vinter-eventyr", creators=["Isak Dinesen"],
                   isbns=["9788702000000", "0-306-40615-2"]),
    ])
    assert [o.created for o in outcomes] == [False, True, False, True]
    refused = save_records([RecordData(pid="870970-basis:3", title="Umulig", year=-1),
                            RecordData(pid="870970-basis:5", title="Sommer")])
    assert refused[0].error and refused[1].created
    stored = dict(Record.objects.values_list("pid", "title"))
    assert stored == {"870970-basis:1": "Ny", "870970-basis:2": "Anden",
                      "870970-basis:4": "Vinter-eventyr", "870970-basis:5": "Sommer"}
    winter = Record.objects.get(pid="870970-basis:4")
    assert winter.creators == ["Karen Blixen"]
    assert AuthorityLink.objects.get(record=winter).authority == person
    assert sorted(RecordIsbn.objects.filter(isbn="9780306406157")
                  .values_list("record__pid", flat=True)) == ["870970-basis:4"]
    index_caught_up()
    assert search(parse_query("vinter-eventyr", {}, 1, 10)).count == 1
