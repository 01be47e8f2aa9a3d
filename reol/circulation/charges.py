"""What a patron owes and what for: the charges on their loans, an overdue fee set at return
(rules.overdue_fee) or a replacement charge for a lost item (services.declare_lost).

A loan that carries a charge stays linked to its patron after return (log.forget_patron), so
the balance can be shown to the patron and the desk; paying and waiving are issue 16's.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Sum

from .models import Loan, Patron


@dataclass(frozen=True)
class Charge:
    loan: Loan
    amount: Decimal
    replacement: bool  # a lost item's replacement charge; otherwise an overdue fee
    since: datetime | None  # when it was charged: the return, or the loss


@dataclass(frozen=True)
class Balance:
    charges: list[Charge]

    @property
    def total(self) -> Decimal:
        return sum((c.amount for c in self.charges), Decimal("0"))


def owed(patron: Patron) -> Balance:
    """Each charge the patron owes, the newest first."""
    loans = (Loan.objects.filter(patron=patron, fee__gt=0)
             .select_related("item__record").order_by("-returned", "-id"))
    return Balance([Charge(loan, loan.fee, loan.lost is not None, loan.lost or loan.returned)
                    for loan in loans])


def total(patron: Patron) -> Decimal:
    """The balance alone, in one query."""
    return (Loan.objects.filter(patron=patron, fee__gt=0).aggregate(owed=Sum("fee"))["owed"]
            or Decimal("0"))
