"""Every operation of the provider API over HTTP with tokens from /oauth/token, each answer
checked against the description; a loan through it is the digital library's own loan."""

import requests

from reol.circulation.models import Favourite
from reol.digital.models import DigitalLoan, DigitalReservation
from reol.publizon import rules

from .conftest import ISBNS, component


def test_the_site_reads_the_librarys_profile_and_products_by_isbn(bearer, publizon, titles,
                                                                 network):
    site = bearer(network.glostrup)
    profile = publizon.call("GET", "/v1/library/profile", site).json()
    assert (profile["maxEbookAmountPerMonth"], profile["maxAudioAmountPerMonth"]) == (2, 1)
    assert profile["maxConcurrentEbookLoansPerBorrower"] == 2  # what the patron page shows
    listed = publizon.call("GET", "/v1/products", site).json()["products"]
    assert [p["externalProductId"]["id"] for p in listed] == ISBNS
    one = "/v1/products/{identifier}"
    found = publizon.call("GET", f"/v1/products/{ISBNS[4]}", site, template=one).json()
    assert found["product"]["title"] == "Fasandræberne"
    assert found["product"]["costFree"] is True
    assert found["product"]["contributors"] == [
        {"type": "A01", "firstName": "Jussi", "lastName": "Adler-Olsen"}]
    by_pid = publizon.call("GET", f"/v1/products/{titles.one_copy.record.pid}", site,
                           template=one).json()
    assert by_pid["product"]["title"] == "Kvinden i buret"
    unknown = publizon.call("GET", "/v1/products/9780000000002", site, template=one)
    assert (unknown.status_code, unknown.json()["code"]) == (400, 128)
    # A library's token sees whether a title lends now at all.
    status = publizon.call("GET", f"/v1/loanstatus/{ISBNS[3]}", site,
                           template="/v1/loanstatus/{identifier}").json()
    assert status["loanStatus"] == rules.RESERVABLE  # its one copy is Bent's


def test_a_patron_borrows_reserves_and_keeps_a_checklist_through_the_api(bearer, publizon,
                                                                        titles, network):
    me = bearer(network.glostrup, titles.patron)
    loan, reserve = "/v1/user/loans/{identifier}", "/v1/user/reservations/{identifier}"
    made = publizon.call("POST", f"/v1/user/loans/{ISBNS[0]}", me, template=loan).json()
    assert made["code"] == 101
    held = DigitalLoan.objects.get(patron=titles.patron, title=titles.paid[0])
    assert made["orderNumber"] == str(held.pk)
    publizon.call("POST", f"/v1/user/loans/{ISBNS[1]}", me, template=loan)
    # The month's cap of two e-books is reached: the refusal says so, in Danish by default.
    capped = publizon.call("POST", f"/v1/user/loans/{ISBNS[2]}", me, template=loan)
    assert (capped.status_code, capped.json()["code"]) == (400, 125)
    assert "denne måned" in capped.json()["message"]
    publizon.call("POST", f"/v1/user/loans/{ISBNS[4]}", me, template=loan)  # free: no cap

    loans = publizon.call("GET", "/v1/user/loans", me).json()
    assert sorted(x["libraryBook"]["identifier"] for x in loans["loans"]) == sorted(
        [ISBNS[0], ISBNS[1], ISBNS[4]])
    assert loans["userData"]["ebookLoansRemaining"] == 0
    assert loans["userData"]["totalAudioLoans"] == 1
    audio = publizon.call("GET", "/v1/user/loans", me, params={"bookType": 1}).json()
    assert [x["libraryBook"]["identifier"] for x in audio["loans"]] == [ISBNS[4]]
    one = publizon.call("GET", f"/v1/user/loans/{ISBNS[0]}", me, template=loan).json()
    assert one["loan"]["orderNumber"] == str(held.pk)
    missing = publizon.call("GET", f"/v1/user/loans/{ISBNS[3]}", me, template=loan)
    assert missing.json()["code"] == 153

    # The one copy is Bent's: no loan, but a place in the queue, once.
    taken = publizon.call("POST", f"/v1/user/loans/{ISBNS[3]}", me, template=loan)
    assert taken.json()["code"] == 136
    publizon.call("POST", f"/v1/user/reservations/{ISBNS[3]}", me, template=reserve,
                  json={"email": "alma@example.dk"})
    again = publizon.call("POST", f"/v1/user/reservations/{ISBNS[3]}", me, template=reserve)
    assert again.json()["code"] == 140
    queued = publizon.call("GET", "/v1/user/reservations", me).json()["reservations"]
    assert [(r["identifier"], r["status"]) for r in queued] == [(ISBNS[3], 1)]
    publizon.call("PATCH", f"/v1/user/reservations/{ISBNS[3]}", me, template=reserve, json={})
    publizon.call("DELETE", f"/v1/user/reservations/{ISBNS[3]}", me, template=reserve)
    assert not DigitalReservation.objects.filter(patron=titles.patron).exists()
    gone = publizon.call("DELETE", f"/v1/user/reservations/{ISBNS[3]}", me, template=reserve)
    assert gone.status_code == 400

    item = "/v1/user/checklist/{identifier}"
    publizon.call("POST", f"/v1/user/checklist/{ISBNS[2]}", me, template=item)
    listed = publizon.call("GET", "/v1/user/checklist", me).json()["items"]
    assert [i["identifier"] for i in listed] == [ISBNS[2]]
    assert Favourite.objects.filter(patron=titles.patron).count() == 1  # Min side's list
    statuses = publizon.call("POST", "/v1/loanstatus", me, json=ISBNS).json()["items"]
    assert {s["identifier"]: (s["loanStatus"], s["onChecklist"]) for s in statuses} == {
        ISBNS[0]: (rules.ON_LOAN, False), ISBNS[1]: (rules.ON_LOAN, False),
        ISBNS[2]: (rules.NOT_LENDABLE_NOW, True), ISBNS[3]: (rules.RESERVABLE, False),
        ISBNS[4]: (rules.ON_LOAN, False)}
    publizon.call("DELETE", f"/v1/user/checklist/{ISBNS[2]}", me, template=item)
    assert publizon.call("GET", "/v1/user/checklist", me).json()["items"] == []


def test_the_friendly_card_number_is_one_object_as_the_apps_read_it(bearer, publizon, titles,
                                                                   network):
    me = bearer(network.glostrup, titles.patron)
    response = requests.get(f"{publizon.url}/publizon/v1/user/cardnumber/friendly",
                            headers=me, timeout=30)
    component("FriendlyCardResult", response.json())  # the description's example, not array
    assert response.json() == {"friendlyCardNumber": titles.patron.card, "code": 101,
                               "message": "OK"}


def test_tokens_decide_who_is_asking_and_the_librarys_site_may_ask(bearer, publizon, titles,
                                                                   network, settings):
    site = "https://glostrup.example"
    settings.CORS_ALLOWED_ORIGINS = [site]
    url = f"{publizon.url}/publizon/v1/user/loans"
    assert requests.get(url, timeout=30).status_code == 401
    library = requests.get(url, headers=bearer(network.glostrup), timeout=30)
    assert library.status_code == 403  # a patron's operation needs a patron's token
    answer = requests.get(url, headers={**bearer(network.glostrup, titles.other),
                                        "Origin": site}, timeout=30)
    assert answer.headers["Access-Control-Allow-Origin"] == site
    assert [x["libraryBook"]["identifier"] for x in answer.json()["loans"]] == [ISBNS[3]]
    # Lists a request carries are bounded: a page of search results, not the catalogue.
    flood = publizon.call("POST", "/v1/loanstatus", bearer(network.glostrup),
                          json=[ISBNS[0]] * 201)
    assert (flood.status_code, flood.json()["code"]) == (400, rules.GENERIC_FAULT)
