"""How reol's digital library is said in Publizon's words: response codes for refusals,
loan-status numbers, product types and the identifiers the description wants as UUIDs.
Pure functions; the numbers are documented in docs/publizon.md."""

import uuid
from datetime import UTC, datetime

from reol.errors import DomainError

SUCCESS = 101
# ApiResponseCode for each refusal reol gives on this API (the description's enum).
CODES = {
    "digital_unknown_title": 128,      # ContentNotFound
    "digital_not_on_loan": 153,        # LoanNotFound
    "digital_loan_over": 153,
    "digital_cap_reached": 125,        # MaxAmountPerMonthExceeded
    "digital_budget_spent": 143,       # CostFreeLimitReached: only free titles lend now
    "digital_no_copy": 136,            # InsufficientCopiesException
    "digital_already_on_loan": 135,    # MaxLoansOnTitleReached
    "digital_already_reserved": 140,   # AlreadyReserved
    "digital_no_queue": 131,           # NotLoanable (as a reservation: lend it instead)
    "digital_not_reserved": 138,       # GenericFault: the description has no closer code
}
GENERIC_FAULT = 138

# ContentLoanStatusEnum as reol answers it.
LENDABLE, ON_LOAN, RESERVABLE, RESERVED, NOT_LENDABLE_NOW = 0, 1, 2, 3, 4

# Product.productType and Loan.fileExtensionType by material type.
PRODUCT_TYPES = {"ebook": 1, "eaudiobook": 2, "podcast": 3, "film_stream": 4}
FILE_TYPES = {"ebook": 1, "eaudiobook": 3, "podcast": 3, "film_stream": 4}
ISBN_13 = 15  # IdentifierTypeEnum (ONIX list 5)


def code_of(refusal: DomainError) -> int:
    return CODES.get(refusal.code, GENERIC_FAULT)


def as_uuid(pk: int) -> str:
    """A row's id in the UUID form the description asks for (orderId, productId)."""
    return str(uuid.UUID(int=pk))


def utc(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def loan_status(on_loan: bool, reserved: bool, may_lend: bool, may_reserve: bool) -> int:
    """What the patron can do with a title now, as one number."""
    if on_loan:
        return ON_LOAN
    if reserved:
        return RESERVED
    if may_lend:
        return LENDABLE
    return RESERVABLE if may_reserve else NOT_LENDABLE_NOW


def split_name(creator: str) -> tuple[str, str]:
    """("First", "Last") of "Last, First" or "First Last"."""
    if "," in creator:
        last, _, first = creator.partition(",")
        return first.strip(), last.strip()
    first, _, last = creator.strip().rpartition(" ")
    return first, last
