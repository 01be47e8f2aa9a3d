"""Reading the facts that rules need: the patron by card, the item by barcode, the terms.

The reads a desk makes at every scan are hand-written SQL (reol.sql): one statement each,
returning model instances; everything else reads through the ORM.
"""

from datetime import date

from reol import memo, sql
from reol.catalogue.models import Item, Record
from reol.errors import DomainError
from reol.libraries import calendar
from reol.libraries.models import Branch, Library
from reol.refusals import refuse

from . import rules
from .models import AccountEntry, Block, Loan, LoanRule, Patron, Reservation

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


_BORROWER_WIDTH = 4  # the counts, the block and the charges after the patron's and library's


def _borrower_sql() -> str:
    """The borrower with what a checkout and the desk ask of them: open loans, overdue loans
    (due before the date given as the first parameter) and whether a block is on."""
    loans, blocks = sql.table(Loan), sql.table(Block)
    return (
        f"{_PATRON.sql}, {_PATRON_LIBRARY.sql},"
        f" (SELECT COUNT(*) FROM {loans} l WHERE l.patron_id = p.id AND l.returned IS NULL),"
        f" (SELECT COUNT(*) FROM {loans} l WHERE l.patron_id = p.id AND l.returned IS NULL"
        "  AND l.due < %s),"
        f" EXISTS (SELECT 1 FROM {blocks} k WHERE k.patron_id = p.id AND k.lifted IS NULL),"
        f" COALESCE((SELECT SUM(e.amount) FROM {sql.table(AccountEntry)} e"
        "  WHERE e.patron_id = p.id), 0) > 0"
    )


def _lender_by(key: str) -> sql.Statement:
    return sql.Statement(lambda: (
        f"SELECT {_borrower_sql()}"
        f" FROM {sql.table(Patron)} p JOIN {sql.table(Library)} pl ON pl.id = p.library_id"
        f" WHERE p.{key} = %s"
    ))


_LENDER_BY_CARD, _LENDER_BY_ID = _lender_by("card"), _lender_by("id")
_LOCK_BY_CARD, _LOCK_BY_ID = (sql.Statement(lambda key=key: (
    f"SELECT p.id, i.id FROM {sql.table(Patron)} p, {sql.table(Item)} i"
    f" WHERE p.{key} = %s AND i.barcode = %s FOR UPDATE")) for key in ("card", "id"))


def _key(card: str | Patron) -> tuple[str, int | str]:
    return ("id", card.pk) if isinstance(card, Patron) else ("card", card.strip())


def _lock(card: str | Patron, barcode: str) -> None:
    """On PostgreSQL the patron's row and the copy's are locked first, in a statement of their
    own: READ COMMITTED reads each statement as of its start, so what is read after the lock is
    what the lock protects. Two kiosks lending two items to one patron at once then count the
    patron's loans one after the other; a check-in that puts the copy on the hold shelf for
    someone else at the same moment is seen with its reservation (a read that waited for the
    copy's lock in the same statement would see the copy new and its reservations old).
    SQLite's write transaction already holds the whole database."""
    if sql.for_update():
        by, key = _key(card)
        sql.fetch(_LOCK_BY_ID if by == "id" else _LOCK_BY_CARD, [key, barcode])


def _build_borrower(row: tuple) -> Patron:
    patron = _PATRON.build(row)
    patron.library = _PATRON_LIBRARY.build(row, _PATRON.width)
    at = _PATRON.width + _PATRON_LIBRARY.width
    patron.open_loans, patron.overdue_loans, patron.has_block, patron.has_charges = (
        row[at], row[at + 1], bool(row[at + 2]), bool(row[at + 3]))
    return patron


def lender(card: str | Patron, today: date) -> Patron:
    """The borrower with `open_loans`, `overdue_loans` and `has_block` read in the same query
    (not locked: `at_checkout` reads them for lending)."""
    by, key = _key(card)
    rows = sql.fetch(_LENDER_BY_ID if by == "id" else _LENDER_BY_CARD, [today, key])
    if not rows:
        raise _unknown_card()
    return _build_borrower(rows[0])


_HOME = sql.Columns(Branch, "h")
_COPY_WIDTH = _ITEM.width + _RECORD.width + _HOME.width


def _copy_sql() -> str:
    return f"{_ITEM.sql}, {_RECORD.sql}, {_HOME.sql}"


def _copy_joins() -> str:
    return (f" JOIN {sql.table(Record)} r ON r.id = i.record_id"
            f" JOIN {sql.table(Branch)} h ON h.id = i.home_branch_id")


def _lock_copy() -> str:
    return sql.for_update().replace("UPDATE", "UPDATE OF i")


_ITEM_BY_BARCODE = sql.Statement(lambda: (
    f"SELECT {_copy_sql()} FROM {sql.table(Item)} i{_copy_joins()} WHERE i.barcode = %s"
    + _lock_copy()
))


def _build_copy(row: tuple, start: int = 0) -> Item:
    item = _ITEM.build(row, start)
    item.record = _RECORD.build(row, start + _ITEM.width)
    item.home_branch = _HOME.build(row, start + _ITEM.width + _RECORD.width)
    return item


def item_by_barcode(barcode: str) -> Item:
    """The item with its record and home branch, locked for the rest of the transaction
    (PostgreSQL; SQLite's write transaction holds the whole database)."""
    rows = sql.fetch(_ITEM_BY_BARCODE, [barcode.strip()])
    if not rows:
        raise refuse("unknown_barcode", barcode=barcode.strip())
    return _build_copy(rows[0])


_RESERVATION = sql.Columns(Reservation, "v")
def _title_on_loan_sql() -> str:
    """The borrower's open loans of the copy's title: the desk warns about a second copy."""
    return (f"(SELECT COUNT(*) FROM {sql.table(Loan)} t JOIN {sql.table(Item)} ti"
            "  ON ti.id = t.item_id"
            "  WHERE t.patron_id = p.id AND t.returned IS NULL AND ti.record_id = i.record_id)")


_AT_CHECKOUT = {by: sql.Statement(lambda by=by: (
    f"SELECT {_borrower_sql()}, {_title_on_loan_sql()}, {_copy_sql()}, {_RESERVATION.sql}"
    f" FROM {sql.table(Patron)} p JOIN {sql.table(Library)} pl ON pl.id = p.library_id"
    f" JOIN {sql.table(Item)} i ON i.barcode = %s{_copy_joins()}"
    f" LEFT JOIN {sql.table(Reservation)} v ON (v.item_id = i.id AND v.status IN (%s, %s))"
    "  OR (v.patron_id = p.id AND v.record_id = i.record_id AND v.status = %s)"
    f" WHERE p.{by} = %s"
)) for by in ("card", "id")}


def at_checkout(card: str | Patron, barcode: str, today: date) -> tuple[
        Patron, Item, list[Reservation]]:
    """In one statement after `_lock`: the borrower (as `lender`, and `title_on_loan`: their
    open loans of this title), the copy (as `item_by_barcode`) and the reservations that matter
    to lending it: one holding this copy, and the patron's own waiting reservation of the
    title, which the checkout fulfils."""
    _lock(card, barcode.strip())
    by, key = _key(card)
    rows = sql.fetch(_AT_CHECKOUT[by], [today, barcode.strip(), *Reservation.HOLDING,
                                        Reservation.Status.WAITING, key])
    if not rows:  # which one is missing: each read alone says
        lender(card, today)
        item_by_barcode(barcode)
    patron = _build_borrower(rows[0])
    copy_at = _PATRON.width + _PATRON_LIBRARY.width + _BORROWER_WIDTH + 1
    patron.title_on_loan = rows[0][copy_at - 1]
    item = _build_copy(rows[0], copy_at)
    at = copy_at + _COPY_WIDTH
    found = [_RESERVATION.build(row, at) for row in rows if row[at] is not None]
    return patron, item, found


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


# What the desk warns about at a card scan (views_staff/desk.py): one statement, never per row.


