"""The digital library's policy as pure functions: which cap a loan counts against, how much
of it and of the budget is left, whether a licence has a copy free, and when a loan ends."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from reol.errors import DomainError
from reol.refusals import Both, refuse

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
ZERO = Decimal("0")

# The cap each digital format counts against: podcasts go with the audiobooks, as eReolen
# counts them.
CAP_KINDS = {"ebook": "ebook", "eaudiobook": "eaudiobook", "podcast": "eaudiobook",
             "film_stream": "film"}
_KIND_NAMES = {"ebook": Both("e-bøger", "e-books"),
               "eaudiobook": Both("netlydbøger", "e-audiobooks"),
               "film": Both("film", "films")}


def month_bounds(now: datetime) -> tuple[datetime, datetime]:
    """The calendar month in Copenhagen that `now` falls in, as aware start and end."""
    local = now.astimezone(COPENHAGEN)
    start = datetime(local.year, local.month, 1, tzinfo=COPENHAGEN)
    following = datetime(local.year + local.month // 12, local.month % 12 + 1, 1,
                         tzinfo=COPENHAGEN)
    return start, following


def budget_bounds(now: datetime, period: str) -> tuple[datetime, datetime]:
    """The budget's period (a calendar month or year in Copenhagen) that `now` falls in."""
    if period == "month":
        return month_bounds(now)
    year = now.astimezone(COPENHAGEN).year
    return datetime(year, 1, 1, tzinfo=COPENHAGEN), datetime(year + 1, 1, 1, tzinfo=COPENHAGEN)


def period_budget(yearly: Decimal, period: str) -> Decimal:
    """A year's fund spread over the period: a month has a twelfth of it."""
    return (yearly / 12).quantize(Decimal("0.01")) if period == "month" else yearly


def cap_left(cap: int, taken_this_month: int) -> int:
    """Loans of this kind the patron may still start this calendar month."""
    return max(cap - taken_this_month, 0)


def budget_left(budget: Decimal | None, spent: Decimal) -> Decimal | None:
    """What is left of the period's budget; None when the library set none."""
    return None if budget is None else budget - spent


def loan_price(licence: str, title_price: Decimal | None, library_price: Decimal) -> Decimal:
    """What a loan costs the library: a pay-per-loan title its price (or the library's price
    per loan); bought licences (one copy, simultaneous) and free titles nothing more."""
    if licence != "pay_per_loan":
        return ZERO
    return library_price if title_price is None else title_price


def counts_against_cap(licence: str) -> bool:
    """Free titles count against no cap and lend when the budget is spent."""
    return licence != "free"


def copies_free(licence: str, copies: int, on_loan: int) -> int | None:
    """Copies free now: a one-copy-one-user licence has its bought copies, the others have
    no limit (None)."""
    return max(copies - on_loan, 0) if licence == "one_copy" else None


def may_take_copy(free: int | None, ahead_in_queue: int) -> bool:
    """A copy is the patron's when one is free for every patron queued before them."""
    return free is None or free > ahead_in_queue


def loan_end(start: datetime, loan_days: int) -> datetime:
    """A digital loan ends by itself `loan_days` after it started, to the minute."""
    return start + timedelta(days=loan_days)


@dataclass(frozen=True)
class LendFacts:
    """What deciding a digital loan needs, read in one go by services."""

    licence: str
    kind: str  # the cap kind: ebook, eaudiobook, film
    cap: int
    taken_this_month: int
    budget_left: Decimal | None
    price: Decimal
    copies_free: int | None
    ahead_in_queue: int
    already_on_loan: bool


def lend_refusal(facts: LendFacts) -> DomainError | None:
    """Why the patron may not borrow the title now, else None. A title already on loan to
    them is theirs; a one-copy title with no copy for them must be reserved; a capped
    title needs room in this month's cap and money left in the budget (free titles need
    neither)."""
    if facts.already_on_loan:
        return refuse("digital_already_on_loan")
    if not may_take_copy(facts.copies_free, facts.ahead_in_queue):
        return refuse("digital_no_copy")
    if not counts_against_cap(facts.licence):
        return None
    if cap_left(facts.cap, facts.taken_this_month) == 0:
        return refuse("digital_cap_reached", cap=facts.cap, kind=_KIND_NAMES[facts.kind])
    if facts.budget_left is not None and facts.budget_left < max(facts.price, Decimal("0.01")):
        return refuse("digital_budget_spent")
    return None


def reserve_refusal(licence: str, free: int | None, ahead: int, already_reserved: bool,
                    already_on_loan: bool) -> DomainError | None:
    """Only one-copy titles with no copy for the patron are reserved, once."""
    if already_on_loan:
        return refuse("digital_already_on_loan")
    if already_reserved:
        return refuse("digital_already_reserved")
    if licence != "one_copy" or may_take_copy(free, ahead):
        return refuse("digital_no_queue")
    return None


def access_refusal(patron_id: int, loan_patron_id: int | None, now: datetime, ends: datetime,
                   returned: datetime | None) -> DomainError | None:
    """The access link opens only for the patron who borrowed, while the loan runs."""
    if loan_patron_id != patron_id:
        return refuse("digital_not_yours")
    if returned is not None or now >= ends:
        return refuse("digital_loan_over")
    return None


# --- a library's own terms ------------------------------------------------------------------

# What a leader may set: a month's cap per kind, and a price per loan in kroner. Beyond
# these a figure is a typing error, not a policy (eReolen's libraries lend 2-10 a month and
# pay under 100 kr. a loan).
MAX_CAP = 100
MAX_PRICE = Decimal("1000")
PERIODS = ("month", "year")


def terms_refusal(caps: dict[str, int], period: str, price: Decimal) -> DomainError | None:
    """Why a library may not set these terms, or None."""
    for kind, cap in caps.items():
        if not 0 <= cap <= MAX_CAP:
            return refuse(f"bad_{kind}_cap", high=MAX_CAP)
    if period not in PERIODS:
        return refuse("bad_digital_period")
    if not (price.is_finite() and ZERO <= price <= MAX_PRICE
            and price == price.quantize(Decimal("0.01"))):
        return refuse("bad_price_per_loan", high=MAX_PRICE)
    return None
