"""The core with what people do (sim/athlete/situations.py): a few seeded sets per situation, asserting what
a user would notice. The long sweeps are in docs/accuracy.md (`python -m sim accuracy`)."""

import math

import pytest

from bandlift.compat import ticks_diff
from bandlift.motion import core as mc
from bandlift.motion.core import MotionCore
from bandlift.motion.stillness import BIAS_LIMIT
from sim.analysis import evaluate
from sim.analysis.accuracy import SIDES, set_targets
from sim.athlete import generate
from sim.athlete.situations import situation_set


class Run:
    """One situation set through the core, with what happened when (ms from the first sample)."""

    def __init__(self, kind, seed, side=True):
        self.spec = spec = situation_set(kind, seed)
        self.session = s = generate(spec)
        self.core = core = MotionCore(set_targets(spec))
        if side:
            core.new_set(SIDES[spec.side])
        self.t0 = t0 = s.samples[0][0]
        self.reps, self.slips, self.cal = [], [], []
        for x in s.samples:
            ev = core.feed(*x)
            t = ticks_diff(x[0], t0)
            if ev & mc.EV_CALIBRATED:
                self.cal.append(t)
            if ev & mc.EV_SLIPPED:
                self.slips.append((t, core.slip_kind))
            if ev & mc.EV_REP_DONE:
                self.reps.append(core.last_rep.to_dict())
        self.truth = s.truth
        self.pairs = evaluate.match_reps(self.reps, self.truth, t0)

    def rel(self, tick):
        return ticks_diff(tick, self.t0)

    def clean_with_faults(self):
        """Clean reps in truth that were given a fault: (truth index, faults)."""
        return [(j, self.reps[i]["faults"]) for i, j in self.pairs
                if not self.truth[j]["faults"] and self.reps[i]["faults"]]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_one_leg_sway_calibrates_within_two_seconds_and_counts(seed):
    """Standing on one leg sways the thigh +-1-2 deg (faster than the old 3.4 deg/s stillness allowed)."""
    r = Run("sway", seed)
    assert r.cal and r.cal[0] <= 2000
    assert len(r.reps) == len(r.truth)


@pytest.mark.parametrize("seed", [0, 3])
def test_unsteady_user_is_counted(seed):
    r = Run("unsteady", seed)
    assert r.cal and r.cal[0] <= 2000
    assert len(r.reps) == len(r.truth)


@pytest.mark.parametrize("seed", [0, 1, 2, 5])
def test_a_set_started_with_the_leg_up_reads_the_leg_down_as_rest(seed):
    """The first still moment is the raised leg; the lift against gravity shows which pose is rest, so the reps
    are neither DROP nor SHORT and each is timed as the leg really moved."""
    r = Run("leg_up_start", seed)
    assert len(r.reps) == len(r.truth)
    assert r.clean_with_faults() == []
    for i, j in r.pairs:
        assert abs(r.reps[i]["raise_ms"] - r.truth[j]["raise_ms"]) < 250


def test_a_stuck_gyro_is_never_learned_as_bias():
    """A gyro reading full scale for the first seconds: calibration waits for it, the bias stays a bias."""
    r = Run("gyro_stuck", 0)
    assert r.cal and r.cal[0] > r.spec.gyro_stuck_ms
    b = math.sqrt(r.core.bx ** 2 + r.core.by ** 2 + r.core.bz ** 2)
    assert b < BIAS_LIMIT
    assert len(r.reps) == len(r.truth)


@pytest.mark.parametrize("kind,seed,kinds", [
    ("strap_turn", 0, (mc.SLIP_TURNED,)),
    ("strap_turn", 2, (mc.SLIP_TURNED,)),
    ("strap_flip", 0, (mc.SLIP_FLIPPED,)),
    ("strap_flip", 3, (mc.SLIP_FLIPPED,)),
    ("other_leg", 0, (mc.SLIP_OTHER_LEG, mc.SLIP_TURNED)),
    ("other_leg", 4, (mc.SLIP_OTHER_LEG, mc.SLIP_TURNED)),
])
def test_a_strap_changed_mid_set_is_announced_and_the_set_counted_on(kind, seed, kinds):
    """EV_SLIPPED after the change, its slip_kind right by the time the next rep is done (the handling of a
    flip may first look like a turn), calibrated again by then, and every rep counted (no silent zero)."""
    r = Run(kind, seed)
    k = r.spec.change_after
    t_change = r.rel(r.truth[k]["end_ms"])
    t_next_end = r.rel(r.truth[k + 1]["end_ms"])
    after = [(t, sk) for t, sk in r.slips if t_change < t <= t_next_end]
    assert after and after[-1][1] in kinds, r.slips
    assert len(r.reps) == len(r.truth)
    assert any(t_change < t <= t_next_end + 500 for t in r.cal)
    assert r.core.calibrated


def test_moving_the_strap_to_the_other_leg_through_the_game_relearns_it():
    """new_set with the other side: calibrated is False until the rest pose is learned again."""
    spec = situation_set("sway", 0)
    s = generate(spec)
    core = MotionCore(set_targets(spec))
    core.new_set("R")
    for x in s.samples[: len(s.samples) // 3]:
        core.feed(*x)
    assert core.calibrated
    core.new_set("R")
    assert core.calibrated  # the same leg keeps its calibration
    core.new_set("L")
    assert not core.calibrated and core.phase == mc.PH_CALIBRATING
    evs = 0
    for x in s.samples[len(s.samples) // 3:]:
        evs |= core.feed(*x)
    assert evs & mc.EV_CALIBRATED and core.calibrated


@pytest.mark.parametrize("seed", [0, 2, 3])
def test_a_first_rep_that_drifts_does_not_make_the_straight_reps_drift(seed):
    r = Run("first_rep_drift", seed)
    assert len(r.reps) == len(r.truth)
    later = [f for j, f in r.clean_with_faults() if j > 0]
    assert not any("DRIFT" in f for f in later), later


@pytest.mark.parametrize("seed", [0, 1])
def test_a_kick_whose_overshoot_settles_is_a_kick_not_a_wobble(seed):
    r = Run("kick_settle", seed)
    kicks = [(i, j) for i, j in r.pairs if "KICK" in r.truth[j]["faults"]]
    assert kicks
    for i, _ in kicks:
        assert "KICK" in r.reps[i]["faults"] and "WOBBLE" not in r.reps[i]["faults"]


def test_a_turn_over_without_a_dwell_is_no_pause():
    """Over four sets, the reps that turn over at the top without a dwell are NO_PAUSE (all but the odd one
    whose slow lowering the sway blurs: the long sweep is in docs/accuracy.md), and no clean rep is."""
    flagged = total = 0
    for seed in (0, 1, 2, 3):
        r = Run("turnover", seed)
        np_ = [i for i, j in r.pairs if "NO_PAUSE" in r.truth[j]["faults"]]
        total += len(np_)
        flagged += sum(1 for i in np_ if "NO_PAUSE" in r.reps[i]["faults"])
        assert not any("NO_PAUSE" in f for _, f in r.clean_with_faults())
    assert total >= 5 and flagged >= total - 1
