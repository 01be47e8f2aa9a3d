"""A library's leader sets its digital caps, budget period and price per loan on
/staff/digital/terms/ (issue 19 point 3): the next loan obeys, others are refused, and bad
figures are refused with nothing stored."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from reol.collection.models import Fund
from reol.core.models import StaffChange
from reol.core.roles import grant
from reol.digital import services
from reol.digital.models import DigitalTerms
from reol.errors import DomainError
from tests.digital.conftest import make_title
from tests.factories import make_patron

pytestmark = pytest.mark.django_db
URL = "/staff/digital/terms/"
TERMS = {"ebook_cap": "1", "eaudiobook_cap": "2", "film_cap": "0", "period": "month",
         "price_per_loan": "20.50"}


def staff(library, role: str, name: str) -> Client:
    user = User.objects.create_user(name, password="x")
    grant(user, library, role)
    client = Client()
    client.force_login(user)
    return client


def test_a_leader_sets_the_cap_and_the_next_loan_obeys_it(network):
    Fund.objects.create(library=network.glostrup, year=timezone.localdate().year,
                        code="DIGITAL", name="Digital", budget=Decimal("1200"))
    leader = staff(network.glostrup, "leader", "leder")
    page = leader.get(URL)
    assert page.status_code == 200 and "Digitale vilkår" in page.content.decode()
    assert leader.post(URL, TERMS).status_code == 302
    patron = make_patron(network.glostrup)
    loan = services.lend(patron, make_title(title="Første"))
    assert loan.price == Decimal("20.50")
    with pytest.raises(DomainError) as caught:
        services.lend(patron, make_title(title="Anden"))
    assert caught.value.code == "digital_cap_reached"
    page = leader.get(URL).content.decode()
    assert "20,50 kr." in page and "79,50 kr." in page  # spent and left of this month's 100
    (change,) = StaffChange.objects.filter(model="digital.digitalterms")
    assert (change.actor, change.library_id) == ("leder", network.glostrup.pk)
    assert change.changes["ebook_cap"] == [None, 1]
    assert "Digitale vilkår" in leader.get("/staff/record/").content.decode()


@pytest.mark.parametrize("role", ["desk", "acquisitions", "network", "other leader"])
def test_only_the_librarys_own_leader_reaches_the_terms(network, role):
    if role == "other leader":
        client = staff(network.randers, "leader", "randers")
    else:
        client = staff(network.glostrup, role, role)
    assert client.get(URL, {"branch": "glostrup"}).status_code == 403
    assert client.post(URL + "?branch=glostrup", TERMS).status_code == 403
    assert not DigitalTerms.objects.exists()


@pytest.mark.parametrize(("field", "value", "said"), [
    ("ebook_cap", "-1", "Grænsen for e-bøger skal være et helt tal fra 0 til 100"),
    ("film_cap", "101", "Grænsen for film skal være et helt tal fra 0 til 100"),
    ("price_per_loan", "5000", "Prisen pr. lån skal være fra 0 til 1000 kr."),
    ("price_per_loan", "1.005", "Prisen pr. lån skal være fra 0 til 1000 kr."),
    ("price_per_loan", "mange", "Indtast et tal"),
    ("period", "week", "Marker en gyldig valgmulighed"),
])
def test_bad_figures_are_refused_with_nothing_stored(network, field, value, said):
    leader = staff(network.glostrup, "leader", "leder")
    answer = leader.post(URL, {**TERMS, field: value})
    assert answer.status_code == 400
    assert said in answer.content.decode()
    assert not DigitalTerms.objects.exists()
