"""Stocktaking (issue 16, point 3): scan a shelf, a section or a branch; the report's lists;
on-loan copies found on the shelf checked in; confirmation makes the rest missing."""

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from reol.catalogue.models import CopyStatusChange, Item
from reol.circulation import services
from reol.circulation.models import Loan, Reservation
from reol.circulation.reservations import place_reservation
from reol.collection import stocktake
from reol.collection.models import Stocktake
from reol.core.actor import acting_as
from reol.core.models import StaffChange
from reol.core.roles import grant
from reol.errors import DomainError
from reol.libraries.models import Branch
from tests.factories import make_item, make_patron, make_record


def staff(library, role: str = "desk", name: str = "birte") -> User:
    user = User.objects.create_user(name, password="hemmelig-42")
    grant(user, library, role)
    return user


def shelved(branch: Branch, shelf: str, title: str = "Bog", status: str = "available",
            record=None) -> Item:
    copy = make_item(record or make_record(title), branch, status=status)
    Item.objects.filter(pk=copy.pk).update(shelf_location=shelf)
    copy.shelf_location = shelf
    return copy


@pytest.fixture
def shelves(network):
    """Glostrup's adult section of two shelves, a children's shelf, and odd cases."""
    main = network.glostrup_main
    annex = Branch.objects.create(library=network.glostrup, code="glostrup-filial",
                                  name="Glostrup Filial", kind="branch")
    seen = [shelved(main, "Voksen · 77.7", f"Set {n}") for n in range(3)]
    unseen = [shelved(main, "Voksen · 99.4", f"Væk {n}") for n in range(2)]
    children = shelved(main, "Børn · 77.7", "Billedbog")
    lent = shelved(main, "Voksen · 77.7", "Udlånt")
    loan = services.check_out(make_patron(network.glostrup), lent.barcode, "glostrup")
    withdrawn = shelved(main, "Voksen · 77.7", "Kasseret", status="withdrawn")
    from_annex = shelved(annex, "Voksen · 77.7", "Filialens")
    randers_here = shelved(network.randers_main, "Voksen · 77.7", "Randers'")
    # A Randers copy standing in Glostrup is never Glostrup's to make missing.
    Item.objects.filter(pk=randers_here.pk).update(current_branch=main, home_branch=main)
    return {"seen": seen, "unseen": unseen, "children": children, "lent": lent, "loan": loan,
            "withdrawn": withdrawn, "annex": from_annex, "randers": randers_here}


def counted(user, branch, scope="section", value="Voksen"):
    with acting_as(user.username, user):
        return stocktake.start(user, branch, scope, value)


def scan_all(user, taken, barcodes):
    with acting_as(user.username, user):
        return [stocktake.scan(user, taken, b) for b in barcodes]


def test_the_report_has_the_four_lists_and_checks_in_what_was_lent(network, shelves):
    birte = staff(network.glostrup)
    taken = counted(birte, network.glostrup_main)
    scans = scan_all(birte, taken, [c.barcode for c in shelves["seen"]] + [
        shelves["children"].barcode, shelves["lent"].barcode, shelves["withdrawn"].barcode,
        shelves["annex"].barcode, "999-ukendt", shelves["seen"][0].barcode])
    assert [s.kind for s in scans] == ["expected"] * 3 + [
        "wrong_place", "checked_in", "withdrawn", "wrong_place", "unknown", "expected"]
    assert scans[-1].repeated
    report = stocktake.report(taken)
    assert report.counts == {"not_scanned": 2, "wrong_place": 2, "checked_in": 1,
                             "withdrawn": 1, "unknown": 1}
    assert {c.barcode for c in report.page} == {c.barcode for c in shelves["unseen"]}
    loan = Loan.objects.get(pk=shelves["loan"].pk)
    assert loan.returned is not None and loan.returned_branch == network.glostrup_main
    lent = Item.objects.get(pk=shelves["lent"].pk)
    assert lent.status == "available"


def test_confirming_makes_the_unscanned_missing_with_the_stocktakes_reason(network, shelves):
    birte = staff(network.glostrup)
    taken = counted(birte, network.glostrup_main)
    scan_all(birte, taken, [c.barcode for c in shelves["seen"]])
    with acting_as("birte", birte):
        missing = stocktake.confirm(birte, taken)
    assert missing == 2
    statuses = dict(Item.objects.values_list("barcode", "status"))
    assert {statuses[c.barcode] for c in shelves["unseen"]} == {"missing"}
    # Out of scope, another library's copy standing here and another branch's: untouched.
    for key in ("children", "randers", "annex"):
        assert statuses[shelves[key].barcode] == "available"
    assert {statuses[c.barcode] for c in shelves["seen"]} == {"available"}
    reason = f"stocktake {timezone.localdate().isoformat()}"
    history = CopyStatusChange.objects.filter(reason=reason)
    assert sorted(history.values_list("item__barcode", flat=True)) == sorted(
        c.barcode for c in shelves["unseen"])
    assert {(h.old_status, h.status, h.user) for h in history} == {("available", "missing",
                                                                    birte)}
    record = StaffChange.objects.filter(model="catalogue.item", user=birte)
    assert record.count() == 2
    assert record.first().changes == {"status": ["available", "missing"],
                                      "reason": [None, reason]}
    taken.refresh_from_db()
    assert taken.state == Stocktake.State.CONFIRMED and taken.missing == 2
    with pytest.raises(DomainError) as again:
        scan_all(birte, taken, [shelves["unseen"][0].barcode])
    assert again.value.code == "stocktake_closed"


def test_a_copy_made_missing_by_a_stocktake_gives_up_its_reservation(network):
    record = make_record("Kongens Fald")
    gone = shelved(network.glostrup_main, "Voksen · 1", record=record)
    reservation = place_reservation(make_patron(network.glostrup), record, "glostrup")
    assert reservation.item_id == gone.pk
    other = shelved(network.glostrup_main, "Voksen · 2", record=record)
    birte = staff(network.glostrup)
    taken = counted(birte, network.glostrup_main, "shelf", "Voksen · 1")
    with acting_as("birte", birte):
        assert stocktake.confirm(birte, taken) == 1
    reservation.refresh_from_db()
    assert reservation.status == Reservation.Status.ALLOCATED
    assert reservation.item_id == other.pk


def test_an_uploaded_list_counts_like_scans(network, shelves):
    birte = staff(network.glostrup)
    taken = counted(birte, network.glostrup_main, "branch", "")
    text = "stregkode;tid\n" + "".join(f"{c.barcode};2026-12-01 10:00\n"
                                       for c in shelves["seen"] * 2) + "\n\"ukendt-1\"\n"
    with acting_as("birte", birte):
        done = stocktake.upload(birte, taken, text)
    assert (done.barcodes, done.added, done.checked_in) == (4, 4, 0)
    report = stocktake.report(taken)
    assert report.scanned == 4 and report.counts["unknown"] == 1
    # The whole branch: both shelves of the adult section and the children's shelf.
    assert report.counts["not_scanned"] == 3
    with pytest.raises(DomainError) as empty:
        stocktake.upload(birte, taken, "\n\nbarcode\n")
    assert empty.value.code == "no_barcodes"


def test_the_report_is_read_a_page_at_a_time(network):
    birte = staff(network.glostrup)
    for n in range(stocktake.PAGE + 5):
        shelved(network.glostrup_main, "Voksen · 1", f"Bog {n}")
    taken = counted(birte, network.glostrup_main, "branch", "")
    first = stocktake.report(taken)
    assert len(first.page) == stocktake.PAGE and first.page.has_next()
    second = stocktake.report(taken, "not_scanned", 2)
    assert len(second.page) == 5
    assert not {c.pk for c in first.page} & {c.pk for c in second.page}


def test_a_stocktake_needs_a_scope(network):
    birte = staff(network.glostrup)
    for scope, value in (("section", ""), ("shelf", "  "), ("room", "x")):
        with pytest.raises(DomainError) as refusal:
            counted(birte, network.glostrup_main, scope, value)
        assert refusal.value.code == "bad_stocktake_scope"


def test_never_across_library_lines(network, shelves):
    randers_desk = staff(network.randers, name="rasmus")
    with pytest.raises(DomainError) as start:
        counted(randers_desk, network.glostrup_main)
    assert start.value.code == "not_your_library"
    birte = staff(network.glostrup)
    taken = counted(birte, network.glostrup_main)
    for act in (lambda: stocktake.scan(randers_desk, taken, shelves["seen"][0].barcode),
                lambda: stocktake.upload(randers_desk, taken, shelves["seen"][0].barcode),
                lambda: stocktake.confirm(randers_desk, taken),
                lambda: stocktake.opened(randers_desk, taken.pk)):
        with pytest.raises(DomainError) as refusal:
            act()
        assert refusal.value.code == "not_your_library"
    events = staff(network.glostrup, "events", name="eva")
    with pytest.raises(DomainError) as role:
        stocktake.confirm(events, taken)
    assert role.value.code == "not_allowed"
    assert not Item.objects.filter(status="missing").exists()


def test_the_pages_scan_upload_and_confirm(network, shelves):
    client = Client()
    client.force_login(staff(network.glostrup))
    started = client.post("/staff/stocktakes/?branch=glostrup",
                          {"scope": "section", "value": "Voksen"})
    taken = Stocktake.objects.get()
    assert started.status_code == 302 and started["Location"] == f"/staff/stocktakes/{taken.pk}/"
    url = f"/staff/stocktakes/{taken.pk}/"
    page = client.post(url + "scan/", {"barcode": shelves["seen"][0].barcode}, follow=True,
                       HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"{shelves['seen'][0].barcode}: in its place" in page
    listed = "".join(f"{c.barcode}\n" for c in shelves["seen"][1:])
    page = client.post(url + "upload/", {"file": SimpleUploadedFile("scan.txt", listed.encode())},
                       follow=True, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 barcodes read, 2 new; 0 checked in." in page
    assert all(c.barcode in page for c in shelves["unseen"])  # the not-scanned list
    page = client.post(url + "confirm/", follow=True,
                       HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Stocktake confirmed: 2 copies are now missing." in page
    other = Client()
    other.force_login(staff(network.randers, name="rasmus"))
    assert other.get(url).status_code == 403
