"""What patrons owe: each open charge comes in as an entry of reol's ledger, which is only
ever added to. When the former system has since taken a payment or a waiver, the charge is
settled here by a waiver of the difference; a charge never grows by an import."""

from collections.abc import Iterable, Iterator
from decimal import Decimal

from reol.circulation import fee_rules
from reol.circulation.models import AccountEntry
from reol.libraries.models import Library
from reol.refusals import refuse

from . import values as v
from .registry import Column, Context, Kind, Row, Values, register

Kind_ = AccountEntry.Kind
CHARGES = (Kind_.CHARGE, Kind_.MANUAL)
SETTLED_ELSEWHERE = "settled in the former system"


def _charge(row: Row, ctx: Context) -> Values:
    # A charge is the library's that is owed it; the patron may be another library's.
    patron_id, _ = ctx.patron(v.text(row, "card", required=True), own=False)
    amount = v.money(row, "amount", required=True)
    if not amount:
        raise refuse("import_bad_value", column="amount", value=row.get("amount", ""))
    cause = v.choice(row, "cause", AccountEntry.Cause.values)
    return {"reference": v.text(row, "reference", required=True, limit=80),
            "patron_id": patron_id, "library_id": ctx.library_id,
            "kind": Kind_.CHARGE if cause else Kind_.MANUAL, "cause": cause,
            "amount": amount, "created": v.moment(row, "date", required=True),
            "title": v.text(row, "title", limit=300), "reason": v.text(row, "reason", limit=300)}


def _left(entries: Iterable[tuple]) -> dict[int, Decimal]:
    """What is left of each open charge, patron by patron, as the patron's statement says."""
    lines: dict[int | None, list[fee_rules.Line]] = {}
    for pk, patron_id, kind, amount, settles in entries:
        lines.setdefault(patron_id, []).append(fee_rules.Line(pk, kind, amount, settles))
    return {o.id: o.left for patron in lines.values() for o in fee_rules.open_charges(patron)}


def _entries(library_id: int) -> Iterable[tuple]:
    """Every entry of the patrons the library has charged: a payment anywhere settles their
    oldest charges first, whichever library made them."""
    charged = AccountEntry.objects.filter(library_id=library_id).values("patron_id")
    return (AccountEntry.objects.filter(patron_id__in=charged).order_by("created", "id")
            .values_list("id", "patron_id", "kind", "amount", "settles_id"))


def _open(library_id: int) -> dict[int, Decimal]:
    """What is left of each of the library's open charges."""
    left = _left(_entries(library_id))
    mine = set(AccountEntry.objects.filter(pk__in=list(left), library_id=library_id)
               .values_list("id", flat=True))
    return {pk: amount for pk, amount in left.items() if pk in mine}


def _current(ctx: Context) -> Iterator[tuple]:
    left = _open(ctx.library_id)
    for pk, reference, patron_id, created, title, reason, cause in (
            AccountEntry.objects.filter(pk__in=list(left)).values_list(
                "id", "reference", "patron_id", "created", "title", "reason", "cause")):
        yield (pk, reference or f"reol:{pk}", patron_id, left[pk], created, title, reason,
               cause)


def _settle(rows: list[tuple[int, Values]], ctx: Context) -> None:
    left = _open(ctx.library_id)
    waivers = []
    for pk, values in rows:
        owed = left.get(pk, Decimal(0))
        if values["amount"] > owed:
            continue  # a charge does not grow by an import (the report counts it updated)
        waivers.append(_waiver(pk, values["patron_id"], owed - values["amount"], ctx))
    AccountEntry.objects.bulk_create(waivers, batch_size=2000)


def _waiver(charge: int, patron_id: int, amount: Decimal, ctx: Context) -> AccountEntry:
    return AccountEntry(patron_id=patron_id, library_id=ctx.library_id, kind=Kind_.WAIVER,
                        amount=-amount, settles_id=charge, reason=SETTLED_ELSEWHERE,
                        created=ctx.now)


def _paid(gone: list[int], ctx: Context) -> None:
    """Charges that left the file were paid or waived in the former system."""
    left = _open(ctx.library_id)
    patrons = dict(AccountEntry.objects.filter(pk__in=gone).values_list("id", "patron_id"))
    AccountEntry.objects.bulk_create(
        [_waiver(pk, patrons[pk], left[pk], ctx) for pk in gone if left.get(pk)],
        batch_size=2000)


def _rows(library: Library) -> Iterator[Row]:
    left = _open(library.pk)
    entries = (AccountEntry.objects.filter(pk__in=list(left)).order_by("created", "id")
               .values_list("id", "reference", "patron__card", "created", "cause", "title",
                            "reason"))
    for pk, reference, card, created, cause, title, reason in entries:
        yield {"reference": reference or f"reol:{pk}", "card": card,
               "amount": v.out(left[pk]), "date": v.out(created), "cause": cause,
               "title": title, "reason": reason}


register(Kind(
    name="charges", meaning="What patrons owe: one row per open charge, with what is left "
    "of it. A charge that is lower than at the last import, or gone from the file, was paid "
    "or waived in the former system: reol adds a waiver of the difference to the ledger.",
    model=AccountEntry,
    columns=(
        Column("reference", "the charge's id in the former system (kept: a second import "
               "finds it)", True),
        Column("card", "the patron's card", True),
        Column("amount", "what is still owed, kroner (e.g. 45.00)", True),
        Column("date", "when it was charged", True),
        Column("cause", "overdue, replacement, or empty for any other charge"),
        Column("title", "what it is for, e.g. the title of the lost copy"),
        Column("reason", "why, in staff's words, as the patron reads it"),
    ),
    key=("reference",), fields=("patron_id", "amount", "created", "title", "reason", "cause"),
    build=_charge, scope=lambda ctx: AccountEntry.objects.none(), rows=_rows,
    current=_current, change=_settle, vanish=_paid,
))
