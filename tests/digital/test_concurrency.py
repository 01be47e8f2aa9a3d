"""Patrons borrowing at the same moment, in real threads with their own connections: a
one-copy licence lends its copy once, and a patron's cap holds against two tabs at once."""

import pytest

from reol.digital import services
from reol.digital.models import DigitalLoan, DigitalTerms
from reol.errors import DomainError
from tests.circulation.test_concurrency import at_once
from tests.digital.conftest import make_title
from tests.factories import make_network, make_patron

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_one_copy_licence_lends_its_copy_once_and_the_cap_holds_at_once():
    network = make_network()
    DigitalTerms.objects.create(library=network.glostrup, ebook_cap=2)
    title = make_title("one_copy", copies=1)
    patrons = [make_patron(network.glostrup) for _ in range(5)]
    results = at_once([lambda p=p: services.lend(p, title) for p in patrons])
    assert sum(isinstance(r, DigitalLoan) for r in results) == 1, results
    assert {r.code for r in results if isinstance(r, DomainError)} == {"digital_no_copy"}

    greedy = make_patron(network.glostrup)
    books = [make_title(title=f"Bog {n}") for n in range(5)]
    results = at_once([lambda b=b: services.lend(greedy, b) for b in books])
    assert sum(isinstance(r, DigitalLoan) for r in results) == 2, results
    assert DigitalLoan.objects.filter(patron=greedy).count() == 2
