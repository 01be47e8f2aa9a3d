"""reol.hashers.demo_cost: the simulated year's PINs, no secret, at the demo's cost."""

import pytest

from reol.hashers import DemoPinHasher, PinHasher, demo_cost
from tests.hashers import QuickPinHasher

DEMO = f"m={DemoPinHasher.memory_cost},t={DemoPinHasher.time_cost},"
FULL = f"m={PinHasher.memory_cost},t={PinHasher.time_cost},"


def hashed(hasher: PinHasher) -> str:
    return hasher.encode("1234", hasher.salt())


def test_inside_pins_are_hashed_at_the_demo_cost_and_kept_at_a_right_log_in():
    with demo_cost():
        pin = hashed(PinHasher())
        assert DEMO in pin
        assert not PinHasher().must_update(pin)
        assert PinHasher().verify("1234", pin)
        assert not PinHasher().verify("4321", pin)


def test_outside_such_a_pin_is_made_anew_at_full_cost_as_the_demos_are():
    with demo_cost():
        pin = hashed(PinHasher())
    assert PinHasher().must_update(pin)
    assert FULL in hashed(PinHasher())


def test_the_switch_is_off_again_after_an_error_and_after_a_nested_use():
    with pytest.raises(RuntimeError), demo_cost():
        raise RuntimeError
    with demo_cost():
        with demo_cost():
            pass
        assert DEMO in hashed(PinHasher())
    assert FULL in hashed(PinHasher())


def test_a_cheaper_hasher_is_never_made_dearer():
    quick = f"m={QuickPinHasher.memory_cost},t={QuickPinHasher.time_cost},"
    with demo_cost():
        assert quick in hashed(QuickPinHasher())
