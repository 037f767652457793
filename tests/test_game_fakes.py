"""Fakes for the game tests (a motion core, levels, a store), and checks that they match the real parts.

The game codes against docs/design.md; these fakes follow it. When the real bandlift.motion.core /
bandlift.levels / bandlift.progress exist, the tests below check that the fakes did not drift.
"""

import importlib

import pytest

from bandlift import faults
from bandlift.game.events import EV_CALIBRATED, EV_REP_DONE, EV_REP_START, PH_HOLD, PH_LOWER, PH_REST
from bandlift.motion.judge import SetStats
from bandlift.motion.rep import Rep
from bandlift.targets import Targets


class FakeCore:
    """Live attributes and controls of bandlift.motion.core.MotionCore, driven by the test."""

    def __init__(self, calibrated=False):
        self.phase = PH_REST
        self.angle = 0.0
        self.rate = 0.0
        self.hold_ms = 0
        self.hold_steady = 100
        self.lower_ms = 0
        self.lower_pace = 0.0
        self.reps = 0
        self.target_deg = None
        self.calibrated = calibrated
        self.targets = Targets()
        self.last_rep = Rep()  # the real record and the real set statistics, so their types cannot drift
        self.stats = SetStats(self.targets)
        self.side = None
        self.calls = []  # ("new_set", side) / ("set_targets", targets) / ("recalibrate",)

    def new_set(self, side):
        self.reps = 0
        self.side = side
        self.stats.new_set()
        self.calls.append(("new_set", side))

    def set_targets(self, targets):
        self.targets = targets
        self.calls.append(("set_targets", targets))

    def recalibrate(self):
        self.calibrated = False
        self.calls.append(("recalibrate",))

    def calibrate_now(self):
        self.calibrated = True
        return EV_CALIBRATED

    def rep(self, score, faults_mask=0, lower_ms=3000, hold_ms=1000, stars=None):
        """Finish a rep with this score; returns the event mask the real core would return."""
        r = self.last_rep
        r.index = self.reps
        r.score = score
        r.stars = self.targets.stars_for(score) if stars is None else stars
        r.faults = faults_mask
        r.cue = faults.top_cue(faults_mask)
        r.lower_ms = lower_ms
        r.hold_ms = hold_ms
        r.side = self.side
        r.peak_deg = 40.0
        self.reps += 1
        self.stats.add(r)
        return EV_REP_DONE


class FakeLevel:
    def __init__(self, lid, unlock=0, reps=4, side="any", stages=None, stars=(60, 75, 90), lower_ms=3000):
        self.id = lid
        self.name = "Level " + lid
        self.description = "test level"
        self.side = side
        self.stages = stages if stages is not None else [{"reps": reps}]
        self.total_reps = sum(s["reps"] for s in self.stages)
        self.stars = stars
        self.unlock_stars = unlock
        self.lower_ms = lower_ms

    def targets_for(self, i):
        t = Targets()
        t.lower_ms = self.lower_ms + 1000 * i
        t.stars = self.stars
        return t


class FakeStore:
    """The store surface the game uses: get, record, total_stars, can_save, message."""

    def __init__(self, can_save=True):
        self.data = {}
        self.can_save = can_save
        self.message = "" if can_save else "No save: drive read-only"
        self.records = []

    def get(self, level_id):
        return self.data.get(level_id)

    def record(self, level_id, result):
        self.records.append((level_id, dict(result)))
        old = self.data.get(level_id)
        best = old is None or result["score"] > old["score"]
        new = dict(old or {})
        if best:
            new["score"] = result["score"]
        new["stars"] = max(result["stars"], (old or {}).get("stars", 0))
        new["best_combo"] = max(result["best_combo"], (old or {}).get("best_combo", 0))
        self.data[level_id] = new
        return best

    def total_stars(self):
        return sum(v["stars"] for v in self.data.values())


def _module(name):
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def test_fake_core_has_what_the_real_core_has():
    """Every attribute the game reads from the fake core exists on a real MotionCore, once there is one."""
    core_mod = _module("bandlift.motion.core")
    if core_mod is None:
        pytest.skip("bandlift.motion.core not written yet")
    real = core_mod.MotionCore(Targets())
    for name in ("phase", "angle", "rate", "hold_ms", "hold_steady", "lower_ms", "lower_pace", "reps",
                 "target_deg", "calibrated", "last_rep", "stats", "new_set", "set_targets", "recalibrate"):
        assert hasattr(real, name), name
    for name in ("score", "stars", "faults", "cue", "hold_ms", "lower_ms"):
        assert hasattr(real.last_rep, name), name
    assert hasattr(real.stats, "fatigued") and hasattr(real.stats, "lsi")


def test_event_bits_match_the_core():
    """The game's event and phase numbers are the core's own when the core exists."""
    core_mod = _module("bandlift.motion.core")
    if core_mod is None:
        pytest.skip("bandlift.motion.core not written yet")
    from bandlift.game import events

    for name in ("EV_CALIBRATED", "EV_REP_START", "EV_REP_DONE", "EV_FATIGUE", "EV_SLIPPED", "PH_HOLD",
                 "PH_LOWER", "PH_REST"):
        assert getattr(events, name) == getattr(core_mod, name), name


def test_fake_core_events_are_distinct_bits():
    """Rep start, rep done and calibrated are different single bits (the game tests rely on it)."""
    bits = (EV_CALIBRATED, EV_REP_START, EV_REP_DONE)
    for b in bits:
        assert b and b & (b - 1) == 0
    assert len(set(bits)) == 3
    assert PH_HOLD != PH_LOWER != PH_REST
