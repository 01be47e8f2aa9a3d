"""Lending policy as pure functions: no database."""

from datetime import date, timedelta
from decimal import Decimal

from reol.circulation import rules
from reol.circulation.rules import Copy, Place, RuleCell, Waiting

GLOSTRUP, RANDERS = 1, 2


def test_the_most_specific_rule_wins_and_unset_values_fall_through():
    cells = [
        RuleCell("Netværk", {"loan_days": 28, "renewals": None}),
        RuleCell("Randers", {"renewals": 5}, library=RANDERS),
        RuleCell("Randers film", {"loan_days": 10}, library=RANDERS, material_type="film"),
    ]
    film = rules.terms(cells, RANDERS, "adult", "standard", "film")
    assert (film.loan_days, film.renewals, film.hold_shelf_days) == (10, 5, 7)
    assert film.sources["loan_days"] == "Randers film"
    assert film.sources["renewals"] == "Randers"
    assert film.sources["hold_shelf_days"] == "Standard (dansk praksis)"
    book = rules.terms(cells, GLOSTRUP, "adult", "standard", "book")
    assert (book.loan_days, book.renewals) == (28, 3)
    explained = {name: source for name, _, source in book.explain()}
    assert explained["loan_days"] == "Netværk"


def test_danish_defaults():
    book = rules.terms([], GLOSTRUP, "adult", "standard", "book")
    assert (book.loan_days, book.interest_days, book.fee_policy) == (30, 180, "free")
    assert rules.terms([], GLOSTRUP, "adult", "standard", "film").loan_days == 7
    assert rules.terms([], GLOSTRUP, "adult", "standard", "game").loan_days == 14
    assert not rules.terms([], GLOSTRUP, "child", "reference", "book").loanable


def test_children_and_age_groups():
    born = date(2015, 6, 1)
    assert rules.patron_group(born, date(2026, 11, 1)) == "child"
    assert rules.patron_group(date(2008, 11, 1), date(2026, 11, 1)) == "adult"
    assert rules.patron_group(date(2008, 11, 2), date(2026, 11, 1)) == "child"
    assert rules.age_group(born, date(2026, 11, 1)) == "0-13"
    assert rules.age_group(date(1950, 1, 1), date(2026, 11, 1)) == "67+"


def test_overdue_fee_follows_the_schedule_and_its_cap():
    terms = rules.terms(
        [RuleCell("R", {"fee_policy": "overdue", "overdue_fee_per_day": Decimal("5"),
                        "max_overdue_fee": Decimal("60")}, library=RANDERS)],
        RANDERS, "adult", "standard", "book")
    due = date(2026, 11, 1)
    assert rules.overdue_fee(terms, due, due) == 0
    assert rules.overdue_fee(terms, due, due + timedelta(days=3)) == Decimal("15")
    assert rules.overdue_fee(terms, due, due + timedelta(days=30)) == Decimal("60")


HERE = Place(branch=1, library=1, region=1)
SISTER = Place(branch=2, library=1, region=1)
NEIGHBOUR = Place(branch=3, library=2, region=1)
FAR = Place(branch=4, library=3, region=2)


def test_allocation_serves_the_queue_in_order_and_takes_the_nearest_copies():
    queue = [Waiting(10, 7, HERE), Waiting(11, 7, SISTER), Waiting(12, 7, HERE)]
    copies = [Copy(1, 7, HERE), Copy(2, 7, SISTER)]
    pairs = {(w.id, c.id) for w, c, _ in rules.allocate(queue, copies)}
    # The first two in line get the copies; each gets the one nearest to their pickup.
    assert pairs == {(10, 1), (11, 2)}


def test_another_librarys_copy_comes_only_through_an_interlibrary_loan():
    pairs = rules.allocate([Waiting(10, 7, HERE)], [Copy(1, 7, NEIGHBOUR), Copy(2, 7, FAR)])
    assert pairs == []


def test_allocation_honours_item_level_reservations_and_other_records():
    queue = [Waiting(10, 7, HERE, wanted_item=3), Waiting(11, 7, HERE), Waiting(12, 8, HERE)]
    copies = [Copy(2, 7, HERE), Copy(3, 7, SISTER), Copy(4, 9, HERE)]
    pairs = {(w.id, c.id) for w, c, _ in rules.allocate(queue, copies)}
    assert pairs == {(10, 3), (11, 2)}


def test_a_long_queue_is_cut_to_what_can_matter():
    queue = [Waiting(i, 7, SISTER) for i in range(1000)]
    pairs = rules.allocate(queue, [Copy(1, 7, HERE)])
    assert [(w.id, c.id) for w, c, _ in pairs] == [(0, 1)]


def test_pickup_numbers_reuse_the_lowest_free_one():
    assert rules.pickup_number([]) == "001"
    assert rules.pickup_number(["001", "003"]) == "002"


def test_a_new_patrons_card_pin_birth_date_and_own_periods_are_checked_one_by_one():
    today = date(2026, 12, 6)
    assert rules.card_refusal(" 12345 ") is None and rules.card_refusal("12").code == "bad_card"
    assert rules.pin_refusal("1234") is None and rules.pin_refusal("12a4").code == "bad_pin"
    assert rules.birth_date_refusal(today, today) is None
    assert rules.birth_date_refusal(date(2026, 12, 7), today).code == "bad_birth_date"
    assert rules.interest_days_refusal(None) is None and rules.interest_days_refusal(7) is None
    assert rules.interest_days_refusal(731).code == "bad_interest"
    assert rules.pause_refusal(today, None) is None
    assert rules.pause_refusal(today, date(2026, 12, 5)).code == "bad_pause"


def test_the_desk_is_warned_only_above_a_set_limit_of_what_is_owed():
    assert not rules.owes_too_much(Decimal("500"), Decimal("0"))  # 0: no limit
    assert not rules.owes_too_much(Decimal("200"), Decimal("200"))
    assert rules.owes_too_much(Decimal("200.50"), Decimal("200"))
