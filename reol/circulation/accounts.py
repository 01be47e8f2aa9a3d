"""A patron's account as use cases: charges from the loan rules, manual charges, payments,
waivers and refunds, each one transaction (fee_rules.py decides; docs/payments.md).

Entries are only ever added. What the patron owes is their sum; after each posting the fee
block follows the balance (the loan rules' max_owed). The copies' services call
charge_replacement and refund_replacement when a copy is lost and found again.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from reol import sql
from reol.core.access import require_staff

from . import facts
from . import fee_rules as rules
from .models import AccountEntry, Block, Loan, Patron

Kind, Method, Cause = AccountEntry.Kind, AccountEntry.Method, AccountEntry.Cause


@dataclass
class Statement:
    """The account as the patron and the desk see it: every entry, newest first, the balance,
    and what is left of each open charge (by entry id)."""

    entries: list[AccountEntry]
    balance: Decimal
    left: dict[int, Decimal] = field(default_factory=dict)

    @property
    def open_charges(self) -> list[AccountEntry]:
        return [e for e in reversed(self.entries) if e.pk in self.left]


def _lines(patron: Patron) -> list[rules.Line]:
    rows = (AccountEntry.objects.filter(patron=patron).order_by("created", "id")
            .values_list("id", "kind", "amount", "settles_id"))
    return [rules.Line(*row) for row in rows]


def balance(patron: Patron) -> Decimal:
    """What the patron owes, in one query."""
    total = AccountEntry.objects.filter(patron=patron).aggregate(owed=Sum("amount"))["owed"]
    return Decimal(total or 0).quantize(rules.CENT)


def statement(patron: Patron) -> Statement:
    entries = list(AccountEntry.objects.filter(patron=patron).select_related("by")
                   .order_by("-created", "-id"))
    lines = [rules.Line(e.pk, e.kind, e.amount, e.settles_id) for e in reversed(entries)]
    left = {o.id: o.left for o in rules.open_charges(lines)}
    for entry in entries:  # for the pages: what is still owed of each charge
        entry.left = left.get(entry.pk)  # type: ignore[attr-defined]
    return Statement(entries, rules.balance(lines), left)


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _locked(patron: Patron) -> Patron:
    """The patron's row locked (PostgreSQL), so two payments at once are counted one after
    the other; SQLite's write transaction already holds the database."""
    return Patron.objects.select_for_update().get(pk=patron.pk)


def follow_block(patron: Patron, now: datetime | None = None) -> None:
    """Set or lift the fee block as the balance and the loan rules' max_owed say. With no
    limit in the rules (0) a fee block is staff's to set and lift, not the balance's."""
    limit = facts.patron_terms(patron, timezone.localdate(_now(now))).max_owed
    if not limit:
        return
    owed, blocked = sql.fetch(_STANDING, [patron.pk, patron.pk, Block.Code.FEES])[0]
    wanted = rules.fee_block_wanted(Decimal(str(owed)).quantize(rules.CENT), limit)
    if wanted and not blocked:
        Block.objects.create(patron=patron, code=Block.Code.FEES, reason=_(
            "Owes more than %(limit)s kr.") % {"limit": limit})
    elif blocked and not wanted:
        Block.objects.filter(patron=patron, code=Block.Code.FEES,
                             lifted__isnull=True).update(lifted=_now(now))


# What follow_block asks, in one statement: the balance and whether a fee block is on.
_STANDING = sql.Statement(lambda: (
    f"SELECT COALESCE((SELECT SUM(e.amount) FROM {sql.table(AccountEntry)} e"
    "  WHERE e.patron_id = %s), 0),"
    f" EXISTS (SELECT 1 FROM {sql.table(Block)} k WHERE k.patron_id = %s AND k.code = %s"
    "  AND k.lifted IS NULL)"))


def _post(patron: Patron, *, library_id: int, kind: str, amount: Decimal,
          now: datetime | None, quiet: bool = False, **fields: Any) -> AccountEntry:
    """Add one entry and let the fee block follow. `quiet`: by hand-written SQL, without the
    staff record's signals — for the charges a return posts, which the lending act records."""
    entry = AccountEntry(patron=patron, library_id=library_id, kind=kind, amount=amount,
                         created=_now(now), **fields)
    if quiet:
        sql.insert(entry)
    else:
        entry.save()
    follow_block(patron, now)
    return entry


def _loan_link(loan: Loan, patron: Patron) -> Loan | None:
    """The entry links its loan only while the loan stays the patron's anyway (lost, or in a
    history they keep); otherwise the title text alone says what the charge is for."""
    return loan if loan.lost is not None or patron.keep_history else None


def charge_overdue(loan: Loan, patron: Patron, fee: Decimal,
                   now: datetime | None = None) -> AccountEntry | None:
    """The overdue fee set at a return (rules.overdue_fee), inside check_in's transaction."""
    if fee <= 0:
        return None
    return _post(patron, library_id=loan.item.library_id, kind=Kind.CHARGE,
                 cause=Cause.OVERDUE, amount=fee, now=now, loan=_loan_link(loan, patron),
                 title=loan.item.record.title[:300], quiet=True)


def _replacement(loan: Loan) -> AccountEntry | None:
    return (AccountEntry.objects.filter(loan=loan, kind=Kind.CHARGE, cause=Cause.REPLACEMENT)
            .order_by("-id").first())


def charge_replacement(loan: Loan | int, *, amount: Decimal | None = None,
                       now: datetime | None = None) -> AccountEntry | None:
    """Charge the borrower of a lost copy its replacement (the loan rules' replacement_charge
    of the copy's library, or `amount`). Fee-free libraries charge replacements too. Once per
    loss: a loan whose replacement charge stands gets none again (None), and neither does a
    loan with no borrower left or a charge of 0."""
    with transaction.atomic():
        loan = Loan.objects.select_related("item__record", "patron").get(
            pk=loan.pk if isinstance(loan, Loan) else loan)
        patron = loan.patron
        if patron is None:
            return None
        patron = _locked(patron)
        standing = _replacement(loan)
        if standing is not None and not standing.settled_by.filter(kind=Kind.REFUND).exists():
            return None
        if amount is None:
            amount = facts.terms(patron, loan.item, timezone.localdate(_now(now))
                                 ).replacement_charge
        if not amount or amount <= 0:
            return None
        return _post(patron, library_id=loan.item.library_id, kind=Kind.CHARGE,
                     cause=Cause.REPLACEMENT, amount=amount, now=now, loan=loan,
                     title=loan.item.record.title[:300])


def refund_replacement(loan: Loan | int, *, now: datetime | None = None,
                       by: Any = None) -> AccountEntry | None:
    """The lost copy turned up: its replacement charge is refunded in full (what was unpaid
    falls away; what was paid becomes a credit the next charges use up). None when there is
    no standing replacement charge on the loan (never charged, or refunded already)."""
    with transaction.atomic():
        loan_id = loan.pk if isinstance(loan, Loan) else loan
        charge = (AccountEntry.objects.filter(loan_id=loan_id, kind=Kind.CHARGE,
                                              cause=Cause.REPLACEMENT)
                  .select_related("patron").order_by("-id").first())
        if charge is None or charge.patron is None:
            return None
        patron = _locked(charge.patron)
        if charge.settled_by.filter(kind=Kind.REFUND).exists():
            return None
        return _post(patron, library_id=charge.library_id, kind=Kind.REFUND,
                     amount=-charge.amount, now=now, settles=charge, title=charge.title,
                     reason=_("The lost item was found."), by=_user(by))


def _user(by: Any, patron: Patron | None = None) -> Any:
    """The staff user behind an act, or None (a patron, a kiosk, a job, AnonymousUser).
    Staff act only on the accounts of their own libraries' patrons."""
    user = by if getattr(by, "pk", None) is not None else None
    if user is not None and patron is not None:
        require_staff(user, patron.library_id)
    return user


def pay(patron: Patron, amount: Decimal | str, method: str, *, library_id: int,
        by: Any = None, reference: str = "", now: datetime | None = None) -> AccountEntry:
    """Take a payment of at most what is owed. With a `reference` (a kiosk's or a provider's
    transaction id) the same payment is taken once: sent again, the first entry is the
    answer."""
    paid = rules.amount(amount)
    if refusal := rules.method_refusal(method):
        raise refusal
    reference = reference.strip()[:80]
    with transaction.atomic():
        patron = _locked(patron)
        if reference and (done := AccountEntry.objects.filter(
                method=method, reference=reference).first()):
            return done
        if refusal := rules.payment_refusal(paid, balance(patron)):
            raise refusal
        try:
            with transaction.atomic():
                return _post(patron, library_id=library_id, kind=Kind.PAYMENT, amount=-paid,
                             now=now, method=method, reference=reference,
                             by=_user(by, patron))
        except IntegrityError:  # the same reference, committed by another process just now
            return AccountEntry.objects.get(method=method, reference=reference)


def waive(patron: Patron, charge_id: int, reason: str, *, by: Any,
          amount: Decimal | str | None = None, now: datetime | None = None) -> AccountEntry:
    """Staff waive what is left of a charge (or part of it), with a reason."""
    with transaction.atomic():
        patron = _locked(patron)
        left = statement(patron).left.get(charge_id)
        waived = (left or rules.ZERO) if amount is None or amount == "" else rules.amount(amount)
        if refusal := rules.waiver_refusal(reason, waived, left):
            raise refusal
        charge = AccountEntry.objects.get(pk=charge_id, patron=patron)
        return _post(patron, library_id=charge.library_id, kind=Kind.WAIVER, amount=-waived,
                     now=now, settles=charge, title=charge.title, reason=reason.strip()[:300],
                     by=_user(by, patron))


def manual_charge(patron: Patron, amount: Decimal | str, reason: str, *, library_id: int,
                  by: Any, now: datetime | None = None) -> AccountEntry:
    """Staff charge by hand (a damaged item, a lost card), with a reason the patron reads."""
    charged = rules.amount(amount)
    if refusal := rules.manual_charge_refusal(reason):
        raise refusal
    with transaction.atomic():
        patron = _locked(patron)
        return _post(patron, library_id=library_id, kind=Kind.MANUAL, amount=charged, now=now,
                     reason=reason.strip()[:300], by=_user(by, patron))
