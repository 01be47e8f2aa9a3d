"""The digital library's policy, without a database: caps per calendar month in Copenhagen,
budgets per month or year, the licences, and when a loan ends."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from reol.digital import rules
from reol.digital.rules import LendFacts

CPH = ZoneInfo("Europe/Copenhagen")
UTC = ZoneInfo("UTC")


def _facts(**changes) -> LendFacts:
    values = {"licence": "pay_per_loan", "kind": "ebook", "cap": 3, "taken_this_month": 0,
              "budget_left": Decimal("100"), "price": Decimal("18"), "copies_free": None,
              "ahead_in_queue": 0, "already_on_loan": False}
    return LendFacts(**{**values, **changes})


def test_the_month_is_copenhagens_so_a_loan_at_half_past_midnight_on_the_first_is_next_month():
    # 31 January 23:30 UTC is already 1 February in Copenhagen.
    start, end = rules.month_bounds(datetime(2027, 1, 31, 23, 30, tzinfo=UTC))
    assert start == datetime(2027, 2, 1, tzinfo=CPH)
    assert end == datetime(2027, 3, 1, tzinfo=CPH)


def test_the_last_evening_of_a_month_still_counts_in_that_month():
    start, end = rules.month_bounds(datetime(2028, 2, 29, 23, 59, tzinfo=CPH))  # leap day
    assert (start.month, end.month) == (2, 3)


def test_new_years_eve_and_new_years_day_are_different_months_and_years():
    eve = datetime(2026, 12, 31, 23, 59, tzinfo=CPH)
    day = datetime(2027, 1, 1, 0, 1, tzinfo=CPH)
    assert rules.month_bounds(eve) == (datetime(2026, 12, 1, tzinfo=CPH),
                                       datetime(2027, 1, 1, tzinfo=CPH))
    assert rules.month_bounds(day)[0] == datetime(2027, 1, 1, tzinfo=CPH)
    assert rules.budget_bounds(eve, "year")[1] == rules.budget_bounds(day, "year")[0]


def test_a_monthly_budget_is_a_twelfth_of_the_years_fund():
    assert rules.period_budget(Decimal("120000"), "month") == Decimal("10000.00")
    assert rules.period_budget(Decimal("120000"), "year") == Decimal("120000")


def test_the_cap_refuses_the_loan_one_past_it_and_says_which_cap():
    assert rules.lend_refusal(_facts(taken_this_month=2)) is None
    refusal = rules.lend_refusal(_facts(taken_this_month=3))
    assert refusal.code == "digital_cap_reached"
    assert "e-bøger denne måned (3 om måneden)" in refusal.da
    assert "e-books this month (3 a month)" in refusal.en


def test_free_titles_count_against_no_cap_and_lend_when_the_budget_is_spent():
    spent = _facts(licence="free", taken_this_month=9, budget_left=Decimal("0"),
                   price=Decimal("0"))
    assert rules.lend_refusal(spent) is None
    assert not rules.counts_against_cap("free")


def test_when_the_budget_is_spent_only_free_titles_lend():
    for licence in ("pay_per_loan", "one_copy", "simultaneous"):
        price = rules.loan_price(licence, None, Decimal("18"))
        refusal = rules.lend_refusal(_facts(licence=licence, price=price,
                                            budget_left=Decimal("0")))
        assert refusal.code == "digital_budget_spent", licence
    # Enough for one more paid loan, but not for a loan dearer than what is left.
    assert rules.lend_refusal(_facts(budget_left=Decimal("18"))) is None
    assert rules.lend_refusal(_facts(budget_left=Decimal("17.99"))).code == \
        "digital_budget_spent"


def test_a_library_without_a_digital_fund_has_no_budget_limit():
    assert rules.budget_left(None, Decimal("5000")) is None
    assert rules.lend_refusal(_facts(budget_left=None)) is None


def test_only_pay_per_loan_costs_a_loan_the_titles_own_price_first():
    assert rules.loan_price("pay_per_loan", None, Decimal("18")) == Decimal("18")
    assert rules.loan_price("pay_per_loan", Decimal("25"), Decimal("18")) == Decimal("25")
    assert rules.loan_price("one_copy", Decimal("25"), Decimal("18")) == 0
    assert rules.loan_price("free", None, Decimal("18")) == 0


def test_one_copy_one_user_lends_its_copies_in_queue_order():
    assert rules.copies_free("one_copy", 2, 1) == 1
    assert rules.copies_free("simultaneous", 2, 50) is None
    one_left = _facts(licence="one_copy", copies_free=1)
    assert rules.lend_refusal(one_left) is None
    # Someone reserved before this patron: the free copy is theirs.
    assert rules.lend_refusal(_facts(licence="one_copy", copies_free=1, ahead_in_queue=1)
                              ).code == "digital_no_copy"
    assert rules.reserve_refusal("one_copy", 0, 0, False, False) is None
    assert rules.reserve_refusal("one_copy", 1, 0, False, False).code == "digital_no_queue"
    assert rules.reserve_refusal("simultaneous", None, 0, False, False).code == \
        "digital_no_queue"
    assert rules.reserve_refusal("one_copy", 0, 0, True, False).code == \
        "digital_already_reserved"


def test_a_loan_ends_by_itself_after_its_period_across_the_turn_of_the_year():
    start = datetime(2026, 12, 20, 15, 0, tzinfo=CPH)
    assert rules.loan_end(start, 30) == datetime(2027, 1, 19, 15, 0, tzinfo=CPH)


def test_the_access_link_opens_for_its_patron_during_the_loan_only():
    now = datetime(2027, 3, 1, 12, tzinfo=CPH)
    ends = datetime(2027, 3, 2, 12, tzinfo=CPH)
    assert rules.access_refusal(7, 7, now, ends, None) is None
    assert rules.access_refusal(8, 7, now, ends, None).code == "digital_not_yours"
    assert rules.access_refusal(7, 7, ends, ends, None).code == "digital_loan_over"
    assert rules.access_refusal(7, 7, now, ends, now).code == "digital_loan_over"
