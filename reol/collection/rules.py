"""Collection policy as pure functions: when to buy, what counts as a pair of co-loans, what
a fund has left and when an order line or a delivery is refused."""

import math
from collections.abc import Iterable, Sequence
from decimal import Decimal
from itertools import combinations

from reol.errors import DomainError
from reol.refusals import refuse

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


# --- acquisitions ---------------------------------------------------------------------------

CENTS = Decimal("0.01")
MAX_COPIES_A_LINE = 500  # one line of one delivery; more is a typing slip, not an order


def line_cost(quantity: int, price: Decimal) -> Decimal:
    """What copies cost at a price each, in whole øre."""
    return (price * quantity).quantize(CENTS)


def left(budget: Decimal, committed: Decimal, spent: Decimal) -> Decimal:
    """What a fund has left: its budget less what is ordered and not yet received
    (committed) and what has been received (spent)."""
    return budget - committed - spent


def overspend_refusal(fund: str, budget: Decimal, committed: Decimal, spent: Decimal,
                      cost: Decimal, leader_confirms: bool) -> DomainError | None:
    """A line that costs more than the fund has left is refused, unless a leader of the
    library confirms the overspend."""
    remaining = left(budget, committed, spent)
    if cost <= remaining or leader_confirms:
        return None
    return refuse("over_budget", fund=fund, cost=money(cost), left=money(remaining))


def receipt_refusal(outstanding: int, quantity: int, barcodes: Sequence[str],
                    sent: bool) -> DomainError | None:
    """A delivery is received against a sent order, no more copies than are outstanding, and
    either with one scanned barcode per copy, all different, or with none (then they are
    generated)."""
    if not sent:
        return refuse("order_not_sent")
    if quantity < 1 or quantity > outstanding:
        return refuse("receive_too_many", outstanding=outstanding)
    if barcodes and len(barcodes) != quantity:
        return refuse("barcode_count", copies=quantity, barcodes=len(barcodes))
    if len(set(barcodes)) != len(barcodes):
        return refuse("barcode_twice")
    return None


def generated_barcodes(agency: str, line_id: int, received: int, quantity: int) -> list[str]:
    """Barcodes for copies that came without a label: the library's agency number, the order
    line and the copy's number on it, so the same copy never gets two."""
    return [f"{agency}{line_id:08d}{received + n:03d}" for n in range(1, quantity + 1)]


def barcodes_from_text(text: str) -> list[str]:
    """Scanned barcodes, one a line (or separated by spaces or commas)."""
    return [code for code in text.replace(",", " ").split() if code]


def money(amount: Decimal) -> str:
    """Kroner the Danish way: 1.234,50."""
    whole, _, cents = f"{amount.quantize(CENTS):,.2f}".partition(".")
    return whole.replace(",", ".") + "," + cents
