"""Small displayio pieces reused by every screen: text lines, a framed meter bar.

Text is bandlift.hw.text.Text, tiles of the built-in font: changing text allocates nothing, and the game needs
no adafruit_display_text (~23 kB of heap on the board, and the largest import peak of the program). Pixels are
the same as a bitmap_label anchored at (0, 0.5) would draw (tests/test_game_views.py compares them).
Everything is built once; updates move or resize existing shapes and change text only when it differs.
"""

import vectorio

from bandlift.compat import const
from bandlift.hw.text import Text  # the game's text: tiles of the built-in font (no adafruit_display_text)

BLACK = 0
_WHITE = const(1)
_MAX_MARKS = const(10)  # second marks a meter can show


def rect(group, pal, x, y, w, h, color=_WHITE):
    r = vectorio.Rectangle(pixel_shader=pal, x=x, y=y, width=max(1, w), height=max(1, h), color_index=color)
    group.append(r)
    return r


def label(group, x, y, text=""):
    """A line of text with its vertical centre at y."""
    return Text(group, x, y, text)


class Bar:
    """A 1 px frame with a fill growing from the left, set in permille (0-1000), with optional marks (notches
    every second of a meter)."""

    def __init__(self, group, pal, box):
        x, y, w, h = box
        self.x = x
        self.frame = rect(group, pal, x, y, w, h, _WHITE)
        rect(group, pal, x + 1, y + 1, w - 2, h - 2, BLACK)
        self.inner = w - 2
        self.fill = rect(group, pal, x + 1, y + 1, 1, h - 2, _WHITE)
        self.fill.hidden = True
        self.px = 0
        self.marks = []
        for _ in range(_MAX_MARKS):
            m = rect(group, pal, x, y + h - 3, 1, 2, BLACK)
            m.hidden = True
            self.marks.append(m)
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
        self.n_marks = n
        for i in range(_MAX_MARKS):
            m = self.marks[i]
            if i + 1 < n:
                m.x = self.x + 1 + self.inner * (i + 1) // n
                m.hidden = False
            else:
                m.hidden = True
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
