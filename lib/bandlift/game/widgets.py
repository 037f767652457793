"""Small displayio pieces reused by every screen: a framed bar and a block of text lines.

Both are built once; updates move or resize existing shapes and change text only when it differs,
so an unchanged frame touches nothing and costs no allocation.
"""

import displayio
import terminalio
import vectorio
from adafruit_display_text import bitmap_label

BLACK = 0
WHITE = 1


def palette():
    p = displayio.Palette(2)
    p[0] = 0x000000
    p[1] = 0xFFFFFF
    return p


def rect(group, pal, x, y, w, h, color=WHITE):
    r = vectorio.Rectangle(pixel_shader=pal, x=x, y=y, width=max(1, w), height=max(1, h), color_index=color)
    group.append(r)
    return r


def label(group, x, y, text=""):
    lb = bitmap_label.Label(terminalio.FONT, text=text, color=0xFFFFFF, save_text=False)
    lb.anchor_point = (0, 0.5)
    lb.anchored_position = (x, y)
    group.append(lb)
    return lb


class Bar:
    """A 1 px frame with a fill growing from the left, set in permille (0-1000)."""

    def __init__(self, group, pal, box):
        x, y, w, h = box
        rect(group, pal, x, y, w, h, WHITE)
        rect(group, pal, x + 1, y + 1, w - 2, h - 2, BLACK)
        self.inner = w - 2
        self.fill = rect(group, pal, x + 1, y + 1, 1, h - 2, WHITE)
        self.fill.hidden = True
        self.px = 0

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
