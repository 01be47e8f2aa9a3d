"""The counters in the database: what they keep, and that old ones are deleted by the jobs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reol.circulation import jobs, patrons
from reol.errors import DomainError
from reol.throttle.models import Attempts
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
