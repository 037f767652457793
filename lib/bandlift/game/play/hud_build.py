"""The play screen's displayio pieces, built once as a set starts (HudMarks.__init__) and let go right after:
what it is made of stays on the Hud, the code that made it is not needed while the set is played."""

import displayio

from bandlift.compat import const
from bandlift.game import sprites as spr
from bandlift.game.play.meter import Bar  # (the meters stay: that module is let go with the play screen)
from bandlift.game.sprites import BLACK, label, rect

# The sheet's tiles this screen alone shows, declared again under sprites.py's names (a public name there would be
# interned for good; tests/test_game_views.py keeps the two the same)
_TILE = const(16)
_PIP_STAND = const(0)
_PIP_GHOST = const(8)
_IC_CHECK = const(11)


class Places:
    """Where the play screen's pieces go on a Layout's glass (the 128x32 FeatherWing or a 128x64 SSD1306): worked
    out as the screen is built, not kept (the Layout holds what is read after). Boxes are (x, y, w, h) in px.

    The play screen is a stage on the left (Pip, the pacing ghost, the target ledge, the ground) and a panel on
    the right (big digits for the reps, the set's flower; the hold meter and the lowering meter). Everything read
    mid-rep is a 16 px digit, sprite or bar (12 px on 128x64, where each has its label); a lowering too fast turns
    the whole screen over."""

    def __init__(self, lay):
        big = lay.big
        width = lay.width
        self.stage_w = 48 if big else 44
        self.pip_x = 3 if big else 2
        self.ghost_x = 27 if big else 24
        self.ground_y = lay.height - 1
        px = 50 if big else 46  # the panel (setup.py's)
        if big:
            self.hold = (84, 21, width - 84, 12)
            self.hold_label = (px, 27, "HOLD")
            self.lower = (84, 38, width - 84, 12)
            self.lower_label = (px, 44, "LOWER")
            self.info_y = 58  # a line of text under the meters: the stage and its tempo
        else:
            self.hold = (px, 16, 39, 16)  # 16 px: what is read mid-rep is as tall as the digits
            self.hold_label = None
            self.lower = (width - 40, 16, 40, 16)
            self.lower_label = None
            self.info_y = None
        # The grade splash over the panel: three stars, one fault picture, the score (Layout.score_xy) and the combo.
        self.splash_x = self.stage_w
        sx = 48 if big else px
        self.stars_xy = (sx, 4 if big else 0)  # three stars 16 px apart, then the fault (the flower after)
        self.fault_xy = (sx + 48, 4 if big else 0)
        self.splash_combo_xy = (width - 30, 26 if big else 16)


def build(h, sp, lay):
    """The stage (ground, target ledge and zone, Pip and the ghost), the rep digits, the hold and lowering
    meters (game/play/meter.py's Bar), the 128x64 labels, the grade splash and the flower, set on the HUD h as
    h.group (all of it) and the pieces it moves (ledge, zone_l, zone_r, ghost, pip, reps, hold, lower, info, splash,
    stars, fault, splash_combo, flower, score), and the state of what it shows: HudMarks.__init__ and Hud hold no
    code for them."""
    g = displayio.Group()
    pal = sp.pal
    at = Places(lay)
    sw = at.stage_w
    rect(g, pal, 0, 0, lay.width, lay.height, BLACK)  # the background (over the text screen)
    rect(g, pal, 0, at.ground_y, sw - 2, 1)
    # The target zone: a ledge at the target height and a bracket over its tolerance (left edge); the
    # bracket on the right lights up while the leg is in the zone.
    h.ledge = ledge = rect(g, pal, 0, 0, sw - 2, 1)
    h.zone_l = zone_l = rect(g, pal, 0, 0, 2, 1)
    h.zone_r = zone_r = rect(g, pal, sw - 4, 0, 2, 1)
    for r in (ledge, zone_l, zone_r):
        r.hidden = True
    h.ghost = sp.sprite(g, at.ghost_x, lay.y_low, _PIP_GHOST)
    h.pip = sp.sprite(g, at.pip_x, lay.y_low, _PIP_STAND)
    h.reps = sp.number(g, lay.reps_xy[0], lay.reps_xy[1], 5)
    h.hold = Bar(g, pal, at.hold)
    h.lower = Bar(g, pal, at.lower)
    if at.hold_label:
        label(g, at.hold_label[0], at.hold_label[1], at.hold_label[2])
        label(g, at.lower_label[0], at.lower_label[1], at.lower_label[2])
    if at.info_y:  # (128x64; else the class's None)
        # under the reps' digits, 2 px left of the panel: 13 letters end 2 px before the glass's edge
        h.info = label(g, lay.reps_xy[0], at.info_y)
    # the grade splash: a black panel with the stars, one fault (or a check) and the combo (the points: below)
    h.splash = s = displayio.Group()
    rect(s, pal, at.splash_x, 0, lay.width - at.splash_x, lay.height, BLACK)
    x, y = at.stars_xy
    # the three stars side by side: one TileGrid of three tiles (~0.3 kB less than a sprite each)
    h.stars = stars = displayio.TileGrid(sp.sheet, pixel_shader=sp.spal, width=3, height=1, tile_width=_TILE,
                                         tile_height=_TILE, default_tile=spr.IC_STAR_EMPTY, x=x, y=y)
    s.append(stars)
    h.fault = sp.sprite(s, at.fault_xy[0], at.fault_xy[1], _IC_CHECK)
    h.splash_combo = sp.number(s, at.splash_combo_xy[0], at.splash_combo_xy[1], 3)
    s.hidden = True
    g.append(s)
    h.flower = sp.sprite(g, lay.bloom_xy[0], lay.bloom_xy[1], spr.PLANT0 + 1)  # over the splash
    # the set's points so far, over the splash too: on the play screen's top row, and in the splash while it shows
    # (hud_marks.py HudMarks.show_splash moves it)
    h.score = sp.number(g, lay.score_xy[0], lay.score_xy[1], 4)
    h.group = g
    h.sp = sp
    state(h, lay)


def state(h, lay):
    """What the HUD h shows, before anything is shown: each under the name of what it shows (the tally's, the
    targets' and the feel's words: every attribute name is interned for good on the board). A function of its own
    so that no code block is long (compiling from .py, the board asks for each block in one piece)."""
    h.lay = lay
    h._in_zone = False
    h.blooms = 0
    h.bloom = -1  # the growth shown (good reps in a row), -1: none yet
    h._bloom_t0 = -1  # ticks when the bloom came (-1: not sparkling; ticks are never negative)
    h.scale_deg = 60.0  # the angle at the top of the stage
    h.y_low = lay.y_low  # (y_of's two numbers, bound once: Hud.update places Pip and the ghost in line)
    h._travel = lay.y_low - lay.y_high
    h.target_deg = -1.0  # the target the scale was made for (-1: none yet)
    h.tolerance_deg = 0.0
    h.y = lay.y_low
    h._gy = lay.y_low
    h.pose = _PIP_STAND
    h.reps_done = -1
    h.total = -1
    h.points = -1  # the set's running score shown (top row; the grade's splash shows it too)
    h.grade_on = False  # the grade's splash is up (screens.Screens.show_state shows it)
    h.pause_ms = -1
    h.shake_dx = 0
