"""Collection policy as pure functions: when to buy, what counts as a pair of co-loans."""

import math
from collections.abc import Iterable
from decimal import Decimal
from itertools import combinations

DEFAULT_THRESHOLD = Decimal("4.0")  # reservations per loanable copy before buying another
DEFAULT_WEEDING_YEARS = 5
MIN_BORROWERS = 5  # a co-loan pair is shown only when this many different borrowers back it
PAIR_WINDOW_DAYS = 90  # two loans of one borrower this close in time make a pair


def holds_ratio(waiting: int, copies: int) -> float | None:
    """Waiting reservations per loanable copy; None when there is no copy at all."""
    return waiting / copies if copies else None


def over_threshold(waiting: int, copies: int, threshold: Decimal) -> bool:
    return waiting > 0 and waiting > threshold * copies


def copies_to_buy(waiting: int, copies: int, on_order: int, threshold: Decimal) -> int:
    """Enough copies that the queue falls to the threshold, less those already on order."""
    needed = math.ceil(Decimal(waiting) / threshold) if waiting else 0
    return max(0, needed - copies - on_order)


def pairs(record_id: int, others: Iterable[int]) -> set[tuple[int, int]]:
    """The ordered pairs a new loan of `record_id` makes with a borrower's other loans."""
    return {(min(record_id, o), max(record_id, o)) for o in others if o != record_id}


def all_pairs(record_ids: Iterable[int]) -> set[tuple[int, int]]:
    return set(combinations(sorted(set(record_ids)), 2))
