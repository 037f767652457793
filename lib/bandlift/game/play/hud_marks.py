"""What the play screen (game/play/hud.py) changes now and then, not every tick: the stage's scale and the target
zone for a new target, the 128x64 stage line, the grade splash after each rep and the set's flower. HudMarks is
Hud's base class: a module of its own, compiled from .py after the HUD's, so a set's start needs less free heap at
once (the meter bars are game/play/meter.py's, for the same reason); all go when the set ends.
"""

from bandlift.compat import const, ticks_diff
from bandlift.game import rules
from bandlift.lifetime import release

# The sheet's tiles shown here, declared again under sprites.py's names (a public name there would be interned for
# good; tests/test_game_views.py keeps the two the same)
_TYPING = const(0)  # imports for the type check: mypy reads the block, the board's compiler drops it
if _TYPING:
    import displayio
    import vectorio

    from bandlift.game import Layout
    from bandlift.game.play.meter import Bar
    from bandlift.game.sprites import Number, Sprites
    from bandlift.hw.display import Text

_MIN_SCALE_DEG = const(30)  # the stage shows at least 0-30 deg
_TOP_SHARE = const(100)  # % of the stage's height where the top of the target zone sits (Pip's head at the top)
_BLOOM_MS = const(2400)  # the bloom sparkles this long after the rep that made it (a HUD lives for one set)
_GROW_MS = const(800)  # a stage grown flickers in this long (new, old, new, old: 4 x _SPARKLE_MS)
_SPARKLE_MS = const(200)  # ... changing picture this often
_PLANT1 = const(24)  # the sprout (sprites.py's PLANT0 + 1)
_PIP_GHOST = const(8)  # (sprites.py's)


class HudMarks:
    """The target zone, the stage line and the grade splash of a Hud, and the pieces it is made of."""

    # set by game/play/hud_build.py (let go once it ran); declared for the type check: bare annotations compile
    # to nothing
    lay: "Layout"; sp: "Sprites"; group: "displayio.Group"; splash: "displayio.Group"
    pip: "displayio.TileGrid"; ghost: "displayio.TileGrid"; flower: "displayio.TileGrid"; reps: "Number"
    ledge: "vectorio.Rectangle"; zone_l: "vectorio.Rectangle"; zone_r: "vectorio.Rectangle"; hold: "Bar"
    lower: "Bar"; y_low: int; _travel: int; _in_zone: bool
    # the 128x64 stage line (a Text) and the text it shows: on 128x32 none, read from here, so a Hud there keeps
    # 36 attributes, not 38 (its table 37 entries, 296 B, where a set starts: not 47)
    info = None
    _info = ""

    def __init__(self, sp, lay):
        # the displayio pieces and what is shown, set by a module let go right after: its code is not needed
        # while the set is played, and its compile from .py comes after this one's and the HUD's (smaller peaks
        # at a set's start)
        from bandlift.game.play import hud_build

        hud_build.build(self, sp, lay)
        hud_build = None
        release("bandlift.game.play.hud_build")

    def _rescale(self, target, tolerance_deg):
        """Stage scale and the zone for a new target angle (deg); None hides the zone."""
        self.target_deg = -1.0 if target is None else target
        self.tolerance_deg = tolerance_deg
        if target is None:
            self.scale_deg = 60.0
            for r in (self.ledge, self.zone_l, self.zone_r):
                r.hidden = True
            return
        top = (target + tolerance_deg) * 100 / _TOP_SHARE
        self.scale_deg = top if top > _MIN_SCALE_DEG else _MIN_SCALE_DEG
        hi = self.y_of(target + tolerance_deg) + 15  # the feet's row at the top and the bottom of the zone
        lo = self.y_of(target - tolerance_deg) + 15
        self.ledge.y = self.y_of(target) + 16
        self.ledge.hidden = False
        for r in (self.zone_l, self.zone_r):
            r.y = hi
            r.height = lo - hi + 2
        self.zone_l.hidden = False
        self.zone_r.hidden = not self._in_zone

    def y_of(self, deg):
        """Sprite y for a leg angle: y_low at 0 deg, y_high at scale_deg."""
        lay = self.lay
        travel = lay.y_low - lay.y_high
        p = int(deg * travel / self.scale_deg)
        if p < 0:
            p = 0
        elif p > travel:
            p = travel
        return lay.y_low - p

    def set_info(self, st):
        """The stage line of 128x64 (between reps), 13 letters of 6 px from the reps' digits to the glass's edge:
        the stage's tempo, then the reps out of the set's total where the top row shows the count alone (10 reps or
        more, or 4 digits of points: Hud.update's rule), else the stage's name in as many whole words as fit (st: the
        game state). True when changed; on 128x32 (no line)
        nothing is worked out."""
        if self.info is None:
            return False
        text = ""
        if st.level is not None:
            b = st.set_tally
            i = b.stage
            text = st.level.tempo_text(i)
            lay = self.lay
            room = (lay.width - lay.reps_xy[0]) // 6 - 1 - len(text)
            s = "%d/%d" % (b.reps_done, b.total) if b.total >= 10 or b.points >= 1000 else st.level.stages[i].name
            if len(s) > room:
                room = s.rfind(" ", 0, room + 1)  # (a word cut at the edge reads as another word: "Lower 4" as "Lower")
                s = s[:room] if room > 0 else ""
            if s:
                text += " " + s
        if text == self._info:
            return False
        self._info = text
        self.info.text = text
        return True

    def show_splash(self, st, on=True):
        """The grade of the rep just done (a sets.SetTally) on the splash, or with on False the running score back
        on the top row: game/play/meter.py's show_splash (compiled after this module, with the meter bars)."""
        from bandlift.game.play import meter

        meter.show_splash(self, st, on)

    def _flower(self, b, now_ms):
        """The flower's picture: its stage of growth, the new stage flickering in over the old one for _GROW_MS
        after a rep grew it, or the bloom sparkling after the rep that made it, and then on the stage too: the
        ghost, back on the ground, is the sparkling fruit tree beside Pip until the bloom is over or the next rep
        lifts it. True when a picture changed. A tick with neither a new rep nor an animation costs two
        comparisons."""
        k = b.bloom
        t0 = self._bloom_t0
        if b.blooms != self.blooms:
            self.blooms = b.blooms
            t0 = now_ms
        elif k != self.bloom:
            t0 = now_ms if k > self.bloom >= 0 else -1  # grown: the new stage flickers in
        elif t0 < 0:
            return False
        self.bloom = k
        n = rules.bloom_size(b.total)
        tile = _PLANT1 + k * 6 // n  # a sprout, growing
        ghost = _PIP_GHOST
        if t0 >= 0:
            t = ticks_diff(now_ms, t0)
            if k == 0 and t < _BLOOM_MS:
                tile = _PLANT1 + 6 - (t // _SPARKLE_MS & 1)  # the fruit tree, flickering with the tree
                if self.ghost.y == self.y_low:
                    ghost = tile
            elif k > 0 and t < _GROW_MS:
                if t // _SPARKLE_MS & 1:
                    tile = _PLANT1 + (k - 1) * 6 // n  # the stage it grew from
            else:
                t0 = -1
        self._bloom_t0 = t0
        changed = False
        p = self.ghost
        if p[0] != ghost:
            p[0] = ghost
            changed = True
        p = self.flower
        if p[0] != tile:
            p[0] = tile
            changed = True
        return changed
