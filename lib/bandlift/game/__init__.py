"""The OLED game: rewards slow lowering and steady pauses.

    game = Game(core, root_group, width, height, levels, store, broken=None)
    game.on_events(ev, now_ms)                 # after each core.feed()
    game.on_button(button, long_press, now_ms) # 0=A select/next, 1=B start/confirm, 2=C back
    game.show_error(text) / game.clear_error()
    game.tick(now_ms) -> bool                  # True when the screen changed (then refresh)

Logic lives in state.py / rules.py / meters.py (pure); this class wires it to the displayio views.
Buttons: A next, B start/confirm, C back; long A switches leg, long C recalibrates.
"""

from bandlift.game.events import EV_REP_DONE, EV_REP_START
from bandlift.game.layout import Layout
from bandlift.game.meters import Meters
from bandlift.game.state import S_PLAY, GameState


class Game:
    def __init__(self, core, root_group, width, height, levels, store, broken=None):
        self.core = core
        self.layout = Layout(width, height)
        self.state = GameState(core, levels, store, broken, lines=self.layout.lines)
        self.meters = Meters()
        from bandlift.game.screens import Screens  # displayio only here: the logic imports without it

        self.screens = Screens(root_group, self.layout)
        self._seen_version = -1
        self._seen_set = 0

    def on_events(self, ev, now_ms):
        if not ev:
            return
        if ev & EV_REP_START:
            self.meters.rep_start()
        self.state.on_events(ev, now_ms)
        if ev & EV_REP_DONE:
            rep = getattr(self.core, "last_rep", None)
            self.meters.rep_done(int(getattr(rep, "faults", 0) or 0))

    def on_button(self, button, long_press, now_ms):
        self.state.on_button(button, long_press, now_ms)

    def show_error(self, text):
        self.state.set_error(text)

    def clear_error(self):
        self.state.set_error("")

    def tick(self, now_ms):
        st = self.state
        st.tick(now_ms)
        if st.set_count != self._seen_set:
            self._seen_set = st.set_count
            self.meters.rep_start()
        changed = False
        if st.version != self._seen_version:
            self._seen_version = st.version
            changed = self.screens.show_state(st)
        if st.screen == S_PLAY:
            core = self.core
            t = st.targets
            self.meters.update(
                now_ms,
                getattr(core, "phase", 0),
                getattr(core, "hold_steady", 0) or 0,
                getattr(core, "lower_ms", 0) or 0,
                getattr(core, "rate", 0.0) or 0.0,
                t.pause_ms,
                t.lower_ms,
                t.drop_dps,
            )
            if not st.verdict_on and self.screens.hud.update(core, st, self.meters, now_ms):
                changed = True
        return changed
