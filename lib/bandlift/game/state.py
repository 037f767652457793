"""The game's navigation: screens, buttons and the motion core's events, as one explicit state machine.

Time comes in as integer ms ticks; the motion core (the real one or bandlift.motion.standin's) and the progress store are injected, so the whole
game runs in tests with doubles. `version` goes up on every change the views show. The tallies of the set
being played live in sets.SetTally / sets.Run, the text of the pages in menu/pages.py, the streak and the garden in
growth.py.

A level is a plan of sets (one set on one leg each, Level.leg_plan). Between sets comes S_REST: a big
countdown of the level's rest_ms when a new set follows, and when the next set is on the other leg, the
screen to move the strap: the core is told the new side at once (core.new_set); its strap watch sees the strap
moved (EV_SLIPPED, counted from the set's last rep: a hand may be at it before the rest screen shows) and it
re-learns the rest pose (EV_CALIBRATED); B says "moved" on a core that cannot tell. The next set starts on its
own when the rest is over and the core knows the strap.
"""

from bandlift import faults
from bandlift.compat import const, ticks_add, ticks_diff
from bandlift.game import rules
from bandlift.game import sets
from bandlift.game.sets import (  # noqa: F401 (re-exported: the screens, buttons and page time are read from here)
    BTN_A, BTN_B, BTN_C, PAGE_MS, S_CALIB, S_PLAY, S_RECORDS, S_REST, S_SELECT, S_SUMMARY, SetTally,
)
from bandlift.motion.events import EV_CALIBRATED, EV_FATIGUE, EV_GAP, EV_PARTIAL, EV_REP_DONE, EV_REP_START, EV_SLIPPED

_TYPING = const(0)  # imports for the type check: mypy reads the block, the board's compiler drops it
if _TYPING:
    from typing import Any

    from bandlift.levels.model import Level
    from bandlift.motion.core import MotionCore

_GRADE_MS = const(1200)  # the rep's grade splash (the next rep's start hides it sooner)
_ALERT_MS = const(2000)  # short alerts (stage change, gap)
_END_MS = const(2500)  # after the last rep: the grade, then the set closes

# One 21-character line per kind of strap change (core.slip_kind, interface 2 of the contracts).
_SLIP_ALERTS = const(("Strap moved: be still", "Strap moved: be still", "Strap turned: still",
                      "Board flipped: still", "Other leg? Be still"))


class GameState:
    # set by game/setup.py and game/menu/begin.py (let go once they ran); declared for the type check: bare
    # annotations compile to nothing
    core: "MotionCore"; levels: list; lines_per_page: int; version: int; on_set_end: "Any"
    level: "Level"; set_tally: sets.SetTally; ask_leg: bool; strap: bool; lower_fast: bool
    rest_t0: int; rest_until: int; set_count: int

    def __init__(self, core, levels, store, broken=None, lines=3):
        from bandlift.game import setup  # (its first values: code needed once, let go by the Game)

        setup.state(self, core, levels, store, broken, lines)

    @property
    def store(self):
        """The progress store's view (bandlift.game.store.StoreView); after park_store() made again from what it
        kept, its module loaded again (the first read or write after a set)."""
        s = self._store
        if s is None:
            from bandlift.game.store import StoreView

            s = self._store = StoreView(None, self._kept)
            self._kept = None
        return s

    def park_store(self):
        """A set is on: the records are not read until it ends, so the store's code and its view's
        (bandlift.progress, bandlift.game.store: ~4 kB) go; what they keep stays here."""
        s = self._store
        if s is None:
            return
        kept = s.park()
        if kept is None:  # a store on a drive in RAM stays, and its view with it
            return
        self._kept = kept
        self._store = s = None
        from bandlift.lifetime import release

        release("bandlift.game.store")

    @property
    def growth(self):
        """The streak and garden (bandlift.game.growth.Growth); after park_growth() made again from its state,
        its module loaded again (the first use after a set)."""
        g = self._growth
        if g is None:
            from bandlift.game.growth import Growth

            g = self._growth = Growth(self.growth_data, resume=True)
            self.growth_data = None
        return g

    def park_growth(self):
        """A set is on: the garden is not read until it ends (its idle clock stands still in a set), so
        bandlift.game.growth goes (~1.7 kB of the heap the set's start needs); its state stays here."""
        g = self._growth
        if g is None:
            return
        self.growth_data = g.d
        self._growth = g = None
        from bandlift.lifetime import release

        release("bandlift.game.growth")

    # ----- what the views read (the set's counts: set_tally's reps_done, total, combo)
    def rest_left_s(self, now_ms):
        """Whole seconds of rest left (rounded up)."""
        d = ticks_diff(self.rest_until, now_ms)
        return (d + 999) // 1000 if d > 0 else 0

    def _changed(self):
        self.version += 1

    def total_stars(self):
        if self._store is None:  # the records as the store kept them: a level's start loads no code for a sum
            return rules.total_stars(self._kept[1]["data"]["levels"])
        return self.store.total_stars()

    def show_alert(self, text, now_ms, ms=_ALERT_MS, sticky=False):
        if self.grade_on and not sticky:
            self.pending = text  # the grade splash goes first: nothing is drawn over it
            return
        if text != self.alert or sticky != self.alert_sticky:
            self.alert = text
            self.alert_sticky = sticky
            self._changed()
        self.alert_until = ticks_add(now_ms, ms)

    def clear_alert(self):
        self.pending = ""
        if self.alert:
            self.alert = ""
            self.alert_sticky = False
            self._changed()

    def set_error(self, text):
        text = str(text) if text else ""
        if text != self.error:
            self.error = text
            self._changed()

    # ----- events from the motion core
    def on_events(self, ev, now_ms):
        if not ev:
            return
        scr = self.screen
        if ev & EV_SLIPPED:
            # (after a set's last rep the hand may be at the strap already, before the rest screen asks for it)
            if self.ending or scr == S_REST:
                self.strap_moved = True
            if scr == S_REST and self.strap:
                self._changed()
            else:
                kind = self.core.slip_kind
                self.show_alert(_SLIP_ALERTS[kind if 0 <= kind < len(_SLIP_ALERTS) else 0], now_ms, sticky=True)
        if ev & EV_CALIBRATED:
            if self.alert_sticky:
                self.clear_alert()
            if scr == S_CALIB:
                self.screen = self.back_screen
                self._changed()
            elif scr == S_REST and self.strap and not self.strap_ready and self.strap_moved:
                # the core knows the pose again after it saw the strap move (or after B said so)
                self.strap_ready = True
                self._changed()
        if ev & EV_GAP:
            self.show_alert("Sensor gap", now_ms)
        if ev & EV_REP_DONE and scr == S_REST and self.strap and self.strap_moved and ticks_diff(
                now_ms, self.rest_until) >= 0:
            # the strap seen moved (at this lift or before it) and the rest over: a rep the core counts is a lift
            # on the new leg, the set's first (waiting for the still moment that makes the strap ready, it was lost)
            self.strap_ready = True
            sets.start_set(self, now_ms)
            scr = S_PLAY
        if ev & EV_REP_DONE and scr != S_PLAY and not (scr == S_REST and self.strap and not self.strap_ready):
            # a rep outside a set is not counted: say so instead of ignoring it (not while the strap is being
            # moved: the hand's turns are no rep to talk about)
            self.show_alert("Resting: not counted" if scr == S_REST else "Not counted: B starts", now_ms)
        if scr != S_PLAY or self.ending:
            return
        if ev & EV_REP_START and self.grade_on:
            self._grade_off()
        if ev & EV_REP_DONE:
            self._rep_done(now_ms)
        if ev & EV_PARTIAL and not self.ending:
            self.show_alert(faults.CUES[faults.index(faults.SHORT)], now_ms)
        fat = ev & EV_FATIGUE
        if not fat:
            fat = self.set_tally.reps_done > 0 and self.core.stats.fatigued
        if fat and not self.ending:
            self.set_tally.fatigued = True
            self.show_alert(faults.FATIGUE_CUE, now_ms, _END_MS)
            self._end_soon(now_ms)

    def _grade_off(self):
        self.grade_on = False
        self._changed()
        if self.pending:
            text = self.pending
            self.pending = ""
            self.show_alert(text, self.grade_until)

    def _rep_done(self, now_ms):
        b = self.set_tally
        b.add_rep(self.core.last_rep, self.targets, self.lower_fast)
        self.grade_on = True
        self.grade_until = ticks_add(now_ms, _GRADE_MS)
        if b.reps_done >= b.total:
            self._end_soon(now_ms)
        elif b.stage_done >= self.level.stages[b.stage].reps and b.stage + 1 < len(self.level.stages):
            b.stage += 1
            b.stage_done = 0
            self._apply_targets()
            name = self.level.stages[b.stage].name
            self.show_alert("%s %s" % (name[:13] if name else "Stage %d" % (b.stage + 1),
                                       self.level.tempo_text(b.stage)), now_ms)
        self._changed()

    def _apply_targets(self):
        self.targets = self.level.targets_for(self.set_tally.stage)
        try:
            self.core.set_targets(self.targets)
        except (AttributeError, ValueError, TypeError):
            pass

    def _end_soon(self, now_ms):
        self.ending = True
        self.end_at = ticks_add(now_ms, _END_MS)
        self._changed()

    # ----- time
    def tick(self, now_ms):
        last = self._last_tick
        self._last_tick = now_ms
        if self.screen == S_PLAY:
            if self._growth is not None:  # (parked during a set: it comes back with its idle clock at 0)
                self._growth.active()
        else:  # (the time since the last tick only here: no call in a set's ticks)
            self.growth.idle(0 if last is None else ticks_diff(now_ms, last))
        if self.alert and not self.alert_sticky and ticks_diff(now_ms, self.alert_until) >= 0:
            self.clear_alert()
        if self.grade_on and ticks_diff(now_ms, self.grade_until) >= 0:
            self._grade_off()
        scr = self.screen
        if scr == S_PLAY and self.ending and ticks_diff(now_ms, self.end_at) >= 0:
            self.end_set(now_ms)
        elif scr == S_REST:
            if ticks_diff(now_ms, self.rest_until) >= 0 and self.strap_ready and self.core.calibrated:
                sets.start_set(self, now_ms)
        elif scr == S_SELECT:
            if self.page_at == 0:
                self.page_at = ticks_add(now_ms, PAGE_MS) | 1  # never 0 again: 0 means "not started"
            elif ticks_diff(now_ms, self.page_at) >= 0:
                self.page_at = ticks_add(now_ms, PAGE_MS) | 1
                if not self.ask_leg and len(self.lines_all()) > self.lines_per_page:
                    self._next_page()

    # ----- levels and their sets (game/sets.py)
    def start_level(self, now_ms):
        """Start the selected level from its first set; False when it is locked or broken (game/menu/begin.py)."""
        from bandlift.game.menu import begin

        return begin.start_level(self, now_ms)

    def end_set(self, now_ms, quit=False):
        self.end_level(now_ms, quit, set_only=True)

    def end_level(self, now_ms, quit=False, set_only=False):
        if self.on_set_end is not None:
            self.on_set_end()  # the views let the set's feel go first: less on the heap while ending loads
        from bandlift.game.menu import ending  # only while a set ends (the HUD's screen collects it)

        write = (ending.end_set if set_only else ending.end_level)(self, now_ms, quit)
        del ending
        from bandlift.lifetime import release

        release("bandlift.game.menu.ending")  # its room is the store's and the save's, which write next
        self.park_growth()  # (the garden's state is in the write: its code comes back for the screen after)
        self.store.finish(write, self.levels)
        self.screen = write[5]  # the rest or the summary, once the set's end is saved
        write = None
        self.park_store()  # the set's records are saved: the store's code and its view's go until a read

    # ----- buttons
    def on_button(self, button, long_press, now_ms):
        scr = self.screen
        if button == BTN_C and long_press:
            self.recalibrate()
            return
        if scr == S_CALIB:
            if self.core.calibrated:
                self.screen = self.back_screen
                self._changed()
            return
        if scr == S_PLAY:
            if self.ending:
                if button in (BTN_A, BTN_B):
                    self.end_set(now_ms)
            elif button == BTN_C:
                self.end_set(now_ms, quit=True)
            elif button == BTN_A and long_press:
                self.show_alert("End set to switch", now_ms)
            elif self.grade_on:
                self._grade_off()
        else:  # the screens between sets: game/menu/buttons.py (let go when a set starts)
            from bandlift.game.menu import buttons

            buttons.on_button(self, button, long_press, now_ms)

    def _next_page(self):
        from bandlift.game.menu import pages

        self.page = (self.page + 1) % pages.n_pages(self)
        self._changed()

    def recalibrate(self, stay=False):
        try:
            self.core.recalibrate()
        except AttributeError:
            pass
        if stay:
            return
        if self.screen != S_CALIB:
            self.back_screen = self.screen
        self.screen = S_CALIB
        self._changed()

    # ----- text of the screens (allocates: called by views only when `version` changed)
    def lines_all(self):
        from bandlift.game import menu

        return menu.lines_all(self)

    def lines(self):
        """The lines of the current page (padded to lines_per_page)."""
        if self.screen == S_SUMMARY and self.page == 0 and self.lines_per_page < 5:
            return [""] * self.lines_per_page  # the picture card alone (128x32): no text module loads for it
        from bandlift.game.menu import pages

        return pages.page_lines(self)

    def error_lines(self):
        from bandlift.game.menu import pages

        return pages.error_lines(self)
