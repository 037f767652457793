"""Render every game screen, for the 128x32 FeatherWing and a 128x64 SSD1306, to PNG (docs/screens/).

    python -m sim.render_screens [OUT_DIR] [--scale N]

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
    def __init__(self, lid, name, side="any", reps=5, unlock=0):
        self.id = lid
        self.name = name
        self.description = ""
        self.side = side
        self.stages = [{"reps": reps}]
        self.reps_per_side = reps
        self.total_reps = reps * (2 if side == "both" else 1)
        self.stars = (60, 75, 90)
        self.unlock_stars = unlock

    def targets_for(self, i):
        t = Targets()
        t.target_deg = 40.0
        return t


class _MemStore:
    def __init__(self, can_save=True):
        self.d = {}
        self.can_save = can_save
        self.message = "" if can_save else "No save: drive is read-only"

    def get(self, lid):
        return self.d.get(lid)

    def record(self, lid, result):
        old = self.d.get(lid)
        self.d[lid] = {"score": result["score"], "stars": result["stars"], "best_combo": result["best_combo"]}
        return old is None or result["score"] > old["score"]

    def total_stars(self):
        return sum(v["stars"] for v in self.d.values())


def _levels():
    try:
        from bandlift.levels.load import load_levels

        levels, broken = load_levels(os.path.join(ROOT, "levels"))
        if levels:
            return levels, broken
    except Exception:  # the level loader is someone else's part: render with examples if it fails
        pass
    return [_Level("01", "First Lifts"), _Level("02", "Both Legs", "both", 5, 3)], [("99-typo.json", "bad JSON")]


def scenes(width, height, root=None):
    """Yield (name, game) with the game showing that screen. One game per size, walked in order;
    the game draws into `root` (a new Group when None)."""
    levels, broken = _levels()
    core = ScriptCore()
    game = Game(core, displayio.Group() if root is None else root, width, height, levels, _MemStore(), broken=broken)
    t = 1000
    game.tick(t)
    yield "calibrate", game
    game.on_events(EV_CALIBRATED, t)
    core.calibrated = True
    game.tick(t)
    yield "select", game
    game.on_button(1, False, t)
    game.tick(t)
    # Mid-rep: at the top, holding steady, the ghost on its tempo.
    tg = game.state.targets
    t0 = t
    core.target_deg = tg.target_deg if tg.target_deg is not None else 40.0
    for ph, ang, dt in ((PH_RAISE, 20.0, 400), (PH_HOLD, core.target_deg, tg.reset_ms + tg.raise_ms + 500)):
        core.phase = ph
        core.angle = ang
        game.on_events(EV_REP_START if ph == PH_RAISE else 0, t)
        for _ in range(10):
            t += dt // 10
            game.tick(t)
    yield "play-hold", game
    core.phase = PH_LOWER
    core.angle = core.target_deg * 0.5
    core.lower_ms = tg.lower_ms // 2
    t += 100
    game.tick(t)
    yield "play-lower", game
    for i, (score, mask) in enumerate(((93, 0), (91, 0), (64, faults.DROP))):
        if i:
            game.on_events(EV_REP_START, t)
            core.phase = PH_LOWER
            core.rate = -(tg.drop_dps + 60.0) if mask else -15.0
            core.lower_ms = 900 if mask else tg.lower_ms
            t += 200
            game.tick(t)
        if mask:
            yield "play-drop", game
        core.phase = PH_REST
        core.angle = 0.0
        core.rate = 0.0
        game.on_events(core.rep(score, mask, lower_ms=core.lower_ms or tg.lower_ms), t)
        t += 50
        game.tick(t)
        if i == 1:
            yield "verdict-combo", game
        if mask:
            yield "verdict-drop", game  # while the verdict is up (state.VERDICT_MS)
        t += 3000
        game.tick(t)
    game.on_events(EV_SLIPPED, t)
    game.tick(t)
    yield "strap-moved", game
    game.on_events(EV_CALIBRATED, t)
    core.stats.fatigued = True
    game.on_events(EV_FATIGUE, t)
    game.tick(t)
    yield "form-fading", game
    t += 5000
    game.tick(t)
    yield "summary", game
    game.on_button(0, False, t)
    game.tick(t)
    yield "summary-page2", game
    game.on_button(2, False, t)
    game.on_button(2, False, t)
    game.tick(t)
    yield "records", game
    game.show_error("IMU not found: check the STEMMA cable")
    game.tick(t)
    yield "error", game
    game.clear_error()
    game.tick(t)


def twin_screens(width, height):
    """[(png file name, glass bytes)] for every screen of one size, each rendered through the twin: the
    game draws into the twin display's root group and display.refresh() sends what changed."""
    with TwinScreen(width, height) as ts:
        return [(png_name(width, height, name), ts.show()) for name, game in scenes(width, height, ts.root_group)]


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
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
