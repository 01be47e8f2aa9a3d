"""How many wrong guesses are allowed, and how long a guesser then waits. Pure functions.

Three counters stand guard over every PIN (and SIP2 terminal password) attempt:

- the **source** — the web client's address (an IPv6 client's /64 network, since one machine
  has millions of addresses there), or the SIP2 terminal a kiosk or door logged in as. This is
  the strong limit: a few free failures, then pauses that double up to an hour, and failures
  are forgotten only after a day without any. One address guessing across many cards gets
  about 40 guesses a day instead of 18 a second.
- the **account** — the card (or terminal log-in name). Short, slowly growing pauses: its
  purpose is to slow down guessers spread over many addresses, and anyone can trip it for any
  card, so it must never keep the real patron out for long (at most `CARD.longest`).
- the **pair** account × source. A source where the account's secret was right before (within
  `KNOWN_FOR`) is *known* for it — the patron's own home, the kiosk they use, the library PC.
  From a known source the pair counter takes the place of the account counter, so a stranger
  elsewhere cannot slow the patron down at all (OWASP's "device cookie" idea, keyed by the
  address or terminal because API clients and kiosks keep no cookies).

A right secret resets the account and the pair, and *forgives* the source the failures this
same account made from it (a patron's own typos at a shared library address). It forgives
nothing else: a guesser who owns a card cannot wash other cards' failures away with it.

Every attempt counts against the card (or pair) before the secret is checked, so parallel
guesses at one card cannot slip through between check and count; against the source only once
it proved wrong, so a burst of right log-ins from one address never pauses it
(reol/throttle/services.py). Attempts refused while paused are not counted: they guess nothing,
and a stranger hammering a paused card must not make the owner's wait longer.
"""

import ipaddress
from dataclasses import dataclass, replace
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Limits:
    """`free` failures are allowed; the next waits `pause`, each further one `growth` times
    longer, never more than `longest`. After `forget` without a failure, all are forgotten."""

    free: int
    pause: timedelta
    growth: float
    longest: timedelta
    forget: timedelta


@dataclass(frozen=True)
class Counter:
    """One counter's state (a row of throttle.Attempts, as plain values)."""

    failures: int = 0
    last_failure: datetime | None = None
    paused_until: datetime | None = None
    last_success: datetime | None = None


# A patron's card: a stranger can trip it, so short and slowly growing (at most 10 minutes).
CARD = Limits(free=5, pause=timedelta(seconds=30), growth=1.5, longest=timedelta(minutes=10),
              forget=timedelta(hours=1))
# A web or API client's address: the strong one.
ADDRESS = Limits(free=10, pause=timedelta(minutes=1), growth=2.0, longest=timedelta(hours=1),
                 forget=timedelta(days=1))
# A logged-in kiosk or door: many honest patrons type there, and their typos are forgiven when
# they get it right; a vandal at the machine still meets doubling pauses.
TERMINAL = Limits(free=20, pause=timedelta(minutes=1), growth=2.0,
                  longest=timedelta(minutes=15), forget=timedelta(hours=1))
# A SIP2 terminal's log-in name (message 93): per name and address pair, so a wrong password
# elsewhere never keeps the real machine out; the address counter is ADDRESS.
TERMINAL_LOGIN = Limits(free=5, pause=timedelta(minutes=1), growth=2.0,
                        longest=timedelta(minutes=15), forget=timedelta(hours=1))
# Staff and admin passwords, beside django-axes's user name × address lock-out (settings.py):
# a user name across addresses (short, like a card: a colleague's known desk is never kept
# out), and an address across user names (a desk PC is shared: more free tries, at most 15
# minutes' wait, so nobody can keep colleagues out for long).
STAFF_NAME = CARD
STAFF_ADDRESS = Limits(free=20, pause=timedelta(minutes=1), growth=2.0,
                       longest=timedelta(minutes=15), forget=timedelta(hours=1))
# How long a right secret makes a source known for that account.
KNOWN_FOR = timedelta(days=90)


def current(counter: Counter, limits: Limits, now: datetime) -> Counter:
    """The counter as it stands now: failures long past are forgotten."""
    if counter.last_failure is not None and now - counter.last_failure >= limits.forget:
        return replace(counter, failures=0, last_failure=None, paused_until=None)
    return counter


def paused(counter: Counter, now: datetime) -> bool:
    return counter.paused_until is not None and counter.paused_until > now


def pause_after(failures: int, limits: Limits) -> timedelta:
    """The wait after the `failures`-th failure in a row."""
    if failures <= limits.free:
        return timedelta(0)
    steps = min(failures - limits.free - 1, 64)  # no float overflow for absurd counts
    longest = limits.longest.total_seconds()
    seconds = min(limits.pause.total_seconds() * limits.growth ** steps, longest)
    return timedelta(seconds=seconds)


def after_failure(counter: Counter, limits: Limits, now: datetime) -> Counter:
    counter = current(counter, limits, now)
    failures = counter.failures + 1
    wait = pause_after(failures, limits)
    return replace(counter, failures=failures, last_failure=now,
                   paused_until=now + wait if wait else None)


def after_success(counter: Counter, now: datetime) -> Counter:
    """The pair's counter when the secret was right: all clear, and the source known."""
    return Counter(last_success=now)


def forgive(counter: Counter, failures: int, limits: Limits) -> Counter:
    """The source's counter when an account got it right there: its own failures from this
    source are taken back (they were typos); the pause ends if that brings it under `free`."""
    left = max(counter.failures - failures, 0)
    still = counter.paused_until if left > limits.free else None
    return replace(counter, failures=left, paused_until=still)


def known(pair: Counter, now: datetime) -> bool:
    """Was the secret right from this source recently enough to trust the source?"""
    return pair.last_success is not None and now - pair.last_success < KNOWN_FOR


def address_source(address: str) -> str:
    """The source key of a client address: IPv4 as it is, IPv6 by its /64 network (one
    household or machine holds a whole /64); anything unreadable as itself."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return f"addr:{address[:60]}"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return f"addr:{ip.ipv4_mapped}"
        return f"addr:{ipaddress.ip_network(f'{ip}/64', strict=False)}"
    return f"addr:{ip}"


def budget_left(tokens: float, elapsed: float, per_minute: int) -> float:
    """A client's budget of requests after `elapsed` seconds: it refills at `per_minute` a
    minute up to `per_minute` (a minute's worth at once, so a person typing or an app loading
    a page is never held back, a flood is)."""
    return min(float(per_minute), tokens + max(elapsed, 0.0) * per_minute / 60.0)
