"""Collection policy as pure functions: when to buy, what counts as a pair of co-loans, what
a fund has left and when an order line or a delivery is refused, what staff may do to a copy
by hand, what a stocktake covers."""

import math
import re
from collections.abc import Iterable, Sequence
from datetime import date
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


# --- the life of a copy, stocktaking, weeding (issue 16) -------------------------------------

# What staff may give a copy by hand. Lending's own statuses come from lending (on loan, in
# transit, on the hold shelf), and "lost" is said on the patron's loan (declare_lost).
HAND_STATUSES = ("available", "missing", "damaged", "in_repair", "withdrawn")
# Found again by scanning it in at the desk: a lost copy's charge falls away there.
FOUND_AT_THE_DESK = ("missing", "lost")
WEEDED = "weeded"  # the reason a copy withdrawn from a weeding list is given
SCOPES = ("shelf", "section", "branch")
SECTION_MARK = " · "  # a shelf location reads "section · shelf" ("Voksen · 77.7")
MAX_BARCODE = 40


def status_change_refusal(current: str, new: str, reason: str) -> DomainError | None:
    """Why staff may not give a copy this status by hand, or None. A copy on loan changes
    only through lending: check it in, or declare it lost on the loan. A missing or lost copy
    that turns up is scanned in at the desk, so its charge and the reservations are seen to.
    Every change has a reason."""
    if new not in HAND_STATUSES:
        return refuse("copy_status_not_by_hand")
    if current == new:
        return refuse("copy_status_same")
    if current == "on_loan":
        return refuse("copy_on_loan")
    if new == "available" and current in FOUND_AT_THE_DESK:
        return refuse("copy_found_at_desk")
    if not reason.strip():
        return refuse("copy_no_reason")
    return None


def scope_prefix(scope: str, value: str) -> str:
    """The start of the shelf location every copy in a stocktake's scope has: a shelf (or
    any start of one, "Voksen · 7" for 70–79), a section ("Voksen" for all its shelves), or
    the whole branch (every copy)."""
    if scope == "branch":
        return ""
    value = value.strip()
    if scope not in SCOPES or not value:
        raise refuse("bad_stocktake_scope")
    return value if scope == "shelf" else value + SECTION_MARK


def in_scope(prefix: str, shelf_location: str) -> bool:
    return shelf_location.startswith(prefix)


def section_of(shelf_location: str) -> str:
    return shelf_location.partition(SECTION_MARK)[0]


def stocktake_reason(day: date) -> str:
    """The reason a copy not found at a stocktake is given when it becomes missing."""
    return f"stocktake {day.isoformat()}"


def barcodes(text: str) -> list[str]:
    """The barcodes in a handheld scanner's list: one a line, or the first field of a CSV
    line (comma, semicolon or tab); quotes, blank lines, a header and repeats left out, in
    the order scanned."""
    found: dict[str, None] = {}
    for line in text.splitlines():
        first = re.split(r"[,;\t]", line, maxsplit=1)[0].strip().strip("\"'").strip()
        if first and first.lower() not in ("barcode", "stregkode") and len(first) <= MAX_BARCODE:
            found[first] = None
    return list(found)
