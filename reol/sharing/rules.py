"""Interlibrary-loan policy as pure functions: the state machine, lending rules, routing."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from reol.circulation.rules import OTHER_REGION, SAME_REGION, TRANSPORT_DAYS
from reol.refusals import refuse

REQUESTED, WILL_SUPPLY, SHIPPED, RECEIVED = "requested", "will_supply", "shipped", "received"
ON_HOLD_SHELF, ON_LOAN, RETURNED = "on_hold_shelf", "on_loan", "returned"
SHIPPED_BACK, RECEIVED_BY_LENDER, CLOSED = "shipped_back", "received_by_lender", "closed"
CANCELLED, UNFILLED = "cancelled", "unfilled"

# Where a request may go from each state. The requester walks the whole path; the supplier
# skips what happens at the requester's desk (received → shipped_back).
TRANSITIONS: dict[str, frozenset[str]] = {
    REQUESTED: frozenset({REQUESTED, WILL_SUPPLY, SHIPPED, CANCELLED, UNFILLED}),
    WILL_SUPPLY: frozenset({SHIPPED, CANCELLED, UNFILLED, REQUESTED}),
    SHIPPED: frozenset({RECEIVED}),
    RECEIVED: frozenset({ON_HOLD_SHELF, SHIPPED_BACK}),
    ON_HOLD_SHELF: frozenset({ON_LOAN, RETURNED}),
    ON_LOAN: frozenset({RETURNED}),
    RETURNED: frozenset({SHIPPED_BACK}),
    SHIPPED_BACK: frozenset({RECEIVED_BY_LENDER}),
    RECEIVED_BY_LENDER: frozenset({CLOSED}),
    CLOSED: frozenset(),
    CANCELLED: frozenset(),
    UNFILLED: frozenset(),
}
OPEN = tuple(s for s in TRANSITIONS if s not in (CLOSED, CANCELLED, UNFILLED))
# States in which the lender is busy with the request: its load.
SUPPLYING = (REQUESTED, WILL_SUPPLY)


def can_move(state: str, to: str) -> bool:
    return to in TRANSITIONS.get(state, ())


def check_move(state: str, to: str) -> None:
    if not can_move(state, to):
        raise refuse("ill_out_of_order", state=state, to=to)


# ISO 18626 reasons a supplier gives for not supplying (ReasonUnfilled), with Danish and English.
REFUSALS: dict[str, tuple[str, str]] = {
    "NotHeld": ("Ikke i samlingen", "Not held"),
    "NotOnShelf": ("Ikke på hylden", "Not on the shelf"),
    "OnLoan": ("Udlånt", "On loan"),
    "PolicyProblem": ("Udlånes ikke til andre biblioteker", "Not lent to other libraries"),
    "PoorCondition": ("Dårlig stand", "Poor condition"),
    "MissingItem": ("Bortkommet", "Missing"),
    "NoAnswer": ("Intet svar inden fristen", "No answer before the deadline"),
}


@dataclass(frozen=True)
class Policy:
    lends: bool = True
    newest_years: int = 0
    reference_works: bool = False
    excluded_types: frozenset[str] = frozenset()
    max_queue_per_copy: int = 4
    answer_days: int = 2


DEFAULT_POLICY = Policy()


def lending_refusal(policy: Policy, *, year: int | None, material_type: str,
                    reference: bool, this_year: int) -> str | None:
    """The ISO 18626 reason this lender does not lend a copy, or None when it does."""
    if not policy.lends or material_type in policy.excluded_types:
        return "PolicyProblem"
    if reference and not policy.reference_works:
        return "PolicyProblem"
    if policy.newest_years and year and year > this_year - policy.newest_years:
        return "PolicyProblem"
    return None


def needs_request(*, own_copies: int, waiting: int, policy: Policy) -> bool:
    """Does a reservation go out as an interlibrary request? When the patron's library owns no
    copy, or every copy already has more than the policy's queue behind it."""
    return own_copies == 0 or waiting > own_copies * policy.max_queue_per_copy


# --- routing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lender:
    """A library as routing sees it."""

    id: int
    isil: str
    region: int | None
    central: bool = False


@dataclass(frozen=True)
class Ask:
    """A request to route: which record, for which library, and who has been tried (ISILs)."""

    id: int
    record: int
    requester: int  # library id
    region: int | None
    tried: frozenset[str] = field(default_factory=frozenset)


LOAD_WEIGHT = 1  # one open request on a lender's desk weighs as much as one day on the road
TIER_WEIGHT = 100  # same region before other regions before the central collections


def candidate_cost(ask: Ask, lender: Lender, load: int) -> int:
    # The central collections are the last resort, wherever they are.
    tier = 2 if lender.central else (0 if lender.region == ask.region else 1)
    days = TRANSPORT_DAYS[SAME_REGION if lender.region == ask.region else OTHER_REGION]
    return tier * TIER_WEIGHT + days * 10 + load * LOAD_WEIGHT


def rank_candidates(ask: Ask, holders: Iterable[Lender], load: dict[int, int]) -> list[Lender]:
    """Libraries holding an available copy, best first: same region, other regions, then the
    central collections; within each, the shorter trip and the emptier desk first."""
    usable = [h for h in holders if h.id != ask.requester and h.isil not in ask.tried]
    return sorted(usable, key=lambda h: (candidate_cost(ask, h, load.get(h.id, 0)), h.isil))


def route(asks: list[Ask], holders: dict[int, list[Lender]],
          load: dict[int, int]) -> dict[int, list[Lender]]:
    """Rank candidates for many requests at once. Each first choice adds to that lender's load,
    so one day's requests spread over the lenders instead of all landing on the best one."""
    load = dict(load)
    ranked = {}
    for ask in asks:
        order = rank_candidates(ask, holders.get(ask.record, ()), load)
        ranked[ask.id] = order
        if order:
            load[order[0].id] = load.get(order[0].id, 0) + 1
    return ranked
