"""A kiosk's or door's log-in (SIP2 message 93), with guessing limits.

Counted like patrons' PINs (reol/throttle/rules.py): per log-in name, per address, and per
name and address pair. The address a terminal logged in from before is known for its name,
so a wrong password sent from elsewhere never keeps the real machine out; from an unknown
address, at most TERMINAL_LOGIN.longest.
"""

from datetime import datetime

from django.utils import timezone

from reol.throttle import rules as throttle_rules
from reol.throttle import services as throttle

from .models import Sip2Terminal

LOGIN = throttle.Policy("sip2-login", throttle_rules.TERMINAL_LOGIN, throttle_rules.ADDRESS)


def log_in(login: str, password: str, address: str,
           now: datetime | None = None) -> Sip2Terminal | None:
    """The terminal, when the log-in name and password are right and guessing is not paused;
    else None, the same answer and the same Argon2 work for every reason."""
    now = now or timezone.now()
    ticket = throttle.begin(LOGIN, login, throttle_rules.address_source(address), now)
    if ticket.source_paused:
        return None
    terminal = (Sip2Terminal.objects.select_related("branch__library")
                .filter(login=login, active=True).first()) if ticket.allowed else None
    right = (terminal.check_password(password) if terminal is not None
             else throttle.dummy_check(password))
    throttle.finish(ticket, right)
    return terminal if right else None
