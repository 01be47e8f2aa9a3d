"""A patron registered the way the libraries' web sites do (createV9, withGuardian), with
reol's own registration's checks and one more: a child comes with a guardian. createV9 comes
without a name (FBS takes it from the person registry): the patron is registered without one
and Min side asks them for it (tests/circulation/test_unnamed_patrons.py)."""

from reol.circulation import patrons
from reol.circulation.models import Patron
from tests.factories import make_patron

CREATE = "/external/agencyid/patrons/v9"
GUARDIAN = "/external/agencyid/patrons/withGuardian/v1"
PATRON = "/external/agencyid/patrons/patronid/v4"


def _as_the_app_sends(cpr: str, pin: str = "2468") -> dict:
    """Exactly the body of dpl-react's create-patron-user-info (UserInfo.tsx): the CPR number,
    the PIN and the patron's settings as convertPatronSettingsV4toV6 makes them. No name, and
    no guardianVisibility (the description requires it; FBS does without)."""
    settings = {"preferredPickupBranch": "DK-716100", "receiveEmail": True,
                "receivePostalMail": False, "receiveSms": False, "phoneNumber": "20304050",
                "emailAddress": "signe@example.dk"}
    return {"personIdentifier": cpr, "pincode": pin, "patron": {
        "emailAddresses": [{"emailAddress": "signe@example.dk", "receiveNotification": True}],
        "phoneNumbers": [{"phoneNumber": "20304050", "receiveNotification": False}],
        **settings}}


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
    }
    for code, body in refused.items():
        answer = fbs.call("POST", CREATE, site, json=body)
        assert (answer.status_code, answer.json().get("code")) == (400, code), answer.text
    assert not Patron.objects.exists()


def test_the_apps_registration_without_a_name_registers_a_patron_who_then_logs_in(
        bearer, fbs, network):
    answer = fbs.call("POST", CREATE, bearer(network.glostrup),
                      json=_as_the_app_sends("0502901234"))
    assert answer.status_code == 200, answer.text  # and the answer is a PatronV7 (fbs.call)
    assert answer.json()["patron"]["name"] == ""
    patron = Patron.objects.get(card=str(answer.json()["patron"]["patronId"]))
    assert (patron.name, patron.email, patron.phone, patron.notify_email,
            patron.notify_sms) == ("", "signe@example.dk", "20304050", True, False)
    assert patron.pickup_branch == network.glostrup_main
    # The app's next step: a patron token by the password grant (card and PIN), then the patron.
    read = fbs.call("GET", PATRON, bearer(network.glostrup, patron, pin="2468"))
    assert read.status_code == 200
    assert read.json()["authenticateStatus"] == "VALID"
    assert (read.json()["patron"]["name"], read.json()["patron"]["patronId"]) == (
        "", answer.json()["patron"]["patronId"])


def test_a_name_sent_with_create_is_kept_and_with_guardian_a_name_is_still_needed(
        bearer, fbs, network):
    named = fbs.call("POST", CREATE, bearer(network.glostrup), json=_v9("0502901234")).json()
    assert Patron.objects.get(card=str(named["patron"]["patronId"])).name == "Signe Holm"
    parent = make_patron(network.glostrup, born="1985-03-03")
    child = {"cprNumber": "0101164234", "pincode": "1357", "preferredPickupBranch": "DK-716100",
             "guardian": {"cprNumber": "0303851234", "email": "far@example.dk",
                          "name": "Jens Holm"}}
    for body, code in (({**child, "name": "  "}, "no_name"), (child, "invalid")):
        refused = fbs.call("POST", GUARDIAN, bearer(network.glostrup, parent), json=body)
        assert (refused.status_code, refused.json()["code"]) == (400, code)
    assert Patron.objects.count() == 2  # the named adult and the parent


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
