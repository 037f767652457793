"""Render every game screen, for the 128x32 FeatherWing and a 128x64 SSD1306, to PNG (docs/screens/).

    python -m sim.screens.render [OUT_DIR] [--scale N]
    python -m sim.screens.render --gif      # docs/set-128x32.gif: a real set played by code.py in the twin

Each screen goes through the digital twin: the game's real displayio tree is the root_group of the real
adafruit_displayio_ssd1306 driver on the twin's virtual I2C bus, display.refresh() sends the bytes, and the
PNG is the SSD1306 model's glass (sim/twin/device/ssd1306.py), enlarged pixel-true (nearest, x4 by default). So
the PNGs show exactly what the OLED lights, driver init, page addressing and partial refreshes included.
tests/test_screens.py renders the screens again and compares them with the checked-in PNGs.
sim/screens/script.py walks the game into each screen with a scripted stand-in for the motion core.
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

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LIB = os.path.join(ROOT, "lib")
if LIB not in sys.path:
    sys.path.insert(0, LIB)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

import bandlift.game.screens  # noqa: E402,F401  (the views, imported outside the twin session: see above)
from sim.screens.script import scenes  # noqa: E402,F401  (the walk through every screen)
from sim.twin.device.board import VirtualBoard  # noqa: E402
from sim.twin.device.sandbox import Sandbox  # noqa: E402

SIZES = ((128, 32), (128, 64))
SCALE = 4  # each OLED pixel as SCALE x SCALE PNG pixels
OUT = os.path.join(ROOT, "docs", "screens")


def png_name(width, height, name):
    return "%dx%d-%s.png" % (width, height, name)


class TwinScreen:
    """A virtual Feather with only an SSD1306 on its I2C bus, brought up by the device's own
    bandlift.hw.display_setup (real adafruit_displayio_ssd1306 driver, auto_refresh off).

        with TwinScreen(128, 32) as ts:
            glass = ts.show(group)   # bytes, height rows of width 0/1, row-major
    """

    def __init__(self, width, height, fast_draw=True):
        self.width = width
        self.height = height
        self.board = VirtualBoard(None, display="%dx%d" % (width, height), imu_chip=None, buttons=False)
        self.board.fast_draw = fast_draw  # False: Blinka's own per-pixel drawing (tests compare the two)
        self._sandbox = Sandbox(self.board)
        self.display = None

    def __enter__(self):
        self._sandbox.__enter__()
        try:
            from bandlift.hw import board_io
            from bandlift.hw.display_setup import make_display

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


# ------------------------------------------------------------------ reading the game's big digits back

DIGIT_CHARS = "0123456789/x:+ "  # sprites.DIGITS tile order
_DIGIT_CELLS = {}


def _digit_cells():
    """{16 rows of a 10 px cell (ints): character} from the game's own digit bitmap."""
    if not _DIGIT_CELLS:
        from bandlift.game import sprites as spr

        sp = spr.Sprites()
        cols = sp.digits.width // spr._DIGIT_W  # digit i at cell (i % cols, i // cols), a TileGrid's order
        for i, ch in enumerate(DIGIT_CHARS):
            x0, y0 = i % cols * spr._DIGIT_W, i // cols * spr._DIGIT_H
            cell = tuple(sum(sp.digits[x0 + x, y0 + y] << x for x in range(spr._DIGIT_W))
                         for y in range(spr._DIGIT_H))
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


def twin_screens(width, height, fast_draw=True):
    """[(png file name, glass bytes)] for every screen of one size, each rendered through the twin: the
    game draws into the twin display's root group and display.refresh() sends what changed."""
    with TwinScreen(width, height, fast_draw) as ts:
        return [(png_name(width, height, name), ts.show())
                for name, game in scenes(width, height, ts.root_group, ts.display)]


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

    r = run_session(a_real_set(), display=display, buttons=[(4000, "B", False), (4600, "B", False)], seconds=seconds)
    if r.error is not None:
        raise RuntimeError(r.error)
    frames = r.frames
    imgs = [f.image(scale).convert("P", palette=Image.ADAPTIVE, colors=2) for f in frames]
    durs = [max(20, (frames[i + 1].t_ms if i + 1 < len(frames) else r.board.clock.ms) - f.t_ms)
            for i, f in enumerate(frames)]
    imgs[0].save(path, save_all=True, append_images=imgs[1:], duration=durs, loop=0, optimize=True)
    return r


def main(argv=None):
    from sim.cli import OneLineParser

    ap = OneLineParser(prog="python -m sim.screens.render",
                       description="Render every game screen through the twin's SSD1306 into PNGs (or the set's GIF).")
    ap.add_argument("out", nargs="?", default=OUT, help="folder for the PNGs (default: docs/screens)")
    ap.add_argument("--scale", type=int, default=SCALE, help="pixels per OLED pixel (default %d)" % SCALE)
    ap.add_argument("--gif", action="store_true", help="write docs/set-128x32.gif: a real set played by code.py")
    args = ap.parse_args(sys.argv[1:] if argv is None else argv)
    if args.scale < 1:
        ap.error("--scale must be 1 or more")
    if args.gif:
        r = make_gif()
        print("wrote %s: %d frames, %d reps" % (GIF, len(r.frames), len(r.reps())))
        return 0
    os.makedirs(args.out, exist_ok=True)
    n = 0
    for w, h in SIZES:
        for fname, glass in twin_screens(w, h):
            glass_image(glass, w, h, args.scale).save(os.path.join(args.out, fname), optimize=True)
            n += 1
    print("wrote %d screens (through the twin's SSD1306) to %s" % (n, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
