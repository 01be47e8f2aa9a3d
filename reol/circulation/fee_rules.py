"""The rules of a patron's account, as pure functions over plain values (docs/payments.md).

What the patron owes is the sum of the account's entries. Payments settle the oldest charges
first; a waiver or a refund settles the one charge it names. Nobody pays more than is owed:
an overpayment is refused, not kept as a credit, so the library never holds a patron's money
(a refund of a replacement charge already paid is the one way a credit arises, and the next
charges use it up first).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from reol.errors import DomainError
from reol.refusals import refuse

ZERO = Decimal("0")
CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("100000")  # one entry's largest sum: a typo's guard, not a policy
CURRENCY = "DKK"
CHARGES = ("charge", "manual")
METHODS = ("cash", "card", "online", "sip2")


@dataclass(frozen=True)
class Line:
    """One entry as the rules see it."""

    id: int
    kind: str  # charge, manual, payment, waiver, refund
    amount: Decimal  # signed: charges positive, the rest negative
    settles: int | None = None


@dataclass(frozen=True)
class Open:
    """A charge with what is left of it after what settled it."""

    id: int
    amount: Decimal
    left: Decimal


def balance(lines: Iterable[Line]) -> Decimal:
    """What the patron owes: the sum of every entry (negative: a credit)."""
    return sum((line.amount for line in lines), ZERO)


def open_charges(lines: Iterable[Line]) -> list[Open]:
    """The charges not yet settled, oldest first, with what is left of each. Waivers and
    refunds settle the charge they name; everything else that lowers the balance (payments,
    and any credit left over) settles the oldest charges first."""
    lines = list(lines)
    charges = {line.id: line.amount for line in lines if line.kind in CHARGES}
    left = dict(charges)
    pool = ZERO
    for line in lines:
        if line.kind in CHARGES:
            continue
        if line.settles in left:
            take = min(left[line.settles], -line.amount)
            left[line.settles] -= take
            pool += -line.amount - take
        else:
            pool += -line.amount
    for charge_id in left:  # dicts keep the entries' order: oldest first
        take = min(left[charge_id], pool)
        left[charge_id] -= take
        pool -= take
    return [Open(i, charges[i], left[i]) for i in left if left[i] > 0]


def amount(text: str | Decimal) -> Decimal:
    """A sum of money typed or sent (Danish comma allowed): positive, whole øre, not absurd."""
    try:
        value = text if isinstance(text, Decimal) else Decimal(
            str(text).strip().replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        raise refuse("fee_amount") from None
    if not value.is_finite() or value <= 0 or value > MAX_AMOUNT or value != value.quantize(CENT):
        raise refuse("fee_amount")
    return value.quantize(CENT)


def payment_refusal(paid: Decimal, owed: Decimal) -> DomainError | None:
    """A payment is for at most what is owed: nothing owed, nothing to pay."""
    if owed <= 0:
        return refuse("fee_nothing_owed")
    if paid > owed:
        return refuse("fee_overpayment", owed=owed)
    return None


def waiver_refusal(reason: str, waived: Decimal, left: Decimal | None) -> DomainError | None:
    """A waiver names an open charge, gives a reason and waives at most what is left of it."""
    if not reason.strip():
        return refuse("fee_reason")
    if left is None or left <= 0:
        return refuse("fee_unknown_charge")
    if waived > left:
        return refuse("fee_waiver_too_much", left=left)
    return None


def manual_charge_refusal(reason: str) -> DomainError | None:
    """Staff charge by hand only with a reason the patron can read (a damaged item, a
    printing job)."""
    return refuse("fee_reason") if not reason.strip() else None


def method_refusal(method: str) -> DomainError | None:
    return None if method in METHODS else refuse("fee_method")


def currency_refusal(currency: str) -> DomainError | None:
    """Danish libraries take Danish kroner: any other currency a kiosk names is refused."""
    return None if currency.strip().upper() == CURRENCY else refuse("fee_currency")


def fee_block_wanted(owed: Decimal, max_owed: Decimal) -> bool:
    """A patron who owes more than the loan rules' most (max_owed; 0: no limit) is blocked
    for unpaid charges until the balance is back within it."""
    return bool(max_owed) and owed > max_owed
