"""Patrons: registration, changes (each logged with who and when), PIN log-in and blocks."""

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.dispatch import Signal
from django.utils import timezone

from reol.core.access import can, require
from reol.errors import DomainError
from reol.libraries.models import Branch, Library
from reol.refusals import refuse
from reol.throttle import rules as throttle_rules
from reol.throttle import services as throttle

from . import rules
from .models import Block, Patron, PatronChange

EDITABLE = (
    "name", "birth_date", "pickup_branch", "email", "phone", "notify_email", "notify_sms",
    "language", "interest_days", "pause_from", "pause_to", "keep_history", "guardian",
    "notices_off",
)


# Sent with `patron` inside set_pin's transaction. What the old PIN opened ends with it: the
# patron's sessions here (session.py reads the hash) and, through this signal, what the doors
# built on circulation gave for it: reol/oauth's tokens (oauth/apps.py listens).
pin_changed = Signal()


def check_pin_format(pin: str) -> None:
    refusal = rules.pin_refusal(pin)
    if refusal:
        raise refusal


@dataclass
class PatronData:
    card: str
    pin: str
    name: str
    birth_date: date
    library: str  # agency number
    email: str = ""
    phone: str = ""
    language: str = "da"
    pickup_branch: str = ""  # branch code
    guardian_card: str = ""


def register(data: PatronData, *, by=None, today: date | None = None,
             name_later: bool = False) -> Patron:
    """`name_later`: the patron may come without a name, which Min side then asks them for.
    Only the libraries' sites register so (reol/fbs: FBS takes the name from the person
    registry, which reol has no access to); every other door refuses a patron without one."""
    today = today or timezone.localdate()
    card = data.card.strip()
    refusal = (rules.card_refusal(card) or rules.pin_refusal(data.pin)
               or (None if name_later else rules.name_refusal(data.name))
               or rules.birth_date_refusal(data.birth_date, today))
    if refusal:
        raise refusal  # the staff form shows each of these beside its field at once
    library = Library.objects.filter(agency=data.library).first()
    if library is None:
        raise refuse("unknown_library", library=data.library)
    if by is not None:
        require(by, library.pk, "add_patron")
    _check_contact(data.email, data.language)
    pickup = None
    if data.pickup_branch:
        pickup = Branch.objects.filter(code=data.pickup_branch, library=library).first()
        if pickup is None:
            raise refuse("bad_pickup")
    guardian = None
    if data.guardian_card:
        guardian = Patron.objects.filter(card=data.guardian_card.strip()).first()
        if guardian is None:
            raise refuse("unknown_guardian")
    try:
        with transaction.atomic():
            patron = Patron.objects.create(
                card=card, pin=make_password(data.pin), name=data.name.strip(),
                birth_date=data.birth_date, library=library, email=data.email.strip(),
                phone=data.phone.strip(), language=data.language, pickup_branch=pickup,
                guardian=guardian, notify_sms=bool(data.phone.strip()),
            )
            PatronChange.objects.create(patron=patron, user=by, action="registered",
                                        fields={"card": card, "library": library.agency})
    except IntegrityError:
        raise refuse("card_taken") from None
    return patron


def email_refusal(email: str) -> DomainError | None:
    """An email address, when given, must look like one."""
    try:
        if email.strip():
            validate_email(email.strip())
    except ValidationError:
        return refuse("bad_email")
    return None


def _check_contact(email: str, language: str) -> None:
    refusal = email_refusal(email)
    if refusal:
        raise refusal
    if language not in ("da", "en"):
        raise refuse("bad_language")


def update(patron: Patron, changes: dict, *, by=None) -> Patron:
    """Change a patron's details; staff only within their own library. Logged field by field
    (names of fields only, never their values, so the log holds no personal data)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise refuse("bad_field", fields=', '.join(sorted(unknown)))
    if by is not None:
        require(by, patron.library_id, "change_patron")
    _check_contact(changes.get("email", ""), changes.get("language", "da"))
    if "name" in changes:
        if refusal := rules.name_refusal(changes["name"]):
            raise refusal  # a name is given once and kept: never taken away again
        changes["name"] = changes["name"].strip()
    if "pickup_branch" in changes and changes["pickup_branch"] is not None:
        branch = changes["pickup_branch"]
        if not isinstance(branch, Branch):
            branch = Branch.objects.filter(code=branch).first()
        if branch is None or branch.library_id != patron.library_id or branch.kind == "deposit":
            raise refuse("bad_pickup.your_library")
        changes["pickup_branch"] = branch
    days = changes.get("interest_days")
    refusal = rules.interest_days_refusal(None if days is None else int(days)) or (
        rules.pause_refusal(changes.get("pause_from", patron.pause_from),
                            changes.get("pause_to", patron.pause_to)))
    if refusal:
        raise refusal
    with transaction.atomic():
        changed = [k for k, v in changes.items() if getattr(patron, k) != v]
        for key in changed:
            setattr(patron, key, changes[key])
        if changed:
            patron.save(update_fields=changed)
            PatronChange.objects.create(patron=patron, user=by, action="updated",
                                        fields={"changed": sorted(changed)})
    return patron


def give_name(patron: Patron, name: str) -> Patron:
    """A patron registered without a name (register's `name_later`) gives it on Min side.
    Once: a name the library has is changed by staff, as every other name is."""
    if patron.name:
        raise refuse("name_given")
    return update(patron, {"name": name})


def set_pin(patron: Patron, pin: str, *, by=None) -> None:
    check_pin_format(pin)
    if by is not None:
        require(by, patron.library_id, "change_patron")
    with transaction.atomic():
        patron.pin = make_password(pin)  # ends the patron's sessions (session.py)
        patron.save(update_fields=["pin"])
        PatronChange.objects.create(patron=patron, user=by, action="pin_changed")
        pin_changed.send(sender=Patron, patron=patron)


# One answer for an unknown card, a wrong PIN, a card reported lost and a paused card or
# source, so that nothing can be learnt about a card by guessing at it. (Short: it is shown
# on kiosk screens; the pauses a patron can meet last minutes, not a quarter of an hour.)
WRONG = refuse("wrong_pin")

# The card counter is the same for every door; a kiosk or door (a logged-in SIP2 terminal)
# answers for its own guesses with the terminal's limits, anyone else with the address's.
PIN_ONLINE = throttle.Policy("pin", throttle_rules.CARD, throttle_rules.ADDRESS)
PIN_AT_TERMINAL = throttle.Policy("pin", throttle_rules.CARD, throttle_rules.TERMINAL)


def card_lost(patron: Patron) -> bool:
    return Block.objects.filter(patron=patron, code=Block.Code.LOST_CARD,
                                lifted__isnull=True).exists()


def authenticate(card: str, pin: str, *, source: str = "local",
                 now: datetime | None = None) -> Patron:
    """Card and PIN, from `source`: throttle.web_source(request) for a web or API client,
    terminal_source() for a kiosk or door; commands on this machine may leave it (all such
    calls then share one source's limits, which fails safe).

    Every refusal is WRONG, after the same Argon2 work: an unknown card, a wrong PIN, a card
    reported lost and a paused card look alike (reol/throttle/rules.py says how long guessers
    wait). Only a source that is itself paused gets its answer at once: it
    learns nothing about any card from that, and costs no Argon2 work."""
    now = now or timezone.now()
    card = card.strip()
    policy = PIN_AT_TERMINAL if source.startswith("terminal:") else PIN_ONLINE
    ticket = throttle.begin(policy, card, source, now)
    if ticket.source_paused:
        raise WRONG
    patron = (Patron.objects.select_related("library", "pickup_branch")
              .annotate(lost=Exists(Block.objects.filter(
                  patron=OuterRef("pk"), code=Block.Code.LOST_CARD, lifted__isnull=True)))
              .filter(card=card).first())
    checked = patron if ticket.allowed and patron is not None and not patron.lost else None

    def upgrade(raw: str) -> None:  # a hash made with older (or demo) costs is made anew
        checked.pin = make_password(raw)
        Patron.objects.filter(pk=checked.pk).update(pin=checked.pin)

    if checked is None:
        right = throttle.dummy_check(pin)
    else:
        right = check_password(pin, checked.pin, upgrade)
    throttle.finish(ticket, right)
    if not right:
        raise WRONG
    return checked


def terminal_source(terminal_id: int) -> str:
    """The source of PINs typed at a logged-in kiosk or door."""
    return f"terminal:{terminal_id}"


def add_block(patron: Patron, code: str, reason: str = "", *, by=None,
              at_library: int | None = None) -> Block:
    """Block a card: staff (`by`) in the patron's library, or a machine of `at_library` as the
    network's rules allow (rules.may_change_patron: only the patron's own library)."""
    if code not in Block.Code.values:
        raise refuse("bad_block", code=code)
    if by is not None:
        require(by, patron.library_id, "add_block")
    if at_library is not None and (
        refusal := rules.patron_change_refusal(at_library, patron.library_id, "block")
    ):
        raise refusal
    with transaction.atomic():
        block = Block.objects.create(patron=patron, code=code, reason=reason.strip(),
                                     created_by=by)
        PatronChange.objects.create(patron=patron, user=by, action="blocked",
                                    fields={"code": code})
    return block


def may_lift(user, block: Block) -> bool:
    """Desk staff lift the blocks they placed themselves; leaders lift anyone's."""
    return block.created_by_id == user.pk or can(user, block.patron.library_id,
                                                 "lift_any_block")


def enable(patron: Patron, *, at_library: int) -> list[Block]:
    """A self-service machine of `at_library` re-enables a card (SIP2 Patron Enable): the
    blocks machines placed are lifted (rules.machine_may_lift), as far as the network's rules
    let that library change the card (only its own library, as for placing them); every other
    block stays. Each lift is on the card's record of changes. Returns the blocks still on."""
    if refusal := rules.patron_change_refusal(at_library, patron.library_id, "lift_block"):
        raise refusal
    with transaction.atomic():
        on = list(Block.objects.select_for_update().filter(patron=patron, lifted__isnull=True)
                  .order_by("created", "pk"))
        still = []
        for block in on:
            if rules.machine_may_lift(block.code, block.created_by_id is not None, block.reason):
                lift_block(block)
            else:
                still.append(block)
    return still


def lift_block(block: Block, *, by=None) -> Block:
    if by is not None:
        require(by, block.patron.library_id, "change_block")
        if not may_lift(by, block):
            raise refuse("not_allowed")
    with transaction.atomic():
        block.lifted = timezone.now()
        block.save(update_fields=["lifted"])
        PatronChange.objects.create(patron=block.patron, user=by, action="unblocked",
                                    fields={"code": block.code})
    return block

