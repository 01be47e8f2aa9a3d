"""The door: may this card (and PIN) let itself into a branch now? One decision shared by SIP2
patron status from door controllers and POST /api/v1/access.

Each entry is logged as a visit in the event log; forget_old_visits (jobs.py) removes its link
to the patron after 30 days. Wrong PINs count towards the guessing limits (reol/throttle).
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from reol.circulation import facts, log, patrons
from reol.circulation import rules as lending
from reol.circulation.models import Patron
from reol.core.models import Event
from reol.errors import DomainError
from reol.libraries import calendar
from reol.libraries.models import Branch
from reol.refusals import refuse

from . import rules, terminals
from .models import EntryPolicy, GuardianConsent, Sip2Terminal

WELCOME = refuse("welcome")  # carries both languages


@dataclass
class Decision:
    allowed: bool
    reason: DomainError  # WELCOME, or why not
    patron: Patron | None = None

    @property
    def code(self) -> str:
        return self.reason.code


def door_terminal(login: str, password: str, address: str) -> Sip2Terminal | None:
    """The active door controller with this SIP2 log-in and password, or None. The same
    guessing limits and the same answer as a SIP2 log-in from `address` (terminals.log_in)."""
    found = terminals.log_in(login[:60], password, address)
    return found if found is not None and found.kind == Sip2Terminal.Kind.DOOR else None


def policy(branch: Branch) -> rules.Policy:
    row = EntryPolicy.objects.filter(branch=branch).first()
    if row is None:
        return rules.Policy()
    return rules.Policy(row.min_age, row.guardian_consent_admits, row.pin_required)


def service_now(branch: Branch, now: datetime) -> str | None:
    local = timezone.localtime(now)
    day = calendar.hours(branch, local.date(), local.date())[0]
    return rules.service_at(day.intervals, local.time())


def decide(branch: Branch | str, card: str, pin: str | None, *, via: str, source: str,
           now: datetime | None = None) -> Decision:
    """`source` is where the PIN was typed, for the guessing limits (patrons.authenticate)."""
    now = now or timezone.now()
    try:
        branch = facts.branch_by_code(branch)
    except DomainError as error:
        return Decision(False, error)
    service = service_now(branch, now)
    if closed := rules.closed_refusal(service):
        return Decision(False, closed)  # before the card: a closed door costs no PIN attempt
    terms = policy(branch)
    try:
        if rules.pin_needed(terms, service):
            if not pin:
                raise rules.PIN_NEEDED
            patron = patrons.authenticate(card, pin, source=source, now=now)
        else:
            patron = facts.patron_by_card(card)
    except DomainError as error:
        return Decision(False, error)
    age = lending.age(patron.birth_date, timezone.localdate(now))
    refusal = rules.entry_refusal(
        service=service,
        age=age,
        guardian_consent=age < terms.min_age
        and GuardianConsent.objects.filter(patron=patron).exists(),
        block=facts.block(patron, self_service=True),
        policy=terms,
    )
    if refusal:
        return Decision(False, refusal, patron)
    log.event(Event.Kind.VISIT, now, branch=branch, patron=patron, via=via, service=service)
    return Decision(True, WELCOME, patron)
