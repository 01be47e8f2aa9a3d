"""Every operation of the FBS Adapter over HTTP, each answer checked against the description;
and that what FBS says is what reol's own API says, at the same moment."""

from reol.catalogue.models import Item
from reol.circulation.models import Loan, Reservation
from reol.core.models import Event
from reol.fbs import rules
from tests.factories import make_item, make_patron

PATRON = "/external/agencyid/patrons/patronid"
RESERVATIONS = "/external/v1/agencyid/patrons/patronid/reservations"


def faust(record) -> str:
    return record.pid.rpartition(":")[2]


def test_the_patron_apps_read_the_patrons_loans_reservations_and_fees(bearer, fbs, shelf, network):
    me = bearer(network.glostrup, shelf.patron)
    found = fbs.call("GET", f"{PATRON}/v4", me).json()
    assert found["authenticateStatus"] == "VALID"
    assert found["patron"]["patronId"] == rules.patron_id(shelf.patron.card, shelf.patron.pk)
    assert found["patron"]["blockStatus"] == []
    assert found["patron"]["preferredPickupBranch"] == "DK-716100"

    loans = {loan["loanDetails"]["loanId"]: loan
             for loan in fbs.call("GET", f"{PATRON}/loans/v2", me).json()}
    assert set(loans) == {shelf.renewable.pk, shelf.reserved.pk}
    details = loans[shelf.renewable.pk]["loanDetails"]
    assert details["dueDate"] == shelf.renewable.due.isoformat()
    assert details["recordId"] == faust(shelf.records[0])
    assert details["loanType"] == "loan"
    assert loans[shelf.renewable.pk]["isRenewable"] is True
    assert loans[shelf.reserved.pk]["isRenewable"] is False
    assert loans[shelf.reserved.pk]["renewalStatusList"] == ["deniedReserved"]

    for path, version in ((f"{RESERVATIONS}/v2", 2), (RESERVATIONS, 1)):
        states = {r["reservationId"]: r for r in fbs.call("GET", path, me).json()}
        assert set(states) == {shelf.waiting.pk, shelf.ready.pk}
        assert states[shelf.waiting.pk]["state"] == "reserved"
        assert states[shelf.waiting.pk]["numberInQueue"] == 1
        assert states[shelf.waiting.pk]["recordId"] == faust(shelf.records[2])
        ready = Reservation.objects.get(pk=shelf.ready.pk)
        assert states[shelf.ready.pk]["state"] == rules.reservation_state(ready.status)
        assert ("loanType" in states[shelf.waiting.pk]) == (version == 1)

    fees = fbs.call("GET", "/external/agencyid/patron/patronid/fees/v2", me,
                    params={"includepaid": "false", "includenonpayable": "true"}).json()
    assert [(f["feeId"], f["amount"], f["type"]) for f in fees] == [(shelf.fee.pk, 25.0, "fee")]
    assert fbs.call("GET", "/external/agencyid/patron/patronid/fees/v2", me,
                    params={"includepaid": "false", "includenonpayable": "false"}).json() == []


def test_branches_availability_and_holdings_speak_faust_and_dk_identifiers(bearer, fbs, shelf,
                                                                           network):
    site = bearer(network.glostrup)
    make_item(shelf.records[4], network.randers_main)  # another library's copy: not held here
    assert fbs.call("GET", "/external/v1/agencyid/branches", site).json() == [
        {"branchId": "DK-716100", "title": "Glostrup Bibliotek"}]
    assert fbs.call("GET", "/external/v1/agencyid/branches", site,
                    params={"exclude": "DK-716100"}).json() == []
    ids = [faust(shelf.records[4]), faust(shelf.records[2]), "99999999"]
    availability = fbs.call("GET", "/external/agencyid/catalog/availability/v3", site,
                            params={"recordid": ids}).json()
    assert availability == [
        {"recordId": ids[0], "available": True, "reservable": True, "reservations": 0},
        {"recordId": ids[1], "available": False, "reservable": True, "reservations": 1},
        {"recordId": "99999999", "available": False, "reservable": False, "reservations": 0},
    ]
    assert fbs.call("GET", "/external/agencyid/catalog/availability/v3", site,
                    params={"recordid": ",".join(ids)}).json() == availability
    holdings = fbs.call("GET", "/external/agencyid/catalog/holdingsLogistics/v1", site,
                        params={"recordid": ids[:2]}).json()
    assert [h["recordId"] for h in holdings] == ids[:2]
    assert [(p["branch"]["branchId"], [m["available"] for m in p["materials"]])
            for p in holdings[0]["holdings"]] == [("DK-716100", [True])]
    assert [m["available"] for m in holdings[1]["holdings"][0]["materials"]] == [False]


def test_a_renewal_through_fbs_is_the_desks_renewal(bearer, fbs, shelf, network, client):
    me = bearer(network.glostrup, shelf.patron)
    before = Event.objects.filter(kind=Event.Kind.RENEWAL).count()
    renewed = fbs.call("POST", f"{PATRON}/loans/renew/v2", me,
                       json=[shelf.renewable.pk, shelf.reserved.pk, shelf.other.pk + 10**6]
                       ).json()
    statuses = {r["loanDetails"]["loanId"]: r["renewalStatus"] for r in renewed}
    assert statuses == {shelf.renewable.pk: ["renewed"], shelf.reserved.pk: ["deniedReserved"]}
    loan = Loan.objects.get(pk=shelf.renewable.pk)
    assert loan.renewals == 1 and loan.due > shelf.renewable.due
    assert Event.objects.filter(kind=Event.Kind.RENEWAL).count() == before + 1
    due = {r["loanDetails"]["loanId"]: r["loanDetails"]["dueDate"] for r in renewed}
    assert due[loan.pk] == loan.due.isoformat()
    for garbage in ([2**63], list(range(1, 1000)), {"loanId": 1}):
        assert fbs.call("POST", f"{PATRON}/loans/renew/v2", me, json=garbage
                        ).status_code == 400
    # Min side's API says the same at the same moment.
    client.post("/api/v1/patron/session", {"card": shelf.patron.card, "pin": "1234"},
                content_type="application/json")
    mine = {row["id"]: row["due"] for row in client.get("/api/v1/patron/loans").json()}
    assert mine[loan.pk] == due[loan.pk]


def test_reservations_are_placed_changed_and_cancelled_with_reols_refusals(
        bearer, fbs, shelf, network):
    me = bearer(network.glostrup, shelf.patron)
    placed = fbs.call("POST", f"{RESERVATIONS}/v2", me, json={"reservations": [
        {"recordId": faust(shelf.records[4]), "pickupBranch": "DK-716100"}]}).json()
    assert placed["success"] is True
    made = placed["reservationResults"][0]["reservationDetails"]["reservationId"]

    again = fbs.call("POST", f"{RESERVATIONS}/v2", me, json={"reservations": [
        {"recordId": faust(shelf.records[2])}, {"recordId": faust(shelf.records[0])},
        {"recordId": "12345678"}]}).json()
    assert again["success"] is False
    assert [r["result"] for r in again["reservationResults"]] == [
        "already_reserved", "already_loaned", "material_not_found"]

    old = fbs.call("POST", RESERVATIONS, me, json={"reservations": [
        {"recordId": faust(shelf.records[2])}]})
    assert (old.status_code, old.json()["code"]) == (400, "already_reserved")

    changed = fbs.call("PUT", RESERVATIONS, me, json={"reservations": [
        {"reservationId": shelf.waiting.pk, "expiryDate": "2099-12-31"}]}).json()
    assert changed[0]["expiryDate"] == "2099-12-31"
    assert Reservation.objects.get(pk=shelf.waiting.pk).interest_until.isoformat() == "2099-12-31"

    stranger = make_patron(network.glostrup)
    theirs = fbs.call("DELETE", RESERVATIONS, bearer(network.glostrup, stranger),
                      params={"reservationid": [made]})
    assert theirs.status_code == 400
    assert fbs.call("DELETE", RESERVATIONS, me, params={"reservationid": [made]}
                    ).status_code == 200
    assert Reservation.objects.get(pk=made).status == Reservation.Status.CANCELLED


def test_a_blocked_patron_and_the_reservation_limit_are_the_descriptions_codes(bearer,
        fbs, shelf, network):
    from reol.circulation import patrons
    from reol.circulation.models import LoanRule

    LoanRule.objects.create(library=network.glostrup, max_reservations=2)
    me = bearer(network.glostrup, shelf.patron)
    full = fbs.call("POST", f"{RESERVATIONS}/v2", me, json={"reservations": [
        {"recordId": faust(shelf.records[4])}]}).json()
    assert full["reservationResults"][0]["result"] == "exceeds_max_reservations"
    patrons.add_block(shelf.patron, "suspended", "Udeblevet")
    blocked = fbs.call("POST", f"{RESERVATIONS}/v2", me, json={"reservations": [
        {"recordId": faust(shelf.records[4])}]}).json()
    assert blocked["reservationResults"][0]["result"] == "patron_is_blocked"
    block = fbs.call("GET", f"{PATRON}/v4", me).json()["patron"]["blockStatus"]
    assert [(b["blockedReason"], b["message"]) for b in block] == [("U", "Udeblevet")]
    loans = fbs.call("GET", f"{PATRON}/loans/v2", me).json()
    assert {tuple(loan["renewalStatusList"]) for loan in loans} == {("deniedLoanerIsBlocked",)}


def test_the_patron_changes_settings_and_pin(bearer, fbs, shelf, network, client,
                                            patron_token):
    from reol.circulation import patrons

    old = bearer(network.glostrup, shelf.patron)
    answer = fbs.call("PUT", f"{PATRON}/v4", old, json={
        "patron": {"emailAddress": "alma@example.dk", "receiveEmail": True, "receiveSms": False,
                   "receivePostalMail": False, "preferredPickupBranch": "DK-716100",
                   "onHold": {"from": "2099-01-01", "to": "2099-02-01"}},
        "pincodeChange": {"libraryCardNumber": shelf.patron.card, "pincode": "4321"}}).json()
    assert answer["authenticated"] is True
    assert answer["patron"]["emailAddress"] == "alma@example.dk"
    assert answer["patron"]["onHold"] == {"from": "2099-01-01", "to": "2099-02-01"}
    assert patrons.authenticate(shelf.patron.card, "4321").pk == shelf.patron.pk
    # The token of the old PIN, the one that changed it included, is refused from now on.
    assert fbs.call("GET", f"{PATRON}/v4", old).status_code == 401
    me = {"Authorization": f"Bearer {patron_token(client, shelf.patron, '4321')}"}
    v8 = fbs.call("PUT", f"{PATRON}/v8", me, json={"patron": {
        "emailAddresses": [{"emailAddress": "a@example.dk", "receiveNotification": False},
                           {"emailAddress": "b@example.dk", "receiveNotification": True}],
        "phoneNumbers": [], "guardianVisibility": False, "receivePostalMail": False,
        "preferredPickupBranch": "DK-716100"}})
    assert v8.status_code == 204
    found = fbs.call("GET", f"{PATRON}/v4", me).json()["patron"]
    assert (found["emailAddress"], found["receiveEmail"], found["receiveSms"]) == (
        "b@example.dk", True, False)
    assert "onHold" not in found
    wrong = fbs.call("PUT", f"{PATRON}/v4", me, json={
        "pincodeChange": {"libraryCardNumber": shelf.other.card, "pincode": "9999"}})
    assert (wrong.status_code, wrong.json()["code"]) == (400, "not_your_card")
    bad = fbs.call("PUT", f"{PATRON}/v4", me, json={
        "pincodeChange": {"libraryCardNumber": shelf.patron.card, "pincode": "12"}})
    assert (bad.status_code, bad.json()["code"]) == (400, "bad_pin")


def test_tokens_decide_library_and_patron(bearer, fbs, shelf, network):
    assert fbs.call("GET", f"{PATRON}/v4", {}).status_code == 401
    assert fbs.call("GET", f"{PATRON}/v4", {"Authorization": "Bearer nonsense"}
                    ).status_code == 401
    library_only = fbs.call("GET", f"{PATRON}/loans/v2", bearer(network.glostrup), check=False)
    assert library_only.status_code == 403
    randers = make_patron(network.randers)
    theirs = fbs.call("GET", f"{PATRON}/loans/v2", bearer(network.randers, randers)).json()
    assert theirs == []
    # Another library's patron cannot pick up at Glostrup, renew or cancel Glostrup's.
    other = bearer(network.randers, randers)
    renewed = fbs.call("POST", f"{PATRON}/loans/renew/v2", other, json=[shelf.renewable.pk])
    assert renewed.json() == []
    assert Item.objects.filter(loans__pk=shelf.renewable.pk).exists()
    moved = fbs.call("PUT", RESERVATIONS, bearer(network.glostrup, shelf.patron), json={
        "reservations": [{"reservationId": shelf.waiting.pk, "pickupBranch": "DK-773000"}]})
    assert (moved.status_code, moved.json()["code"]) == (400, "unknown_branch")
