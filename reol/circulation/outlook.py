"""Whether loans could be renewed now, and from when: what the staff patron page and the API
show beside each loan. The same rule as a renewal (rules.renewal_refusal), asked without
renewing, for a whole list of loans in a fixed number of statements (never one per loan).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from reol.catalogue.models import Item, LoanCategory
from reol.errors import DomainError

from . import editions, facts, rules
from .models import Block, Loan, Reservation
from .reservations import waiting_now


@dataclass(frozen=True)
class Outlook:
    """`refusal` is why the loan may not be renewed today (None: it may); `renewable_from`
    the first day of its renewal window."""

    renewable_from: date
    refusal: DomainError | None

    @property
    def renewable(self) -> bool:
        return self.refusal is None

    @property
    def too_early(self) -> bool:
        return self.refusal is not None and self.refusal.code == "renewal_too_early"


def outlooks(loans: list[Loan], today: date) -> dict[int, Outlook]:
    """Each open loan's outlook by loan id. The loans come with item__record and patron."""
    open_loans = [loan for loan in loans if loan.returned is None and loan.patron is not None]
    if not open_loans:
        return {}
    blocks = _blocks({loan.patron.pk for loan in open_loans if loan.patron is not None})
    waiting = _others_waiting(open_loans, today)
    found = {}
    for loan in open_loans:
        patron = loan.patron
        assert patron is not None
        terms = facts.terms(patron, loan.item, today)
        refusal = rules.renewal_refusal(
            renewals=loan.renewals,
            max_renewals=terms.renewals,
            others_waiting=waiting[loan.pk],
            renew_when_reserved=terms.renew_when_reserved,
            lost=loan.lost is not None,
            block=rules.blocked(blocks.get(patron.pk, [])),
            today=today,
            due=loan.due,
            new_due=rules.due_date(today, terms.loan_days, facts.open_day(loan.branch)),
            window_days=terms.renewal_window_days,
        )
        found[loan.pk] = Outlook(rules.renewal_opens(loan.due, terms.renewal_window_days),
                                 refusal)
    return found


def _blocks(patron_ids: set[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for patron_id, code in Block.objects.filter(
            patron_id__in=patron_ids, lifted__isnull=True).values_list("patron_id", "code"):
        found.setdefault(patron_id, []).append(code)
    return found


def _others_waiting(loans: list[Loan], today: date) -> dict[int, bool]:
    """reservations.others_waiting for many loans at once: waiting reservations (of the
    record, or "any edition" of its work in its format) by other patrons at the copy's
    library outnumber the free copies of the record there."""
    records = {loan.item.record_id for loan in loans}
    pools = editions.editions(records)
    reservations = list(Reservation.objects.filter(
        waiting_now(today), record__in=set().union(*pools.values()),
    ).values_list("record_id", "any_edition", "patron_id", "pickup_branch__library_id",
                  "wanted_item_id"))
    free = Counter(Item.objects.filter(
        record__in=records, status=Item.Status.AVAILABLE,
    ).exclude(loan_category=LoanCategory.REFERENCE).exclude(
        reservations__status__in=Reservation.HOLDING,
    ).values_list("record_id", "library_id"))
    found = {}
    for loan in loans:
        item = loan.item
        pool = pools.get(item.record_id, frozenset({item.record_id}))
        count = sum(
            1 for record, any_edition, patron, library, wanted in reservations
            if (record == item.record_id or (any_edition and record in pool))
            and patron != loan.patron_id and library == item.library_id
            and wanted in (None, item.pk)
        )
        found[loan.pk] = count > free[(item.record_id, item.library_id)]
    return found

