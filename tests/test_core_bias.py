"""The gyro bias and the gyro's scale, learned from what the person does: one-leg sway, a first still moment
that is not what it seems, big fast lifts. What a user would notice is the angle and the reps; the bias error
(deg/s, against the athlete's own) is what moves them."""

import math
import random

import pytest

from bandlift.motion import core as mc
from bandlift.motion.core import MotionCore
from sim.analysis.accuracy import SIDES, set_targets
from sim.athlete import Motion, generate, load_script
from sim.athlete.situations import situation_set, with_mix
from sim import ROOT

from tests.test_core_situations import Run


def bias_error_dps(core, session):
    """Length (deg/s) of the core's bias error, in the gyro's own units (the core's bias is in its corrected
    scale)."""
    g = core.tracker.gain
    return 57.29578 * math.sqrt(sum((b / g - t) ** 2 for b, t in zip((core.bx, core.by, core.bz),
                                                                       session.motion.gyro_bias)))


def run(spec, samples):
    """(the core after the samples, reps counted)"""
    core = MotionCore(set_targets(spec))
    core.new_set(SIDES[spec.side])
    reps = 0
    for x in samples:
        reps += bool(core.feed(*x) & mc.EV_REP_DONE)
    return core, reps


@pytest.mark.parametrize("seed", [2, 3, 9])
def test_a_bias_learned_while_the_thigh_sways_is_averaged_out_over_the_set(seed):
    """Standing on one leg the thigh sways at up to ~1 Hz, where it swings like a pendulum and its accelerometer
    barely tilts: one half-second still window reads 2-4 deg/s of sway as bias in these sets. By the set's
    end the bias is the mean of many windows, within 1 deg/s."""
    spec = situation_set("sway", seed)
    s = generate(spec)
    core, reps = run(spec, s.samples)
    assert reps == len(s.truth)
    assert bias_error_dps(core, s) < 1.0


def test_a_rate_the_first_still_moment_showed_is_not_kept_as_bias():
    """The first still moment holds a steady 3.8 deg/s that gravity cannot see (the twin holds its athlete's
    first pose, sway speed and all, until the level starts: a gyro offset by that much reads the same). At the
    rests between the reps the real bias shows: it halves by the second rep, and from the sixth on the core has
    it within 1 deg/s (the 4.5 s held fill the running mean as eight windows would)."""
    spec = load_script(ROOT + "/sim/scripts/l04-sway.json")
    s = generate(spec)
    first = Motion(spec).true_imu(0.0)
    rng = random.Random(1)
    t0 = s.samples[0][0]
    held = [(t0 - 4500 + 10 * i,) + tuple(a + rng.gauss(0.0, 0.03) for a in first[:3])
            + tuple(w + b + rng.gauss(0.0, 0.005) for w, b in zip(first[3:], s.motion.gyro_bias))
            for i in range(450)]
    core = MotionCore(set_targets(spec))
    core.new_set(SIDES[spec.side])
    errs = []
    for x in held + s.samples:
        ev = core.feed(*x)
        if ev & mc.EV_CALIBRATED and not errs:
            errs.append(bias_error_dps(core, s))
        if ev & mc.EV_REP_DONE:
            errs.append(bias_error_dps(core, s))
    assert errs[0] > 3.0  # what the first still moment said
    assert len(errs) == 1 + len(s.truth)
    assert errs[2] < 0.6 * errs[0] and max(errs[6:]) < 1.0, errs


@pytest.mark.parametrize("seed", [5, 6, 8])
def test_a_big_fast_lift_without_a_pause_leaves_the_gyro_scale_alone(seed):
    """At the end of a fast 80-90 deg lowering the leg slows into rest and its own deceleration tilts the
    accelerometer by several degrees while |a| reads 1 g: that slow moment is no pose to check the gyro's
    scale against (the gyro read the whole lift right). Every rep counts, the scale stays 1."""
    spec = situation_set("big_fast", seed)
    s = generate(spec)
    core, reps = run(spec, s.samples)
    assert core.tracker.gain == 1.0
    assert reps == len(s.truth)


@pytest.mark.parametrize("seed", [331, 333, 337, 338])
def test_a_board_turned_over_with_a_gyro_read_a_third_is_said_and_every_rep_counted(seed):
    """A gyro converted for another range (here 0.25-0.41x) keeps its zero-rate offset in its own counts: read
    through the corrected scale, a 3 deg/s offset is 7-12 deg/s. Whether the leg is still is a question about
    the leg's turn, not that offset: the board turned over by hand stands still upside down, "turned over" is
    said, and every rep after it counts. (Development seeds; with the offset taken for a turn the board was
    never still again, and 7-10 reps a set were lost.)"""
    r = Run("strap_flip", seed, edit=lambda spec: with_mix(spec, "gyro_scale", seed))
    assert r.spec.gyro_scale < 0.45
    assert r.core.tracker.gain > 2.0  # (the scale was found)
    assert mc.SLIP_FLIPPED in [kind for _, kind in r.slips]
    assert len(r.reps) == len(r.truth)


def test_a_lift_read_past_180_deg_by_a_gyro_read_five_times_over_is_counted_once_the_scale_is_found():
    """A gyro read 4.75x carries a 59 deg first lift past 180 deg and "down" to -60 deg, where the lowering seems
    to end. Gravity shows the scale at the top; the pose is re-read there, and an end read that far below rest
    is the wrong scale's, none: the lift goes on to its real lowering and counts, and no "strap moved" is said
    (the strap stayed). (A development seed; before, the rep was ended at the top as no rep, lost, and "other
    leg" said.)"""
    r = Run("first_rep_drift", 317, edit=lambda spec: with_mix(spec, "gyro_scale", 317))
    assert r.spec.gyro_scale > 4.0
    assert r.core.tracker.gain < 0.3  # (the scale was found)
    assert r.slips == []
    assert len(r.reps) == len(r.truth)


@pytest.mark.parametrize("kind,seed", [("sway", 310), ("seated", 306), ("supine", 312), ("strap_turn", 318),
                                       ("strap_flip", 311), ("other_leg_rest", 310)])
def test_a_gyro_with_a_zero_rate_offset_calibrates_at_once_counts_every_rep_and_sees_the_strap_move(kind, seed):
    """An LSM6DS33 at rest reads a zero-rate offset of +-10 deg/s (typical, by its datasheet): the offset mix gives the
    gyro 5-17 deg/s of it on top of the drawn bias. Taken for a turn, no still window passed: these sets calibrated
    7-55 s late and lost their first reps, and a flip went unsaid with 10 reps lost after it. The first still window
    measures the offset: the core calibrates within a second, every rep counts once, and a strap changed on the
    leg is said (and only then)."""
    r = Run(kind, seed, edit=lambda spec: with_mix(spec, "offset", seed))
    assert r.spec.gyro_offset >= 0.09 and r.spec.gyro_scale == 1.0
    assert r.cal and r.cal[0] <= 1000
    assert len(r.reps) == len(r.truth) and len(r.pairs) == len(r.truth)
    changed = kind in ("strap_turn", "strap_flip", "other_leg_rest")
    assert bool(r.slips) == changed, r.slips


@pytest.mark.parametrize("seed", [326, 335])
def test_a_board_turned_over_on_a_gyro_with_an_offset_is_said_within_3_s_of_standing_still(seed):
    """strap_flip through a gyro with a 5-17 deg/s zero-rate offset (the offset mix): once the bias is the mean of
    several still windows it is known better than one window's 0.1 rad/s, and the turn test leaves less of it on
    (0.1 / sqrt(n)). With 0.1 left on whatever the windows, the swaying leg's windows after the flip failed the test
    for a while: the flip was said 3.2-3.5 s after the person stood still, and a rep was lost. Said within 3 s, every
    rep counted."""
    from sim.analysis.accuracy_situations import change_unsaid, situation_job

    r = situation_job(("strap_flip", seed, "offset"))
    assert r["eval"]["exact"], (r["eval"]["ghosts"], r["eval"]["misses"])
    assert not change_unsaid(r), r.get("slip_delay_ms")
