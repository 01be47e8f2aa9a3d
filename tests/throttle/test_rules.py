"""The guessing limits as pure functions: no database."""

from datetime import datetime, timedelta

from reol.throttle import rules
from reol.throttle.rules import ADDRESS, CARD, Counter

NOW = datetime(2026, 11, 1, 12)


def fail(times: int, limits: rules.Limits, counter: Counter | None = None) -> Counter:
    counter = counter or Counter()
    for _ in range(times):
        counter = rules.after_failure(counter, limits, NOW)
    return counter


def test_a_card_pauses_briefly_and_its_pause_grows_slowly_to_ten_minutes():
    assert not rules.paused(fail(CARD.free, CARD), NOW)
    first = fail(CARD.free + 1, CARD)
    assert first.paused_until == NOW + timedelta(seconds=30)
    assert rules.pause_after(CARD.free + 2, CARD) == timedelta(seconds=45)
    assert rules.pause_after(1000, CARD) == timedelta(minutes=10)  # never longer


def test_an_address_pauses_hard_after_ten_failures_and_doubles_to_an_hour():
    assert rules.pause_after(ADDRESS.free, ADDRESS) == timedelta(0)
    assert [rules.pause_after(ADDRESS.free + n, ADDRESS).total_seconds() / 60
            for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert rules.pause_after(10_000, ADDRESS) == timedelta(hours=1)


def test_failures_are_forgotten_after_a_quiet_while():
    counter = fail(CARD.free + 1, CARD)
    later = NOW + CARD.forget
    assert rules.current(counter, CARD, later) == Counter()
    assert rules.after_failure(counter, CARD, later).failures == 1


def test_a_right_pin_forgives_only_its_own_failures_at_the_source():
    source = fail(ADDRESS.free + 3, ADDRESS)
    assert rules.paused(source, NOW)
    assert rules.forgive(source, 2, ADDRESS) == Counter(
        ADDRESS.free + 1, NOW, source.paused_until)  # still over: still paused
    assert not rules.paused(rules.forgive(source, 3, ADDRESS), NOW)


def test_a_source_is_known_for_a_card_after_a_right_pin_for_ninety_days():
    pair = rules.after_success(fail(3, CARD), NOW)
    assert pair.failures == 0
    assert rules.known(pair, NOW + timedelta(days=89))
    assert not rules.known(pair, NOW + rules.KNOWN_FOR)
    assert not rules.known(fail(1, CARD), NOW)


def test_an_ipv6_client_is_one_source_per_64_network():
    assert rules.address_source("2001:db8:1:2:aaaa::1") == rules.address_source("2001:db8:1:2::9")
    assert rules.address_source("2001:db8:1:3::1") != rules.address_source("2001:db8:1:2::1")
    assert rules.address_source("::ffff:10.0.0.7") == rules.address_source("10.0.0.7")
    assert rules.address_source("10.0.0.7") != rules.address_source("10.0.0.8")
