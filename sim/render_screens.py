"""Render every game screen, for the 128x32 FeatherWing and a 128x64 SSD1306, to PNG (docs/screens/).

    python -m sim.render_screens [OUT_DIR] [--scale N]

The game's real displayio tree is drawn by Blinka's own displayio pixel pipeline (the code a display
refresh runs before the bytes go out on the bus), so the PNGs show exactly the pixels the OLED lights.
A scripted stand-in for the motion core drives the game into each screen; levels are the shipped ones
(levels/) when they load, else two built-in examples.
"""

import os
import sys

import busdisplay  # noqa: F401  (imported first: displayio._displaycore imports it back)
import displayio
from displayio._area import Area
from displayio._displaycore import _DisplayCore
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIB = os.path.join(ROOT, "lib")
if LIB not in sys.path:
    sys.path.insert(0, LIB)

from bandlift import faults  # noqa: E402
from bandlift.game import Game  # noqa: E402
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


def render_bits(group, width, height):
    """The lit pixels of a displayio group as a list of rows of 0/1 (row-major)."""
    core = _DisplayCore(
        None, width, height, width, height, 0, 0, 0, 16, False, False, 2, False, False,
        0x2A, 0x2B, None, None, False, False, False, False,
    )
    core.set_root_group(group)
    buf = memoryview(bytearray(width * height * 2)).cast("I")
    mask = memoryview(bytearray(((width * height) // 32 + 1) * 4)).cast("I")
    core.fill_area(Area(0, 0, width, height), mask, buf)
    core.set_root_group(None)
    px = buf.cast("B").cast("H")
    return [[1 if px[y * width + x] else 0 for x in range(width)] for y in range(height)]


def render(group, width, height, scale=1):
    """A PIL image of the group as the OLED shows it (white on black)."""
    bits = render_bits(group, width, height)
    img = Image.new("L", (width, height))
    img.putdata([255 if b else 0 for row in bits for b in row])
    if scale > 1:
        img = img.resize((width * scale, height * scale), Image.NEAREST)
    return img


class _Rep:
    def __init__(self):
        self.score = 0
        self.stars = 0
        self.faults = 0
        self.cue = faults.GOOD_CUE
        self.hold_ms = 0
        self.lower_ms = 0


class _Stats:
    def __init__(self):
        self.fatigued = False
        self.lsi_value = None

    def lsi(self):
        return self.lsi_value


class ScriptCore:
    """Just enough of bandlift.core.MotionCore for a scripted walk through the screens."""

    def __init__(self):
        self.phase = PH_REST
        self.angle = 0.0
        self.rate = 0.0
        self.hold_ms = 0
        self.hold_steady = 100
        self.lower_ms = 0
        self.lower_pace = 0.0
        self.reps = 0
        self.target_deg = None
        self.calibrated = False
        self.last_rep = _Rep()
        self.stats = _Stats()
        self.targets = Targets()

    def new_set(self, side):
        self.reps = 0

    def set_targets(self, targets):
        self.targets = targets

    def recalibrate(self):
        self.calibrated = False

    def rep(self, score, mask=0, lower_ms=3000, hold_ms=1000):
        r = self.last_rep
        r.score = score
        r.stars = self.targets.stars_for(score)
        r.faults = mask
        r.cue = faults.top_cue(mask)
        r.lower_ms = lower_ms
        r.hold_ms = hold_ms
        self.reps += 1
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
        from bandlift.level import load_levels

        levels, broken = load_levels(os.path.join(ROOT, "levels"))
        if levels:
            return levels, broken
    except Exception:  # the level loader is someone else's part: render with examples if it fails
        pass
    return [_Level("01", "First Lifts"), _Level("02", "Both Legs", "both", 5, 3)], [("99-typo.json", "bad JSON")]


def scenes(width, height):
    """Yield (name, game) with the game showing that screen. One game per size, walked in order."""
    levels, broken = _levels()
    core = ScriptCore()
    game = Game(core, displayio.Group(), width, height, levels, _MemStore(), broken=broken)
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
        t += 3000
        game.tick(t)
    yield "verdict-drop", game if game.state.verdict_on else game
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


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    scale = 4
    if "--scale" in argv:
        i = argv.index("--scale")
        scale = int(argv[i + 1])
        del argv[i : i + 2]
    out = argv[0] if argv else os.path.join(ROOT, "docs", "screens")
    os.makedirs(out, exist_ok=True)
    n = 0
    for w, h in ((128, 32), (128, 64)):
        for name, game in scenes(w, h):
            path = os.path.join(out, "%dx%d-%s.png" % (w, h, name))
            render(game.screens.parent, w, h, scale).save(path)
            n += 1
    print("wrote %d screens to %s" % (n, out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
