"""Guarded secret checks: count the attempt, check the secret outside the transaction, clear
the counters when it was right. The rules (how many, how long) are in rules.py.

    ticket = throttle.begin(PATRON_PIN, card, source)   # one short transaction
    right = ticket.allowed and check_password(...)      # Argon2, no transaction held
    throttle.finish(ticket, right)                       # one short transaction

The database holds the counters, so every thread and (on PostgreSQL) every process of reol
sees the same ones; rows are locked in one order, so two attempts never deadlock.
"""

import functools
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest

from reol.core.addresses import client_address

from . import rules
from .models import Attempts


@dataclass(frozen=True)
class Policy:
    """Which limits guard one kind of secret; `name` prefixes its counters' scopes."""

    name: str
    account: rules.Limits
    source: rules.Limits
    trust_known: bool = True  # may a known source skip the account counter (rules.py)?


@dataclass(frozen=True)
class Ticket:
    policy: Policy
    account: str  # hashed keys
    source: str
    pair: str
    guard: str  # "account" or "pair": which counter this attempt answers to
    allowed: bool  # False: paused; check nothing, answer as for a wrong secret
    source_paused: bool  # the source itself is paused (the account was not even looked at)
    now: datetime


def _key(*parts: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), "\0".join(parts).encode(),
                    hashlib.sha256).hexdigest()


def _rows(policy: Policy, keys: dict[str, str]) -> dict[str, Attempts]:
    """The counters, created when new and locked until the transaction ends."""
    rows: dict[str, Attempts] = {}
    for kind, key in sorted(keys.items(), key=lambda kv: (f"{policy.name}:{kv[0]}", kv[1])):
        rows[kind], _ = Attempts.objects.select_for_update().get_or_create(
            scope=f"{policy.name}:{kind}", key=key)
    return rows


def _counter(row: Attempts) -> rules.Counter:
    return rules.Counter(row.failures, row.last_failure, row.paused_until, row.last_success)


def _store(row: Attempts, counter: rules.Counter) -> None:
    row.failures, row.last_failure = counter.failures, counter.last_failure
    row.paused_until, row.last_success = counter.paused_until, counter.last_success
    row.save(update_fields=["failures", "last_failure", "paused_until", "last_success"])


def begin(policy: Policy, account: str, source: str, now: datetime) -> Ticket:
    """May this source try this account's secret now? Counts the attempt as a failure of the
    account (or pair) up front, so that parallel guesses at one card cannot slip through
    between check and count; finish() takes it back when the secret was right. The source's
    counter is counted in finish(): a burst of right log-ins from one address (a library's
    kiosks starting in the morning) must not pause it, and a guesser's parallel attempts in
    flight are few (the server's threads)."""
    keys = {"account": _key(account), "source": _key(source), "pair": _key(account, source)}
    limits = {"account": policy.account, "source": policy.source, "pair": policy.account}
    with transaction.atomic():
        rows = _rows(policy, keys)
        counters = {k: rules.current(_counter(r), limits[k], now) for k, r in rows.items()}
        guard = ("pair" if policy.trust_known and rules.known(counters["pair"], now)
                 else "account")
        source_paused = rules.paused(counters["source"], now)
        allowed = not source_paused and not rules.paused(counters[guard], now)
        if allowed:
            for kind in {guard, "pair"}:
                _store(rows[kind], rules.after_failure(counters[kind], limits[kind], now))
    return Ticket(policy, keys["account"], keys["source"], keys["pair"], guard, allowed,
                  source_paused, now)


def finish(ticket: Ticket, right: bool) -> None:
    """After the check: a wrong secret counts against the source; a right one clears the
    account and the pair and forgives the source this account's earlier failures there
    (rules.forgive)."""
    if not ticket.allowed:
        return
    keys = {"account": ticket.account, "source": ticket.source, "pair": ticket.pair}
    limits = ticket.policy.source
    with transaction.atomic():
        rows = _rows(ticket.policy, keys)
        source = rules.current(_counter(rows["source"]), limits, ticket.now)
        if not right:
            _store(rows["source"], rules.after_failure(source, limits, ticket.now))
            return
        pair = _counter(rows["pair"])  # its failures include this attempt's, never counted
        _store(rows["source"], rules.forgive(source, max(pair.failures - 1, 0), limits))
        _store(rows["pair"], rules.after_success(pair, ticket.now))
        if ticket.guard == "account":
            _store(rows["account"], rules.Counter())  # all clear; nothing to remember


def forget_old(now: datetime) -> int:
    """Delete counters with nothing left to remember: no pause, no failure within a day, and
    no success that still makes a source known."""
    day_ago, known_since = now - timedelta(days=1), now - rules.KNOWN_FOR
    stale = (Q(last_failure__isnull=True) | Q(last_failure__lt=day_ago)) & (
        Q(paused_until__isnull=True) | Q(paused_until__lt=now)) & (
        Q(last_success__isnull=True) | Q(last_success__lt=known_since))
    return Attempts.objects.filter(stale).delete()[0]


def web_source(request: HttpRequest) -> str:
    """The source of an HTTP request: the client's address (rules.address_source), behind
    trusted reverse proxies the one they name (reol/core/addresses.py)."""
    return rules.address_source(client_address(request))


@functools.cache
def _dummy_hash() -> str:
    return make_password(secrets.token_urlsafe(12))


def dummy_check(secret: str) -> bool:
    """The work of checking a secret against a hash made like every PIN's and password's, for
    when there is nothing to check (an unknown account, a pause): the answer takes as long.
    Always False."""
    check_password(secret, _dummy_hash())
    return False
