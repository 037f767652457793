"""What the screens are drawn with: sprite sheets made once from game/artbits.py by game/setup.py (packed from
sim/screens/art.py), the TileGrid helpers the views use, text lines and meter bars.

Two 1-bit Bitmaps hold every picture: SHEET (16 x 16 tiles: Pip, icons, the garden) and DIGITS (10 x 16
tiles: 8 px glyphs and a 2 px gap). A view shows a picture by setting a TileGrid's tile index, which costs no
allocation; numbers are rows of digit tiles. Memory (a Bitmap's rows are whole 32-bit words on the board): SHEET
32 x 256 px (two tiles a row) = 1 kB, DIGITS 30 x 80 px (three a row) = 0.3 kB.

Two palettes: `pal` is opaque (backgrounds, bars), `spal` draws index 0 transparent (sprites over a scene).
invert(True) turns the whole picture over (the too-fast alarm) by the SSD1306's own inverse mode (0xA7, one command
to `panel`, a bandlift.hw.display.Display): swapping the palettes would send every pixel again (30-90 ms).

The small displayio pieces every screen reuses: text lines (Lines, label), rect() (the play screen's meter bar
is game/play/hud_marks.py's Bar).
Text is bandlift.hw.display.Text, tiles of the built-in font: changing text allocates nothing, and the game needs
no adafruit_display_text (~23 kB of heap on the board, and the largest import peak of the program). Pixels are
the same as a bitmap_label anchored at (0, 0.5) would draw (tests/test_game_views.py compares them).
Everything is built once; updates move or resize existing shapes and change text only when it differs.
"""

import displayio
import vectorio

from bandlift.compat import const
from bandlift.hw.display import Text  # the game's text: tiles of the built-in font (no adafruit_display_text)

_TYPING = const(0)  # imports for the type check: mypy reads the block, the board's compiler drops it
if _TYPING:
    from bandlift.hw.display import Display

_TILE = const(16)
_DIGIT_W = const(10)
_DIGIT_H = const(16)

# SHEET tile indices: Pip's poses, then the icons, then the garden's stages (sim/screens/art.py: PIP, ICONS, PLANT)
_PIP_STAND = const(0)
_PIP_REST = const(1)
_PIP_LIFT = const(2)
_PIP_HOLD = const(3)
_PIP_WOBBLE = const(4)
_PIP_GLIDE = const(5)
_PIP_FALL = const(6)
_PIP_LAND = const(7)
_PIP_GHOST = const(8)
_N_PIP = const(9)
IC_STAR = _N_PIP
IC_STAR_EMPTY = _N_PIP + 1
_IC_CHECK = const(_N_PIP + 2)
_IC_FAULT0 = const(_N_PIP + 3)  # + faults.index(bit): KICK, SHORT, NO_PAUSE, WOBBLE, DROP, DRIFT, NO_RESET
_IC_FLAME = const(_N_PIP + 10)
_IC_HOURGLASS = const(_N_PIP + 11)
_IC_STRAP = const(_N_PIP + 12)
# _N_PIP + 13: the leaf icon
_N_ICONS = const(14)
PLANT0 = const(_N_PIP + _N_ICONS)
_N_PLANT = const(8)
_N_TILES = const(PLANT0 + _N_PLANT)

# DIGITS tile indices: 0-9 are the digits themselves
_D_SLASH = const(10)
_D_X = const(11)
_D_COLON = const(12)
_D_PLUS = const(13)
_D_BLANK = const(14)
_N_DIGITS = const(15)
_SHEET_COLS = const(2)  # tiles side by side in SHEET (2 x 16 px: one 32-bit word a row)
_DIGIT_COLS = const(3)  # ... in DIGITS (3 x 10 px)


class Sprites:
    """The bitmaps and palettes, built once per game."""

    # set by game/setup.py (let go once it ran); declared for the type check: bare annotations compile to nothing
    sheet: displayio.Bitmap; digits: displayio.Bitmap; spal: displayio.Palette; panel: "Display"
    pal: displayio.Palette

    def __init__(self, panel=None):
        from bandlift.game import setup  # (made once: code let go by the Game)

        # The sheets' sizes in px (folded to numbers when compiled): the tiles side by side, as many as fill a
        # 32-bit word: a Bitmap's row is whole words on the board, so a column of 16 px tiles would leave half of
        # each unused (1 kB), one of 10 px digits two thirds (0.6 kB)
        setup.sprites(self, panel, (_TILE * _SHEET_COLS, _TILE * ((_N_TILES + _SHEET_COLS - 1) // _SHEET_COLS), _TILE),
                      (_DIGIT_W * _DIGIT_COLS, _DIGIT_H * ((_N_DIGITS + _DIGIT_COLS - 1) // _DIGIT_COLS), _DIGIT_W,
                       _DIGIT_H))

    def invert(self, on):
        """Turn the whole picture over or back: on the glass at once, nothing to refresh. Without a panel (a
        bench) nothing happens; the panel keeps the state and sends it again when it sets a re-powered OLED up
        (bandlift.hw.display)."""
        if on != self.inverted:
            self.inverted = on
            p = self.panel
            if p is not None:
                p.inverted = on
                if p.display is not None:
                    p.display.bus.send(0xA7 if on else 0xA6, b"")

    def sprite(self, group, x, y, tile=0):
        """A 16 x 16 picture from SHEET at (x, y), transparent where dark."""
        tg = displayio.TileGrid(self.sheet, pixel_shader=self.spal, width=1, height=1, tile_width=_TILE,
                                tile_height=_TILE, default_tile=tile, x=x, y=y)
        group.append(tg)
        return tg

    def number(self, group, x, y, n):
        """A row of n big digits (each 10 x 16); set with Number.show()."""
        tg = displayio.TileGrid(self.digits, pixel_shader=self.spal, width=n, height=1, tile_width=_DIGIT_W,
                                tile_height=_DIGIT_H, default_tile=_D_BLANK, x=x, y=y)
        group.append(tg)
        return Number(tg, n)


class Number:
    """Big digits in a TileGrid row: show(7, total=12) writes "7/12", show(4, prefix=_D_X) "x4" (the rest screen's
    m:ss is game/menu/views.py's clock).

    Only tiles that change are written; nothing is allocated. Each call returns True when the row changed.
    """

    def __init__(self, tg, n):
        self.tg = tg
        self.n = n
        self.tiles = [_D_BLANK] * n  # what is shown, to skip unchanged tiles
        self._ch = False

    def _put(self, i, tile):
        if 0 <= i < self.n and self.tiles[i] != tile:
            self.tiles[i] = tile
            self.tg[i] = tile
            self._ch = True

    def _digits(self, value, end):
        """Write the digits of value (>= 0) ending just before `end`, right to left; returns the first one."""
        pos = end
        while True:
            pos -= 1
            self._put(pos, value % 10)
            value //= 10
            if value == 0:
                return pos

    def show(self, value, total=-1, prefix=-1, right=False):
        """prefix tile (_D_X, _D_PLUS ...), value, then "/total" when total >= 0; right-aligned if asked."""
        self._ch = False
        if value < 0:
            value = 0
        width = _ndig(value) + (1 if prefix >= 0 else 0) + (1 + _ndig(total) if total >= 0 else 0)
        pos = self.n - width if right else 0
        if pos < 0:
            pos = 0
        for i in range(pos):
            self._put(i, _D_BLANK)
        if prefix >= 0:
            self._put(pos, prefix)
            pos += 1
        pos += _ndig(value)
        self._digits(value, pos)
        if total >= 0:
            self._put(pos, _D_SLASH)
            pos += 1 + _ndig(total)
            self._digits(total, pos)
        for i in range(pos, self.n):
            self._put(i, _D_BLANK)
        return self._ch


def _ndig(v):
    n = 1
    while v >= 10:
        v //= 10
        n += 1
    return n


# -- the small pieces: text lines, rectangles --------------------------------------------------------------
BLACK = 0
_WHITE = const(1)


def rect(group, pal, x, y, w, h, color=_WHITE):
    # (circuitpython-stubs 10.3.1 leave color_index out of Rectangle's signature; its docstring and the board have it)
    r = vectorio.Rectangle(pixel_shader=pal, x=x, y=y, width=max(1, w), height=max(1, h),  # type: ignore[call-arg]
                           color_index=color)
    group.append(r)
    return r


def label(group, x, y, text=""):
    """A line of text with its vertical centre at y."""
    return Text(group, x, y, text)


class Lines:
    """Text lines at fixed positions; set(i, text) assigns only a changed string."""

    def __init__(self, group, x, line_y):
        self.labels = [label(group, x, y) for y in line_y]
        self.texts = [""] * len(line_y)

    def set(self, i, text):
        if self.texts[i] == text:
            return False
        self.texts[i] = text
        self.labels[i].text = text
        return True

    def set_all(self, texts):
        changed = False
        for i in range(len(self.labels)):
            t = texts[i] if i < len(texts) else ""
            if self.set(i, t):
                changed = True
        return changed
