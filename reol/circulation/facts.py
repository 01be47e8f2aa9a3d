"""Reading the facts that rules need: the patron by card, the item by barcode, the terms."""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce

from reol.catalogue.models import Item
from reol.errors import DomainError
from reol.libraries import calendar
from reol.libraries.models import Branch

from . import rules
from .models import Block, Loan, LoanRule, Patron


def patron_by_card(card: str, *, lock: bool = False) -> Patron:
    rows = Patron.objects.select_for_update() if lock else Patron.objects
    try:
        return rows.select_related("library").get(card=card.strip())
    except Patron.DoesNotExist:
        raise DomainError(
            "unknown_card", "Lånerkortet kendes ikke.", "The library card is not known."
        ) from None


def lender(card: str | Patron) -> Patron:
    """The borrower at a checkout, with `open_loans` and `has_block` read in the same query."""
    found = (
        Patron.objects.select_related("library")
        .annotate(
            open_loans=Coalesce(
                Subquery(
                    Loan.objects.filter(patron=OuterRef("pk"), returned__isnull=True)
                    .order_by()
                    .values("patron")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            ),
            has_block=Exists(Block.objects.filter(patron=OuterRef("pk"), lifted__isnull=True)),
        )
        .filter(**({"pk": card.pk} if isinstance(card, Patron) else {"card": card.strip()}))
        .first()
    )
    if found is None:
        raise DomainError(
            "unknown_card", "Lånerkortet kendes ikke.", "The library card is not known."
        )
    return found


def item_by_barcode(barcode: str) -> Item:
    """The item, locked for the rest of the transaction (PostgreSQL; SQLite holds the lock)."""
    try:
        return (
            Item.objects.select_for_update(of=("self",))
            .select_related("record", "home_branch", "current_branch")
            .get(barcode=barcode.strip())
        )
    except Item.DoesNotExist:
        raise DomainError(
            "unknown_barcode",
            f"Stregkoden {barcode.strip()} kendes ikke.",
            f"The barcode {barcode.strip()} is not known.",
        ) from None


def branch_by_code(code: str | Branch) -> Branch:
    if isinstance(code, Branch):
        return code
    try:
        return Branch.objects.select_related("library").get(code=code)
    except Branch.DoesNotExist:
        raise DomainError(
            "unknown_branch", f"Filialen {code} kendes ikke.", f"The branch {code} is not known."
        ) from None


def block(patron: Patron, self_service: bool = False) -> DomainError | None:
    if getattr(patron, "has_block", True) is False:
        return None  # lender() already knows there is none
    codes = Block.objects.filter(patron=patron, lifted__isnull=True).values_list("code", flat=True)
    return rules.blocked(codes, self_service)


def cells(library_id: int) -> list[rules.RuleCell]:
    from django.db.models import Q

    rows = LoanRule.objects.filter(Q(library__isnull=True) | Q(library_id=library_id))
    return [
        rules.RuleCell(
            label=str(row) if row.library_id is None else f"{row.library} {row}".strip(),
            values={f: getattr(row, f) for f in rules.RULE_FIELDS},
            library=row.library_id,
            patron_group=row.patron_group,
            loan_category=row.loan_category,
            material_type=row.material_type,
        )
        for row in rows.select_related("library")
    ]


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
