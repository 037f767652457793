"""Small displayio pieces reused by every screen: text lines, a framed meter bar.

Text is a TileGrid over the built-in 6 x 12 font's glyphs, copied once into a 1 kB sheet (ASCII 32-126): a
character is a tile index, so changing text allocates nothing, and the game needs no adafruit_display_text
(~23 kB of heap on the board, and the largest import peak of the program). Pixels are the same as a
bitmap_label anchored at (0, 0.5) would draw (tests/test_game_views.py compares them).
Everything is built once; updates move or resize existing shapes and change text only when it differs.
"""

import displayio
import terminalio
import vectorio

BLACK = 0
WHITE = 1
MAX_MARKS = 10  # second marks a meter can show


def rect(group, pal, x, y, w, h, color=WHITE):
    r = vectorio.Rectangle(pixel_shader=pal, x=x, y=y, width=max(1, w), height=max(1, h), color_index=color)
    group.append(r)
    return r


CHAR_W = 6
CHAR_H = 12
LINE_CHARS = 21  # 128 px of 6 px characters
_sheet = None
_text_pal = None


def font_sheet():
    """The built-in font's printable ASCII glyphs as one tile sheet (16 per row), built on first use."""
    global _sheet, _text_pal
    if _sheet is None:
        font = terminalio.FONT
        sheet = displayio.Bitmap(CHAR_W * 16, CHAR_H * 6, 2)
        for c in range(32, 127):
            g = font.get_glyph(c)
            if g is None:
                continue
            src = getattr(g, "bitmap")  # a named tuple on the board (its stub declares no fields)
            ti = getattr(g, "tile_index")
            per_row = src.width // CHAR_W
            sx = (ti % per_row) * CHAR_W
            sy = (ti // per_row) * CHAR_H
            k = c - 32
            dx = (k % 16) * CHAR_W
            dy = (k // 16) * CHAR_H
            for y in range(CHAR_H):
                for x in range(CHAR_W):
                    if src[sx + x, sy + y]:
                        sheet[dx + x, dy + y] = 1
        _sheet = sheet
        _text_pal = displayio.Palette(2)
        _text_pal[0] = 0x000000
        _text_pal[1] = 0xFFFFFF
        _text_pal.make_transparent(0)
    return _sheet


class Text:
    """One line of text whose vertical centre is at y (as a label anchored at (0, 0.5)); .text = "..." writes
    only the tiles that changed."""

    def __init__(self, group, x, y, text="", n=LINE_CHARS):
        sheet = font_sheet()
        self.tg = displayio.TileGrid(sheet, pixel_shader=_text_pal, width=n, height=1, tile_width=CHAR_W,
                                     tile_height=CHAR_H, default_tile=0, x=x, y=y - CHAR_H // 2)
        group.append(self.tg)
        self.n = n
        self.codes = bytearray(n)  # tile index shown per cell (0 = space)
        self._text = ""
        self.text = text

    @property
    def text(self):
        return self._text

    @text.setter
    def text(self, value):
        value = str(value)
        self._text = value
        raw = value.encode()
        m = len(raw)
        for i in range(self.n):
            c = raw[i] - 32 if i < m else 0
            if c < 0 or c > 94:
                c = 31  # "?" for what the font has no glyph for
            if self.codes[i] != c:
                self.codes[i] = c
                self.tg[i] = c

    @property
    def hidden(self):
        return self.tg.hidden

    @hidden.setter
    def hidden(self, value):
        self.tg.hidden = value


def label(group, x, y, text=""):
    """A line of text with its vertical centre at y."""
    return Text(group, x, y, text)


class Bar:
    """A 1 px frame with a fill growing from the left, set in permille (0-1000), with optional marks (notches
    every second of a meter) and a blink (the lowering meter blinks while the leg comes down too fast)."""

    def __init__(self, group, pal, box):
        x, y, w, h = box
        self.x = x
        self.frame = rect(group, pal, x, y, w, h, WHITE)
        rect(group, pal, x + 1, y + 1, w - 2, h - 2, BLACK)
        self.inner = w - 2
        self.fill = rect(group, pal, x + 1, y + 1, 1, h - 2, WHITE)
        self.fill.hidden = True
        self.px = 0
        self.marks = []
        for _ in range(MAX_MARKS):
            m = rect(group, pal, x, y + h - 3, 1, 2, BLACK)
            m.hidden = True
            self.marks.append(m)
        self.n_marks = 0
        self.off = False  # blinked off

    def set(self, permille):
        """Returns True when the bar changed on screen."""
        px = self.inner * permille // 1000
        if px < 0:
            px = 0
        elif px > self.inner:
            px = self.inner
        if px == self.px:
            return False
        self.px = px
        if px == 0:
            self.fill.hidden = True
        else:
            self.fill.width = px
            self.fill.hidden = self.off
        return True

    def set_marks(self, n):
        """n - 1 notches dividing the bar into n equal parts (n <= MAX_MARKS + 1); True when changed."""
        if n > MAX_MARKS + 1:
            n = 0
        if n == self.n_marks:
            return False
        self.n_marks = n
        for i in range(MAX_MARKS):
            m = self.marks[i]
            if i + 1 < n:
                m.x = self.x + 1 + self.inner * (i + 1) // n
                m.hidden = False
            else:
                m.hidden = True
        return True

    def blink(self, off):
        """Hide the frame's fill and frame (off) or show them; True when changed."""
        if off == self.off:
            return False
        self.off = off
        self.frame.hidden = off
        self.fill.hidden = off or self.px == 0
        return True


class Lines:
    """Text lines at fixed positions; set(i, text) assigns only a changed string."""

    def __init__(self, group, x, ys):
        self.labels = [label(group, x, y) for y in ys]
        self.texts = [""] * len(ys)

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
