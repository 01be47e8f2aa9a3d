"""The counters in the database: what they keep, and that old ones are deleted by the jobs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reol.circulation import patrons
from reol.core import jobs
from reol.errors import DomainError
from reol.throttle import services
from reol.throttle.models import Attempts
from reol.throttle.rules import ADDRESS
from tests.factories import make_patron


def test_counters_hold_no_card_or_address_and_are_forgotten_once_stale(network):
    patron = make_patron(network.glostrup, card="4000111122")
    now = timezone.now()
    patrons.authenticate(patron.card, "1234", source="addr:192.0.2.10", now=now)
    for _ in range(3):
        with pytest.raises(DomainError):
            patrons.authenticate("4000999999", "0000", source="addr:192.0.2.66", now=now)
    stored = " ".join(Attempts.objects.values_list("key", flat=True))
    assert "4000111122" not in stored and "192.0.2" not in stored
    known = Attempts.objects.get(scope="pin:pair", last_success__isnull=False).pk

    before = Attempts.objects.count()
    summary = jobs.run_all(now + timedelta(days=2))
    assert summary.done["forget_attempts"] == {"forgotten": before - 1}
    assert list(Attempts.objects.values_list("pk", flat=True)) == [known]  # HOME stays known


def test_many_right_log_ins_in_flight_at_once_from_one_address_are_all_allowed(db):
    """A library's kiosks all starting at opening time, behind one address."""
    now = timezone.now()
    policy = patrons.PIN_ONLINE
    tickets = [services.begin(policy, f"40001{n:05d}", "addr:192.0.2.1", now)
               for n in range(ADDRESS.free * 2)]  # all checked before any is finished
    assert all(ticket.allowed for ticket in tickets)
    for ticket in tickets:
        services.finish(ticket, True)
    assert services.begin(policy, "4000100000", "addr:192.0.2.1", now).allowed
