"""Buttons: press on release, long press once held >= 600 ms, wrap-safe; and through keypad in the twin."""

from hypothesis import given
from hypothesis import strategies as st

import sim  # noqa: F401
from bandlift.compat import TICKS_MAX
from bandlift.hw.buttons import _LONG as LONG, _NONE as NONE, ButtonLogic

hold_ms = st.integers(min_value=0, max_value=3000)
start = st.integers(min_value=0, max_value=(1 << 29) - 1)


@given(hold=hold_ms, t0=start, key=st.integers(min_value=0, max_value=2))
def test_one_event_per_press_long_iff_held_600ms(hold, t0, key):
    """Each press gives exactly one event, long exactly when held >= 600 ms, even across the tick wrap."""
    logic = ButtonLogic()
    mask = TICKS_MAX
    events = [logic.edge(key, True, t0)]
    for dt in range(0, hold, 50):
        events.append(logic.held((t0 + dt) & mask))
    events.append(logic.held((t0 + hold) & mask))
    events.append(logic.edge(key, False, (t0 + hold) & mask))
    got = [e for e in events if e != NONE]
    assert got == [key | LONG if hold >= 600 else key]


def test_scheduled_presses_reach_the_device_through_keypad():
    from sim.twin.device.board import VirtualBoard
    from sim.twin.device.sandbox import Sandbox
    from sim.twin.motion import SineReps

    board = VirtualBoard(SineReps(), display=None, imu_chip=None)
    board.press(100, 1)  # B short
    board.press(500, 2, long_press=True)  # C long
    seen = []
    with Sandbox(board):
        import time

        from bandlift import start
        from bandlift.hw import board_io
        buttons = start.make_buttons(start.button_pins())
        assert buttons.present
        for _ in range(200):
            time.sleep(0.01)
            e = buttons.poll(board_io.ticks_ms())
            if e != NONE:
                seen.append(e)
    assert seen == [1, 2 | LONG]


def test_board_without_button_pins_has_null_buttons():
    from sim.twin.device.board import VirtualBoard
    from sim.twin.device.sandbox import Sandbox
    from sim.twin.motion import SineReps

    board = VirtualBoard(SineReps(), display=None, imu_chip=None, buttons=False)
    with Sandbox(board):
        from bandlift import start
        assert start.button_pins() is None
        assert not start.make_buttons(None).present and start.make_buttons(None).poll(0) == NONE


def test_the_loops_copies_of_the_button_events_are_the_adapters():
    """app.py declares the adapter's event bits again as private consts (a public name is interned for good on the
    board): a long press and no event must read the same in both."""
    from bandlift import app
    from bandlift.hw import buttons

    assert (app._LONG, app._NONE) == (buttons._LONG, buttons._NONE)
