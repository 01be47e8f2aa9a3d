"""The interlibrary rules as a librarian reads them: who is asked first, what is lent, and
which steps may follow which."""

import itertools

from reol.sharing import rules
from reol.sharing.rules import Ask, Lender, Policy


def test_same_region_then_other_regions_then_the_central_collection():
    ask = Ask(1, record=7, requester=1, region=10)
    near = Lender(2, "DK-2", 10)
    far = Lender(3, "DK-3", 20)
    central_near = Lender(4, "DK-4", 10, central=True)
    order = rules.rank_candidates(ask, [central_near, far, near], {})
    assert [c.isil for c in order] == ["DK-2", "DK-3", "DK-4"]


def test_the_requester_itself_and_libraries_already_tried_are_not_asked():
    ask = Ask(1, record=7, requester=2, region=10, tried=frozenset({"DK-3"}))
    order = rules.rank_candidates(ask, [Lender(2, "DK-2", 10), Lender(3, "DK-3", 10),
                                        Lender(4, "DK-4", 20)], {})
    assert [c.isil for c in order] == ["DK-4"]


def test_a_busy_lender_gives_way_and_one_days_requests_spread_out():
    a, b = Lender(2, "DK-2", 10), Lender(3, "DK-3", 10)
    ask = Ask(1, record=7, requester=1, region=10)
    assert rules.rank_candidates(ask, [a, b], {2: 5})[0] == b
    asks = [Ask(n, record=7, requester=1, region=10) for n in range(4)]
    ranked = rules.route(asks, {7: [a, b]}, {})
    firsts = [ranked[n][0].isil for n in range(4)]
    assert firsts.count("DK-2") == 2 and firsts.count("DK-3") == 2


def test_lending_rules_say_why_not():
    no_new = Policy(newest_years=2)
    assert rules.lending_refusal(no_new, year=2026, material_type="book", reference=False,
                                 this_year=2026) == "PolicyProblem"
    assert rules.lending_refusal(no_new, year=2020, material_type="book", reference=False,
                                 this_year=2026) is None
    assert rules.lending_refusal(Policy(excluded_types=frozenset({"film"})), year=None,
                                 material_type="film", reference=False, this_year=2026)
    assert rules.lending_refusal(Policy(), year=None, material_type="book", reference=True,
                                 this_year=2026) == "PolicyProblem"


def test_a_reservation_goes_out_when_there_is_no_copy_or_the_queue_is_too_long():
    policy = Policy(max_queue_per_copy=4)
    assert rules.needs_request(own_copies=0, waiting=1, policy=policy)
    assert not rules.needs_request(own_copies=1, waiting=4, policy=policy)
    assert rules.needs_request(own_copies=1, waiting=5, policy=policy)


def test_the_life_cycle_only_moves_forward():
    path = ["requested", "will_supply", "shipped", "received", "on_hold_shelf", "on_loan",
            "returned", "shipped_back", "received_by_lender", "closed"]
    assert all(rules.can_move(a, b) for a, b in itertools.pairwise(path))
    assert not rules.can_move("requested", "closed")
    assert not rules.can_move("closed", "requested")
    assert not rules.can_move("shipped", "cancelled")  # a book on the road cannot be undone
    assert rules.TRANSITIONS["unfilled"] == frozenset()
