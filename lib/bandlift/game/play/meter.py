"""The play screen's meter bars (Bar: the hold and the lowering), set every tick of a set. A module of its own,
loaded by game/play/hud_build.py as the play screen is made: from .py each of the play screen's modules is
compiled alone, and the free heap a compile needs grows with the whole module. Let go with the play screen.
"""

import displayio

from bandlift.compat import const
from bandlift.game.sprites import BLACK, rect

_WHITE = const(1)  # (sprites.py's)
_MAX_MARKS = const(10)  # second marks a meter can show
_notch_pal = None  # index 0 transparent, 1 black: the meters' notches over their fill (made once a set)


class Bar:
    """A 1 px frame with a fill growing from the left, set in permille (0-1000), with optional marks (notches
    every second of a meter): black pixels of one 2-row Bitmap over the fill (~0.2 kB on the board, where a
    Rectangle per notch was 0.9 kB a meter)."""

    def __init__(self, group, pal, box):
        global _notch_pal
        x, y, w, h = box
        self.x = x
        rect(group, pal, x, y, w, h, _WHITE)  # the frame
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
