"""The displayio tree: a text screen, the play screen, the rest screen, and two overlays, switched with .hidden.

Z order (bottom to top): text screen | play (HUD, grade splash) | rest | summary card | alert line | error.
Screens switch by flipping .hidden, text changes only when the state's text changed. The play screen
(game/play/hud.py, and its displayio objects) exists only during a set; the text pages (game/menu/pages.py and
its page_*.py) only outside one; the rest screen and the card (game/menu/views.py) only while each shows. Each
is imported when its screen comes and dropped when it goes (bandlift.lifetime), so the sides never share the heap.
"""

import displayio

from bandlift.compat import const
from bandlift.game import sprites as spr
from bandlift.game.state import S_PLAY, S_REST, S_SELECT, S_SUMMARY
from bandlift.game.sprites import BLACK, Lines, rect
from bandlift.lifetime import release

_TYPING = const(0)  # imports for the type check: mypy reads the block, the board's compiler drops it
if _TYPING:
    from typing import Any

    from bandlift.game import Layout
    from bandlift.game.menu.views import CardView, RestView
    from bandlift.hw.display import Text

_MENU = const("bandlift.game.menu")  # the package and its modules (bandlift.lifetime's menu side)
_PLAY = const("bandlift.game.play")  # (and its play side)
# Its views' module and its text pages' (page*.py): whole names, as strings longer than 10 characters are not
# interned (a suffix such as ".views" would be a name of its own, kept for good)
_VIEWS = const("bandlift.game.menu.views")
_PAGES = const("bandlift.game.menu.page")


class Screens:
    # set by game/setup.py (let go once it ran); declared for the type check: bare annotations compile to nothing
    root: displayio.Group; text_group: displayio.Group; alert_group: displayio.Group; _hidden: dict
    layout: "Layout"; sp: spr.Sprites; garden: displayio.TileGrid; alert: "Text"; before_hud: "Any"
    rest: "RestView"; card: "CardView"

    def __init__(self, root, layout, panel=None):
        from bandlift.game import setup  # (the tree's first pieces: code needed once, let go by the Game)

        setup.screens(self, root, layout, panel, spr)

    def _fit_views(self, rest, card):
        """The rest screen and the summary's card exist only while shown (game/menu/views.py fit: made when their
        screen comes, dropped with their module once neither is up): True when one came or went. Nothing loads
        while neither is up nor wanted (a set's start and the select screen)."""
        if not (rest or card or self.rest is not None or self.card is not None):
            return False
        from bandlift.game.menu import views

        return views.fit(self, rest, card)

    def close_menu(self):
        """A level is about to start (game/sets.py start_level): the rest screen, the summary's card and the
        menu's text modules go before its Level is made. The menu's code that is running (the buttons) and the
        lines on the glass stay: the play screen lets them go (open_hud); a level that does not start (out of
        memory) shows its menu again from the state."""
        self._fit_views(False, False)
        release(_PAGES, _VIEWS)

    def open_hud(self):
        """The play screen, built under the rest screen; the text pages and their lines are not needed while it
        shows."""
        if self.hud is None:
            self._fit_views(False, False)
            tg = self.text_group
            while len(tg):
                tg.pop()
            self.text = None
            release(_MENU)
            # The order that needs the least room: from .py the feel's compile (the larger) comes first, while
            # the heap is emptiest; from .mpy (nothing compiled) the HUD's displayio objects, which live the
            # whole set, are made first, low in the heap, and the feel's code goes into the room hud_build left
            late = __file__.endswith("mpy")
            if not late and self.before_hud is not None:
                self.before_hud()
            from bandlift.game.play.hud import Hud

            hud = Hud(self.sp, self.layout)
            if late and self.before_hud is not None:
                self.before_hud()
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
            release(_PLAY)  # the package too (its module object), once the feel has gone (Game._set_end)
            # the text screen's lines come back when a text page shows (show_state), not here: a set's end
            # loads the store's code and game/menu/ending.py first, into the room the play screen left

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
        card = st.screen == S_SUMMARY and st.page == 0
        if play:
            hud = self.open_hud()
        else:
            self.close_hud()
            if self._fit_views(rest, card):
                ch = True
        if self._show(self.text_group, not play and not rest):
            ch = True
        if play and self._show(hud.group, True):
            ch = True
        if self.garden is not None:
            on = st.screen == S_SELECT and st.page == 0
            if on:  # (the garden is not read during a set: bandlift.game.state.park_growth)
                tile = spr.PLANT0 + st.growth.stage
                if self.garden[0] != tile:
                    self.garden[0] = tile
                    ch = True
            if self.garden.hidden == on:
                self.garden.hidden = not on
                ch = True
        if card:
            self.card.show(st)
            ch = True
        if play:
            on = st.grade_on
            if on:
                hud.show_splash(st.set_tally)
                ch = True
            if self._show(hud.splash, on):
                ch = True
            if hud.set_info(st):
                ch = True
        else:
            self.sp.invert(False)
            if rest:
                if self.rest.show(st):
                    ch = True
            else:
                # the page's lines first, then the lines' displayio objects: the page's text module loads its
                # code (chunks of up to ~300 B) into the room the card or the play screen left, before the small
                # objects fill it (made first, they left only splinters: a summary page after a level's card ran
                # out of memory with 2 kB free, and the whole session needed 1.7 kB more heap)
                lines = st.lines()
                text = self.text
                if text is None:
                    text = self.text = Lines(self.text_group, 0, self.layout.line_y)
                if text.set_all(lines):
                    ch = True
        if st.alert != self._alert_text:
            self._alert_text = st.alert
            self.alert.text = st.alert
            ch = True
        if self._show(self.alert_group, bool(st.alert)):
            ch = True
        if self._fit_error(bool(st.error)):
            ch = True
        if st.error and self.error.set_all(st.error_lines()):
            ch = True
        return ch

    def _fit_error(self, on):
        """The error overlay exists only while an error shows. True when it came or went."""
        if on == (self.error_group is not None):
            return False
        if on:
            g = displayio.Group()
            rect(g, self.sp.pal, 0, 0, self.layout.width, self.layout.height, BLACK)
            self.error = Lines(g, 0, self.layout.line_y)
            self.root.append(g)
            self.error_group = g
        else:
            self.root.remove(self.error_group)
            self.error_group = None
            self.error = None
        return True
