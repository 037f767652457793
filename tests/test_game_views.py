"""The displayio views: built once for 128x32 and 128x64, they show what the game logic says."""

import displayio
import pytest

from bandlift.game import Game
from bandlift.game.events import EV_REP_START, PH_HOLD, PH_LOWER
from bandlift.game.state import BTN_B, S_PLAY
from sim.render_screens import render_bits
from test_game_fakes import FakeCore, FakeLevel, FakeStore

SIZES = [(128, 32), (128, 64)]


def make(w, h):
    core = FakeCore(calibrated=True)
    root = displayio.Group()
    game = Game(core, root, w, h, [FakeLevel("01")], FakeStore(), broken=[("bad.json", "bad JSON")])
    return core, root, game


def lit(root, w, h, box=None):
    bits = render_bits(root, w, h)
    x0, y0, bw, bh = box if box else (0, 0, w, h)
    return sum(bits[y][x] for y in range(y0, y0 + bh) for x in range(x0, x0 + bw))


@pytest.mark.parametrize("w,h", SIZES)
def test_text_screens_show_the_logic_lines(w, h):
    core, root, game = make(w, h)
    assert game.tick(0)
    assert game.screens.text.texts == game.state.lines()
    assert lit(root, w, h) > 50
    assert not game.tick(10)  # nothing changed: nothing redrawn


@pytest.mark.parametrize("w,h", SIZES)
def test_gauge_grows_with_the_leg_angle(w, h):
    core, root, game = make(w, h)
    game.on_button(BTN_B, False, 0)
    game.tick(0)
    assert game.state.screen == S_PLAY
    gauge = game.layout.gauge
    core.angle = 5.0
    game.tick(10)
    low = lit(root, w, h, gauge)
    core.angle = 40.0
    assert game.tick(20)
    assert lit(root, w, h, gauge) > low


@pytest.mark.parametrize("w,h", SIZES)
def test_hold_meter_fills_only_while_steady(w, h):
    core, root, game = make(w, h)
    game.on_button(BTN_B, False, 0)
    game.on_events(EV_REP_START, 0)
    core.phase = PH_HOLD
    core.hold_steady = 100
    t = 0
    for _ in range(5):
        t += 100
        game.tick(t)
    full = game.meters.hold
    assert full > 0 and game.screens.hud.hold.px > 0
    core.hold_steady = 20  # wobble drains it
    for _ in range(3):
        t += 100
        game.tick(t)
    assert game.meters.hold < full


@pytest.mark.parametrize("w,h", SIZES)
def test_fast_lowering_shows_drop(w, h):
    core, root, game = make(w, h)
    game.on_button(BTN_B, False, 0)
    game.on_events(EV_REP_START, 0)
    core.phase = PH_LOWER
    core.rate = -(game.state.targets.drop_dps + 50)
    game.tick(50)
    assert game.meters.drop
    # the status line was rebuilt with DROP! in it
    assert game.screens.hud._status_key[3] is True


@pytest.mark.parametrize("w,h", SIZES)
def test_error_overlay_covers_and_clears(w, h):
    core, root, game = make(w, h)
    game.tick(0)
    game.show_error("IMU not found")
    assert game.tick(1)
    assert game.screens.error.texts[0] == "IMU not found"
    assert not game.screens.error_group.hidden
    game.clear_error()
    assert game.tick(2)
    assert game.screens.error_group.hidden
