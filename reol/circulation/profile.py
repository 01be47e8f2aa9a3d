"""The patron's own changes to their profile, and what withdrawing history consent means.

Candidates for patrons.py: kept apart while the lending core is being written by another hand.
"""

from django.db import transaction

from reol.core.models import Event

from .models import AccountEntry, Loan, Patron
from .patrons import update


def forget_history(patron: Patron) -> int:
    """Delete a patron's loan history: their returned loans and the log rows of those loans no
    longer say who borrowed. Open and lost loans stay theirs: the items are still with them
    or still owed. The account keeps what they owe by its entries' titles, without the loans.
    Returns how many loans were forgotten."""
    with transaction.atomic():
        returned = Loan.objects.filter(patron=patron, returned__isnull=False, lost__isnull=True)
        Event.objects.filter(loan__in=returned).update(patron_ref=None)
        AccountEntry.objects.filter(loan__in=returned).update(loan=None)
        return returned.update(patron=None)


def change_profile(patron: Patron, changes: dict) -> tuple[Patron, int]:
    """The patron changes their own details (patrons.update, logged in PatronChange). Turning
    the loan history off deletes the history kept so far, in the same transaction."""
    had_history = patron.keep_history
    with transaction.atomic():
        patron = update(patron, changes, by=None)
        forgotten = forget_history(patron) if had_history and not patron.keep_history else 0
    return patron, forgotten
