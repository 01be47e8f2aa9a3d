"""How reol's words are said in the FBS Adapter's: identifiers, states, loan types, block
reasons and result codes. Pure functions over plain values; docs/fbs.md writes the tables out.
"""

import re
from collections.abc import Iterable, Sequence
from datetime import date

from reol.circulation.rules import ADULT_AGE, age
from reol.errors import DomainError
from reol.refusals import refuse

# The national catalogue's agency: a record `870970-basis:NNNNNNNN` has the faust NNNNNNNN.
NATIONAL_BASIS = "870970-basis:"
FAUST = re.compile(r"\d{6,12}")
ISIL = re.compile(r"DK-(\d{6})")


def faust(pid: str, stored: str = "") -> str:
    """A record's id towards the apps: its faust number, the number after `-basis:` of a pid
    (`870970-basis:29887412` -> `29887412`), or the faust the record was stored with."""
    if stored:
        return stored
    _, _, number = pid.partition("-basis:")
    return number or pid


def pid_candidates(recordid: str) -> list[str]:
    """The pids an app's record id may stand for: the national catalogue's first."""
    return [NATIONAL_BASIS + recordid] if FAUST.fullmatch(recordid) else []


def branch_isils(agency: str, branches: Sequence[tuple[int, str]]) -> dict[int, str]:
    """The national branch identifiers of a library's houses, `(branch id, kind)` in the order
    they were made. The main library is the agency itself (`DK-746100`); the other houses
    follow it, numbered from 01 in the order they were made (`DK-746101`, `DK-746102`), as the
    national register numbers branches under their agency."""
    found: dict[int, str] = {}
    main = next((pk for pk, kind in branches if kind == "main"), None)
    if main is not None:
        found[main] = f"DK-{agency}"
    prefix, number = agency[:4], 0
    for pk, _kind in branches:
        if pk == main:
            continue
        number += 1
        found[pk] = f"DK-{prefix}{number:02d}"
    return found


def patron_id(card: str, pk: int) -> int:
    """A patron's id towards the apps: the card number (the cards reol issues are digits,
    beginning with the agency number); a card an integer cannot carry as it is (letters, a
    leading zero) is answered by reol's own number for the patron."""
    return int(card) if card_is_id(card) else pk


def card_is_id(card: str) -> bool:
    return card.isdigit() and not card.startswith("0") and len(card) <= 18


# Reservation states: the apps show `readyForPickup` as ready and anything else as queued.
STATES = {"waiting": "reserved", "allocated": "inTransit", "on_hold_shelf": "readyForPickup"}


def reservation_state(status: str) -> str:
    return STATES.get(status, "other")


def loan_type(item_library: int, patron_library: int) -> str:
    """A copy of another library lent through the network counts as an interlibrary loan."""
    return "loan" if item_library == patron_library else "interLibraryLoan"


# Block reasons: reol's block codes as FBS's one-letter reasons ("unexpected values should be
# interpreted as 'other reason'", so a block reol names otherwise keeps its own code).
BLOCK_REASONS = {"lost_card": "O", "suspended": "U", "no_self_service": "S", "fees": "E"}
# And back, for a patron created with a block (createV9's blockStatusRequest).
BLOCK_CODES = {"O": "lost_card", "F": "suspended", "U": "suspended", "S": "no_self_service",
               "W": "other", "E": "fees", "D": "other"}


def block_reason(code: str) -> str:
    return BLOCK_REASONS.get(code, code)


# reol's refusals (reol/refusals.py) in the description's words. A refusal reol says otherwise
# keeps its own code: the description tells clients to treat unknown values as errors (new
# reservations) or as 'deniedOtherReason' (renewals).
RESERVATION_RESULTS = {
    "blocked_fees": "patron_is_blocked",
    "blocked_lost_card": "patron_is_blocked",
    "blocked_suspended": "patron_is_blocked",
    "blocked_other": "patron_is_blocked",
    "blocked_no_self_service": "patron_is_blocked",
    "unknown_card": "patron_not_found",
    "already_reserved": "already_reserved",
    "already_on_loan": "already_loaned",
    "no_copies": "no_reservable_materials",
    "unknown_record": "material_not_found",
    "reservation_limit": "exceeds_max_reservations",
    "bad_pickup": "not_reservable",
}
RENEWAL_STATUSES = {
    "reserved_by_another": "deniedReserved",
    "renewal_limit": "deniedMaxRenewalsReached",
    "blocked_fees": "deniedLoanerIsBlocked",
    "blocked_lost_card": "deniedLoanerIsBlocked",
    "blocked_suspended": "deniedLoanerIsBlocked",
    "blocked_other": "deniedLoanerIsBlocked",
    "blocked_no_self_service": "deniedLoanerIsBlocked",
    "lost": "deniedMaterialIsNotFound",
    "unknown_loan": "deniedMaterialIsNotFound",
}


def reservation_result(code: str | None) -> str:
    return "success" if code is None else RESERVATION_RESULTS.get(code, code)


def renewal_status(code: str | None) -> str:
    """Too early in the window, or no gain in days: FBS has no word for it, 'deniedOtherReason'."""
    return "renewed" if code is None else RENEWAL_STATUSES.get(code, "deniedOtherReason")


def registration_refusal(born: date, today: date, guardian_born: date | None,
                         same_person: bool) -> DomainError | None:
    """A child (under 18) is registered by a guardian, an adult, who is someone else."""
    if guardian_born is None:
        return refuse("guardian_needed") if age(born, today) < ADULT_AGE else None
    if same_person:
        return refuse("guardian_needed.other_person")
    if age(guardian_born, today) < ADULT_AGE:
        return refuse("guardian_needed.adult")
    return None


# A Danish personal number (CPR): DDMMYY-SSSS, the seventh digit and the year giving the century.
CPR = re.compile(r"(\d{2})(\d{2})(\d{2})-?(\d)(\d{3})")


def birth_date_from_cpr(cpr: str) -> date | None:
    """The birth date a CPR number carries (the CPR office's century table), None if it is not
    one. Only the date is kept: reol stores no CPR numbers."""
    found = CPR.fullmatch(cpr.strip())
    if not found:
        return None
    day, month, yy, seventh = (int(found.group(i)) for i in range(1, 5))
    if seventh <= 3:
        century = 1900
    elif seventh in (4, 9):
        century = 2000 if yy <= 36 else 1900
    else:  # 5-8
        century = 2000 if yy <= 57 else 1800
    try:
        return date(century + yy, month, day)
    except ValueError:
        return None


def chosen_contact(entries: Iterable[tuple[str, bool]]) -> tuple[str, bool]:
    """From FBS's several email addresses (or phone numbers) with `receiveNotification`, the one
    reol keeps: the first that receives notices, else the first; and whether it receives them.
    (The description lets the system pick any one of those receiving notices.)"""
    entries = [(value.strip(), wanted) for value, wanted in entries if value.strip()]
    for value, wanted in entries:
        if wanted:
            return value, True
    return (entries[0][0], False) if entries else ("", False)
