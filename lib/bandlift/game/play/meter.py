"""The play screen's meter bars (Bar: the hold and the lowering), set every tick of a set, and its grade splash
(show_splash, after each rep and when the grade goes: HudMarks.show_splash's). A module of its own,
loaded by game/play/hud_build.py as the play screen is made: from .py each of the play screen's modules is
compiled alone, and the free heap a compile needs grows with the whole module. Let go with the play screen.
"""

import displayio

from bandlift import faults
from bandlift.compat import const
from bandlift.game.sprites import BLACK, IC_STAR, IC_STAR_EMPTY, rect

_WHITE = const(1)  # (sprites.py's)
# The sheet's tiles the grade splash shows, declared again under sprites.py's names (a public name there would be
# interned for good; tests/test_game_views.py keeps the two the same)
_IC_CHECK = const(11)
_IC_FAULT0 = const(12)
_D_X = const(11)
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


def show_splash(self, st, on=True):
    """HudMarks.show_splash (self: the Hud). The grade of the rep just done (a sets.SetTally) as a picture: stars, one fault (or a check), the
    set's points so far (the running score) and the combo (x0 when this rep broke it). on False: the grade
    has gone and the running score goes back to the play screen's top row, right-aligned before the flower
    (one row of digit tiles for both places: no piece more for the set), in every set: beside "3/8" up to 3
    digits, and where "10/12" or 4 digits would run together the reps show their count alone (Hud.update)."""
    sc = self.score
    tg = sc.tg
    lay = self.lay
    pts = st.points if st.points < 10000 else 9999
    if not on:
        tg.x = lay.bloom_xy[0] - 40
        tg.y = 0
        sc.show(pts, right=True)
        return
    for i in range(3):
        tile = IC_STAR if i < st.v_stars else IC_STAR_EMPTY
        if self.stars[i] != tile:
            self.stars[i] = tile
    f = _top_fault(st.v_faults)
    self.fault[0] = _IC_CHECK if f == 0 else _IC_FAULT0 + faults.index(f)
    tg.x, tg.y = lay.score_xy
    sc.show(pts)
    self.splash_combo.show(st.combo if st.combo < 100 else 99, prefix=_D_X, right=True)  # x0: broken


def _top_fault(fault_mask):
    """The fault whose cue helps most (faults.PRIORITY order), 0 for a clean rep."""
    for bit in faults.PRIORITY:
        if fault_mask & bit:
            return bit
    return 0
