"""Changing the loan-rule matrix: a leader changes their own library's cells, each change one
transaction, on the staff record (reol.core: who, when, and each value before and after).

Network-wide cells (no library) belong to the network's operators: superusers only.
"""

from contextlib import AbstractContextManager, nullcontext
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction

from reol.catalogue.models import LoanCategory, MaterialType
from reol.core import actor
from reol.core.access import can
from reol.errors import DomainError
from reol.libraries.models import Library
from reol.refusals import refuse

from . import rules
from .models import LoanRule, PatronGroup

CELL = ("patron_group", "loan_category", "material_type")
VALUES = (*rules.RULE_FIELDS, "note")

# Whole-number values and the range a library may choose from (None: "as the next rule").
BOUNDS = {
    "loan_days": (1, 365),
    "renewals": (0, 99),
    "renewal_window_days": (0, 365),
    "max_loans": (0, 500),
    "max_reservations": (0, 500),
    "hold_shelf_days": (1, 60),
    "interest_days": (7, 730),
}
MONEY = ("overdue_fee_per_day", "max_overdue_fee", "replacement_charge", "max_owed")
MAX_MONEY = Decimal("10000")

NOT_LEADER = refuse("not_allowed.loan_rules")


def value_refusal(name: str, value) -> DomainError | None:
    """Why a value may not stand in a loan rule, or None. Pure: plain values only."""
    if value is None or value == "":
        return None
    if name in BOUNDS:
        low, high = BOUNDS[name]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return refuse(f"bad_{name}", low=low, high=high)
    if name in MONEY:
        try:
            amount = Decimal(value)
        except (InvalidOperation, TypeError, ValueError):
            amount = Decimal("-1")
        if not (amount.is_finite() and Decimal("0") <= amount <= MAX_MONEY
                and amount == amount.quantize(Decimal("0.01"))):
            return refuse(f"bad_{name}", max_money=MAX_MONEY)
    if name == "fee_policy" and value not in LoanRule.FeePolicy.values:
        return refuse("bad_fee_policy")
    if name == "note" and len(str(value)) > 200:
        return refuse("bad_note")
    return None


def cell_refusal(cell: dict) -> DomainError | None:
    choices = {"patron_group": PatronGroup.values, "loan_category": LoanCategory.values,
               "material_type": MaterialType.values}
    for name in CELL:
        if cell.get(name, "") not in ("", *choices[name]):
            return refuse(f"bad_{name}")
    return None


def may_change(user, library_id: int | None) -> bool:
    """Leaders change their own library's rules; network-wide rules are the superusers'."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return library_id is not None and can(user, library_id, "change_loanrule")


def _require(user, library_id: int | None) -> None:
    if not may_change(user, library_id):
        raise NOT_LEADER


def _check(cell: dict, values: dict) -> None:
    unknown = (set(cell) - set(CELL)) | (set(values) - set(VALUES))
    if unknown:
        raise refuse("bad_field", fields=', '.join(sorted(unknown)))
    refusal = cell_refusal(cell) or next(
        (r for name, value in values.items() if (r := value_refusal(name, value))), None)
    if refusal:
        raise refusal


def _acting(by) -> AbstractContextManager:
    """The staff record names whoever acts: the request's user, or `by` when the service is
    called outside a request (a command, a test)."""
    if actor.current() is None and by is not None:
        return actor.acting_as(by.get_username(), by)
    return nullcontext()


TAKEN = refuse("rule_exists")


def add_rule(library: Library | None, cell: dict, values: dict, *, by) -> LoanRule:
    """A new cell of the matrix for `library` (None: network-wide)."""
    library_id = library.pk if library else None
    _require(by, library_id)
    _check(cell, values)
    try:
        with _acting(by), transaction.atomic():
            rule = LoanRule.objects.create(library=library, **cell, **values)
    except IntegrityError:
        raise TAKEN from None
    return rule


def change_rule(rule_id: int, values: dict, *, by) -> LoanRule:
    """Change the values of one cell; only changed values are recorded."""
    with _acting(by), transaction.atomic():
        rule = LoanRule.objects.select_for_update(of=("self",)).select_related("library").filter(
            pk=rule_id).first()
        if rule is None:
            raise refuse("unknown_rule")
        _require(by, rule.library_id)
        _check({}, values)
        changed = [k for k, v in values.items() if getattr(rule, k) != v]
        for name in changed:
            setattr(rule, name, values[name])
        if changed:
            rule.save(update_fields=changed)
    return rule


def remove_rule(rule_id: int, *, by) -> None:
    with _acting(by), transaction.atomic():
        rule = LoanRule.objects.select_for_update(of=("self",)).select_related("library").filter(
            pk=rule_id).first()
        if rule is None:
            raise refuse("unknown_rule")
        _require(by, rule.library_id)
        rule.delete()
