"""The displayio views: built once for 128x32 and 128x64, they show what the game logic says, in pictures a
player reads mid-rep (16 px sprites and digits, bars at least 8 px tall), and redraw only what changed."""

import displayio
import pytest

from bandlift import faults
from bandlift.game import Game
from bandlift.game import sprites as spr
from bandlift.game.play import feel
from bandlift.motion.events import EV_REP_START, PH_HOLD, PH_LOWER, PH_RAISE, PH_REST
from bandlift.game.state import BTN_B, S_PLAY, S_REST
from bandlift.game.play.hud_build import Places
from bandlift.hw.display import Display
from sim.screens.render import render_bits
from test_game_fakes import press_b, FakeCore, FakeLevel, FakeStore
from test_game_state import level

SIZES = [(128, 32), (128, 64)]


def unplugged_panel(w, h):
    """The real OLED adapter with no OLED answering (as at a power-up without one): the game's inverse mode is its
    state, which it sends with every set-up; the SSD1306 command itself (0xA7 / 0xA6) is checked on the twin's
    register model in test_twin_strict."""
    return Display(None, w, h, address=None)


def make(w, h, levels=None, panel=None):
    core = FakeCore(calibrated=True)
    root = displayio.Group()
    game = Game(core, root, w, h, levels or [FakeLevel("01")], FakeStore(), broken=[("bad.json", "bad JSON")],
                panel=panel)
    return core, root, game


def lit(root, w, h, box=None):
    bits = render_bits(root, w, h)
    x0, y0, bw, bh = box if box else (0, 0, w, h)
    return sum(bits[y][x] for y in range(y0, y0 + bh) for x in range(x0, x0 + bw))


def play(w, h, panel=None):
    core, root, game = make(w, h, panel=panel)
    press_b(game, 0)
    game.tick(0)
    assert game.state.screen == S_PLAY
    return core, root, game


def test_the_feels_poses_are_the_sheets_pip_tiles():
    """The HUD shows feel.pose as a tile of the sprite sheet: feel's copies of the tile indices (kept there so the
    logic needs no displayio) must name the same pictures."""
    for pose in ("STAND", "REST", "LIFT", "HOLD", "WOBBLE", "GLIDE", "FALL", "LAND"):
        assert getattr(feel, "_POSE_" + pose) == getattr(spr, "_PIP_" + pose), pose


def test_the_hud_and_the_rest_views_name_the_sheets_tiles_as_the_sheet_does():
    """The HUD and the rest screen declare the tiles (and digits) they alone show again (a name public in sprites.py would be
    interned for good on the board): each copy must name the same picture as the sheet's."""
    from bandlift.game.menu import views
    from bandlift.game.play import hud_build, hud_marks, meter

    assert hud_marks._PIP_GHOST == spr._PIP_GHOST
    for name in ("_IC_CHECK", "_IC_FAULT0", "_D_X"):
        assert getattr(meter, name) == getattr(spr, name), name
    assert hud_marks._PLANT1 == spr.PLANT0 + 1
    for name in ("_TILE", "_PIP_STAND", "_PIP_GHOST", "_IC_CHECK"):
        assert getattr(hud_build, name) == getattr(spr, name), name
    for name in ("_IC_FLAME", "_IC_HOURGLASS", "_IC_STRAP", "_D_BLANK", "_D_COLON"):
        assert getattr(views, name) == getattr(spr, name), name


@pytest.mark.parametrize("w,h", SIZES)
def test_text_screens_show_the_logic_lines_and_an_unchanged_frame_redraws_nothing(w, h):
    core, root, game = make(w, h)
    assert game.tick(0)
    assert game.screens.text.texts == game.state.lines()
    assert lit(root, w, h) > 50
    assert not game.tick(10)


@pytest.mark.parametrize("w,h", SIZES)
def test_pip_rises_with_the_leg_and_the_ledge_lights_in_the_zone(w, h):
    core, root, game = play(w, h)
    hud = game.screens.hud
    core.target_deg = 40.0
    core.phase = PH_RAISE
    core.angle = 5.0
    game.tick(10)
    low = hud.pip.y
    core.angle = 40.0
    assert game.tick(20)
    assert hud.pip.y < low and hud.zone_r.hidden is False
    assert hud.pip[0] == spr._PIP_LIFT
    assert low - hud.pip.y >= (12 if h == 32 else 30)  # the whole travel is readable
    assert not game.tick(30), "a still leg redraws nothing"


@pytest.mark.parametrize("w,h", SIZES)
def test_hold_meter_fills_while_steady_and_keeps_its_fill(w, h):
    core, root, game = play(w, h)
    game.on_events(EV_REP_START, 0)
    core.phase = PH_HOLD
    core.angle = 40.0
    core.hold_steady = 100
    t = 0
    for _ in range(5):
        t += 100
        game.tick(t)
    hud = game.screens.hud
    full = hud.hold.px
    assert full > 0 and hud.pip[0] == spr._PIP_HOLD
    core.hold_steady = 20
    for _ in range(3):
        t += 100
        game.tick(t)
    assert hud.hold.px == full and hud.pip[0] == spr._PIP_WOBBLE
    core.phase = PH_LOWER
    core.lower_ms = 500
    t += 100
    game.tick(t)
    assert hud.hold.px == full
    box = Places(game.layout).hold
    assert box[3] >= 8
    assert lit(root, w, h, box) > box[2]


@pytest.mark.parametrize("w,h", SIZES)
def test_a_rushed_lowering_drops_pip_and_shakes(w, h):
    core, root, game = play(w, h)
    game.on_events(EV_REP_START, 0)
    core.phase = PH_HOLD
    core.angle = 40.0
    core.t_mid = 90  # (the tick of the core's step that made the angle)
    game.tick(100)
    core.phase = PH_LOWER
    core.angle = 10.0
    core.t_mid = 190
    core.rate = -(game.state.targets.drop_dps + 50)
    core.lower_ms = 300
    game.tick(200)
    hud = game.screens.hud
    assert hud.pip[0] == spr._PIP_FALL and game.feel.shake
    xs = set()
    for k in range(6):
        game.tick(260 + 60 * k)
        xs.add(hud.group.x)
    assert xs >= {-2, 2}
    game.tick(2000)
    assert hud.group.x == 0


@pytest.mark.parametrize("w,h", SIZES)
def test_the_grade_is_a_picture_stars_and_one_fault(w, h):
    core, root, game = play(w, h)
    game.on_events(EV_REP_START, 0)
    game.on_events(core.rep(62, faults.DROP | faults.SHORT), 4000)
    assert game.tick(4000)
    hud = game.screens.hud
    assert not hud.splash.hidden
    assert [hud.stars[i] for i in range(3)] == [spr.IC_STAR, spr.IC_STAR_EMPTY, spr.IC_STAR_EMPTY]
    assert hud.fault[0] == spr._IC_FAULT0 + faults.index(faults.DROP)  # the one that helps most
    game.tick(4000 + 1300)
    assert hud.splash.hidden


def _score_alone(root, game, w, h):
    """The play screen's top row right of the stage read back from the glass ([(after an "x", value)]), and the
    lit pixels of anything but the running score in its digits' rows within 2 px of them (left, right and
    between; on 128x32 the meters' frames start on the row under the digits, as under the reps), the score's row
    hidden for a second frame: its own pixels are the difference."""
    import numpy as np

    from sim.twin import shown

    tg = game.screens.hud.score.tg
    a = np.array(render_bits(root, w, h), dtype=bool)
    tg.hidden = True
    rest = np.array(render_bits(root, w, h), dtype=bool)
    tg.hidden = False
    ys, xs = np.nonzero(a & ~rest)
    if not len(xs):
        return shown.read_numbers(a[:16, Places(game.layout).stage_w:]), -1
    return (shown.read_numbers(a[:16, Places(game.layout).stage_w:]),
            int(rest[ys.min():ys.max() + 1, max(0, xs.min() - 2):xs.max() + 3].sum()))


@pytest.mark.parametrize("w,h", SIZES)
@pytest.mark.parametrize("reps,score,done", [(12, 95, 10), (8, 3000, 3)])
def test_the_running_score_shows_between_grades_clear_of_the_reps_pip_and_the_meters(w, h, reps, score, done):
    """Issue 17's running score on the play screen in every set: in a set of 12 reps from the 10th on ("10/12"
    and 3 digits cannot share the top row's 66 px before the flower) and in a set of 8 past 999 points (4
    digits), between grades, in the rest and mid-rep (Pip at the top, the hold meter full, the lowering
    under way), the top row reads the reps done and then the set's points in big digits, and nothing else (the
    reps, Pip, the ghost, the meters, the flower) is drawn in the score's rows within 2 px of its digits. (Reps
    scored 3000 stand for rules that would pay more: today's pay at most 55 points a rep, 495 in 9 reps.)"""
    core, root, game = make(w, h, [level("long", reps=reps)])
    press_b(game, 0)
    core.target_deg = 40.0
    t = 0
    for _ in range(done):
        game.on_events(EV_REP_START, t)
        game.on_events(core.rep(score), t + 4000)
        game.tick(t + 4000)
        t += 6000
        game.tick(t)  # the grade has gone
    st = game.state.set_tally
    assert st.reps_done == done and st.points > (999 if score > 100 else 99)
    hud = game.screens.hud
    assert hud.splash.hidden
    want = [(False, done), (False, st.points)]
    assert _score_alone(root, game, w, h) == (want, 0)
    game.on_events(EV_REP_START, t)
    core.phase = PH_HOLD
    core.angle = 60.0  # over the target: Pip's head on the top row
    core.hold_steady = 100
    for _ in range(12):
        t += 100
        game.tick(t)
    assert hud.pip.y == game.layout.y_high and hud.hold.px > 0
    assert _score_alone(root, game, w, h) == (want, 0)
    core.phase = PH_LOWER
    core.angle = 20.0
    core.lower_ms = 1500
    t += 1500
    game.tick(t)
    assert hud.lower.px > 0
    assert _score_alone(root, game, w, h) == (want, 0)


@pytest.mark.parametrize("w,h", SIZES)
def test_a_too_fast_lowering_turns_the_whole_screen_over_until_the_rep_is_over(w, h):
    panel = unplugged_panel(w, h)
    core, root, game = play(w, h, panel)
    game.on_events(EV_REP_START, 0)
    core.phase = PH_HOLD
    core.angle = 35.0
    core.t_mid = 90  # (the tick of the core's step that made the angle)
    game.tick(100)
    assert not panel.inverted
    # lowering at 2 s for a 3 s tempo: 17.5 deg into 35 deg at a smooth movement's peak speed, 1.875 x 35 / 2 s
    core.phase = PH_LOWER
    for k, a in enumerate((34.0, 30.0, 25.0, 17.5)):
        core.angle = a
        core.t_mid = 140 + 50 * k
        core.rate = -32.8
        game.tick(150 + 50 * k)
    assert panel.inverted
    core.phase = PH_REST
    game.on_events(core.rep(80, 0, lower_ms=1660, hold_ms=1000), 2000)
    game.tick(2000)
    assert game.state.set_tally.v_faults & faults.DROP and game.state.set_tally.combo == 0
    game.tick(3200)
    assert not panel.inverted


@pytest.mark.parametrize("w,h", SIZES)
def test_rest_screen_counts_down_in_big_digits(w, h):
    core, root, game = make(w, h, [level("r", sets=2, side="alternate", reps=1, rest_ms=65000)])
    press_b(game, 0)
    game.on_events(EV_REP_START, 0)
    game.on_events(core.rep(90), 1000)
    game.tick(5000)
    assert game.state.screen == S_REST
    rest = game.screens.rest
    assert rest.clock.tiles == [1, spr._D_COLON, 0, 5] or rest.clock.tiles == [1, spr._D_COLON, 0, 4]
    assert rest.sprite[0] == spr._IC_STRAP
    game.tick(6000)
    assert not game.tick(6100), "the clock redraws once a second, not every tick"


@pytest.mark.parametrize("w,h", SIZES)
def test_error_overlay_covers_and_clears(w, h):
    core, root, game = make(w, h)
    game.tick(0)
    game.show_error("IMU not found")
    assert game.tick(1)
    assert game.screens.error.texts[0] == "IMU not found"
    assert not game.screens.error_group.hidden and game.screens.root[-1] is game.screens.error_group
    game.clear_error()
    assert game.tick(2)
    assert game.screens.error_group is None, "the overlay exists only while an error shows"


def test_the_packed_art_is_what_sim_art_packs_and_is_let_go_once_built():
    import sys

    from sim.screens import art

    with open(art.OUT) as f:
        assert f.read() == art.source(), "lib/bandlift/game/artbits.py is stale: run `python -m sim.screens.art`"
    sp = spr.Sprites()
    assert "bandlift.game.artbits" not in sys.modules
    cols = sp.sheet.width // 16  # tile n at cell (n % cols, n // cols), a TileGrid's order

    def tile(n):
        x0, y0 = n % cols * 16, n // cols * 16
        return [sum(sp.sheet[x0 + x, y0 + y] << (15 - x) for x in range(16)) for y in range(16)]

    for n, pic in enumerate(art.PIP + art.ICONS + art.PLANT):
        assert tile(n) == art.rows16(pic)
    # every row of either Bitmap fills its 32-bit words (the board's stride) at least half: no column of tiles
    # leaving most of each word unused
    for bm, tw in ((sp.sheet, 16), (sp.digits, spr._DIGIT_W)):
        assert bm.width % tw == 0 and bm.width > 16 and bm.width <= 32
    assert (sp.sheet.width // 16) * (sp.sheet.height // 16) >= spr._N_TILES
    assert (sp.digits.width // spr._DIGIT_W) * (sp.digits.height // spr._DIGIT_H) >= spr._N_DIGITS
    lit_tiles = [sum(bin(r).count("1") for r in tile(n)) for n in range(spr._N_TILES)]
    assert all(n >= 12 for n in lit_tiles), "every picture draws something"
    assert len(set(tuple(tile(n)) for n in range(spr._N_TILES))) == spr._N_TILES, "no two pictures are the same"


@pytest.mark.parametrize("y", [5, 16, 27])
def test_text_tiles_draw_the_pixels_a_bitmap_label_draws(y):
    """The game's tile text shows every printable character exactly as adafruit_display_text's bitmap_label
    anchored at (0, 0.5) would (the OCR of the twin and a player's eyes see no difference), and rewriting it
    only touches cells that changed."""
    import terminalio
    from adafruit_display_text import bitmap_label

    from bandlift.game.sprites import label

    printable = "".join(chr(c) for c in range(32, 127))
    for i in range(0, len(printable), 21):
        chunk = printable[i:i + 21]
        mine = displayio.Group()
        t = label(mine, 0, y, "x" * 21)
        t.text = chunk
        theirs = displayio.Group()
        lb = bitmap_label.Label(terminalio.FONT, text=chunk, color=0xFFFFFF, save_text=False)
        lb.anchor_point = (0, 0.5)
        lb.anchored_position = (0, y)
        theirs.append(lb)
        assert render_bits(mine, 128, 32) == render_bits(theirs, 128, 32), chunk


@pytest.mark.parametrize("fname,reps,want_total", [("07-tempo-pyramid.json", 14, True),
                                                   ("11-band-master.json", 6, False)])
def test_the_128x64_stage_line_shows_the_tempo_and_the_total_whole_on_the_glass(fname, reps, want_total):
    """On 128x64 the line under the meters shows the stage's tempo, and in a set of 10 reps or more (where the
    top row shows the count alone) the reps out of the set's total, "5/14"; nothing on it is cut at the glass's
    edge (the shipped multi-stage levels' names read "Lower 4" cut to "Lower " before), read from the glass."""
    import numpy as np

    from bandlift.levels import load
    from sim.twin import glitch, ocr

    lv, why = load.load_level("levels/" + fname)
    assert lv is not None, why
    lv.unlock_stars = 0  # (played first here)
    core, root, game = make(128, 64, [lv])
    press_b(game, 0)
    game.tick(0)
    assert game.state.screen == S_PLAY and game.state.set_tally.total == reps
    core.target_deg = 40.0
    hud = game.screens.hud
    t = 0
    for done in range(1, 6):
        game.on_events(EV_REP_START, t)
        game.on_events(core.rep(95), t + 4000)
        t += 6000
        game.tick(t)
        st = game.state
        i = st.set_tally.stage
        text = hud.info.text
        assert text.startswith(st.level.tempo_text(i) + " ") or text == st.level.tempo_text(i), text
        assert text.endswith(" %d/%d" % (done, reps)) == want_total, text
        a = np.array(render_bits(root, 128, 64), dtype=bool)
        assert not glitch.cut_words(a), (text, glitch.cut_words(a))
        lay = game.layout
        assert ocr.read_label((a.astype(np.uint8).tobytes(), 128, 64), Places(lay).info_y, lay.reps_xy[0]) == text
