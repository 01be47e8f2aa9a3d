"""A patron registered the way the libraries' web sites do (createV9, withGuardian), with
reol's own registration's checks and one more: a child comes with a guardian."""

from reol.circulation import patrons
from reol.circulation.models import Patron
from tests.factories import make_patron

CREATE = "/external/agencyid/patrons/v9"
GUARDIAN = "/external/agencyid/patrons/withGuardian/v1"


def _v9(cpr: str, pin: str = "2468", branch: str = "DK-716100", **extra) -> dict:
    return {"personIdentifier": cpr, "pincode": pin, "name": "Signe Holm", **extra,
            "patron": {"preferredPickupBranch": branch, "guardianVisibility": False,
                       "receivePostalMail": False,
                       "emailAddresses": [{"emailAddress": "signe@example.dk",
                                           "receiveNotification": True}]}}


def test_an_adult_registers_on_the_site_and_logs_in_with_the_new_card(bearer, fbs, network):
    site = bearer(network.glostrup)
    answer = fbs.call("POST", CREATE, site, json=_v9("0502901234")).json()
    assert answer["authenticateStatus"] == "VALID"
    card = str(answer["patron"]["patronId"])
    patron = Patron.objects.get(card=card)
    assert (patron.library, patron.birth_date.isoformat(), patron.email) == (
        network.glostrup, "1990-02-05", "signe@example.dk")
    assert card.startswith("716100")
    assert patrons.authenticate(card, "2468").pk == patron.pk
    blocked = fbs.call("POST", CREATE, site, json=_v9(
        "0502901235", blockStatusRequest={"blockedReason": "W", "blockedSince": "2026-01-01"}))
    assert blocked.json()["patron"]["blockStatus"][0]["blockedReason"] == "other"


def test_registration_is_refused_as_reols_own_is(bearer, fbs, network):
    site = bearer(network.glostrup)
    refused = {
        "bad_pin": _v9("0502901234", pin="12"),
        "bad_cpr": _v9("3113901234"),
        "unknown_branch": _v9("0502901234", branch="DK-773000"),  # Randers': not this library
        "guardian_needed": _v9("0502204234"),  # born 2020: a child
        "bad_block": _v9("0502901234", blockStatusRequest={"blockedReason": "Q",
                                                           "blockedSince": "2026-01-01"}),
        "no_name": {**_v9("0502901234"), "name": ""},
    }
    for code, body in refused.items():
        answer = fbs.call("POST", CREATE, site, json=body)
        assert (answer.status_code, answer.json().get("code")) == (400, code), answer.text
    assert not Patron.objects.exists()


def test_a_guardian_registers_a_child(bearer, fbs, network):
    parent = make_patron(network.glostrup, born="1985-03-03")
    child = {"cprNumber": "0101164234", "pincode": "1357", "name": "Ida Holm",
             "preferredPickupBranch": "DK-716100",
             "guardian": {"cprNumber": "0303851234", "email": "far@example.dk",
                          "name": "Jens Holm"}}
    card = fbs.call("POST", GUARDIAN, bearer(network.glostrup, parent), json=child).json()
    ida = Patron.objects.get(card=str(card))
    assert (ida.guardian, ida.birth_date.isoformat()) == (parent, "2016-01-01")
    confirmed = fbs.call("PUT", GUARDIAN, bearer(network.glostrup, parent), json={
        "patronId": card, "guardian": child["guardian"]})
    assert confirmed.json() == card
    stranger = make_patron(network.glostrup)
    claimed = fbs.call("PUT", GUARDIAN, bearer(network.glostrup, stranger), json={
        "patronId": card, "guardian": child["guardian"]})
    assert claimed.status_code == 404
    same = fbs.call("POST", GUARDIAN, bearer(network.glostrup, parent), json={
        **child, "guardian": {**child["guardian"], "cprNumber": "0101164234"}})
    assert (same.status_code, same.json()["code"]) == (400, "guardian_needed")
    minor = make_patron(network.glostrup, born="2012-01-01")
    young = fbs.call("POST", GUARDIAN, bearer(network.glostrup, minor), json=child)
    assert (young.status_code, young.json()["code"]) == (400, "guardian_needed")


def test_a_flood_of_registrations_from_one_site_is_refused(bearer, fbs, network, settings):
    """Each new patron costs a card and a PIN hash: one client at one address may register
    REOL_FBS_REGISTRATIONS_PER_MINUTE a minute, then 429 (the description lists no 429; the
    apps treat any non-2xx as a failure and try again later)."""
    settings.FBS_REGISTRATIONS_PER_MINUTE = 2
    site = bearer(network.glostrup)
    for cpr in ("0502901234", "0502901235"):
        assert fbs.call("POST", CREATE, site, json=_v9(cpr)).status_code == 200
    flood = fbs.call("POST", CREATE, site, json=_v9("0502901236"), check=False)
    assert (flood.status_code, flood.json()["code"]) == (429, "too_many_registrations")
    assert Patron.objects.count() == 2
