"""The screens outside a set that are pictures: the rest between sets and the summary's first page (the card).
bandlift.game.screens builds each while its screen shows and drops it after (and this module with the last).
"""

import displayio

from bandlift.compat import const, ticks_diff
from bandlift.game.growth import stage_of
from bandlift.game import sprites as spr
from bandlift.game.sprites import Lines, label

# The sheet's tiles only these views show, declared again under sprites.py's names (tests/test_game_views.py keeps
# the two the same)
_IC_FLAME = const(19)
_IC_HOURGLASS = const(20)
_IC_STRAP = const(21)


def fit(scr, rest, card):
    """The rest screen and the summary's card on the game.screens.Screens `scr` as asked: each made (under the
    alert line, shown) when its screen comes and dropped when it goes, this module with the last of them. True
    when one came or went."""
    ch = False
    if rest and scr.rest is None:
        scr.rest = _place(scr, RestView(scr.sp, scr.layout))
        ch = True
    if card and scr.card is None:
        scr.card = _place(scr, CardView(scr.sp, scr.layout))
        ch = True
    if not rest and scr.rest is not None:
        scr.rest = _unplace(scr, scr.rest)
        ch = True
    if not card and scr.card is not None:
        scr.card = _unplace(scr, scr.card)
        ch = True
    if ch and scr.rest is None and scr.card is None:
        from bandlift.lifetime import release

        release("bandlift.game.menu.views")
    return ch


def _place(scr, view):
    """A view's group under the alert line, shown."""
    g = view.group
    scr.root.insert(scr.root.index(scr.alert_group), g)
    scr._hidden[id(g)] = False
    return view


def _unplace(scr, view):
    scr.root.remove(view.group)
    scr._hidden.pop(id(view.group), None)
    return None


class RestView:
    """Between sets: a big m:ss countdown, the hourglass (or the strap when the leg changes), the last set's
    stars and the garden, and a few words on what comes next."""

    def __init__(self, sp, lay):
        g = displayio.Group()
        self.group = g
        self.sprite = sp.sprite(g, 0, 0, _IC_HOURGLASS)  # the hourglass, or the strap to move
        self.clock = sp.number(g, 19, 0, 4)
        sy = 32 if lay.big else 16  # the last set's stars (and the garden on 128x64)
        self.stars = [sp.sprite(g, 18 * i, sy, spr.IC_STAR_EMPTY) for i in range(3)]
        self.garden = sp.sprite(g, 110, sy, spr.PLANT0) if lay.big else None
        self.text = Lines(g, 60, (5, 16, 27))  # (x 60: an 11th letter ends at 126, a 12th shows cut)
        self.more = Lines(g, 0, (58,)) if lay.big else None
        self.seconds = -1

    def show(self, st):
        """Everything but the clock (called when the state's version moved); True when changed."""
        lines = st.lines()
        ch = self.text.set_all(lines[:3])
        if self.more is not None and self.more.set_all(lines[3:]):
            ch = True
        tile = _IC_STRAP if st.strap and not st.strap_ready else _IC_HOURGLASS
        if self.sprite[0] != tile:
            self.sprite[0] = tile
            ch = True
        b = st.last_set
        n = 0
        if b is not None:
            from bandlift.game import rules

            n = rules.stars_for(b.mean, st.level.stars) if b.reps_done else 0
        for i in range(3):
            t = spr.IC_STAR if i < n else spr.IC_STAR_EMPTY
            if self.stars[i][0] != t:
                self.stars[i][0] = t
                ch = True
        p = spr.PLANT0 + st.growth.stage
        if self.garden is not None and self.garden[0] != p:
            self.garden[0] = p
            ch = True
        return ch

    def tick(self, st, now_ms):
        s = st.rest_left_s(now_ms)
        if s == self.seconds:
            return False
        self.seconds = s
        return clock(self.clock, s)


_D_BLANK = const(14)  # (sprites.py's DIGITS tiles)
_D_COLON = const(12)


def clock(num, seconds):
    """m:ss right-aligned in a sprites.Number (the rest's countdown: here, not on the Number, whose code stays
    through a set); True when it changed."""
    num._ch = False
    if seconds < 0:
        seconds = 0
    n = num.n
    first = num._digits(seconds // 60, n - 3)
    for i in range(first):
        num._put(i, _D_BLANK)
    num._put(n - 3, _D_COLON)
    num._put(n - 2, (seconds % 60) // 10)
    num._put(n - 1, seconds % 10)
    return num._ch


_GROW_MS = const(3200)  # the garden's growth plays this long when the card comes
_STEP_MS = const(400)  # ... a beat of it


class CardView:
    """The summary's first page as pictures: the level's stars and score, the streak (a flame and its number)
    and the garden as it stands now, twice its size (32 x 32 px: the whole height of the 128x32 glass); one word
    on what happened (a new best, a quit, the garden grew). A set that grew the garden plays the growth: the
    plant springs between its last stage and the new one (or, between stages, jumps) for _GROW_MS."""

    def __init__(self, sp, lay):
        g = displayio.Group()
        self.group = g
        self.stars = [sp.sprite(g, 18 * i, 0, spr.IC_STAR_EMPTY) for i in range(3)]
        self.score = sp.number(g, 58, 0, 3)
        # the garden: its sprite at twice its size in a group of its own (garden[0]), which jumps from y 0
        self.garden = displayio.Group(x=lay.width - 32, y=0, scale=2)
        sp.sprite(self.garden, 0, 0, spr.PLANT0)
        g.append(self.garden)
        sy = 18 if lay.big else 16
        sp.sprite(g, 0, sy, _IC_FLAME)
        self.streak = sp.number(g, 18, sy, 3)
        self.word = label(g, 48, sy + 8)  # 8 characters up to the garden
        self.tiles = (0, 0)  # the plant's two pictures while it grows (old, new), or equal
        self.t0 = None  # the growth's start (the first tick after show)

    def show(self, st):
        s = st.summary or {}
        n = s.get("stars", 0)
        for i in range(3):
            self.stars[i][0] = spr.IC_STAR if i < n else spr.IC_STAR_EMPTY
        self.score.show(s.get("score", 0))
        self.streak.show(s.get("streak", 0))
        now = spr.PLANT0 + st.growth.stage
        self.garden[0][0] = now  # type: ignore[index]  # the pot's item: the garden's sprite
        if s.get("grew"):
            self.tiles = (spr.PLANT0 + stage_of(st.growth.good_sets - s["grew"]), now)
            self.t0 = None
        if s.get("quit"):
            word = "Stopped"
        elif s.get("new_best"):
            word = "NEW BEST"
        elif s.get("grew"):
            word = "Grew!"
        else:
            word = "Done"
        self.word.text = word

    def tick(self, now_ms):
        """The growth's next beat; True when the picture changed."""
        old, new = self.tiles
        if new == 0:
            return False
        if self.t0 is None:
            self.t0 = now_ms
        t = ticks_diff(now_ms, self.t0)
        beat = t // _STEP_MS & 1 if t < _GROW_MS else 1  # 0: the spring's first half
        tile = old if beat == 0 and old != new else new
        y = -2 if beat == 0 and old == new else 0  # between stages: the plant jumps
        if t >= _GROW_MS:
            self.tiles = (0, 0)
        pot = self.garden
        if pot[0][0] == tile and pot.y == y:  # type: ignore[index]
            return False
        pot[0][0] = tile  # type: ignore[index]
        pot.y = y
        return True
