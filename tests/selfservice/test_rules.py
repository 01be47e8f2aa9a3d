"""The open-library policy as a pure function."""

from datetime import time

from reol.errors import DomainError
from reol.libraries.rules import Interval
from reol.selfservice.rules import Policy, block_refusal, entry_refusal, pin_needed, service_at

POLICY = Policy(min_age=15, guardian_consent_admits=True, pin_required=True)


def refusal(**facts) -> str | None:
    values = {"service": "self_service", "age": 30, "guardian_consent": False, "block": None,
              "policy": POLICY} | facts
    found = entry_refusal(**values)
    return found.code if found else None


def test_adults_enter_in_self_service_hours_and_nobody_when_closed():
    assert refusal() is None
    assert refusal(service="closed") == "closed"
    assert refusal(service=None) == "closed"


def test_the_minimum_age_and_a_guardians_consent():
    assert refusal(age=15) is None
    assert refusal(age=14) == "too_young"
    assert refusal(age=12, guardian_consent=True) is None
    strict = Policy(min_age=15, guardian_consent_admits=False)
    assert refusal(age=12, guardian_consent=True, policy=strict) == "too_young"


def test_a_self_service_block_keeps_the_door_shut_but_staffed_hours_let_everyone_in():
    block = DomainError("blocked_no_self_service", "x", "y")
    assert refusal(block=block) == "blocked_no_self_service"
    assert refusal(service="staffed", block=block, age=5) is None


def test_pin_only_in_self_service_hours_when_the_policy_asks():
    assert pin_needed(POLICY, "self_service")
    assert not pin_needed(POLICY, "staffed")
    assert not pin_needed(Policy(pin_required=False), "self_service")


def test_service_at_a_time_of_day():
    day = (Interval(time(7), time(10), "self_service"), Interval(time(10), time(17), "staffed"))
    assert service_at(day, time(6, 59)) is None
    assert service_at(day, time(7)) == "self_service"
    assert service_at(day, time(10)) == "staffed"
    assert service_at(day, time(17)) is None


def test_a_machine_blocks_only_its_own_librarys_cards():
    assert block_refusal(terminal_library=1, patron_library=1) is None
    assert block_refusal(terminal_library=1, patron_library=2).code == "other_library_patron"
