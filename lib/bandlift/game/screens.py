"""The displayio tree: a text screen, the play screen, the rest screen, and two overlays, switched with .hidden.

Z order (bottom to top): text screen | play (HUD, grade splash) | rest | summary card | alert line | error.
Screens switch by flipping .hidden, text changes only when the state's text changed. The play screen
(game/play/hud.py, and its displayio objects) exists only during a set; the text pages (game/menu/pages.py and
its page_*.py), the rest screen and the card (game/menu/views.py) only outside one: each is imported when its
screen is shown (the views when a set ends) and dropped when it is left, so the two sides never share the heap.
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
        # Play: built when a set starts (open_hud), dropped when it ends. The rest screen and the summary's
        # card (game/menu/views.py) the other way round: they exist only outside a set.
        self.hud = None
        self.before_hud = None  # called once the HUD's module is loaded (bandlift.game.Game loads the feel)
        self.rest = None
        self.card = None
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
        for g in (self.text_group, self.alert_group, self.error_group):
            g.hidden = True
            self._hidden[id(g)] = True
        self._open_views()

    def _open_views(self):
        """The rest screen and the summary's card, under the alert line (game/menu/views.py)."""
        if self.rest is None:
            from bandlift.game.menu.views import CardView, RestView

            self.rest = RestView(self.sp, self.layout)
            self.card = CardView(self.sp, self.layout)
            at = self.root.index(self.alert_group)
            for g in (self.card.group, self.rest.group):
                self.root.insert(at, g)
                g.hidden = True
                self._hidden[id(g)] = True

    def _close_views(self):
        """Drop the rest screen, the card and their module: a set needs neither."""
        if self.rest is not None:
            for g in (self.rest.group, self.card.group):
                self.root.remove(g)
                self._hidden.pop(id(g), None)
            self.rest = None
            self.card = None
            forget("bandlift.game.menu.views")

    def open_hud(self):
        """The play screen, built under the rest screen; the text pages are not needed while it shows."""
        if self.hud is None:
            self._close_views()
            for name in ("pages", "page_select", "page_end", "buttons"):
                forget("bandlift.game.menu." + name)
            _collect()
            from bandlift.game.play.hud import Hud

            if self.before_hud is not None:
                self.before_hud()  # the set's other modules load before the HUD's displayio objects exist
            hud = Hud(self.sp, self.layout)
            self.root.insert(self.root.index(self.alert_group), hud.group)
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
            forget("bandlift.game.play.hud")
            _collect()
        self._open_views()

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
        if not play and self._show(self.rest.group, rest):
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
        if not play and self._show(self.card.group, card):
            ch = True
        if play:
            on = st.grade_on
            if on:
                hud.show_splash(st.set_tally)
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
        if st.level is None:
            return ""
        i = st.set_tally.stage
        return "%s %s" % (st.level.tempo_text(i), st.level.stages[i].name[:7])
