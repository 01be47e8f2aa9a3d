"""Open-library policy as pure functions: may this patron let themselves in now?

The access service (access.py) gathers the facts; nothing here reads the database.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time

from reol.circulation import rules as circulation_rules
from reol.errors import DomainError
from reol.libraries.rules import Interval
from reol.refusals import refuse

STAFFED, SELF_SERVICE, CLOSED = "staffed", "self_service", "closed"
VISIT_MEMORY_DAYS = 30  # a visit's link to the patron is deleted after this many days


@dataclass(frozen=True)
class Policy:
    """A branch's entry policy as plain values (EntryPolicy; these defaults when none)."""

    min_age: int = 15
    guardian_consent_admits: bool = True
    pin_required: bool = True


CLOSED_NOW = refuse("closed")
PIN_NEEDED = refuse("pin_required")


def pin_needed(policy: Policy, service: str | None) -> bool:
    """Only the unstaffed hours ask for a PIN; staff let people in the rest of the day."""
    return service == SELF_SERVICE and policy.pin_required


def entry_refusal(
    *,
    service: str | None,
    age: int,
    guardian_consent: bool,
    block: DomainError | None,
    policy: Policy,
) -> DomainError | None:
    """Why the door stays shut, or None. `service` is the kind of the hours right now (None
    when the branch keeps no hours now); `block` is the patron's self-service block, if any."""
    if closed := closed_refusal(service):
        return closed
    if service == STAFFED:
        return None  # staff are in the house: the door is open to everyone with a card
    if block:
        return block
    if age < policy.min_age and not (policy.guardian_consent_admits and guardian_consent):
        if policy.guardian_consent_admits:
            return refuse("too_young.consent", min_age=policy.min_age)
        return refuse("too_young", min_age=policy.min_age)
    return None


def block_refusal(terminal_library: int, patron_library: int) -> DomainError | None:
    """Why a self-service machine may not block this card, or None: the network's rule for
    changing a patron's card (circulation.rules.may_change_patron), by which only the card's
    own library blocks it."""
    return circulation_rules.patron_change_refusal(terminal_library, patron_library, "block")


def item_update_refusal() -> DomainError:
    """Why a self-service machine may not change what is recorded about a copy (SIP2 Item
    Status Update): copies are described by cataloguing staff, who are named on each change;
    a machine that anyone stands at changes nothing about them."""
    return refuse("item_update")


def service_at(intervals: Iterable[Interval], moment: time) -> str | None:
    """The kind of hours (staffed, self_service, closed) a day's intervals give at a time of
    day, or None outside them all. `intervals` are libraries.rules.Interval values."""
    for interval in intervals:
        if interval.opens <= moment < interval.closes:
            return interval.service
    return None


def closed_refusal(service: str | None) -> DomainError | None:
    return CLOSED_NOW if service in (None, CLOSED) else None
