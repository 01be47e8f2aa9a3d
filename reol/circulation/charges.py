"""What a patron owes and what for, as the pages show it: the account's statement
(accounts.py keeps the account; this module only reads it for the pages)."""

from decimal import Decimal

from .accounts import Statement, balance, statement
from .models import Patron

EMPTY_BALANCE = Decimal("0")


def owed(patron: Patron) -> Statement:
    """Every entry of the patron's account, newest first, with the balance."""
    return statement(patron)


def nothing() -> Statement:
    """The statement of a patron the desk already knows owes nothing (no query)."""
    return Statement([], EMPTY_BALANCE)


def total(patron: Patron) -> Decimal:
    """The balance alone, in one query."""
    return balance(patron)
