"""bandlift.compat's tick arithmetic is adafruit_ticks' (the device does not import that library for it)."""

from hypothesis import given, strategies as st

from bandlift import compat

adafruit_ticks = __import__("adafruit_ticks")  # the reference (requirements.txt installs it)

TICK = st.integers(min_value=0, max_value=(1 << 29) - 1)


@given(TICK, TICK)
def test_ticks_diff_is_adafruit_ticks_diff(a, b):
    """For any two ticks, the signed difference is the library's, wrap included."""
    assert compat.ticks_diff(a, b) == adafruit_ticks.ticks_diff(a, b)


@given(TICK, st.integers(min_value=-(1 << 28) + 1, max_value=(1 << 28) - 1))
def test_ticks_add_is_adafruit_ticks_add(t, d):
    """Adding any delta within half the period lands on the library's tick."""
    assert compat.ticks_add(t, d) == adafruit_ticks.ticks_add(t, d)
