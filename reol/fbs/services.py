"""The FBS Adapter's use cases that change something, each one transaction, each through
reol's own services (reservations, renewals, registration, patrons' changes) so that the same
rules, refusals, log and notices hold as at the desk and on Min side."""

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from reol.circulation import patrons, reservations
from reol.circulation import services as lending
from reol.circulation.models import Loan, Patron
from reol.errors import DomainError
from reol.libraries.models import Branch, Library
from reol.refusals import refuse

from . import identifiers, rules


@dataclass(frozen=True)
class Wanted:
    """One reservation asked for: the record's faust, the pickup branch's `DK-…` id (None: the
    patron's own) and the last day of interest (None: the loan rules' period)."""

    recordid: str
    pickup: str | None = None
    expiry: date | None = None


@dataclass(frozen=True)
class Outcome:
    """reol's refusal code (None: placed) and the reservation made, or the refusal."""

    recordid: str
    code: str | None
    reservation_id: int | None = None
    error: DomainError | None = None


# The result of a reservation that would have been made but was undone with its batch: the
# description says every reservation of a batch fails when one does, and that clients treat
# an unknown result as an error.
UNDONE = "batch_failed"


class _Undo(Exception):
    pass


def _pickup(patron: Patron, isil: str | None) -> Branch:
    if isil:
        return identifiers.branch(patron.library, isil)
    if patron.pickup_branch_id:
        return Branch.objects.get(pk=patron.pickup_branch_id)
    main = Branch.objects.filter(library_id=patron.library_id).exclude(
        kind__in=identifiers.NO_PICKUP).order_by("pk").first()
    if main is None:
        raise refuse("bad_pickup.place")
    return main


def _place(patron: Patron, wanted: Wanted, now: datetime | None) -> Outcome:
    try:
        with transaction.atomic():
            record = identifiers.record(wanted.recordid)
            placed = reservations.place_reservation(
                patron, record, _pickup(patron, wanted.pickup), interest_until=wanted.expiry,
                now=now)
        return Outcome(wanted.recordid, None, placed.pk)
    except DomainError as error:
        return Outcome(wanted.recordid, error.code, error=error)


def reserve(patron: Patron, wanted: list[Wanted], *, now: datetime | None = None
            ) -> list[Outcome]:
    """Reserve each record once (duplicates removed, as the description says), all or none:
    if one is refused, none is kept."""
    unique = list({w.recordid: w for w in reversed(wanted)}.values())[::-1]
    outcomes: list[Outcome] = []
    try:
        with transaction.atomic():
            outcomes = [_place(patron, w, now) for w in unique]
            if any(o.code for o in outcomes):
                raise _Undo
    except _Undo:
        outcomes = [o if o.code else Outcome(o.recordid, UNDONE) for o in outcomes]
    return outcomes


@dataclass(frozen=True)
class Change:
    reservation_id: int
    pickup: str | None = None
    expiry: date | None = None


def change_reservations(patron: Patron, changes: list[Change]) -> None:
    """Pickup branch and last day of interest of the patron's reservations: all or nothing."""
    with transaction.atomic():
        for change in changes:
            if change.pickup:
                branch = identifiers.branch(patron.library, change.pickup)
                reservations.change_pickup(change.reservation_id, branch, patron=patron)
            if change.expiry:
                reservations.change_interest(change.reservation_id, change.expiry,
                                             patron=patron)


def cancel_reservations(patron: Patron, ids: list[int]) -> None:
    """Cancel the patron's reservations: all or nothing (one not theirs refuses them all)."""
    with transaction.atomic():
        for rid in dict.fromkeys(ids):
            reservations.cancel_reservation(rid, patron=patron)


def renew(patron: Patron, loan_ids: list[int]) -> dict[int, str | None]:
    """Renew each of the patron's loans asked for, each on its own as at the desk (one refusal
    does not stop the rest): the refusal code by loan id, None where renewed. Ids of loans
    that are not the patron's open loans are left out, as if they did not exist."""
    mine = set(Loan.objects.filter(patron=patron, returned__isnull=True, pk__in=loan_ids)
               .values_list("pk", flat=True))
    outcome: dict[int, str | None] = {}
    for loan_id in dict.fromkeys(i for i in loan_ids if i in mine):
        try:
            lending.renew(loan_id, patron=patron)
            outcome[loan_id] = None
        except DomainError as error:
            outcome[loan_id] = error.code
    return outcome


def change_patron(patron: Patron, changes: dict[str, object],
                  pin: tuple[str, str] | None) -> Patron:
    """The patron's own settings and PIN (`(card, new PIN)`: only their own card), together."""
    with transaction.atomic():
        if changes:
            patron = patrons.update(patron, changes)
        if pin is not None:
            if pin[0].strip() != patron.card:
                raise refuse("not_your_card")
            patrons.set_pin(patron, pin[1])
    return patron


@dataclass(frozen=True)
class Registration:
    """A new patron as the web sites send one. `cpr` gives the birth date and is not kept.
    `name_later`: the site sent no name (createV9 sends none: FBS takes it from the person
    registry); the patron is registered without one and Min side asks them for it."""

    cpr: str
    pin: str
    name: str
    pickup: str  # DK-… id
    email: str = ""
    phone: str = ""
    notify_email: bool = True
    notify_sms: bool = False
    language: str = "da"
    block: tuple[str, date] | None = None  # FBS reason letter and since when
    guardian_cpr: str = ""
    name_later: bool = False


def register(library: Library, new: Registration, *, guardian: Patron | None = None,
             today: date | None = None) -> Patron:
    """Register a patron with reol's own registration (PIN form, name unless `name_later`,
    pickup branch of the library, a free card) and one check more: a child is registered by
    a guardian. The card is a new number of the library (its agency number and six digits)."""
    today = today or timezone.localdate()
    born = rules.birth_date_from_cpr(new.cpr)
    if born is None:
        raise refuse("bad_cpr")
    refusal = rules.registration_refusal(
        born, today, guardian.birth_date if guardian else None,
        same_person=bool(guardian) and _digits(new.cpr) == _digits(new.guardian_cpr))
    if refusal:
        raise refusal
    pickup = identifiers.branch(library, new.pickup)
    with transaction.atomic():
        patron = _with_new_card(library, new, born, pickup, guardian, today)
        changes = {"notify_email": new.notify_email and bool(new.email),
                   "notify_sms": new.notify_sms and bool(new.phone)}
        patron = patrons.update(patron, changes)
        if new.block is not None:
            letter, since = new.block
            patrons.add_block(patron, rules.BLOCK_CODES[letter],
                              f"FBS {letter} {since.isoformat()}")
    return patron


def _digits(cpr: str) -> str:
    return "".join(c for c in cpr if c.isdigit())


def _with_new_card(library: Library, new: Registration, born: date, pickup: Branch,
                   guardian: Patron | None, today: date) -> Patron:
    for _attempt in range(5):
        card = f"{library.agency}{secrets.randbelow(10**6):06d}"
        try:
            with transaction.atomic():
                return patrons.register(patrons.PatronData(
                    card=card, pin=new.pin, name=new.name, birth_date=born,
                    library=library.agency, email=new.email, phone=new.phone,
                    language=new.language, pickup_branch=pickup.code,
                    guardian_card=guardian.card if guardian else ""), today=today,
                    name_later=new.name_later)
        except DomainError as error:
            if error.code != "card_taken":
                raise
    raise refuse("card_taken")


def confirm_guardian(guardian: Patron, ward_id: int | None) -> Patron:
    """updateGuardian: reol keeps a child's guardian as a patron of the library and knows no
    one by CPR number, so the only guardian it can confirm is the caller, for a child already
    in their care. Anything else is answered as not found (404: no card oracle)."""
    ward = identifiers.patron(ward_id, guardian=guardian) if ward_id is not None else None
    if ward is None:
        raise refuse("unknown_card")
    return ward
