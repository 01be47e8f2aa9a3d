"""Many people registering for the last places at the same moment, in real threads."""

import pytest

from reol.errors import DomainError
from reol.events import registration
from reol.events.models import Registration
from tests.circulation.test_concurrency import at_once
from tests.factories import make_network

from .helpers import at, make_series

pytestmark = pytest.mark.django_db(transaction=True)
NOW = at("2026-03-01 09:00")


def test_parallel_registrations_never_exceed_capacity():
    network = make_network()
    occurrence = make_series(network, NOW, capacity=7, registration_required=True
                             ).occurrences.get()
    calls = [
        lambda i=i: registration.register(occurrence.pk, name=f"Gæst {i}",
                                          email=f"g{i}@example.dk", party_size=1 + i % 3,
                                          now=NOW)
        for i in range(12)
    ]
    results = at_once(calls)
    assert not [r for r in results if isinstance(r, Exception)], results
    confirmed = Registration.objects.filter(occurrence=occurrence, status="confirmed")
    assert sum(r.party_size for r in confirmed) <= 7
    assert Registration.objects.filter(occurrence=occurrence).count() == 12
    # The first in the waiting queue did not fit; everyone after waits behind them.
    first_waiting = Registration.objects.filter(occurrence=occurrence, status="waiting"
                                                ).order_by("created", "id").first()
    assert first_waiting is not None
    assert sum(r.party_size for r in confirmed) + first_waiting.party_size > 7


def test_the_same_person_twice_at_once_is_registered_once():
    network = make_network()
    occurrence = make_series(network, NOW, capacity=20, registration_required=True
                             ).occurrences.get()
    results = at_once([
        lambda: registration.register(occurrence.pk, name="Anna", email="anna@example.dk",
                                      now=NOW) for _ in range(6)
    ])
    made = [r for r in results if isinstance(r, Registration)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(made) == 1 and len(refused) == 5, results
    assert {r.code for r in refused} == {"already_registered"}
