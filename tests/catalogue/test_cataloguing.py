"""Staff catalogue in the record form and add copies in bulk: checked input, every error at
once, all or nothing, and every change on the staff record, in search and in the works."""


import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from reol.catalogue import marc
from reol.catalogue.models import Item, Record
from reol.core.models import StaffChange
from reol.core.roles import grant
from tests.factories import make_item, make_record
from tests.searching import index_caught_up

FORM = {"title": "Kongens Fald", "creators": "Johannes V. Jensen", "material_type": "book",
        "audience": "adult", "language": "dan", "year": "1901", "isbns": "978-87-02-17335-2",
        "subjects": "Christian II\nDanmark", "genres": "historiske romaner"}


def staff(library, name: str = "lone", role: str = "cataloguing") -> Client:
    user = User.objects.create_user(name, password="x" * 12)
    grant(user, library, role)
    client = Client()
    client.force_login(user)
    return client


def page(response) -> str:
    return response.content.decode()


def test_a_cataloguer_makes_a_record_that_search_and_the_staff_record_then_know(network):
    client = staff(network.glostrup)
    answer = client.post("/staff/records/new/", FORM)
    assert answer.status_code == 302
    record = Record.objects.get(title="Kongens Fald")
    assert record.pid.startswith("716100-katalog:")
    assert (record.creators, record.year, record.isbns) == (
        ["Johannes V. Jensen"], 1901, ["9788702173352"])
    assert record.work_id is not None  # grouped into a work at once
    change = StaffChange.objects.get(model="catalogue.record", object_id=str(record.pk))
    assert (change.actor, change.action, change.library_id) == ("lone", "create",
                                                                 network.glostrup.pk)
    assert change.changes["title"] == [None, "Kongens Fald"]
    index_caught_up()
    assert "Kongens Fald" in page(Client().get("/?q=christian"))


def test_the_form_shows_every_error_at_once_in_danish_and_stores_nothing(network):
    client = staff(network.glostrup)
    answer = client.post("/staff/records/new/", {
        **FORM, "title": " ", "isbns": "978-87-02-17335-8", "issn": "0317-8472",
        "year": str(timezone.localdate().year + 2), "language": "klingonsk"},
        headers={"accept-language": "da"})
    assert answer.status_code == 400
    text = page(answer)
    assert "Posten har ingen titel." in text
    assert "ISBN er forkert" in text and "978-87-02-17335-8" in text
    assert "ISSN er forkert" in text
    assert f"må højst være {timezone.localdate().year + 1}" in text
    assert "Ukendt sprogkode: klingonsk" in text
    assert "Titel : undertitel (245 $a $b)" in text  # Danish labels, MARC tags behind them
    assert not Record.objects.exists()


def test_an_edit_reaches_search_the_work_and_the_staff_record(network):
    record = make_record("Kongens Fald", creators=["Johannes V. Jensen"], language="dan")
    make_item(record, network.glostrup_main)
    index_caught_up()
    client = staff(network.glostrup)
    form = client.get(f"/staff/records/{record.pid}/edit/")
    assert form.status_code == 200 and "Johannes V. Jensen" in page(form)
    work = record.work_id
    answer = client.post(f"/staff/records/{record.pid}/edit/",
                         {**FORM, "title": "Himmerlandshistorier : noveller",
                          "subjects": "Lindholm"})
    assert answer.status_code == 302
    record.refresh_from_db()
    assert record.title == "Himmerlandshistorier : noveller" and record.subjects == ["Lindholm"]
    assert record.work_id != work and record.work.title == "Himmerlandshistorier"
    change = StaffChange.objects.filter(model="catalogue.record", action="update").get()
    assert change.changes["title"] == ["Kongens Fald", "Himmerlandshistorier : noveller"]
    assert "creators" not in change.changes  # only what changed
    index_caught_up()
    assert "Himmerlandshistorier" in page(Client().get("/?q=lindholm"))


def test_who_may_change_a_record(network):
    record = make_record("Kongens Fald")
    make_item(record, network.randers_main)
    url = f"/staff/records/{record.pid}/edit/"
    glostrup_cataloguer = staff(network.glostrup, "cat-g")  # Glostrup owns no copy
    for client in (staff(network.glostrup, "desk-g", "desk"),
                   staff(network.randers, "desk-r", "desk"), glostrup_cataloguer):
        assert client.get(url).status_code == 403
        assert client.post(url, FORM).status_code == 403
    # A new record is any cataloguer's to make; never the desk's.
    assert glostrup_cataloguer.get("/staff/records/new/").status_code == 200
    assert staff(network.randers, "desk-new", "desk").get("/staff/records/new/").status_code \
        == 403
    assert staff(network.randers, "cat-r").get(url).status_code == 200
    assert staff(network.randers, "leader-r", "leader").get(url).status_code == 200
    network_admin = staff(network.glostrup, "net", "network")
    assert network_admin.post(url, FORM).status_code == 302
    assert Client().get(url).status_code == 302  # to the log-in
    assert Record.objects.get(pk=record.pk).title == "Kongens Fald"


def test_copies_in_bulk_from_a_range(network):
    record = make_record("Kongens Fald")
    client = staff(network.glostrup)
    answer = client.post(f"/staff/records/{record.pid}/copies/", {
        "barcodes": "5000123-5000222", "branch": network.glostrup_main.pk,
        "shelf": "Romaner", "loan_category": "short"})
    assert answer.status_code == 302
    copies = Item.objects.filter(record=record)
    assert copies.count() == 100
    assert {(c.library_id, c.shelf_location, c.loan_category) for c in copies} == {
        (network.glostrup.pk, "Romaner", "short")}
    change = StaffChange.objects.get(model="catalogue.item")
    assert change.changes["copies"] == 100 and change.changes["barcodes"][0] == "5000123"
    index_caught_up()
    assert "Kongens Fald" in page(Client().get("/?q=kongens&library=716100"))


def test_copies_all_or_nothing_with_every_refused_barcode_named(network):
    record = make_record("Kongens Fald")
    taken = make_item(make_record("Andet"), network.glostrup_main)
    client = staff(network.glostrup)
    answer = client.post(f"/staff/records/{record.pid}/copies/", {
        "barcodes": f"9001\n9002\n9001\n{taken.barcode}\nabc/1",
        "branch": network.glostrup_main.pk, "loan_category": "standard"},
        headers={"accept-language": "en"})
    assert answer.status_code == 400
    text = page(answer)
    assert "given more than once: 9001" in text
    assert f"other copies already have these barcodes: {taken.barcode}" in text
    assert "cannot be read: abc/1" in text
    assert not Item.objects.filter(record=record).exists()


def test_copies_only_at_branches_of_ones_own_library_and_not_by_desk_staff(network):
    record = make_record("Kongens Fald")
    wanted = {"barcodes": "9001", "branch": network.randers_main.pk,
              "loan_category": "standard"}
    answer = staff(network.glostrup).post(f"/staff/records/{record.pid}/copies/", wanted)
    assert answer.status_code == 400  # Randers' branch is no choice for Glostrup
    desk = staff(network.randers, "desk-r", "desk")
    assert desk.post(f"/staff/records/{record.pid}/copies/", wanted).status_code == 403
    assert not Item.objects.exists()


def test_records_from_a_marc_file_are_created_and_one_already_there_is_left(network):
    there = make_record("Findes allerede", pid="870970-basis:11111111")
    new = make_record("Ny bog", pid="870970-basis:22222222", isbns=["9788702173352"])
    data = b"".join(marc.to_marc(r).as_marc() for r in (there, new))
    new.delete()
    answer = staff(network.glostrup).post("/staff/catalogue/", {
        "file": SimpleUploadedFile("poster.mrc", data)}, headers={"accept-language": "en"})
    assert answer.status_code == 200
    text = page(answer)
    assert "1 record created." in text
    assert "The record 870970-basis:11111111 is already in the catalogue." in text
    assert Record.objects.get(pid="870970-basis:22222222").isbns == ["9788702173352"]
    assert StaffChange.objects.filter(model="catalogue.record", action="create").count() == 1


def test_desk_staff_may_not_create_records_from_a_file(network):
    answer = staff(network.glostrup, "desk", "desk").post("/staff/catalogue/", {
        "file": SimpleUploadedFile("poster.mrc", b"")})
    assert answer.status_code == 403


@pytest.mark.parametrize("role", ["cataloguing", "leader"])
def test_the_cataloguing_page_finds_a_record_by_isbn(network, role):
    record = make_record("Kongens Fald", isbns=["87-02-17335-2"])
    answer = staff(network.glostrup, role=role).get("/staff/catalogue/?q=9788702173352")
    assert answer.status_code == 200
    assert f"/staff/records/{record.pid}/edit/" in page(answer)


def test_the_librarys_leader_reads_who_catalogued_what_on_the_staff_record(network):
    staff(network.glostrup).post("/staff/records/new/", FORM)
    authorities_page = staff(network.glostrup, "kat2").post("/staff/authorities/", {
        "kind": "person", "name": "Johannes V. Jensen", "see_from": "Jensen, Johannes V."})
    assert authorities_page.status_code == 302
    shown = staff(network.glostrup, "leder", "leader").get(
        "/staff/record/", headers={"accept-language": "en"}).content.decode()
    assert "lone" in shown and "kat2" in shown
    assert "Kongens Fald" in shown and "Authority" in shown
    elsewhere = staff(network.randers, "leder-r", "leader").get("/staff/record/")
    assert "Kongens Fald" not in elsewhere.content.decode()
