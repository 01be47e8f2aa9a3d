"""Open-library policy as pure functions: may this patron let themselves in now?

The access service (access.py) gathers the facts; nothing here reads the database.
"""

from dataclasses import dataclass

from reol.errors import DomainError

STAFFED, SELF_SERVICE, CLOSED = "staffed", "self_service", "closed"
VISIT_MEMORY_DAYS = 30  # a visit's link to the patron is deleted after this many days


@dataclass(frozen=True)
class Policy:
    """A branch's entry policy as plain values (EntryPolicy; these defaults when none)."""

    min_age: int = 15
    guardian_consent_admits: bool = True
    pin_required: bool = True


CLOSED_NOW = DomainError("closed", "Biblioteket er lukket nu.", "The library is closed now.")
PIN_NEEDED = DomainError("pin_required", "Indtast din PIN-kode.", "Please enter your PIN.")


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
            return DomainError(
                "too_young",
                f"Du skal være {policy.min_age} år eller have din værges samtykke for at bruge "
                "det åbne bibliotek.",
                f"You must be {policy.min_age} or have your guardian's consent to use the "
                "open library.",
            )
        return DomainError(
            "too_young",
            f"Du skal være {policy.min_age} år for at bruge det åbne bibliotek.",
            f"You must be {policy.min_age} to use the open library.",
        )
    return None


# The same refusal as circulation's network rule for changing another library's patron.
OTHER_LIBRARY = DomainError(
    "other_library_patron",
    "Låneren hører til et andet bibliotek; kun det kan ændre lånerens kort.",
    "The patron belongs to another library; only that library can change the patron's card.")


def block_refusal(terminal_library: int, patron_library: int) -> DomainError | None:
    """Why a self-service machine may not block this card, or None. A machine blocks only its
    own library's cards: another library decides about its own patrons (the strictest reading
    of the network's rules; circulation.rules.patron_change_refusal says the same for "block"
    once it is on main, and this can then defer to it)."""
    return None if terminal_library == patron_library else OTHER_LIBRARY


def service_at(intervals, moment) -> str | None:
    """The kind of hours (staffed, self_service, closed) a day's intervals give at a time of
    day, or None outside them all. `intervals` are libraries.rules.Interval values."""
    for interval in intervals:
        if interval.opens <= moment < interval.closes:
            return interval.service
    return None


def closed_refusal(service: str | None) -> DomainError | None:
    return CLOSED_NOW if service in (None, CLOSED) else None
