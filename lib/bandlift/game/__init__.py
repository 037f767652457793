"""The OLED game: Pip rides your leg up to the ledge, holds still, and floats down slowly under an umbrella.

    game = Game(core, root_group, width, height, levels, store, broken=None, panel=None)
                                               # panel: the OLED (hw.display.Display), for its inverse mode
    game.on_events(ev, now_ms)                 # after each core.feed()
    game.on_button(button, long_press, now_ms) # 0=A select/next, 1=B start/confirm, 2=C back
    game.show_error(text) / game.clear_error()
    game.tick(now_ms) -> bits                  # 1|2: the screen changed (then refresh); 2: Pip's pose changed,
                                               # refresh now (the lowering's grade must not wait); 4: a rep
                                               # is in its pause or lowering: look() with the next samples
    game.look(now_ms) -> bits                  # between ticks in a pause or lowering: the feel alone follows the
                                               # samples; 1: tick now (a grade or the screen changed), 0: not yet

Logic lives in state.py (navigation, events), sets.py (set tallies), menu/pages.py (text), rules.py, play/feel.py
(per-phase feedback, loaded only during a set) and growth.py (streak, garden), all pure; this class wires it
to the displayio views (Layout: where things are on the OLED).
Buttons: A next, B start/confirm, C back; long A switches leg, long C recalibrates.
"""

from bandlift.compat import const
from bandlift.game.state import S_PLAY, GameState
from bandlift.lifetime import release
from bandlift.motion.events import EV_REP_DONE, EV_REP_START, PH_HOLD

_TYPING = const(0)  # imports for the type check: mypy reads the block, the board's compiler drops it
if _TYPING:
    from bandlift.game.screens import Screens
    from bandlift.motion.core import MotionCore


class Layout:
    """Where things are on the OLED (set by bandlift.game.setup, whose code is on the heap only while it runs)."""

    width: int; height: int; big: bool; lines: int; line_y: tuple; y_low: int; y_high: int; reps_xy: tuple
    bloom_xy: tuple; score_xy: tuple

    def __init__(self, width, height):
        from bandlift.game import setup

        setup.layout(self, width, height)


class Game:
    # set by game/setup.py (let go once it ran); declared for the type check: bare annotations compile to nothing
    core: "MotionCore"; screens: "Screens"; state: GameState

    def __init__(self, core, root_group, width, height, levels, store, broken=None, panel=None):
        from bandlift.game import setup
        from bandlift.game.screens import Screens  # displayio only here: the logic imports without it

        setup.game(self, Layout, GameState, Screens, core, root_group, width, height, levels, store, broken, panel)
        release("bandlift.game.setup")  # what made the layout, the state and the tree: not needed again

    def on_events(self, ev, now_ms):
        if not ev:
            return
        st = self.state
        if ev & EV_REP_START and st.screen == S_PLAY:
            self._feel().rep_start(now_ms, True, self.lead_ms())
        reps = st.set_tally.reps_done
        st.lower_fast = self.feel is not None and self.feel.too_fast
        st.on_events(ev, now_ms)
        if ev & EV_REP_DONE and st.screen == S_PLAY and st.set_tally.reps_done != reps:
            b = st.set_tally
            self._feel().rep_done(now_ms, b.v_faults)
            self._log(b)

    def _feel(self):
        if self.feel is None:
            from bandlift.game.play.feel import Feel

            self.feel = Feel()
        return self.feel

    def _set_end(self):
        """A set is over: its feel and its HUD go before game/menu/ending.py loads (the lower peak). The screen
        shows the rest or the summary in the same tick, before the next refresh."""
        self._drop_feel()
        self.screens.close_hud()

    def _drop_feel(self):
        if self.feel is not None:
            self.feel = None
            release("bandlift.game.play.feel", "bandlift.game.play.pace")

    def lead_ms(self):
        """How far into the level's raise a smooth lift is at the leg's height now (the core reports a rep's
        start once the leg is moving): the ghost starts there, level with the leg."""
        t = self.state.targets
        target = t.target_deg if t.target_deg is not None else self.core.target_deg
        angle = self.core.angle
        if not target or angle <= 0:
            return 0
        share = int(angle * 1000 / target)
        from bandlift.game.play.pace import unsmooth

        return unsmooth(share if share < 500 else 500) * t.raise_ms // 1000

    @staticmethod
    def _log(b):
        """The rep's grade and cue to the serial console (the OLED shows them as pictures)."""
        print("grade %d/%d score %d stars %d combo %d points %d%s%s cue: %s" % (
            b.v_index, b.total, b.v_score, b.v_stars, b.combo, b.points,
            " (combo broken)" if b.v_broke else "", " bloom" if b.v_bloom else "", b.v_cue))

    def on_button(self, button, long_press, now_ms):
        self.state.on_button(button, long_press, now_ms)

    def show_error(self, text):
        self.state.set_error(text)

    def clear_error(self):
        self.state.set_error("")

    def look(self, now_ms):
        """What tick() does between the loop's frames during a rep's pause and lowering, at every FIFO read:
        only the feel follows the core (it grades the lowering, on tempo or too fast, at each sample). 1 when the
        picture must be drawn now (Pip's pose or the alarm changed, the rep left its pause and lowering, or
        the state moved): then tick() at once; 0 when the HUD can wait for the next frame."""
        feel = self.feel
        st = self.state
        if feel is None or st.version != self.version or st.screen != S_PLAY:
            return 1
        core = self.core
        self._looked = now_ms
        return feel.update(now_ms, core.phase, core.angle or 0.0, core.hold_steady or 0, st.targets, core.t_mid)

    def tick(self, now_ms):
        st = self.state
        st.tick(now_ms)
        play = st.screen == S_PLAY
        if not play:
            self._drop_feel()
        changed = False
        if st.version != self.version:
            self.version = st.version
            changed = self.screens.show_state(st)  # a set's start: the feel loads, then the HUD (open_hud)
        if st.set_count != self.set_count:
            self.set_count = st.set_count
            if play:
                self._feel().rep_start(now_ms, ghost=False)
        if play:
            # every tick of a set: the core's live values straight from its documented attributes (both cores
            # have them; angle and the like are None before the first sample), no getattr, no chains
            core = self.core
            feel = self.feel
            if feel is None:
                feel = self._feel()
            if self._looked != now_ms:  # (a look() in this pass updated the feel already)
                feel.update(now_ms, core.phase, core.angle or 0.0, core.hold_steady or 0, st.targets, core.t_mid)
            self._looked = -1
            hud = self.screens.hud
            if hud is None:
                hud = self.screens.open_hud()
            r = hud.update(core, st, feel, now_ms)
            if r:
                changed = r
            if feel.phase >= PH_HOLD:
                changed = (changed or 0) | 4  # the pause and the lowering: their grades come now, tick soon
        else:
            rest = self.screens.rest  # None while a set's HUD is up
            if rest is not None and rest.group.hidden is False and rest.tick(st, now_ms):
                changed = True
            card = self.screens.card
            if card is not None and card.tick(now_ms):  # the garden's growth
                changed = True
        return changed

