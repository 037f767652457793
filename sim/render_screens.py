"""Render every game screen, for the 128x32 FeatherWing and a 128x64 SSD1306, to PNG (docs/screens/).

    python -m sim.render_screens [OUT_DIR] [--scale N]
    python -m sim.render_screens --gif      # docs/set-128x32.gif: a real set played by code.py in the twin

Each screen goes through the digital twin: the game's real displayio tree is the root_group of the real
adafruit_displayio_ssd1306 driver on the twin's virtual I2C bus, display.refresh() sends the bytes, and the
PNG is the SSD1306 model's glass (sim/twin/ssd1306.py), enlarged pixel-true (nearest, x4 by default). So
the PNGs show exactly what the OLED lights, driver init, page addressing and partial refreshes included.
tests/test_screens.py renders the screens again and compares them with the checked-in PNGs.
A scripted stand-in for the motion core drives the game into each screen; levels are the shipped ones
(levels/) when they load, else two built-in examples.
"""

import os
import sys

import displayio
from PIL import Image

# Imported here, outside any twin session: a module first imported inside the sandbox would keep the
# session's adafruit_ticks (bound to the twin's supervisor shim) after the session ends, and every
# bitmap_label made later outside a session would then fail ("no virtual board is running").
import adafruit_display_text.bitmap_label  # noqa: E402,F401
import adafruit_display_text.label  # noqa: E402,F401

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIB = os.path.join(ROOT, "lib")
if LIB not in sys.path:
    sys.path.insert(0, LIB)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from bandlift import faults  # noqa: E402
from bandlift.motion.standin import StandInCore  # noqa: E402
from bandlift.game import Game  # noqa: E402
import bandlift.game.screens  # noqa: E402,F401  (the views, imported outside the twin session: see above)
from bandlift.game.events import (  # noqa: E402
    EV_CALIBRATED,
    EV_FATIGUE,
    EV_REP_DONE,
    EV_REP_START,
    EV_SLIPPED,
    PH_HOLD,
    PH_LOWER,
    PH_RAISE,
    PH_REST,
)
from bandlift.game.state import PAGE_MS as PAGE_MS_FOR_RENDER, S_PLAY  # noqa: E402
from bandlift.targets import Targets  # noqa: E402
from sim.twin.board import VirtualBoard  # noqa: E402
from sim.twin.sandbox import Sandbox  # noqa: E402

SIZES = ((128, 32), (128, 64))
SCALE = 4  # each OLED pixel as SCALE x SCALE PNG pixels
OUT = os.path.join(ROOT, "docs", "screens")


def png_name(width, height, name):
    return "%dx%d-%s.png" % (width, height, name)


class TwinScreen:
    """A virtual Feather with only an SSD1306 on its I2C bus, brought up by the device's own
    bandlift.hw.display (real adafruit_displayio_ssd1306 driver, auto_refresh off).

        with TwinScreen(128, 32) as ts:
            glass = ts.show(group)   # bytes, height rows of width 0/1, row-major
    """

    def __init__(self, width, height):
        self.width = width
        self.height = height
        self.board = VirtualBoard(None, display="%dx%d" % (width, height), imu_chip=None, buttons=False)
        self._sandbox = Sandbox(self.board)
        self.display = None

    def __enter__(self):
        self._sandbox.__enter__()
        try:
            from bandlift.hw import board_io
            from bandlift.hw.display import make_display

            self.display = make_display(board_io.make_i2c(), "%dx%d" % (self.width, self.height))
            if not self.display.present:
                raise RuntimeError("the twin's SSD1306 did not come up: " + self.display.error)
        except BaseException:
            self._sandbox.__exit__(*sys.exc_info())
            raise
        return self

    def __exit__(self, *exc):
        try:
            if self.display is not None and self.display.present:
                self.display.display.root_group = None  # frees the group for another display
            displayio.release_displays()
        finally:
            self._sandbox.__exit__(*exc)
        return False

    @property
    def root_group(self):
        """The group the device's code builds its screens in (already the driver's root_group)."""
        return self.display.root_group

    def show(self, group=None):
        """Make `group` (default: the display's own root group) the driver's root_group, refresh, and
        return the glass the SSD1306 model shows."""
        driver = self.display.display
        group = self.display.root_group if group is None else group
        if driver.root_group is not group:
            driver.root_group = group
            if driver.root_group is not group:
                raise ValueError("group is already shown elsewhere (a displayio group has one parent)")
        if not self.display.refresh():
            raise RuntimeError(self.display.error)
        return self.board.oled.glass()

    def image(self, scale=SCALE):
        """The glass now, as a black-and-white PIL image, each pixel scale x scale (nearest)."""
        return glass_image(self.board.oled.glass(), self.width, self.height, scale)


def glass_image(glass, width, height, scale=SCALE):
    img = Image.frombytes("L", (width, height), bytes(255 if v else 0 for v in glass))
    if scale > 1:
        img = img.resize((width * scale, height * scale), Image.NEAREST)
    return img


def render_bits(group, width, height):
    """The lit pixels of a displayio group, through the twin, as a list of rows of 0/1 (row-major)."""
    with TwinScreen(width, height) as ts:
        g = ts.show(group)
    return [list(g[i:i + width]) for i in range(0, len(g), width)]


def render(group, width, height, scale=1):
    """A PIL image of the group as the twin's OLED shows it (white on black)."""
    with TwinScreen(width, height) as ts:
        g = ts.show(group)
    return glass_image(g, width, height, scale)


class ScriptCore(StandInCore):
    """The device's stand-in core (real Rep and SetStats), moved by the script through the screens."""

    def __init__(self):
        StandInCore.__init__(self, Targets())
        self.phase = PH_REST

    def rep(self, score, mask=0, lower_ms=3000, hold_ms=1000):
        r = self.last_rep
        r.score = score
        r.stars = self.targets.stars_for(score)
        r.faults = mask
        r.cue = faults.top_cue(mask)
        r.lower_ms = lower_ms
        r.hold_ms = hold_ms
        r.side = self.side
        self.reps += 1
        self.stats.add(r)
        return EV_REP_DONE


class _Level:
    """A stand-in level for when the shipped levels do not load (the loader belongs to another part)."""

    def __init__(self, lid, name, side="any", reps=5, unlock=0):
        self.id = lid
        self.name = name
        self.description = "Lift, pause, lower slowly."
        self.side = side
        self.stages = [{"reps": reps}]
        self.reps_per_side = reps
        self.total_reps = reps * (2 if side == "both" else 1)
        self.stars = (60, 75, 90)
        self.unlock_stars = unlock
        self.sets = 1
        self.rest_ms = 60000

    def targets_for(self, i):
        t = Targets()
        t.target_deg = 40.0
        return t


class _MemStore:
    """Progress in memory, saving fine (the screens show a device in save mode)."""

    def __init__(self):
        self.d = {}
        self.can_save = True
        self.message = ""
        self.last_level = None
        self.game = {"sessions": 4, "streak": 4, "best_streak": 6, "good_sets": 6}

    def get(self, lid):
        return self.d.get(lid)

    def record(self, lid, result):
        old = self.d.get(lid)
        self.d[lid] = {"score": result["score"], "stars": result["stars"], "best_combo": result["best_combo"]}
        self.last_level = lid
        return old is None or result["score"] > old["score"]

    def total_stars(self):
        return sum(v["stars"] for v in self.d.values())


def _levels():
    try:
        try:
            from bandlift.levels.load import load_levels
        except ImportError:
            from bandlift.level import load_levels

        levels, broken = load_levels(os.path.join(ROOT, "levels"))
        if levels:
            return levels, broken
    except Exception:  # the level loader is someone else's part: render with examples if it fails
        pass
    return [_Level("01", "First Lifts"), _Level("02", "Both Legs", "both", 5, 3)], [("99-typo.json", "bad JSON")]


def _three_set_level(levels):
    """The level the screens play: the shipped one with sets and alternating legs, else the first level
    made into three alternating sets (before the level format had them)."""
    for lv in levels:
        if getattr(lv, "side", "") == "alternate" and getattr(lv, "sets", 1) > 1:
            return lv
    lv = levels[0]
    lv.sets = 3
    lv.rest_ms = 45000
    lv.side = "alternate"
    return lv


class Script:
    """Moves the scripted core through a rep as a player would, ticking the game every 100 ms (the loop's
    refresh rate)."""

    def __init__(self, core, game, t):
        self.core = core
        self.game = game
        self.t = t

    def hold(self, ms, **live):
        for k in live:
            setattr(self.core, k, live[k])
        end = self.t + ms
        while self.t < end:
            self.t += 100 if end - self.t >= 100 else end - self.t
            self.game.tick(self.t)

    def event(self, ev):
        self.game.on_events(ev, self.t)
        self.game.tick(self.t)

    def lower(self, ms, start, end, steps, fast=False):
        """Lower from `start` to `end` deg over `ms` of the level's lowering (fast: all of it in the first
        third of the time)."""
        c = self.core
        t0 = c.lower_ms if c.phase == PH_LOWER else 0  # a lowering already under way goes on
        c.phase = PH_LOWER
        t_lower = self.game.state.targets.lower_ms
        for i in range(1, steps + 1):
            done = i / steps
            share = min(1.0, done * 3) if fast else done
            c.angle = start + (end - start) * share
            c.lower_ms = t0 + int(ms * done)
            c.lower_pace = c.lower_ms / t_lower
            c.rate = (end - start) / (ms / 1000.0) * (3 if fast and done < 0.34 else 1)
            self.hold(ms // steps)


def scenes(width, height, root=None):
    """Yield (name, game) with the game showing that screen. One game per size, walked in order;
    the game draws into `root` (a new Group when None)."""
    levels, broken = _levels()
    level = _three_set_level(levels)
    core = ScriptCore()
    game = Game(core, displayio.Group() if root is None else root, width, height, levels, _MemStore(), broken=broken)
    st = game.state
    sc = Script(core, game, 1000)
    game.tick(sc.t)
    yield "calibrate", game
    core.calibrated = True
    sc.event(EV_CALIBRATED)
    st.sel = levels.index(level)
    st.version += 1
    sc.hold(100)
    yield "select", game
    sc.hold(100)
    game.on_button(0, False, sc.t)  # the next level, then back: the select screen's pages
    for _ in range(len(levels) + len(broken) - 1):
        game.on_button(0, False, sc.t)
    sc.hold(PAGE_MS_FOR_RENDER + 200)
    yield "select-about", game
    game.on_button(1, False, sc.t)
    sc.hold(100)
    tg = st.targets
    peak = tg.target_deg if tg.target_deg is not None else 40.0
    core.target_deg = peak
    # Rep 1: a clean one, frame by frame as the player sees it.
    sc.event(EV_REP_START)
    core.phase = PH_RAISE
    for k in range(1, 6):
        sc.hold(tg.raise_ms // 6, angle=peak * k / 6, rate=peak / (tg.raise_ms / 1000.0))
    yield "play-raise", game
    sc.hold(tg.raise_ms // 6, phase=PH_HOLD, angle=peak, rate=0.0, hold_steady=95)
    sc.hold(tg.pause_ms // 2)
    yield "play-hold", game
    sc.hold(tg.pause_ms // 2 + 200)
    sc.lower(tg.lower_ms // 2, peak, peak / 2, 10)
    yield "play-lower", game
    sc.lower(tg.lower_ms // 2, peak / 2, 0.0, 10)
    core.phase = PH_REST
    core.angle = 0.0
    core.rate = 0.0
    sc.event(core.rep(94, 0, lower_ms=tg.lower_ms, hold_ms=tg.pause_ms))
    yield "grade-flash", game  # the soft landing's flash
    sc.hold(300)
    yield "grade-clean", game
    sc.hold(2200)
    # Rep 2: clean too (combo x2); rep 3: a wobbly pause and a drop.
    sc.event(EV_REP_START)
    sc.hold(tg.raise_ms, phase=PH_RAISE, angle=peak, rate=20.0)
    sc.hold(tg.pause_ms, phase=PH_HOLD, rate=0.0, hold_steady=95)
    sc.lower(tg.lower_ms, peak, 0.0, 10)
    core.phase = PH_REST
    sc.event(core.rep(92, 0, lower_ms=tg.lower_ms, hold_ms=tg.pause_ms))
    sc.hold(2500, angle=0.0, rate=0.0)
    sc.event(EV_REP_START)
    sc.hold(tg.raise_ms, phase=PH_RAISE, angle=peak * 1.05, rate=20.0)
    sc.hold(tg.pause_ms // 3, phase=PH_HOLD, rate=0.0, hold_steady=95)
    sc.hold(tg.pause_ms // 3, hold_steady=30, angle=peak * 0.97)
    yield "play-wobble", game
    sc.lower(700, peak, 0.0, 6, fast=True)
    yield "play-too-fast", game
    core.phase = PH_REST
    core.angle = 0.0
    core.rate = 0.0
    sc.event(core.rep(58, faults.DROP | faults.WOBBLE, lower_ms=700, hold_ms=tg.pause_ms // 2))
    yield "grade-drop", game
    sc.hold(3000)
    sc.event(EV_SLIPPED)
    yield "strap-moved", game
    sc.event(EV_CALIBRATED)
    # The rest of the set, then the rest screen and the strap move to the other leg.
    while st.screen == S_PLAY and not st.ending:
        sc.event(EV_REP_START)
        sc.hold(300)
        sc.event(core.rep(90, 0, lower_ms=tg.lower_ms, hold_ms=tg.pause_ms))
        sc.hold(1500)
    sc.hold(15000)
    yield "rest-strap", game
    sc.event(EV_SLIPPED)
    yield "rest-learning", game
    sc.hold(1000)
    sc.event(EV_CALIBRATED)
    yield "rest", game
    game.on_button(1, False, sc.t)  # B: go now
    sc.hold(100)
    # Set 2: fading form ends it early (after half its reps).
    for _ in range((st.total + 1) // 2):
        sc.event(EV_REP_START)
        sc.event(core.rep(80, 0))
        sc.hold(1500)
    core.stats.fatigued = True
    sc.event(EV_FATIGUE)
    sc.hold(1300)
    yield "form-fading", game
    core.stats.fatigued = False
    sc.hold(3000)
    # Set 3, back on the left leg.
    sc.event(EV_SLIPPED)
    sc.hold(1000)
    sc.event(EV_CALIBRATED)
    game.on_button(1, False, sc.t)
    sc.hold(100)
    while st.screen == S_PLAY and not st.ending:
        sc.event(EV_REP_START)
        sc.event(core.rep(88, 0))
        sc.hold(300)
    sc.hold(3000)
    yield "summary", game
    game.on_button(0, False, sc.t)
    sc.hold(100)
    yield "summary-page2", game
    game.on_button(0, False, sc.t)
    sc.hold(100)
    yield "summary-page3", game
    game.on_button(2, False, sc.t)
    game.on_button(2, False, sc.t)
    sc.hold(100)
    yield "records", game
    game.show_error("IMU not found: check the STEMMA cable")
    sc.hold(100)
    yield "error", game
    game.clear_error()
    game.tick(sc.t)


# ------------------------------------------------------------------ reading the game's big digits back

DIGIT_CHARS = "0123456789/x:+ "  # sprites.DIGITS tile order
_DIGIT_CELLS = {}


def _digit_cells():
    """{16 rows of a 10 px cell (ints): character} from the game's own digit bitmap."""
    if not _DIGIT_CELLS:
        from bandlift.game import sprites as spr

        sp = spr.Sprites()
        for i, ch in enumerate(DIGIT_CHARS):
            cell = tuple(sum(sp.digits[x, i * spr.DIGIT_H + y] << x for x in range(spr.DIGIT_W))
                         for y in range(spr.DIGIT_H))
            _DIGIT_CELLS[cell] = ch
    return _DIGIT_CELLS


def read_number(pixels, width, height, xy, n):
    """The big digits (sprites.Number) of n tiles at xy on a w x h glass of 0/1 bytes, e.g. "2/6" or "x3";
    "?" for a cell that is no digit (something drawn over it). Leading and trailing blanks stripped."""
    cells = _digit_cells()
    x0, y0 = xy
    out = ""
    for k in range(n):
        cell = []
        for y in range(y0, y0 + 16):
            row = 0
            for x in range(10):
                px = x0 + 10 * k + x
                if 0 <= y < height and 0 <= px < width and pixels[y * width + px]:
                    row |= 1 << x
            cell.append(row)
        out += cells.get(tuple(cell), "?")
    return out.strip()


def twin_screens(width, height):
    """[(png file name, glass bytes)] for every screen of one size, each rendered through the twin: the
    game draws into the twin display's root group and display.refresh() sends what changed."""
    with TwinScreen(width, height) as ts:
        return [(png_name(width, height, name), ts.show()) for name, game in scenes(width, height, ts.root_group)]


GIF = os.path.join(ROOT, "docs", "set-128x32.gif")


def a_real_set():
    """The athlete of the README's GIF: six reps of the first level, a dropped lowering and a missed pause
    among them (sim.athlete's scripted reps, fed through the twin's IMU to the real motion core)."""
    from sim.athlete import RepSpec, SetSpec

    reps = []
    for f in [(), (), ("DROP",), (), ("NO_PAUSE",), ()]:
        reps.append(RepSpec(raise_ms=1600, pause_ms=60 if "NO_PAUSE" in f else 1200,
                            lower_ms=500 if "DROP" in f else 3200, reset_ms=1500, peak_deg=42, faults=f))
    return SetSpec(reps=reps, seed=7)


def make_gif(path=GIF, display="128x32", scale=2, seconds=66.0):
    """code.py in the twin plays a real set (button B at 4 s starts the first level); every frame the OLED
    showed goes into an animated GIF with its own duration."""
    from sim.twin.session import run_session

    r = run_session(a_real_set(), display=display, buttons=[(4000, "B", False)], seconds=seconds)
    if r.error is not None:
        raise RuntimeError(r.error)
    frames = r.frames
    imgs = [f.image(scale).convert("P", palette=Image.ADAPTIVE, colors=2) for f in frames]
    durs = [max(20, (frames[i + 1].t_ms if i + 1 < len(frames) else r.board.clock.ms) - f.t_ms)
            for i, f in enumerate(frames)]
    imgs[0].save(path, save_all=True, append_images=imgs[1:], duration=durs, loop=0, optimize=True)
    return r


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--gif" in argv:
        r = make_gif()
        print("wrote %s: %d frames, %d reps" % (GIF, len(r.frames), len(r.reps())))
        return 0
    scale = SCALE
    if "--scale" in argv:
        i = argv.index("--scale")
        scale = int(argv[i + 1])
        del argv[i : i + 2]
    out = argv[0] if argv else OUT
    os.makedirs(out, exist_ok=True)
    n = 0
    for w, h in SIZES:
        for fname, glass in twin_screens(w, h):
            glass_image(glass, w, h, scale).save(os.path.join(out, fname), optimize=True)
            n += 1
    print("wrote %d screens (through the twin's SSD1306) to %s" % (n, out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
