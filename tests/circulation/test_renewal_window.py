"""A loan is renewed only within its renewal window, and never without moving the due date:
the rule itself (pure), and the one service behind desk, Min side, API and SIP2."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from reol.circulation import rules, services
from reol.circulation.models import Loan, LoanRule
from reol.core.models import Event
from reol.errors import DomainError
from reol.libraries.models import OpeningPattern
from tests.factories import make_item, make_patron, make_record

DUE = date(2026, 12, 14)  # a Monday


def refusal(today: date, *, due: date = DUE, new_due: date | None = None, window: int = 7,
            renewals: int = 0) -> str | None:
    error = rules.renewal_refusal(
        renewals=renewals, max_renewals=3, others_waiting=False, renew_when_reserved=False,
        lost=False, block=None, today=today, due=due,
        new_due=new_due or today + timedelta(days=30), window_days=window)
    return error.code if error else None


def test_the_danish_default_window_is_a_week():
    assert rules.terms([], 1, "adult", "standard", "book").renewal_window_days == 7


def test_a_loan_may_be_renewed_from_the_first_day_of_its_window_and_not_the_day_before():
    assert refusal(DUE - timedelta(days=7)) is None
    assert refusal(DUE - timedelta(days=8)) == "renewal_too_early"


def test_a_loan_due_today_or_overdue_may_be_renewed():
    assert refusal(DUE) is None
    assert refusal(DUE + timedelta(days=5)) is None


def test_a_window_of_no_days_means_only_on_the_due_date():
    assert refusal(DUE, window=0) is None
    assert refusal(DUE - timedelta(days=1), window=0) == "renewal_too_early"


def test_a_renewal_that_would_not_move_the_due_date_is_refused():
    # Closing days move today's renewal to the day the loan is already due.
    assert refusal(DUE - timedelta(days=2), new_due=DUE) == "renewal_no_gain"
    assert refusal(DUE - timedelta(days=2), new_due=DUE - timedelta(days=1)) == \
        "renewal_no_gain"


def test_the_limit_is_said_before_the_window():
    assert refusal(DUE - timedelta(days=20), renewals=3) == "renewal_limit"


def test_the_refusal_says_from_which_day_in_both_languages():
    error = rules.renewal_refusal(
        renewals=0, max_renewals=3, others_waiting=False, renew_when_reserved=False,
        lost=False, block=None, today=date(2026, 12, 1), due=DUE,
        new_due=date(2026, 12, 31), window_days=7)
    assert error is not None
    assert "7.12.2026" in error.da
    assert "2026-12-07" in error.en


# --- the service: desk, Min side, API and SIP2 all renew through it --------------------------

NOW = timezone.make_aware(datetime(2026, 11, 2, 12, 0))  # a Monday


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def refused(act) -> str:
    with pytest.raises(DomainError) as caught:
        act()
    return caught.value.code


@pytest.mark.django_db
@pytest.mark.parametrize(("window", "second"), [(7, "renewal_too_early"),
                                                 (60, "renewal_no_gain")])
def test_renewing_twice_in_one_day_neither_happens_nor_counts(network, window, second):
    LoanRule.objects.create(library=network.glostrup, renewal_window_days=window)
    patron = make_patron(network.glostrup)
    loan = services.check_out(patron, make_item(make_record(), network.glostrup_main).barcode,
                              "glostrup", now=NOW)  # due 2 December
    renewed = services.renew(loan, patron=patron, now=at(date(2026, 11, 28)))
    assert (renewed.due, renewed.renewals) == (date(2026, 12, 28), 1)
    assert refused(lambda: services.renew(loan, now=at(date(2026, 11, 28)))) == second
    loan.refresh_from_db()
    assert (loan.due, loan.renewals) == (date(2026, 12, 28), 1)
    assert Event.objects.filter(kind="renewal").count() == 1


@pytest.mark.django_db
def test_closing_days_that_keep_the_due_date_refuse_the_renewal_without_counting(network):
    branch = network.glostrup_main
    for weekday in range(5):  # open Monday to Friday: weekends move a due date to Monday
        OpeningPattern.objects.create(branch=branch, valid_from=date(2026, 1, 1),
                                      weekday=weekday, opens=time(10), closes=time(17))
    patron = make_patron(network.glostrup)
    film = make_record("Festen", material_type="film")  # 7 days, window 7
    saturday = date(2026, 11, 7)
    loan = services.check_out(patron, make_item(film, branch).barcode, "glostrup",
                              now=at(saturday))
    assert loan.due == date(2026, 11, 16)  # Saturday + 7 is a Saturday: on to Monday
    monday = date(2026, 11, 9)  # + 7 is Monday the 16th again
    assert refused(lambda: services.renew(loan, now=at(monday))) == "renewal_no_gain"
    loan.refresh_from_db()
    assert loan.renewals == 0 and loan.due == date(2026, 11, 16)
    assert services.renew(loan, now=at(date(2026, 11, 10))).due == date(2026, 11, 17)


@pytest.mark.django_db
def test_renew_all_renews_only_loans_in_their_window(network):
    patron = make_patron(network.glostrup)
    soon, later = (services.check_out(patron, make_item(make_record(t), network.glostrup_main)
                                      .barcode, "glostrup", now=when)
                   for t, when in (("Kongens fald", NOW), ("Gift", NOW + timedelta(days=20))))
    results = services.renew_all(patron, now=at(date(2026, 11, 27)))
    assert [(r.loan.pk, r.error) for r in results] == [(soon.pk, None)]
    assert Loan.objects.get(pk=later.pk).renewals == 0


@pytest.mark.django_db
def test_a_library_sets_its_own_window(network):
    LoanRule.objects.create(library=network.glostrup, renewal_window_days=14)
    patron = make_patron(network.glostrup)
    loan = services.check_out(patron, make_item(make_record(), network.glostrup_main).barcode,
                              "glostrup", now=NOW)  # due 2 December
    assert services.renew(loan, now=at(date(2026, 11, 18))).renewals == 1
