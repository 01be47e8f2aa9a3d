"""Lending's acts as the event log (reol/core/log.py) keeps them: one row per act, with nothing
that names the patron."""

from datetime import datetime

from reol import sql
from reol.catalogue.models import Item, Record
from reol.core import log
from reol.core.models import Event
from reol.libraries.models import Branch

from . import rules
from .models import Loan, Patron


def row(
    kind: str,
    now: datetime,
    *,
    branch: Branch | None,
    item: Item | None = None,
    record: Record | None = None,
    patron: Patron | None = None,
    loan: Loan | None = None,
    library_id: int | None = None,
    **detail,
) -> dict:
    """One act as the event log keeps it: Event's fields by attribute name."""
    record = record or (item.record if item else None)
    return {
        "time": now,
        "kind": kind,
        "library_id": library_id or (branch.library_id if branch else item.library_id),
        "branch_id": branch.pk if branch else None,
        "record_id": record.pk if record else None,
        "item_id": item.pk if item else None,
        "material_type": record.material_type if record else "",
        "audience": record.audience if record else "",
        "age_group": rules.age_group(patron.birth_date, now.date()) if patron else "",
        "patron_ref": patron.reference if patron else None,
        "loan_id": loan.pk if loan else None,
        "detail": {k: v for k, v in detail.items() if v is not None},
    }


def event(kind: str, now: datetime, **fields) -> int:
    """Append one act (see `row`); the new row's id."""
    return log.append(row(kind, now, **fields))


_FORGET = sql.Statement(
    lambda: f"UPDATE {sql.table(Event)} SET patron_ref = NULL WHERE loan_id = %s"
)


def forget_patron(loan: Loan) -> None:
    """A returned loan keeps its patron only for those who asked for a loan history. A charge
    on it does not keep it: the account's entry holds the title text it needs (accounts.py)."""
    if loan.patron_id and not loan.patron.keep_history:
        sql.execute(_FORGET, [loan.pk])
        loan.patron = None
