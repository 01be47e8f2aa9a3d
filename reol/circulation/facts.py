"""Reading the facts that rules need: the patron by card, the item by barcode, the terms.

The reads a desk makes at every scan are hand-written SQL (reol.sql): one statement each,
returning model instances; everything else reads through the ORM.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Sum

from reol import memo, sql
from reol.catalogue.models import Item, Record
from reol.errors import DomainError
from reol.libraries import calendar
from reol.libraries.models import Branch, Library
from reol.refusals import refuse

from . import rules
from .models import Block, Loan, LoanRule, Patron

_PATRON = sql.Columns(Patron, "p")
_PATRON_LIBRARY = sql.Columns(Library, "pl")
_ITEM = sql.Columns(Item, "i")
# What a scan needs of the record (the rest, deferred, loads if anyone asks): the JSON lists
# and the long texts cost more to convert than the whole statement.
_RECORD = sql.Columns(Record, "r", "id pid faust title material_type language audience year")
_BRANCH = sql.Columns(Branch, "b")
_BRANCH_LIBRARY = sql.Columns(Library, "bl")
_RULE = sql.Columns(LoanRule, "lr")


def _unknown_card() -> DomainError:
    return refuse("unknown_card")


def patron_by_card(card: str, *, lock: bool = False) -> Patron:
    rows = Patron.objects.select_for_update() if lock else Patron.objects
    try:
        return rows.select_related("library").get(card=card.strip())
    except Patron.DoesNotExist:
        raise _unknown_card() from None


def _lender_by(key: str) -> sql.Statement:
    return sql.Statement(lambda: (
        f"SELECT {_PATRON.sql}, {_PATRON_LIBRARY.sql},"
        f" (SELECT COUNT(*) FROM {sql.table(Loan)} l"
        f"  WHERE l.patron_id = p.id AND l.returned IS NULL),"
        f" EXISTS (SELECT 1 FROM {sql.table(Block)} k"
        f"  WHERE k.patron_id = p.id AND k.lifted IS NULL)"
        f" FROM {sql.table(Patron)} p JOIN {sql.table(Library)} pl ON pl.id = p.library_id"
        f" WHERE p.{key} = %s"
    ))


_LENDER_BY_CARD, _LENDER_BY_ID = _lender_by("card"), _lender_by("id")
_LOCK_BY_CARD, _LOCK_BY_ID = (sql.Statement(lambda key=key: (
    f"SELECT id FROM {sql.table(Patron)} WHERE {key} = %s FOR UPDATE")) for key in ("card", "id"))


def lender(card: str | Patron) -> Patron:
    """The borrower at a checkout, with `open_loans` and `has_block` read in the same query.

    On PostgreSQL the patron's row is locked first, in a statement of its own: two kiosks
    lending two items to one patron at once then count the patron's loans one after the other
    (READ COMMITTED reads each statement as of its start, so the count must come after the
    lock). SQLite's write transaction already holds the whole database."""
    key = card.pk if isinstance(card, Patron) else card.strip()
    if sql.for_update():
        sql.fetch(_LOCK_BY_ID if isinstance(card, Patron) else _LOCK_BY_CARD, [key])
    rows = sql.fetch(_LENDER_BY_ID if isinstance(card, Patron) else _LENDER_BY_CARD, [key])
    if not rows:
        raise _unknown_card()
    row = rows[0]
    patron = _PATRON.build(row)
    patron.library = _PATRON_LIBRARY.build(row, _PATRON.width)
    patron.open_loans, patron.has_block = row[-2], bool(row[-1])
    return patron


_HOME = sql.Columns(Branch, "h")
_ITEM_BY_BARCODE = sql.Statement(lambda: (
    f"SELECT {_ITEM.sql}, {_RECORD.sql}, {_HOME.sql} FROM {sql.table(Item)} i"
    f" JOIN {sql.table(Record)} r ON r.id = i.record_id"
    f" JOIN {sql.table(Branch)} h ON h.id = i.home_branch_id WHERE i.barcode = %s"
    + sql.for_update().replace("UPDATE", "UPDATE OF i")
))


def item_by_barcode(barcode: str) -> Item:
    """The item with its record and home branch, locked for the rest of the transaction
    (PostgreSQL; SQLite's write transaction holds the whole database)."""
    rows = sql.fetch(_ITEM_BY_BARCODE, [barcode.strip()])
    if not rows:
        raise refuse("unknown_barcode", barcode=barcode.strip())
    item = _ITEM.build(rows[0])
    item.record = _RECORD.build(rows[0], _ITEM.width)
    item.home_branch = _HOME.build(rows[0], _ITEM.width + _RECORD.width)
    return item


_BRANCH_BY_CODE = sql.Statement(lambda: (
    f"SELECT {_BRANCH.sql}, {_BRANCH_LIBRARY.sql} FROM {sql.table(Branch)} b"
    f" JOIN {sql.table(Library)} bl ON bl.id = b.library_id WHERE b.code = %s"
))


def branch_by_code(code: str | Branch) -> Branch:
    """The branch with its library (shared: callers must not change it)."""
    if isinstance(code, Branch):
        return code
    return BRANCHES.get(code, lambda: _read_branch(code))


def _read_branch(code: str) -> Branch:
    rows = sql.fetch(_BRANCH_BY_CODE, [code])
    if not rows:
        raise refuse("unknown_branch", branch=code)
    branch = _BRANCH.build(rows[0])
    branch.library = _BRANCH_LIBRARY.build(rows[0], _BRANCH.width)
    return branch


def block(patron: Patron, self_service: bool = False) -> DomainError | None:
    if getattr(patron, "has_block", True) is False:
        return None  # lender() already knows there is none
    codes = Block.objects.filter(patron=patron, lifted__isnull=True).values_list("code", flat=True)
    return rules.blocked(codes, self_service)


_CELLS = sql.Statement(lambda: (
    f"SELECT {_RULE.sql}, bl.name FROM {sql.table(LoanRule)} lr"
    f" LEFT JOIN {sql.table(Library)} bl ON bl.id = lr.library_id"
    f" WHERE lr.library_id IS NULL OR lr.library_id = %s"
))


RULE_CELLS = memo.Memory()  # reol.memo: new after a LoanRule or a Library changes
BRANCHES = memo.Memory()  # reol.memo: new after a Branch or a Library changes


def cells(library_id: int) -> list[rules.RuleCell]:
    """The loan-rule cells that can apply to the library's items: its own and the common."""
    return RULE_CELLS.get(library_id, lambda: _read_cells(library_id))


def _read_cells(library_id: int) -> list[rules.RuleCell]:
    found = []
    for row in sql.fetch(_CELLS, [library_id]):
        rule = dict(zip(_RULE.attnames, _RULE.values(row), strict=True))
        found.append(rules.RuleCell(
            label=rules.cell_label(row[-1], rule["patron_group"], rule["loan_category"],
                                   rule["material_type"]),
            values={f: rule[f] for f in rules.RULE_FIELDS},
            library=rule["library_id"],
            patron_group=rule["patron_group"],
            loan_category=rule["loan_category"],
            material_type=rule["material_type"],
        ))
    return found


def terms(patron: Patron, item: Item, today: date) -> rules.Terms:
    """The loan rules of the item's own library for this patron's group and this item."""
    return rules.terms(
        cells(item.library_id),
        item.library_id,
        rules.patron_group(patron.birth_date, today),
        item.loan_category,
        item.record.material_type,
    )


def patron_terms(patron: Patron, today: date) -> rules.Terms:
    """Terms that do not depend on an item: limits and periods of the patron's own library."""
    return rules.terms(
        cells(patron.library_id),
        patron.library_id,
        rules.patron_group(patron.birth_date, today),
        "",
        "",
    )


def open_day(branch: Branch):
    return lambda day: calendar.next_open_day(branch, day)


# What the desk warns about (views_staff/desk.py): one statement each, at a card scan and at a
# checkout, never per row.


def owed(patron: Patron) -> Decimal:
    """What the patron owes: the fees and charges on their loans."""
    return Loan.objects.filter(patron=patron, fee__gt=0).aggregate(
        owed=Sum("fee"))["owed"] or Decimal("0")


def other_copy_on_loan(loan: Loan) -> bool:
    """Whether the borrower already has another copy of the same title."""
    return Loan.objects.filter(patron=loan.patron_id, returned__isnull=True,
                               item__record=loan.item.record_id).exclude(pk=loan.pk).exists()
