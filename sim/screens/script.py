"""The walk through every game screen that sim/screens/render.py renders: a scripted stand-in for the motion
core plays a three-set alternating level the way a player would, frame by frame at the loop's 10 frames/s,
and scenes() yields the game at each screen worth a picture. Levels are a fixed copy of the shipped ones
(tests/levels_screens/, SCREEN_LEVELS): a level added to levels/ changes no picture and fails no screen test.
Two built-in examples stand in when they do not load.
"""

import os

import displayio

from bandlift import faults
from bandlift.game import Game
from bandlift.motion.events import (
    EV_CALIBRATED,
    EV_FATIGUE,
    EV_REP_DONE,
    EV_REP_START,
    EV_SLIPPED,
    PH_HOLD,
    PH_LOWER,
    PH_RAISE,
    PH_REST,
)
from bandlift.game.state import PAGE_MS as PAGE_MS_FOR_RENDER, S_PLAY
from bandlift.levels.model import Level, Stage
from bandlift.motion.standin import StandInCore
from bandlift.progress import Store
from bandlift.progress.memfs import MemFs
from bandlift.targets import Targets
from sim import ROOT

SCREEN_LEVELS = os.path.join(ROOT, "tests", "levels_screens")


class ScriptCore(StandInCore):
    """The device's stand-in core (real Rep and SetStats), moved by the script through the screens."""

    def __init__(self):
        StandInCore.__init__(self, Targets())
        self.phase = PH_REST

    def rep(self, score, mask=0, lower_ms=3000, hold_ms=1000):
        r = self.last_rep
        r.score = score
        r.stars = self.targets.stars_for(score)
        r.faults = mask
        r.cue = faults.top_cue(mask)
        r.lower_ms = lower_ms
        r.hold_ms = hold_ms
        r.side = self.side
        self.reps += 1
        self.stats.add(r)
        return EV_REP_DONE


def _level(lid, name, side="any", reps=5, unlock=0):
    """A stand-in for when the shipped levels do not load: a real Level (the model's type), one stage."""
    t = Targets()
    t.target_deg = 40.0
    lv = Level()
    lv.id = lid
    lv.name = name
    lv.description = "Lift, pause, lower slowly."
    lv.side = side
    lv.stages = [Stage("", reps, t)]
    lv.reps_per_side = reps
    lv.total_reps = reps * len(lv.leg_plan())
    lv.unlock_stars = unlock
    return lv


def _levels():
    try:
        try:
            from bandlift.levels.load import load_levels
        except ImportError:
            from bandlift.level import load_levels

        levels, broken = load_levels(SCREEN_LEVELS)
        if levels:
            return levels, broken
    except Exception:  # the level loader is someone else's part: render with examples if it fails
        pass
    return [_level("01", "First Lifts"), _level("02", "Both Legs", "both", 5, 3)], [("99-typo.json", "bad JSON")]


def _three_set_level(levels):
    """The level the screens play: the shipped one with sets and alternating legs, else the first level
    made into three alternating sets (before the level format had them)."""
    for lv in levels:
        if getattr(lv, "side", "") == "alternate" and getattr(lv, "sets", 1) > 1:
            return lv
    lv = levels[0]
    lv.sets = 3
    lv.rest_ms = 45000
    lv.side = "alternate"
    return lv


class Script:
    """Moves the scripted core through a rep as a player would, ticking the game every 100 ms (the loop's
    refresh rate)."""

    def __init__(self, core, game, t):
        self.core = core
        self.game = game
        self.t = t

    def hold(self, ms, **live):
        for k in live:
            setattr(self.core, k, live[k])
        end = self.t + ms
        while self.t < end:
            self.t += 100 if end - self.t >= 100 else end - self.t
            self.core.t_mid = self.t  # (the core's step that made the angle: the feel times speeds by it)
            self.game.tick(self.t)

    def event(self, ev):
        self.game.on_events(ev, self.t)
        self.game.tick(self.t)

    def lower(self, ms, start, end, steps, fast=False):
        """Lower from `start` to `end` deg over `ms` of the level's lowering (fast: all of it in the first
        third of the time)."""
        c = self.core
        t0 = c.lower_ms if c.phase == PH_LOWER else 0  # a lowering already under way goes on
        c.phase = PH_LOWER
        for i in range(1, steps + 1):
            done = i / steps
            share = min(1.0, done * 3) if fast else done
            c.angle = start + (end - start) * share
            c.lower_ms = t0 + int(ms * done)
            c.rate = (end - start) / (ms / 1000.0) * (3 if fast and done < 0.34 else 1)
            self.hold(ms // steps)


def scenes(width, height, root=None, panel=None):
    """Yield (name, game) with the game showing that screen. One game per size, walked in order;
    the game draws into `root` (a new Group when None); panel: the OLED (hw.display.Display) whose inverse
    mode shows the too-fast alarm."""
    levels, broken = _levels()
    level = _three_set_level(levels)
    core = ScriptCore()
    store = Store("/progress.json", MemFs())  # the real store on a drive in RAM: saves work, nothing is written
    store.data["game"] = {"sessions": 4, "streak": 4, "best_streak": 6, "good_sets": 6}
    # a player who reached the coach's session has played the levels before it (so it is unlocked)
    for lv in levels[:levels.index(level)]:
        store.record(lv.id, 92, 3)
    store.note_combo(6)
    game = Game(core, displayio.Group() if root is None else root, width, height, levels, store, broken=broken,
                panel=panel)
    st = game.state
    sc = Script(core, game, 1000)
    game.tick(sc.t)
    yield "calibrate", game
    core.calibrated = True
    sc.event(EV_CALIBRATED)
    st.sel = levels.index(level)
    st.version += 1
    sc.hold(100)
    yield "select", game
    sc.hold(100)
    game.on_button(0, False, sc.t)  # the next level, then back: the select screen's pages
    for _ in range(len(levels) + len(broken) - 1):
        game.on_button(0, False, sc.t)
    sc.hold(PAGE_MS_FOR_RENDER + 200)
    yield "select-about", game
    game.on_button(1, False, sc.t)
    sc.hold(100)
    tg = st.targets
    peak = tg.target_deg if tg.target_deg is not None else 40.0
    core.target_deg = peak
    # Rep 1: a clean one, frame by frame as the player sees it.
    sc.event(EV_REP_START)
    core.phase = PH_RAISE
    for k in range(1, 6):
        sc.hold(tg.raise_ms // 6, angle=peak * k / 6, rate=peak / (tg.raise_ms / 1000.0))
    yield "play-raise", game
    sc.hold(tg.raise_ms // 6, phase=PH_HOLD, angle=peak, rate=0.0, hold_steady=95)
    sc.hold(tg.pause_ms // 2)
    yield "play-hold", game
    sc.hold(tg.pause_ms // 2 + 200)
    sc.lower(tg.lower_ms // 2, peak, peak / 2, 10)
    yield "play-lower", game
    sc.lower(tg.lower_ms // 2, peak / 2, 0.0, 10)
    core.phase = PH_REST
    core.angle = 0.0
    core.rate = 0.0
    sc.event(core.rep(94, 0, lower_ms=tg.lower_ms, hold_ms=tg.pause_ms))
    yield "grade-flash", game  # the soft landing's flash
    sc.hold(300)
    yield "grade-clean", game
    sc.hold(2200)
    # Rep 2: clean too (combo x2); rep 3: a wobbly pause and a drop.
    sc.event(EV_REP_START)
    sc.hold(tg.raise_ms, phase=PH_RAISE, angle=peak, rate=20.0)
    sc.hold(tg.pause_ms, phase=PH_HOLD, rate=0.0, hold_steady=95)
    sc.lower(tg.lower_ms, peak, 0.0, 10)
    core.phase = PH_REST
    sc.event(core.rep(92, 0, lower_ms=tg.lower_ms, hold_ms=tg.pause_ms))
    sc.hold(2500, angle=0.0, rate=0.0)
    sc.event(EV_REP_START)
    sc.hold(tg.raise_ms, phase=PH_RAISE, angle=peak * 1.05, rate=20.0)
    sc.hold(tg.pause_ms // 3, phase=PH_HOLD, rate=0.0, hold_steady=95)
    sc.hold(tg.pause_ms // 3, hold_steady=30, angle=peak * 0.97)
    yield "play-wobble", game
    sc.lower(700, peak, 0.0, 6, fast=True)
    yield "play-too-fast", game
    core.phase = PH_REST
    core.angle = 0.0
    core.rate = 0.0
    sc.event(core.rep(58, faults.DROP | faults.WOBBLE, lower_ms=700, hold_ms=tg.pause_ms // 2))
    yield "grade-drop", game
    sc.hold(3000)
    sc.event(EV_SLIPPED)
    yield "strap-moved", game
    sc.event(EV_CALIBRATED)
    # The rest of the set, then the rest screen and the strap move to the other leg.
    while st.screen == S_PLAY and not st.ending:
        sc.event(EV_REP_START)
        sc.hold(300)
        sc.event(core.rep(90, 0, lower_ms=tg.lower_ms, hold_ms=tg.pause_ms))
        sc.hold(1500)
    sc.hold(15000)
    yield "rest-strap", game
    sc.event(EV_SLIPPED)
    yield "rest-learning", game
    sc.hold(1000)
    sc.event(EV_CALIBRATED)
    yield "rest", game
    game.on_button(1, False, sc.t)  # B: go now
    sc.hold(100)
    # Set 2: fading form ends it early (after half its reps).
    for _ in range((st.set_tally.total + 1) // 2):
        sc.event(EV_REP_START)
        sc.event(core.rep(80, 0))
        sc.hold(1500)
    core.stats.fatigued = True
    sc.event(EV_FATIGUE)
    sc.hold(1300)
    yield "form-fading", game
    core.stats.fatigued = False
    sc.hold(3000)
    # Set 3, back on the left leg.
    sc.event(EV_SLIPPED)
    sc.hold(1000)
    sc.event(EV_CALIBRATED)
    game.on_button(1, False, sc.t)
    sc.hold(100)
    while st.screen == S_PLAY and not st.ending:
        sc.event(EV_REP_START)
        sc.event(core.rep(88, 0))
        sc.hold(300)
    sc.hold(3000)
    yield "summary", game
    game.on_button(0, False, sc.t)
    sc.hold(100)
    yield "summary-page2", game
    game.on_button(0, False, sc.t)
    sc.hold(100)
    yield "summary-page3", game
    game.on_button(2, False, sc.t)
    game.on_button(2, False, sc.t)
    sc.hold(100)
    yield "records", game
    game.show_error("IMU not found: check the STEMMA cable")
    sc.hold(100)
    yield "error", game
    game.clear_error()
    game.tick(sc.t)
