"""Volunteers: taking shifts and the reasons why not, dropping out, logging work, reminders and
the yearly figures — through the services, on the real database."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail

from reol.community import volunteers
from reol.community.models import ShiftSignup, VolunteerRole
from reol.community.volunteers import ShiftData, VolunteerData
from reol.errors import DomainError

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # a Monday


@pytest.fixture
def roles(db) -> dict[str, VolunteerRole]:
    return {slug: VolunteerRole.objects.create(name=name, slug=slug) for slug, name in [
        ("it-cafe", "IT-café-hjælper"), ("knitting", "Strikkecafé-vært")]}


def shift(network, role, start: datetime, hours: int = 2, needed: int = 2, **fields):
    data = ShiftData(branch=network.glostrup_main, role=role, title="IT-café", start=start,
                     end=start + timedelta(hours=hours), needed=needed, **fields)
    return volunteers.create_shift(data, NOW)


def volunteer(network, roles, name="Ib Frivillig", *slugs, **fields):
    data = VolunteerData(name=name, email=f"{name.split()[0].lower()}@example.dk",
                         roles=slugs or ("it-cafe",), **fields)
    return volunteers.save_volunteer(network.glostrup, data)


def volunteers_refusal(call, *args) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call(*args)
    return caught.value


def refusal_code(call) -> str:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value.code


def test_a_volunteer_takes_a_shift_until_it_is_full(network, roles):
    day = NOW + timedelta(days=3)
    cafe = shift(network, roles["it-cafe"], day, needed=2)
    ib, ane, bo = (volunteer(network, roles, n) for n in ("Ib A", "Ane B", "Bo C"))
    volunteers.sign_up(ib, cafe.pk, NOW)
    volunteers.sign_up(ane, cafe.pk, NOW)
    assert refusal_code(lambda: volunteers.sign_up(bo, cafe.pk, NOW)) == "shift_full"
    listed = {o.shift.pk: o for o in volunteers.open_shifts(bo, NOW)}
    assert listed[cafe.pk].refusal.code == "shift_full"
    assert listed[cafe.pk].places_left == 0


def test_each_reason_a_shift_cannot_be_taken(network, roles):
    ib = volunteer(network, roles, "Ib A")
    knitting = shift(network, roles["knitting"], NOW + timedelta(days=2))
    assert refusal_code(lambda: volunteers.sign_up(ib, knitting.pk, NOW)) == "lacks_role"

    later = shift(network, roles["it-cafe"], NOW + timedelta(days=20),
                  signup_opens=NOW + timedelta(days=10))
    error = volunteers_refusal(volunteers.sign_up, ib, later.pk, NOW)
    assert error.code == "signup_not_open"
    assert "12.11.2026 10:00" in error.message("en")  # local time in the reason

    closed = shift(network, roles["it-cafe"], NOW + timedelta(days=5),
                   signup_closes=NOW + timedelta(hours=1))
    assert refusal_code(
        lambda: volunteers.sign_up(ib, closed.pk, NOW + timedelta(hours=2))) == "signup_closed"

    first = shift(network, roles["it-cafe"], NOW + timedelta(days=1), hours=3)
    volunteers.sign_up(ib, first.pk, NOW)
    assert refusal_code(lambda: volunteers.sign_up(ib, first.pk, NOW)) == "already_signed_up"
    overlapping = shift(network, roles["it-cafe"], NOW + timedelta(days=1, hours=2))
    assert refusal_code(lambda: volunteers.sign_up(ib, overlapping.pk, NOW)) == "overlaps"
    # Back to back is not overlapping.
    after = shift(network, roles["it-cafe"], NOW + timedelta(days=1, hours=3))
    volunteers.sign_up(ib, after.pk, NOW)

    reasons = {o.shift.pk: o.refusal and o.refusal.code
               for o in volunteers.open_shifts(ib, NOW)}
    assert reasons == {knitting.pk: "lacks_role", later.pk: "signup_not_open",
                       closed.pk: None, overlapping.pk: "overlaps"}


def test_another_librarys_shift_is_unknown(network, roles):
    ib = volunteer(network, roles, "Ib A")
    data = ShiftData(branch=network.randers_main, role=roles["it-cafe"], title="IT-café",
                     start=NOW + timedelta(days=1), end=NOW + timedelta(days=1, hours=2))
    far = volunteers.create_shift(data, NOW)
    assert refusal_code(lambda: volunteers.sign_up(ib, far.pk, NOW)) == "unknown_shift"


def test_drop_out_before_the_deadline_only(network, roles):
    ib = volunteer(network, roles, "Ib A")
    cafe = shift(network, roles["it-cafe"], NOW + timedelta(days=3),
                 dropout_deadline=NOW + timedelta(days=2))
    signup = volunteers.sign_up(ib, cafe.pk, NOW)
    late = NOW + timedelta(days=2, minutes=1)
    error = volunteers_refusal(volunteers.drop_out, ib, signup.pk, late)
    assert error.code == "dropout_deadline_passed"
    assert "Kontakt biblioteket" in error.message("da")
    volunteers.drop_out(ib, signup.pk, NOW + timedelta(days=1))
    assert ShiftSignup.objects.get(pk=signup.pk).status == "dropped"
    # The place is free again, and the volunteer may take it again.
    volunteers.sign_up(ib, cafe.pk, NOW + timedelta(days=1))


def test_bad_shifts_are_refused(network, roles):
    start = NOW + timedelta(days=1)
    assert refusal_code(lambda: shift(network, roles["it-cafe"], start, hours=0)) == "bad_times"
    assert refusal_code(lambda: shift(network, roles["it-cafe"], start, needed=0)) == "bad_needed"
    assert refusal_code(lambda: shift(network, roles["it-cafe"], start,
                                      signup_closes=start + timedelta(hours=1))) == "bad_window"


def test_logging_hours_and_people_helped_gives_the_yearly_figure(network, roles):
    ib, ane = volunteer(network, roles, "Ib A"), volunteer(network, roles, "Ane B")
    cafe = shift(network, roles["it-cafe"], NOW + timedelta(days=1))
    other = shift(network, roles["it-cafe"], NOW + timedelta(days=8))
    a = volunteers.sign_up(ib, cafe.pk, NOW)
    b = volunteers.sign_up(ane, cafe.pk, NOW)
    c = volunteers.sign_up(ib, other.pk, NOW)
    assert refusal_code(
        lambda: volunteers.log_work(ib, a.pk, Decimal(2), 5, NOW)) == "shift_not_begun"
    after = NOW + timedelta(days=9)
    assert refusal_code(lambda: volunteers.log_work(ib, a.pk, Decimal(30), 5, after)) == "bad_hours"
    volunteers.log_work(ib, a.pk, Decimal("2"), 5, after)
    volunteers.log_work(ane, b.pk, Decimal("1.5"), 3, after)
    volunteers.log_work(ib, c.pk, Decimal("2"), 4, after)
    volunteers.log_work(ib, c.pk, Decimal("2"), 6, after)  # a correction, not a second entry
    figures = volunteers.helped_per_year(network.glostrup, 2026)
    assert (figures.volunteers, figures.shifts, figures.hours, figures.people_helped) == (
        2, 2, Decimal("5.5"), 14)
    assert volunteers.helped_per_year(network.glostrup, 2025).people_helped == 0
    assert volunteers.helped_per_year(network.randers, 2026).people_helped == 0


def test_reminder_the_day_before_never_twice(network, roles):
    ib = volunteer(network, roles, "Ib A")
    cafe = shift(network, roles["it-cafe"], datetime(2026, 11, 5, 13, 0, tzinfo=UTC))
    volunteers.sign_up(ib, cafe.pk, NOW)
    mail.outbox.clear()
    assert volunteers.send_reminders(datetime(2026, 11, 3, 20, 0, tzinfo=UTC)) == 0  # too early
    assert volunteers.send_reminders(datetime(2026, 11, 4, 8, 0, tzinfo=UTC)) == 1
    assert volunteers.send_reminders(datetime(2026, 11, 4, 9, 0, tzinfo=UTC)) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ib@example.dk"]
    assert "IT-café" in message.subject and "14:00" in message.body  # Copenhagen time


def test_no_reminder_after_dropping_out_or_for_a_cancelled_shift(network, roles):
    ib = volunteer(network, roles, "Ib A")
    cafe = shift(network, roles["it-cafe"], NOW + timedelta(days=3))
    other = shift(network, roles["it-cafe"], NOW + timedelta(days=3, hours=4))
    signup = volunteers.sign_up(ib, cafe.pk, NOW)
    volunteers.sign_up(ib, other.pk, NOW)
    volunteers.drop_out(ib, signup.pk, NOW)
    other.cancelled = True
    other.save()
    assert volunteers.send_reminders(NOW + timedelta(days=2)) == 0


def test_a_volunteer_logs_in_with_a_card_of_their_library(network, roles):
    from tests.factories import make_patron

    patron = make_patron(network.glostrup, card="7161000001")
    ib = volunteer(network, roles, "Ib A", card="7161000001")
    assert ib.patron == patron
    assert refusal_code(lambda: volunteer(network, roles, "Ane B", card="7161000001")
                        ) == "card_taken"
    assert refusal_code(lambda: volunteer(network, roles, "Bo C", card="999999")
                        ) == "unknown_card"
    assert refusal_code(lambda: volunteers.save_volunteer(
        network.glostrup, VolunteerData(name="X", email="not-an-email"))) == "bad_email"
