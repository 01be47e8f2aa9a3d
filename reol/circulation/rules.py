"""Lending policy as pure functions over plain values: no database, no request.

A librarian's rule lives here in one readable place; services.py gathers the facts and applies
these functions inside one transaction.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from reol.errors import DomainError
from reol.refusals import Both, refuse

ADULT_AGE = 18  # children's cards and the guardian requirement end at majority
DUE_SOON_DAYS = 3  # the "due in 3 days" notice

RULE_FIELDS = (
    "loanable",
    "loan_days",
    "renewals",
    "renewal_window_days",
    "renew_when_reserved",
    "max_loans",
    "max_reservations",
    "hold_shelf_days",
    "interest_days",
    "fee_policy",
    "overdue_fee_per_day",
    "max_overdue_fee",
    "replacement_charge",
    "max_owed",
)


@dataclass(frozen=True)
class RuleCell:
    """A cell of the loan-rule matrix: blank dimensions match anything, None values fall
    through. `label` says where the cell comes from, for explanations."""

    label: str
    values: dict[str, Any]
    library: int | None = None
    patron_group: str = ""
    loan_category: str = ""
    material_type: str = ""
    built_in: bool = False

    def matches(self, library: int, group: str, category: str, material: str) -> bool:
        return (
            self.library in (None, library)
            and self.patron_group in ("", group)
            and self.loan_category in ("", category)
            and self.material_type in ("", material)
        )

    @property
    def specificity(self) -> tuple[bool, ...]:
        # Stored rules beat Danish defaults; a library's own rules beat network-wide ones; then
        # patron group, loan category and material type, in that order.
        return (
            not self.built_in,
            self.library is not None,
            bool(self.patron_group),
            bool(self.loan_category),
            bool(self.material_type),
        )


# Danish practice: fee-free, 30 days for books, a week for films, two for games, renewal from a
# week before the due date, reservations kept on the hold shelf a week and wanted for half a
# year.
DEFAULTS = (
    RuleCell(
        "Standard (dansk praksis)",
        {
            "loanable": True,
            "loan_days": 30,
            "renewals": 3,
            "renewal_window_days": 7,
            "renew_when_reserved": False,
            "max_loans": 60,
            "max_reservations": 25,
            "hold_shelf_days": 7,
            "interest_days": 180,
            "fee_policy": "free",
            "overdue_fee_per_day": Decimal("0"),
            "max_overdue_fee": Decimal("0"),
            "replacement_charge": Decimal("300"),
            "max_owed": Decimal("0"),  # no limit: the desk is not warned
        },
        built_in=True,
    ),
    RuleCell("Børn", {"max_loans": 30, "replacement_charge": Decimal("150")},
             patron_group="child", built_in=True),
    RuleCell("Film", {"loan_days": 7, "renewals": 1}, material_type="film", built_in=True),
    RuleCell("Spil", {"loan_days": 14, "renewals": 1}, material_type="game", built_in=True),
    RuleCell("Tidsskrifter", {"loan_days": 14}, material_type="periodical", built_in=True),
    RuleCell("Korttidslån", {"loan_days": 14, "renewals": 0}, loan_category="short",
             built_in=True),
    RuleCell("Opslagsværk", {"loanable": False}, loan_category="reference", built_in=True),
)


@dataclass(frozen=True)
class Terms:
    """The values that apply to one patron group × item, and which cell supplied each."""

    values: dict[str, Any]
    sources: dict[str, str]

    # Any: each rule field has its own type (int days, Decimal fees, bool, str policy).
    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None

    def explain(self) -> list[tuple[str, object, str]]:
        return [(name, self.values[name], self.sources[name]) for name in RULE_FIELDS]


def cell_label(library: str | None, group: str, category: str, material: str) -> str:
    """Which cell of the matrix a rule is, for explanations: "Randers × child × film"."""
    return " × ".join(c for c in (library, group, category, material) if c) or "all"


def terms(
    cells: Iterable[RuleCell], library: int, group: str, category: str, material: str
) -> Terms:
    """The most specific matching cell wins each value; unset values fall through."""
    matching = sorted(
        (c for c in (*DEFAULTS, *cells) if c.matches(library, group, category, material)),
        key=lambda c: c.specificity,
    )
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for cell in matching:
        for name, value in cell.values.items():
            if value is not None and value != "":
                values[name] = value
                sources[name] = cell.label
    return Terms(values, sources)


# --- patrons -------------------------------------------------------------------------------


def owes_too_much(owed: Decimal, max_owed: Decimal) -> bool:
    """The desk warns when a patron owes more in fees and charges than the loan rules allow
    (max_owed; 0: no limit). A warning, not a refusal: staff decide."""
    return bool(max_owed) and owed > max_owed


def card_refusal(card: str) -> DomainError | None:
    """A library card number is 4 to 20 letters and digits."""
    card = card.strip()
    return None if card.isalnum() and 4 <= len(card) <= 20 else refuse("bad_card")


def name_refusal(name: str) -> DomainError | None:
    """A patron has a name: spaces alone are none. (One registered through a library's site
    may come without one until they give it on Min side: patrons.register's `name_later`.)"""
    return None if name.strip() else refuse("no_name.patron")


def pin_refusal(pin: str) -> DomainError | None:
    """A PIN is 4 to 8 digits."""
    return None if pin.isdigit() and 4 <= len(pin) <= 8 else refuse("bad_pin")


def birth_date_refusal(birth_date: date, today: date) -> DomainError | None:
    return refuse("bad_birth_date.future") if birth_date > today else None


def interest_days_refusal(days: int | None) -> DomainError | None:
    """A patron's own interest period, when set, is a week to two years."""
    return None if days is None or 7 <= days <= 730 else refuse("bad_interest")


def pause_refusal(pause_from: date | None, pause_to: date | None) -> DomainError | None:
    return refuse("bad_pause") if pause_from and pause_to and pause_to < pause_from else None


def age(birth_date: date, today: date) -> int:
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month,
                                                                       birth_date.day))


def patron_group(birth_date: date, today: date) -> str:
    return "child" if age(birth_date, today) < ADULT_AGE else "adult"


AGE_GROUPS = ((0, "0-13"), (14, "14-17"), (18, "18-29"), (30, "30-49"), (50, "50-66"),
              (67, "67+"))


def age_group(birth_date: date, today: date) -> str:
    """The coarse band the event log keeps instead of a birth date."""
    years = age(birth_date, today)
    return [label for start, label in AGE_GROUPS if years >= start][-1]


def paused(pause_from: date | None, pause_to: date | None, day: date) -> bool:
    return pause_from is not None and pause_from <= day and (pause_to is None or day <= pause_to)


# --- the patron's choices ---------------------------------------------------------------------

# The notices a patron may choose by channel, as "channel:kind".
NOTICE_KINDS = ("ready", "due_soon", "overdue", "renewed", "not_renewed",
                "reservation_expired")
NOTICE_CHOICES = tuple(f"{channel}:{kind}" for kind in NOTICE_KINDS
                       for channel in ("email", "sms"))


def notice_wanted(channel: str, kind: str, off: Iterable[str]) -> bool:
    """A patron gets each kind of notice by each channel they use, unless they turned that
    one off on Min side (e.g. the due-soon reminder by e-mail only)."""
    return f"{channel}:{kind}" not in off


MAX_OPEN_SUGGESTIONS = 10  # unanswered purchase suggestions a patron may have at a time


def suggestion_refusal(title: str, open_suggestions: int) -> DomainError | None:
    if not title:
        return refuse("no_title.suggestion")
    if open_suggestions >= MAX_OPEN_SUGGESTIONS:
        return refuse("suggestion_limit", most=MAX_OPEN_SUGGESTIONS)
    return None


def answer_refusal(status: str, reason: str, current: str) -> DomainError | None:
    """A suggestion is answered once, accepted or declined; a decline gives the patron a
    reason."""
    if status not in ("accepted", "declined"):
        return refuse("bad_suggestion_answer")
    if current != "new":
        return refuse("suggestion_answered")
    if status == "declined" and not reason:
        return refuse("no_reason.suggestion")
    return None


# --- refusals ------------------------------------------------------------------------------


BLOCKS = ("suspended", "lost_card", "no_self_service", "fees", "other")  # blocked_<code>


def blocked(codes: Iterable[str], self_service: bool = False) -> DomainError | None:
    """A block refuses lending; the self-service block only at machines and open-library doors."""
    for code in codes:
        if code == "no_self_service" and not self_service:
            continue
        return refuse(f"blocked_{code if code in BLOCKS else 'other'}")
    return None


# How the reason of a block that a self-service machine placed (SIP2 01) begins: "SIP2 <login>".
MACHINE_BLOCK = "SIP2 "


def machine_may_lift(code: str, placed_by_staff: bool, reason: str) -> bool:
    """A self-service machine re-enables a card (SIP2 25) only from the block a machine put on
    it (SIP2 01: blocked from self-service, no staff member, the reason naming the terminal).
    Unpaid charges, a suspension, a lost card and every block staff placed stay until staff
    lift them: a machine cannot judge what they were for."""
    return (code == "no_self_service" and not placed_by_staff
            and reason.startswith(MACHINE_BLOCK))


UNLENDABLE = ("on_loan", "in_transit", "missing", "withdrawn", "lost", "damaged",
              "in_repair")  # item_<status>


def checkout_refusal(
    *,
    item_status: str,
    held_for_other: bool,
    loanable: bool,
    open_loans: int,
    max_loans: int,
    block: DomainError | None,
) -> DomainError | None:
    """Why this checkout may not happen, or None. Order: the patron, then the item."""
    if block:
        return block
    if not loanable:
        return refuse("not_loanable")
    if item_status in UNLENDABLE:
        return refuse(f"item_{item_status}")
    if held_for_other:
        return refuse("reserved_by_another")
    if open_loans >= max_loans:
        return refuse("loan_limit", max_loans=max_loans)
    return None


def renewal_opens(due: date, window_days: int) -> date:
    """The first day a loan may be renewed: `window_days` before its due date. Renewing
    earlier would spend one of the patron's renewals for a few days' gain."""
    return due - timedelta(days=window_days)


def renewal_refusal(
    *,
    renewals: int,
    max_renewals: int,
    others_waiting: bool,
    renew_when_reserved: bool,
    lost: bool,
    block: DomainError | None,
    today: date,
    due: date,
    new_due: date,
    window_days: int,
) -> DomainError | None:
    """Why this loan may not be renewed today, or None. A renewal runs from today
    (`new_due`, moved to an open day); one that would not move the due date is refused, so
    it never spends a renewal (renewing twice in a day, or closing days in the way)."""
    if block:
        return block
    if lost:
        return refuse("lost")
    if others_waiting and not renew_when_reserved:
        return refuse("reserved_by_another.renewal")
    if renewals >= max_renewals:
        return refuse("renewal_limit", renewals=renewals)
    opens = renewal_opens(due, window_days)
    if today < opens:
        return refuse("renewal_too_early", days=window_days,
                      opens=Both(f"{opens.day}.{opens.month}.{opens.year}", opens.isoformat()))
    if new_due <= due:
        return refuse("renewal_no_gain")
    return None


def reservation_refusal(
    *,
    has_copies: bool,
    already_reserved: bool,
    already_on_loan: bool,
    open_reservations: int,
    max_reservations: int,
    pickup_ok: bool,
    block: DomainError | None,
) -> DomainError | None:
    if block:
        return block
    if not has_copies:
        return refuse("no_copies")
    if already_on_loan:
        return refuse("already_on_loan")
    if already_reserved:
        return refuse("already_reserved")
    if not pickup_ok:
        return refuse("bad_pickup.place")
    if open_reservations >= max_reservations:
        return refuse("reservation_limit", max_reservations=max_reservations)
    return None


# --- the network's lines: where a copy is lent, who changes a patron -----------------------
# Written out in docs/lending-rules.md. Returns are accepted at any branch of the network (fri
# aflevering): check_in takes any copy anywhere, and routing sends it home or on to a
# reservation (reservations.route), so no rule here refuses a return.


def lending_place_refusal(copy_at_branch: int, lending_branch: int) -> DomainError | None:
    """A copy is lent only where it physically is: on the shelf of its own branch, or at the
    branch where it has arrived, in transit or by interlibrary loan (arriving makes that the
    copy's current branch). A desk or a kiosk cannot hand over a copy that stands on another
    branch's shelf, in its own library or 200 km away in another."""
    if copy_at_branch == lending_branch:
        return None
    return refuse("item_elsewhere")


# What a desk or a kiosk of one library may do to a patron of another: what the network's
# patrons may ask of any library (borrow, renew, return, reserve). Everything that changes
# the patron's card itself (details, PIN, blocks) is left to the patron's own library, and so
# is taking money for the patron's account ("pay": it belongs to the library that charged).
NETWORK_PATRON_ACTS = frozenset({"lend", "renew", "return", "reserve"})
PATRON_ACTS = NETWORK_PATRON_ACTS | {"register", "change_details", "change_pin", "block",
                                     "lift_block", "pay"}


def may_change_patron(acting_library: int, patron_library: int, act: str,
                      opened: frozenset[str] = NETWORK_PATRON_ACTS) -> bool:
    """May a desk or a kiosk of `acting_library` do `act` to a patron of `patron_library`?
    Always in the patron's own library; elsewhere only the acts the patron's library opens to
    the network (`opened`: by default the network's own, NETWORK_PATRON_ACTS)."""
    if act not in PATRON_ACTS:
        raise ValueError(f"unknown act on a patron: {act}")
    return acting_library == patron_library or act in opened


def may_see_patron(acting_library: int, patron_library: int) -> bool:
    """Who a patron is (name, card, contact details) is shown only in the patron's own
    library: a copy returned elsewhere for a reservation is sent on without the name."""
    return acting_library == patron_library


def patron_change_refusal(acting_library: int, patron_library: int, act: str,
                          opened: frozenset[str] = NETWORK_PATRON_ACTS) -> DomainError | None:
    """may_change_patron as a refusal with a code and its Danish and English reason."""
    if may_change_patron(acting_library, patron_library, act, opened):
        return None
    return refuse("other_library_patron")


# --- dates and money -----------------------------------------------------------------------


def due_date(start: date, days: int, open_day: Callable[[date], date]) -> date:
    """`days` after `start`, moved forward to a day the branch is open."""
    return open_day(start + timedelta(days=days))


def overdue_fee(terms: Terms, due: date, returned: date) -> Decimal:
    if terms.fee_policy != "overdue" or returned <= due:
        return Decimal("0")
    fee: Decimal = terms.overdue_fee_per_day * (returned - due).days
    return min(fee, terms.max_overdue_fee) if terms.max_overdue_fee else fee


def interest_until(placed: date, days: int) -> date:
    return placed + timedelta(days=days)


# --- reservations --------------------------------------------------------------------------

SAME_BRANCH, SAME_LIBRARY, SAME_REGION, OTHER_REGION = 0, 1, 2, 3
# Days a copy needs to travel: the house's own shelf, the library's internal van, the regional
# route, the national route through a sorting hub.
TRANSPORT_DAYS = {SAME_BRANCH: 0, SAME_LIBRARY: 1, SAME_REGION: 2, OTHER_REGION: 4}


@dataclass(frozen=True)
class Place:
    """Where a branch is, as far as transport is concerned."""

    branch: int
    library: int
    region: int


def distance(a: Place, b: Place) -> int:
    if a.branch == b.branch:
        return SAME_BRANCH
    if a.library == b.library:
        return SAME_LIBRARY
    return SAME_REGION if a.region == b.region else OTHER_REGION


def transport_days(a: Place, b: Place) -> int:
    return TRANSPORT_DAYS[distance(a, b)]


@dataclass(frozen=True)
class Waiting:
    """An open reservation as allocation sees it, in queue order."""

    id: int
    record: int
    pickup: Place
    wanted_item: int | None = None
    patron_group: str = "adult"
    # Reserved as "any edition": the records of the same work and format it also takes.
    editions: frozenset[int] = frozenset()

    def takes(self, record: int) -> bool:
        return record == self.record or record in self.editions


@dataclass(frozen=True)
class Copy:
    id: int
    record: int
    at: Place
    lendable_to: frozenset[str] = field(default=frozenset({"adult", "child"}))


UNUSABLE = 10**9
# Queue order comes first: a place further back in the queue costs more than the longest trip,
# so a later reservation only gets a copy when no earlier one can use it.
QUEUE_WEIGHT = 100


def allocation_cost(position: int, reservation: Waiting, copy: Copy) -> int:
    """A library fills its patrons' reservations from its own copies; another library's copy
    comes only through an interlibrary loan, which that library agrees to (reol.sharing)."""
    if reservation.wanted_item not in (None, copy.id) or not reservation.takes(copy.record):
        return UNUSABLE
    if copy.at.library != reservation.pickup.library:
        return UNUSABLE
    if reservation.patron_group not in copy.lendable_to:
        return UNUSABLE
    return position * QUEUE_WEIGHT + transport_days(copy.at, reservation.pickup)


def allocate(waiting: list[Waiting], copies: list[Copy]) -> list[tuple[Waiting, Copy, int]]:
    """Which copy fills which reservation: one minimum-cost assignment over all of them.

    Copies only fill reservations of their own record, or of any edition of their work and
    format, so the assignment falls apart into one independent problem per group of records
    that reservations tie together; solving each exactly gives the global optimum. Returns
    (reservation, copy, cost) for each pair, costs in queue-weighted transport days.
    """
    from collections import defaultdict

    import numpy as np
    from scipy.optimize import linear_sum_assignment

    group = _record_groups(waiting)
    by_group: dict[int, tuple[list[Waiting], list[Copy]]] = defaultdict(lambda: ([], []))
    for reservation in waiting:
        by_group[group[reservation.record]][0].append(reservation)
    for copy in copies:
        if copy.record in group:
            by_group[group[copy.record]][1].append(copy)
    pairs: list[tuple[Waiting, Copy, int]] = []
    for queue, shelf in by_group.values():
        if not shelf:
            continue
        queue = _relevant(queue, shelf)
        cost = np.array(
            [[allocation_cost(p, r, c) for c in shelf] for p, r in enumerate(queue)],
            dtype=np.int64,
        )
        rows, cols = linear_sum_assignment(cost)
        pairs.extend(
            (queue[r], shelf[c], int(cost[r, c]))
            for r, c in zip(rows, cols, strict=True)
            if cost[r, c] < UNUSABLE
        )
    return pairs


def _record_groups(waiting: list[Waiting]) -> dict[int, int]:
    """Each record a reservation takes, mapped to one record standing for its group: the
    records tied together by "any edition" reservations (union-find)."""
    parent: dict[int, int] = {}

    def root(record: int) -> int:
        parent.setdefault(record, record)
        while parent[record] != record:
            parent[record] = parent[parent[record]]
            record = parent[record]
        return record

    for reservation in waiting:
        for other in reservation.editions:
            parent[root(other)] = root(reservation.record)
        root(reservation.record)
    return {record: root(record) for record in list(parent)}


def _relevant(queue: list[Waiting], shelf: list[Copy]) -> list[Waiting]:
    """The head of the queue that can matter: once as many reservations as there are copies
    can use any copy, everyone behind them is outranked by queue order."""
    universal = 0
    for end, reservation in enumerate(queue, start=1):
        if all(allocation_cost(0, reservation, c) < UNUSABLE for c in shelf):
            universal += 1
            if universal == len(shelf):
                return queue[:end]
    return queue


def pickup_number(taken: Iterable[str]) -> str:
    """The lowest free number on a hold shelf, three digits, as patrons read it at the shelf."""
    used = set(taken)
    return next(f"{n:03d}" for n in range(1, 10_000) if f"{n:03d}" not in used)


# --- privacy: what the library forgets, and when a patron may leave --------------------------


def retention_cutoff(now: datetime, days: int) -> datetime:
    """What happened before this moment is past the retention period: closed reservations,
    sent notices, the log's patron references and mail and SMS files that tie a patron to a
    title are forgotten (docs/privacy.md)."""
    return now - timedelta(days=max(days, 0))


NOTICE_SUBJECTS = {"due_soon": "loan", "overdue": "loan", "renewed": "loan",
                   "not_renewed": "loan", "ready": "reservation", "expired": "reservation"}


def notice_concerns(key: str) -> tuple[str, int] | None:
    """What a notice's key says it is about, ("loan", id) or ("reservation", id): a notice
    about a loan still out is kept, since its key stops the same reminder going out twice."""
    kind, _, rest = key.partition(":")
    number = rest.split(":", 1)[0]
    if kind not in NOTICE_SUBJECTS or not number.isdigit():
        return None
    return NOTICE_SUBJECTS[kind], int(number)


def deletion_refusal(open_loans: int, owed: Decimal) -> DomainError | None:
    """A patron may have everything about them deleted, except while they still have
    something of the library's or owe it money: that must be settled at the desk first."""
    if open_loans:
        return refuse("deletion_open_loans", open_loans=open_loans)
    if owed > 0:
        return refuse("deletion_open_fees", owed=owed)
    return None
