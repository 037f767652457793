"""Doubles for the game tests, built from the real types, and the proof that they match the real parts.

- FakeCore is the device's own stand-in core (bandlift.motion.standin.StandInCore: real Rep, real SetStats)
  plus two test controls (calibrate_now, rep) that drive it the way the real core's events would.
- FakeLevel builds a real Level from a level file's JSON (the game gets what the device loader gives it).
- FakeStore is the real progress.Store on an in-memory drive (FakeFs: FAT's rules, read-only on request).
"""

import inspect

from bandlift import faults
from bandlift.motion.events import EV_CALIBRATED, EV_REP_DONE, EV_REP_START, EV_SLIPPED, PH_HOLD, PH_LOWER, PH_REST
from bandlift.motion import standin
from bandlift.motion.core import MotionCore
from bandlift.motion.standin import StandInCore
from bandlift.progress import Store
from bandlift.targets import Targets
from test_progress import FakeFs, best

from bandlift.levels.model import Level
from bandlift.levels.parse import parse_level, sides


class FakeCore(StandInCore):
    """The stand-in core, driven by the test: it logs the game's calls and finishes reps on demand."""

    def __init__(self, calibrated=False):
        self.calls = []  # ("new_set", side) / ("set_targets", targets) / ("recalibrate",)
        StandInCore.__init__(self, Targets())
        del self.calls[:]
        if calibrated:
            self.calibrate_now()
        self.phase = PH_REST

    def new_set(self, side=None):
        StandInCore.new_set(self, side)
        self.calls.append(("new_set", side))

    def set_targets(self, targets):
        StandInCore.set_targets(self, targets)
        self.calls.append(("set_targets", targets))

    def recalibrate(self):
        StandInCore.recalibrate(self)
        self.calls.append(("recalibrate",))

    def calibrate_now(self):
        """What the real core does once the leg stood still: calibrated, at rest, EV_CALIBRATED."""
        self.calibrated = True
        self.phase = PH_REST
        return EV_CALIBRATED

    def slip(self, kind):
        """What the real core does when its strap watch sees the strap move: not calibrated until the leg stands
        still (calibrate_now), slip_kind said, EV_SLIPPED."""
        self.calibrated = False
        self.slip_kind = kind
        self.slips += 1
        return EV_SLIPPED

    def rep(self, score, faults_mask=0, lower_ms=3000, hold_ms=1000, stars=None):
        """Finish a rep with this score; returns the event mask the real core would return."""
        r = self.last_rep
        r.clear()
        r.index = self.reps + 1
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


def level_json(lid, unlock=0, reps=4, side="any", stages=None, stars=(60, 75, 90), lower_ms=3000):
    """A level file's JSON: stage i lowers in lower_ms + 1 s * i."""
    obj = {"format": 1, "name": "Level " + lid, "description": "test level", "side": side,
           "stars": list(stars), "tempo": {"lower_ms": lower_ms}, "unlock": {"stars": unlock}}
    if stages is None:
        obj["reps"] = reps
    else:
        obj["stages"] = [{"reps": s["reps"], "tempo": {"lower_ms": lower_ms + 1000 * i}} for i, s in enumerate(stages)]
    return obj


def press_b(g, now_ms):
    """B as a player presses it: on a level either leg may play, B asks which leg and B again confirms the one
    shown (g: a GameState or a Game)."""
    g.on_button(1, False, now_ms)
    st = getattr(g, "state", g)
    if st.ask_leg:
        g.on_button(1, False, now_ms)


def FakeLevel(lid, **kw):
    """A real Level, parsed from a level file as the device loads it (the id is the file's stem)."""
    return parse_level(level_json(lid, **kw), lid + ".json")


class FakeStore(Store):
    """The real progress store on an in-memory drive; `records` lists what the game recorded."""

    def __init__(self, can_save=True, fs=None):
        self.records = []  # (level_id, {"score", "stars", "side"}) per record() call
        Store.__init__(self, "/progress.json", fs if fs is not None else FakeFs(readonly=not can_save))

    def record(self, level_id, score, stars, side=None):
        self.records.append((level_id, {"score": score, "stars": stars, "side": side}))
        return Store.record(self, level_id, score, stars, side)


# ---------------------------------------------------------------- the doubles match the real parts


def _public(obj):
    return {k for k in dir(obj) if not k.startswith("_")}


def test_standin_has_the_documented_surface_of_the_real_core():
    """Every documented name of MotionCore exists on the real core and on the stand-in, with the same type."""
    real = MotionCore(Targets())
    stand = StandInCore(Targets())
    for name in standin.ATTRIBUTES:
        assert hasattr(real, name), "the real core lacks " + name
        r, s = getattr(real, name), getattr(stand, name)
        assert type(r) is type(s) or (r is None or s is None), (name, type(r), type(s))
    for name in standin.METHODS:
        assert callable(getattr(real, name)) and callable(getattr(stand, name)), name
        rp = list(inspect.signature(getattr(real, name)).parameters)
        sp = list(inspect.signature(getattr(stand, name)).parameters)
        assert rp[: len(sp)] == sp or len(rp) == len(sp), (name, rp, sp)


def test_standin_calls_return_what_the_real_core_returns():
    """feed -> int, fault_names -> list, the controls -> None; the records are the core's own classes."""
    for core in (MotionCore(Targets()), StandInCore(Targets()), FakeCore()):
        assert type(core.feed(10, 0.0, 0.0, 9.81, 0.0, 0.0, 0.0)) is int
        assert type(core.feed(20, 0.0, 0.0, 9.81, 0.0, 0.0, 0.0)) is int
        assert type(core.fault_names()) is list
        assert core.new_set("L") is None and core.side == "L"
        assert core.set_targets(Targets()) is None
        assert core.recalibrate() is None and core.calibrated is False
        assert type(core.last_rep) is type(MotionCore(Targets()).last_rep)
        assert type(core.stats) is type(MotionCore(Targets()).stats)
        assert core.stats.lsi() is None


def test_fake_core_lsi_is_the_real_dict_after_both_legs():
    """The double's set statistics are the real ones: a both-legs LSI is a dict per measure (issue 9, item 1)."""
    core = FakeCore(calibrated=True)
    core.new_set("L")
    core.rep(90)
    core.new_set("R")
    core.rep(70)
    lsi = core.stats.lsi()
    assert isinstance(lsi, dict) and set(lsi) == {"score", "peak", "lower"}
    assert lsi["score"] == round(100.0 * 70 / 90, 1)


def test_standin_event_bits_and_phases_are_the_cores():
    """The stand-in's EV_*/PH_* numbers (it must not import the core) equal the real core's."""
    from bandlift.motion import core as core_mod
    from bandlift.motion import events

    for name in ("EV_CALIBRATED", "EV_PHASE", "EV_REP_START", "EV_REP_DONE", "EV_PARTIAL", "EV_FATIGUE",
                 "EV_SLIPPED", "EV_BAD_SAMPLE", "EV_GAP", "PH_CALIBRATING", "PH_REST", "PH_RAISE", "PH_HOLD",
                 "PH_LOWER"):
        assert getattr(standin, name) == getattr(core_mod, name) == getattr(events, name), name


def test_fake_level_is_a_real_level():
    """FakeLevel is what the device loader makes of a level file: stages, sides, targets per stage."""
    lv = FakeLevel("p", stages=[{"reps": 2}, {"reps": 1}], side="both", unlock=3)
    assert isinstance(lv, Level)
    assert lv.id == "p" and lv.unlock_stars == 3 and sides(lv) == ("L", "R")
    assert [lv.targets_for(i).lower_ms for i in range(2)] == [3000, 4000]


def test_fake_store_is_the_real_store_and_keeps_progress():
    """FakeStore saves through Store's atomic protocol: a second Store on the same drive reads the record."""
    fs = FakeFs()
    s = FakeStore(fs=fs)
    assert isinstance(s, Store)
    s.record("01", 91, 3, "L")
    assert s.save()
    again = Store("/progress.json", fs)
    assert best(again, "01") == 91 and best(again, "01", "stars") == 3 and again.data["sides"]["L"] == 91


def test_read_only_fake_store_says_so_when_saving():
    s = FakeStore(can_save=False)
    s.record("01", 80, 2)
    assert not s.save() and not s.can_save and "read-only" in s.message


def test_fake_core_events_are_distinct_bits():
    """Rep start, rep done and calibrated are different single bits (the game tests rely on it)."""
    bits = (EV_CALIBRATED, EV_REP_START, EV_REP_DONE)
    for b in bits:
        assert b and b & (b - 1) == 0
    assert len(set(bits)) == 3
    assert PH_HOLD != PH_LOWER != PH_REST
