"""Small displayio pieces reused by every screen: text lines, a framed meter bar.

Text is bandlift.hw.text.Text, tiles of the built-in font: changing text allocates nothing, and the game needs
no adafruit_display_text (~23 kB of heap on the board, and the largest import peak of the program). Pixels are
the same as a bitmap_label anchored at (0, 0.5) would draw (tests/test_game_views.py compares them).
Everything is built once; updates move or resize existing shapes and change text only when it differs.
"""

import displayio
import vectorio

from bandlift.compat import const
from bandlift.hw.text import Text  # the game's text: tiles of the built-in font (no adafruit_display_text)

BLACK = 0
_WHITE = const(1)
_MAX_MARKS = const(10)  # second marks a meter can show
_notch_pal = None  # index 0 transparent, 1 black: the meters' notches over their fill (made once)


def rect(group, pal, x, y, w, h, color=_WHITE):
    r = vectorio.Rectangle(pixel_shader=pal, x=x, y=y, width=max(1, w), height=max(1, h), color_index=color)
    group.append(r)
    return r


def label(group, x, y, text=""):
    """A line of text with its vertical centre at y."""
    return Text(group, x, y, text)


class Bar:
    """A 1 px frame with a fill growing from the left, set in permille (0-1000), with optional marks (notches
    every second of a meter): black pixels of one 2-row Bitmap over the fill (~0.2 kB on the board, where a
    Rectangle per notch was 0.9 kB a meter)."""

    def __init__(self, group, pal, box):
        global _notch_pal
        x, y, w, h = box
        self.x = x
        self.frame = rect(group, pal, x, y, w, h, _WHITE)
        rect(group, pal, x + 1, y + 1, w - 2, h - 2, BLACK)
        self.inner = w - 2
        self.fill = rect(group, pal, x + 1, y + 1, 1, h - 2, _WHITE)
        self.fill.hidden = True
        self.px = 0
        if _notch_pal is None:
            _notch_pal = displayio.Palette(2)
            _notch_pal[0] = 0x000000
            _notch_pal[1] = 0x000000
            _notch_pal.make_transparent(0)
        self.notches = displayio.Bitmap(w, 2, 2)
        group.append(displayio.TileGrid(self.notches, pixel_shader=_notch_pal, x=x, y=y + h - 3))
        self.n_marks = 0

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
            self.fill.hidden = False
        return True

    def set_marks(self, n):
        """n - 1 notches dividing the bar into n equal parts (n <= _MAX_MARKS + 1); True when changed."""
        if n > _MAX_MARKS + 1:
            n = 0
        if n == self.n_marks:
            return False
        b = self.notches
        for k in range(1, self.n_marks):  # the old notches off
            b[1 + self.inner * k // self.n_marks, 0] = 0
            b[1 + self.inner * k // self.n_marks, 1] = 0
        self.n_marks = n
        for k in range(1, n):
            b[1 + self.inner * k // n, 0] = 1
            b[1 + self.inner * k // n, 1] = 1
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
