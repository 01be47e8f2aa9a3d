"""Registration: capacity, waiting list, duplicates, window, cancellation by link, reminders,
attendance and participants."""

from datetime import timedelta

import pytest
from django.core import mail as outbox

from reol.errors import DomainError
from reol.events import jobs, mail, registration
from reol.events.models import EventMail
from reol.events.registration import Count
from tests.factories import make_patron

from .helpers import at, make_series

pytestmark = pytest.mark.django_db
NOW = at("2026-03-01 09:00")


@pytest.fixture
def theatre(network):
    """Children's theatre on 4 March at 16:00: 5 places, registration needed."""
    series = make_series(network, NOW, title="Børneteater", category="theatre", capacity=5,
                         registration_required=True, registration_opens_days=14)
    return series.occurrences.get()


def guest(occurrence, name, size=1, now=NOW):
    return registration.register(occurrence, name=name, email=f"{name.lower()}@example.dk",
                                 party_size=size, now=now)


def test_places_run_out_and_later_registrations_wait(theatre):
    assert guest(theatre, "Anna", 3).status == "confirmed"
    assert guest(theatre, "Bo", 2).status == "confirmed"
    assert registration.places_left(theatre) == 0
    assert guest(theatre, "Carl", 1).status == "waiting"
    subjects = list(EventMail.objects.values_list("subject", flat=True))
    assert any("Børneteater" in s for s in subjects)
    assert EventMail.objects.get(key__startswith="waiting:").to == "carl@example.dk"


def test_waiting_list_moves_up_in_order_and_tells_the_promoted(theatre):
    anna = guest(theatre, "Anna", 4)
    guest(theatre, "Bo", 1)
    carl = guest(theatre, "Carl", 3)  # waits first
    dorte = guest(theatre, "Dorte", 1)  # waits behind Carl, although one place would fit her
    assert (carl.status, dorte.status) == ("waiting", "waiting")
    registration.cancel(anna, now=NOW)
    carl.refresh_from_db(), dorte.refresh_from_db()
    assert carl.status == "confirmed" and carl.promoted == NOW
    assert dorte.status == "confirmed"  # 1 + 3 + 1 = 5
    promoted = EventMail.objects.filter(key__startswith="promoted:").order_by("to")
    assert [m.to for m in promoted] == ["carl@example.dk", "dorte@example.dk"]
    assert "/events/cancel/" in promoted[0].body


def test_one_registration_per_person(theatre, network):
    guest(theatre, "Anna")
    with pytest.raises(DomainError) as refused:
        registration.register(theatre, name="Anna B", email="ANNA@example.dk ", now=NOW)
    assert refused.value.code == "already_registered"
    karen = make_patron(network.randers, email="")
    registration.register(theatre, patron=karen, now=NOW)
    with pytest.raises(DomainError) as refused:
        registration.register(theatre, patron=karen, party_size=2, now=NOW)
    assert refused.value.code == "already_registered"


def test_bad_email_and_missing_name_are_refused(theatre):
    with pytest.raises(DomainError) as refused:
        registration.register(theatre, name="Anna", email="anna@", now=NOW)
    assert refused.value.code == "bad_email" and "e-mail" in refused.value.da
    with pytest.raises(DomainError) as refused:
        registration.register(theatre, name=" ", email="anna@example.dk", now=NOW)
    assert refused.value.code == "no_name"


def test_registration_window(network):
    series = make_series(network, NOW, capacity=5, registration_required=True,
                         registration_opens_days=2, registration_closes_hours=1)
    occurrence = series.occurrences.get()  # 4 March 16:00
    with pytest.raises(DomainError) as refused:
        guest(occurrence, "Anna", now=at("2026-03-01 12:00"))
    assert refused.value.code == "registration_not_open" and "02.03.2026" in refused.value.da
    assert guest(occurrence, "Anna", now=at("2026-03-03 12:00")).status == "confirmed"
    with pytest.raises(DomainError) as refused:
        guest(occurrence, "Bo", now=at("2026-03-04 15:30"))
    assert refused.value.code == "registration_closed"
    with pytest.raises(DomainError) as refused:
        guest(occurrence, "Carl", now=at("2026-03-04 17:00"))
    assert refused.value.code == "event_past"


def test_cancellation_through_the_signed_link(theatre):
    anna = guest(theatre, "Anna")
    token = registration.cancel_token(anna)
    found = registration.by_token(token)
    registration.cancel(found, now=NOW)
    anna.refresh_from_db()
    assert anna.status == "cancelled"
    with pytest.raises(DomainError) as refused:
        registration.by_token(token[:-2] + "xx")
    assert refused.value.code == "bad_token"
    # Cancelled, Anna may register again.
    assert guest(theatre, "Anna").status == "confirmed"


def test_reminder_the_day_before_once_and_never_for_cancelled_or_past(network, theatre):
    anna, bo = guest(theatre, "Anna"), guest(theatre, "Bo")
    registration.cancel(bo, now=NOW)
    other = make_series(network, NOW, title="Aflyst foredrag", category="talk",
                        registration_required=True).occurrences.get()
    guest(other, "Carl")
    registration.cancel_occurrence(other, now=NOW)
    assert jobs.remind(at("2026-03-02 12:00")) == 0  # two days ahead: not yet
    day_before = at("2026-03-03 17:00")
    assert jobs.remind(day_before) == 1
    assert jobs.remind(day_before + timedelta(hours=1)) == 0  # once
    assert jobs.remind(at("2026-03-04 17:00")) == 0  # past
    reminder = EventMail.objects.get(key__startswith="reminder:")
    assert reminder.to == "anna@example.dk" and reminder.registration == anna


def test_a_reminder_no_longer_true_when_its_turn_comes_is_dropped(network, theatre):
    anna, bo = guest(theatre, "Anna"), guest(theatre, "Bo")
    mail.send_pending(now=NOW)  # their confirmations
    day_before = at("2026-03-03 17:00")
    assert jobs.remind(day_before) == 2
    registration.cancel(bo, now=day_before)
    assert mail.send_pending(now=day_before) == (1, 0)  # Anna's reminder; Bo's is dropped
    assert not EventMail.objects.filter(key=f"reminder:{bo.pk}").exists()
    assert EventMail.objects.get(key=f"reminder:{anna.pk}").status == "sent"


def test_mail_is_sent_once_even_when_two_senders_run(theatre):
    guest(theatre, "Anna")
    assert mail.send_pending() == (1, 0)
    assert mail.send_pending() == (0, 0)
    assert len(outbox.outbox) == 1
    assert outbox.outbox[0].to == ["anna@example.dk"]
    assert "Børneteater" in outbox.outbox[0].subject


def test_mail_speaks_the_registrants_language(theatre):
    registration.register(theatre, name="Emma", email="emma@example.com", language="en",
                          now=NOW)
    registration.register(theatre, name="Ebbe", email="ebbe@example.dk", language="da",
                          now=NOW)
    english = EventMail.objects.get(to="emma@example.com")
    danish = EventMail.objects.get(to="ebbe@example.dk")
    assert english.subject.startswith("You are registered")
    assert not danish.subject.startswith("You are registered")


def test_attendance_by_age_group_goes_into_the_participants(network, theatre):
    anna, bo = guest(theatre, "Anna", 2), guest(theatre, "Bo", 2)
    with pytest.raises(DomainError) as refused:
        registration.record_attendance(theatre, {"0-13": Count(2, 0)}, now=NOW)
    assert refused.value.code == "not_yet"
    after = at("2026-03-04 18:00")
    total = registration.record_attendance(
        theatre, {"0-13": Count(2, 5), "30-49": Count(1, 2)}, came={anna.pk}, now=after)
    assert total == 10
    # Recording again replaces, it does not add.
    registration.record_attendance(theatre, {"0-13": Count(2, 6), "30-49": Count(1, 2)},
                                   came={anna.pk}, now=after)
    anna.refresh_from_db(), bo.refresh_from_db()
    assert (anna.attended, bo.attended) == (True, False)
    figures = registration.participants(network.randers.pk, at("2026-01-01 00:00"),
                                        at("2026-12-31 23:59"))
    assert figures == {"0-13": 8, "30-49": 3}
    with pytest.raises(DomainError) as refused:
        registration.record_attendance(theatre, {"0-13": Count(-1, 0)}, now=after)
    assert refused.value.code == "bad_count"


def test_more_places_promote_the_waiting(theatre):
    from reol.events import services

    guest(theatre, "Anna", 5)
    bo = guest(theatre, "Bo", 2)
    services.set_capacity(theatre, 8, sold_out=False, now=NOW)
    bo.refresh_from_db()
    assert bo.status == "confirmed"
    services.set_capacity(theatre, 8, sold_out=True, now=NOW)
    assert guest(theatre, "Carl").status == "waiting"
