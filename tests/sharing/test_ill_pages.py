"""Staff pages for interlibrary loans: the lender's desk (accept, refuse with a reason, the
slip) and the borrower's list of its own requests; the JSON view for staff."""

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from reol.core.roles import grant
from reol.sharing import routing, services
from reol.sharing.models import IllRequest
from tests.sharing.test_ill_flow import act, loan_case  # noqa: F401 - fixtures


def staff(client, name: str, library):
    user = User.objects.create_user(name, password="hemmelig-42")
    grant(user, library)
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def routed(network, loan_case, act):  # noqa: F811
    act(services.request_for_reservation, loan_case[3])
    act(routing.route_pending)
    return IllRequest.objects.get(role="requester"), IllRequest.objects.get(role="supplier")


def test_the_lender_accepts_ships_and_prints_the_slip(client, network, routed,
                                                      django_capture_on_commit_callbacks):
    asked, supply = routed
    staff(client, "rasmus", network.randers)
    page = client.get("/staff/sharing/incoming/").content.decode()
    assert "Kongens Fald" in page and "DK-716100" in page and "<caption>" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/staff/sharing/{supply.pk}/accept/")
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.state == "will_supply"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/sharing/{supply.pk}/ship/")
    slip = client.get(f"/staff/sharing/{supply.pk}/slip/").content.decode()
    supply.refresh_from_db()
    assert supply.item_barcode in slip and "DK-716100" in slip and asked.request_id in slip
    assert "Glostrup Bibliotek" in slip  # the pickup branch


def test_the_lender_refuses_with_a_reason_and_the_borrower_sees_it(client, network, routed,
                                                                   django_capture_on_commit_callbacks):
    asked, supply = routed
    staff(client, "rasmus", network.randers)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/sharing/{supply.pk}/refuse/", {"reason": "PoorCondition"})
    asked.refresh_from_db()
    assert asked.state == "unfilled"
    client.logout()
    staff(client, "birte", network.glostrup)
    page = client.get("/staff/sharing/outgoing/").content.decode()
    assert "Randers Bibliotek: refused (Poor condition)" in page and "Unfilled" in page
    assert "PoorCondition" not in page
    history = client.get(f"/staff/sharing/{asked.pk}/").content.decode()
    assert "Refused by the lender (Poor condition)" in history and "Unfilled" in history
    assert "unfilled" not in history.replace('"unfilled', "")


def test_the_pages_name_libraries_and_say_states_in_danish(client, network, routed):
    asked, _supply = routed
    staff(client, "rasmus", network.randers)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    page = client.get("/staff/sharing/incoming/").content.decode()
    assert "Glostrup Bibliotek" in page and "Bestilt" in page
    client.logout()
    staff(client, "birte", network.glostrup)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    page = client.get("/staff/sharing/outgoing/").content.decode()
    assert "Randers Bibliotek: spurgt" in page
    history = client.get(f"/staff/sharing/{asked.pk}/").content.decode()
    assert "Randers Bibliotek" in history and ">requested<" not in history


def test_open_requests_are_listed_in_the_order_of_the_loans_course():
    from types import SimpleNamespace as Row

    from reol.sharing.wording import in_order
    rows = [Row(state=s, created=n, pk=n) for n, s in
            enumerate(["on_loan", "requested", "shipped", "will_supply", "requested"])]
    assert [(r.state, r.pk) for r in in_order(rows)] == [
        ("requested", 1), ("requested", 4), ("will_supply", 3), ("shipped", 2), ("on_loan", 0)]


def test_staff_act_only_on_their_own_librarys_requests(client, network, routed):
    _asked, supply = routed
    staff(client, "birte", network.glostrup)
    assert client.post(f"/staff/sharing/{supply.pk}/accept/").status_code == 403
    supply.refresh_from_db()
    assert supply.state == "requested"
    assert client.get(f"/staff/sharing/{supply.pk}/slip/").status_code == 403


def test_the_json_view_lists_only_the_callers_libraries(client, network, routed):
    _asked, _supply = routed
    staff(client, "birte", network.glostrup)
    rows = client.get("/api/v1/ill/requests").json()
    assert [(r["role"], r["state"], r["supplier_isil"]) for r in rows] == [
        ("requester", "requested", "DK-773000")]
    assert rows[0]["candidates"][0]["status"] == "asked"
    assert client.get("/api/v1/ill/requests?role=supplier").json() == []
