"""The displayio tree: a text screen, the play screen, the rest screen, and two overlays, switched with .hidden.

Z order (bottom to top): text screen | play (HUD, grade splash) | rest | alert line | error. Screens switch by
flipping .hidden, text changes only when the state's text changed. The play screen (game/hud.py, and its
displayio objects) exists only during a set, and the text pages (game/pages.py and its page_*.py) only
outside one: each is imported when its screen is shown and dropped when it is left, so the two never share
the heap.
"""

import displayio

from bandlift.compat import forget
from bandlift.game import sprites as spr
from bandlift.game.state import S_PLAY, S_REST, S_SELECT, S_SUMMARY
from bandlift.game.widgets import BLACK, Lines, label, rect


def _collect():
    try:
        import gc

        gc.collect()
    except ImportError:
        pass


class RestView:
    """Between sets: a big m:ss countdown, the hourglass (or the strap when the leg changes), the last set's
    stars and the garden, and a few words on what comes next."""

    def __init__(self, sp, lay):
        g = displayio.Group()
        self.group = g
        self.icon = sp.sprite(g, 0, 0, spr.IC_HOURGLASS)
        self.clock = sp.number(g, 19, 0, 4)
        sy = 32 if lay.big else 16  # the last set's stars (and the garden on 128x64)
        self.stars = [sp.sprite(g, 18 * i, sy, spr.IC_STAR_EMPTY) for i in range(3)]
        self.plant = sp.sprite(g, 110, sy, spr.PLANT0) if lay.big else None
        self.text = Lines(g, 62, (5, 16, 27))
        self.more = Lines(g, 0, (58,)) if lay.big else None
        self._secs = -1

    def show(self, st):
        """Everything but the clock (called when the state's version moved); True when changed."""
        lines = st.lines()
        ch = self.text.set_all(lines[:3])
        if self.more is not None and self.more.set_all(lines[3:]):
            ch = True
        tile = spr.IC_STRAP if st.strap and not st.strap_ready else spr.IC_HOURGLASS
        if self.icon[0] != tile:
            self.icon[0] = tile
            ch = True
        b = getattr(st, "last_bout", None)
        n = 0
        if b is not None:
            from bandlift.game import levels as lv
            from bandlift.game import rules

            n = rules.stars_for(b.mean, lv.thresholds(st.level)) if b.reps_done else 0
        for i in range(3):
            t = spr.IC_STAR if i < n else spr.IC_STAR_EMPTY
            if self.stars[i][0] != t:
                self.stars[i][0] = t
                ch = True
        p = spr.PLANT0 + st.growth.stage
        if self.plant is not None and self.plant[0] != p:
            self.plant[0] = p
            ch = True
        return ch

    def tick(self, st, now_ms):
        s = st.rest_left_s(now_ms)
        if s == self._secs:
            return False
        self._secs = s
        return self.clock.clock(s)


class CardView:
    """The summary's first page as pictures: the level's stars and score, the streak (a flame and its number)
    and the garden as it stands now; one word on what happened (a new best, a quit, the garden grew)."""

    def __init__(self, sp, lay):
        g = displayio.Group()
        self.group = g
        self.stars = [sp.sprite(g, 18 * i, 0, spr.IC_STAR_EMPTY) for i in range(3)]
        self.score = sp.number(g, 58, 0, 3)
        self.plant = sp.sprite(g, lay.width - 16, 0, spr.PLANT0)
        sy = 18 if lay.big else 16
        sp.sprite(g, 0, sy, spr.IC_FLAME)
        self.streak = sp.number(g, 18, sy, 3)
        self.word = label(g, 50, sy + 8)

    def show(self, st):
        s = st.summary or {}
        n = s.get("stars", 0)
        for i in range(3):
            self.stars[i][0] = spr.IC_STAR if i < n else spr.IC_STAR_EMPTY
        self.score.show(s.get("score", 0))
        self.streak.show(s.get("streak", 0))
        self.plant[0] = spr.PLANT0 + st.growth.stage
        if s.get("quit"):
            word = "Stopped"
        elif s.get("new_best"):
            word = "NEW BEST!"
        elif s.get("grew"):
            word = "Garden grew"
        else:
            word = "Done"
        self.word.text = word


class Screens:
    def __init__(self, root, layout):
        self.layout = layout
        self.sp = spr.Sprites()
        pal = self.sp.pal
        w, h = layout.width, layout.height
        self.parent = root  # the display's root group, given by the main loop
        self.root = displayio.Group()
        root.append(self.root)
        # Calibration, level select, summary, records: lines of text.
        self.text_group = displayio.Group()
        self.text = Lines(self.text_group, 0, layout.line_y)
        self.root.append(self.text_group)
        # The garden in the menu's corner (128x64: the menu's lines there are short enough).
        self.garden = self.sp.sprite(self.root, w - 16, h - 16, spr.PLANT0) if layout.big else None
        if self.garden is not None:
            self.garden.hidden = True
        # Play: built when a set starts (open_hud), dropped when it ends.
        self.hud = None
        # Rest between sets.
        self.rest = RestView(self.sp, layout)
        self.root.append(self.rest.group)
        # The summary's first page.
        self.card = CardView(self.sp, layout)
        self.root.append(self.card.group)
        # Alert line (strap moved, form fading, stage change) over the top line.
        self.alert_group = displayio.Group()
        rect(self.alert_group, pal, 0, 0, w, 17, BLACK)  # covers the 16 px digits under it
        self.alert = label(self.alert_group, 0, 7)
        self._alert_text = ""
        self.root.append(self.alert_group)
        # Hardware error, over everything.
        self.error_group = displayio.Group()
        rect(self.error_group, pal, 0, 0, w, h, BLACK)
        self.error = Lines(self.error_group, 0, layout.line_y)
        self.root.append(self.error_group)
        self._hidden = {}
        for g in (self.text_group, self.rest.group, self.card.group, self.alert_group, self.error_group):
            g.hidden = True
            self._hidden[id(g)] = True

    def open_hud(self):
        """The play screen, built under the rest screen; the text pages are not needed while it shows."""
        if self.hud is None:
            for name in ("pages", "page_select", "page_end"):
                forget("bandlift.game." + name)
            _collect()
            from bandlift.game.hud import Hud

            hud = Hud(self.sp, self.layout)
            self.root.insert(self.root.index(self.rest.group), hud.group)
            for g in (hud.group, hud.splash):
                g.hidden = True
                self._hidden[id(g)] = True
            self.hud = hud
        return self.hud

    def close_hud(self):
        """Drop the play screen and its module (the HUD's code and displayio objects give their RAM back)."""
        hud = self.hud
        if hud is not None:
            self.hud = None
            self.root.remove(hud.group)
            self._hidden.pop(id(hud.group), None)
            self._hidden.pop(id(hud.splash), None)
            del hud
            forget("bandlift.game.hud")
            _collect()

    def _show(self, group, on):
        hide = not on
        if self._hidden[id(group)] != hide:
            self._hidden[id(group)] = hide
            group.hidden = hide
            return True
        return False

    def show_state(self, st):
        """Bring the tree in line with the game state (called when st.version moved)."""
        ch = False
        play = st.screen == S_PLAY
        rest = st.screen == S_REST
        if play:
            hud = self.open_hud()
        else:
            self.close_hud()
        if self._show(self.text_group, not play and not rest):
            ch = True
        if play and self._show(hud.group, True):
            ch = True
        if self._show(self.rest.group, rest):
            ch = True
        if self.garden is not None:
            on = st.screen == S_SELECT and st.page == 0
            tile = spr.PLANT0 + st.growth.stage
            if on and self.garden[0] != tile:
                self.garden[0] = tile
                ch = True
            if self.garden.hidden == on:
                self.garden.hidden = not on
                ch = True
        card = st.screen == S_SUMMARY and st.page == 0
        if card:
            self.card.show(st)
            ch = True
        if self._show(self.card.group, card):
            ch = True
        if play:
            on = st.verdict_on
            if on:
                hud.show_splash(st.bout)
                ch = True
            if self._show(hud.splash, on):
                ch = True
            if hud.set_info(self._info(st)):
                ch = True
        else:
            if self.sp.invert(False):
                ch = True
            if rest:
                if self.rest.show(st):
                    ch = True
            elif self.text.set_all(st.lines()):
                ch = True
        if st.alert != self._alert_text:
            self._alert_text = st.alert
            self.alert.text = st.alert
            ch = True
        if self._show(self.alert_group, bool(st.alert)):
            ch = True
        if st.error and self.error.set_all(st.error_lines()):
            ch = True
        if self._show(self.error_group, bool(st.error)):
            ch = True
        return ch

    @staticmethod
    def _info(st):
        from bandlift.game import levels as lv

        if st.level is None:
            return ""
        name = lv.stage_name(st.level, st.bout.stage)
        return "%s %s" % (lv.tempo_text(st.level, st.bout.stage), name[:7])
