"""The persistent displayio tree: a text screen, the play HUD, and three overlays, shown with .hidden.

Z order (bottom to top): text screen | HUD, verdict | alert line | error. One tree for the whole run;
screens switch by flipping .hidden, text changes only when the state's text changed.
"""

import displayio

from bandlift.game.hud import Hud
from bandlift.game.state import S_PLAY
from bandlift.game.widgets import BLACK, Lines, label, palette, rect


class Screens:
    def __init__(self, root, layout):
        self.layout = layout
        self.pal = palette()
        w, h = layout.width, layout.height
        self.parent = root  # the display's root group, given by the main loop
        self.root = displayio.Group()
        root.append(self.root)
        # Calibration, level select, summary, records: lines of text.
        self.text_group = displayio.Group()
        self.text = Lines(self.text_group, 0, layout.line_y)
        self.root.append(self.text_group)
        # Play.
        self.hud = Hud(self.pal, layout)
        self.root.append(self.hud.group)
        # Verdict after each rep, over the HUD.
        self.verdict_group = displayio.Group()
        rect(self.verdict_group, self.pal, 0, 0, w, h, BLACK)
        self.verdict = Lines(self.verdict_group, 0, layout.line_y)
        self.root.append(self.verdict_group)
        # Alert line (strap moved, form fading, stage change) over the top line.
        self.alert_group = displayio.Group()
        rect(self.alert_group, self.pal, 0, 0, w, layout.line_y[0] * 2 + 1, BLACK)
        self.alert = label(self.alert_group, 0, layout.line_y[0])
        self._alert_text = ""
        self.root.append(self.alert_group)
        # Hardware error, over everything.
        self.error_group = displayio.Group()
        rect(self.error_group, self.pal, 0, 0, w, h, BLACK)
        self.error = Lines(self.error_group, 0, layout.line_y)
        self.root.append(self.error_group)
        self._hidden = {}
        for g in (self.text_group, self.hud.group, self.verdict_group, self.alert_group, self.error_group):
            g.hidden = True
            self._hidden[id(g)] = True

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
        if self._show(self.text_group, not play):
            ch = True
        if self._show(self.hud.group, play):
            ch = True
        if play:
            on = st.verdict_on
            if on and self.verdict.set_all(st.verdict_lines()):
                ch = True
            if self._show(self.verdict_group, on):
                ch = True
        else:
            if self._show(self.verdict_group, False):
                ch = True
            if self.text.set_all(st.lines()):
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
